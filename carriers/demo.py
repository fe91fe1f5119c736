"""Demo roles: a KIM moderator, a steering viewer and editors for three demo providers.

Known passwords, printed by load_demo_data (`make run`); they exist only in a demo database.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from carriers.onboarding import add_provider_editor
from carriers.roles import MODERATORS, STEERING, ensure_roles
from services_directory.models import ProviderPage

MODERATOR = ("kim-moderation", "moderation@kim-demo.example", "demo-moderation")
STEERING_VIEWER = ("kim-steuerung", "steuerung@kim-demo.example", "demo-steuerung")
EDITOR_PASSWORD = "demo-traeger"


def _user(username, email, password, group=None):
    User = get_user_model()
    user, _created = User.objects.get_or_create(username=username, defaults={"email": email})
    user.email = email
    user.set_password(password)
    user.save()
    if group is not None:
        user.groups.add(group)
    return user


def load(stdout):
    providers = list(ProviderPage.objects.filter(is_demo=True).order_by("title")[:3])
    if not providers:
        stdout.write("  no demo providers found: load the directory demo first; carrier users skipped")
        return "skipped (no demo providers)"
    ensure_roles()
    logins = []
    username, email, password = MODERATOR
    _user(username, email, password, Group.objects.get(name=MODERATORS))
    logins.append(("KIM moderator", username, password))
    username, email, password = STEERING_VIEWER
    _user(username, email, password, Group.objects.get(name=STEERING))
    logins.append(("Steering viewer", username, password))
    for number, provider in enumerate(providers, start=1):
        username = f"traeger{number}"
        invitation = add_provider_editor(provider, username, f"{username}@kim-demo.example")
        invitation.user.set_password(EDITOR_PASSWORD)
        invitation.user.save()
        logins.append((f"Editor of {provider.title}", username, EDITOR_PASSWORD))
    stdout.write("  Demo logins for /admin/ (demo database only):")
    for role, username, password in logins:
        stdout.write(f"    {role}: {username} / {password}")
    return f"{len(logins)} demo users"
