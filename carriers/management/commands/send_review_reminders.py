"""python manage.py send_review_reminders: remind carriers of offers not verified for six months."""

from django.core.management.base import BaseCommand

from carriers.freshness import send_reminders


class Command(BaseCommand):
    help = (
        "Email each carrier's editors about live offers not verified for six months "
        "(at most once a month per offer). Safe to run daily."
    )

    def handle(self, *args, **options):
        counts = send_reminders(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"reminded {counts['reminded']} offer(s) in {counts['emails']} email(s); "
                f"skipped {counts['recently_reminded']} reminded within the last month, "
                f"{counts['no_editor']} without an editor with an email address"
            )
        )
