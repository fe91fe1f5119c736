"""python manage.py add_provider_editor PROVIDER_HSDS_ID USERNAME EMAIL"""

from django.core.management.base import BaseCommand, CommandError

from carriers.onboarding import OnboardingError, add_provider_editor, find_provider


class Command(BaseCommand):
    help = (
        "Make a user (created if needed) an editor of one provider; a new user gets a one-time link "
        "to set the password."
    )

    def add_arguments(self, parser):
        parser.add_argument("provider_hsds_id", help="The provider's HSDS id (UUID)")
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument("--base-url", default=None, help="Admin base URL for the link")

    def handle(self, provider_hsds_id, username, email, base_url=None, **options):
        try:
            provider = find_provider(provider_hsds_id)
            invitation = add_provider_editor(provider, username, email, base_url=base_url)
        except OnboardingError as error:
            raise CommandError(str(error)) from None
        verb = "Created" if invitation.created else "Attached existing"
        self.stdout.write(f"{verb} user {invitation.user.username} as editor of {provider.title}.")
        if invitation.link:
            self.stdout.write("One-time link to set the password:")
            self.stdout.write(invitation.link)
        else:
            # Never a password link for an account that exists: its owner keeps (or resets) their own.
            self.stdout.write("The account exists already: no password link (its owner can reset the password).")
