"""python manage.py setup_carrier_roles: create or repair the moderator/steering groups and the review workflow."""

from django.core.management.base import BaseCommand

from carriers.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or repair the KIM moderator and steering groups, the 'KIM review' workflow and editor groups."

    def handle(self, *args, **options):
        moderators, steering = ensure_roles()
        self.stdout.write(self.style.SUCCESS(f"Roles ready: {moderators.name}, {steering.name}, workflow 'KIM review'."))
