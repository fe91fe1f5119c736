"""The four roles as Wagtail groups and page permissions; nothing here invents its own permission system.

- Carrier editor: one group per provider ("Träger: <name>") with add/change (and publish when the
  provider is trusted) on the provider's page subtree, plus its places and problem reports.
- KIM moderator: add/change/publish on the whole directory, approver in the "KIM review" workflow.
- Steering viewer: reads directory reports and the steering reports only.
- Administrator: a Django superuser.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from carriers.models import ProviderEditors
from services_directory.models import DirectoryIndexPage

MODERATORS = "KIM-Moderation"
STEERING = "Steuerungsgruppe"
EDITOR_GROUP_PREFIX = "Träger: "
WORKFLOW_NAME = "KIM review"
TASK_NAME = "KIM moderation"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
TRUSTED_PAGE_PERMISSIONS = ("publish_page",)
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")

EDITOR_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "services_directory.add_place",
    "services_directory.change_place",
    "carriers.view_problemreport",
    "carriers.change_problemreport",
]
MODERATOR_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "services_directory.add_place",
    "services_directory.change_place",
    "services_directory.delete_place",
    "carriers.view_problemreport",
    "carriers.change_problemreport",
    "carriers.delete_problemreport",
    "carriers.view_directory_reports",
    "carriers.moderate_directory",
    "portal.view_barrierreport",
    "services_directory.grant_trust",
    "steering.view_steering_reports",
    # Foreign taxonomy terms met in other producers' HSDS: moderators map them onto our vocabulary.
    "open_data.view_foreignterm",
    "open_data.change_foreignterm",
]
STEERING_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin", "carriers.view_directory_reports", "steering.view_steering_reports",
]


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _set_model_permissions(group, dotted_names):
    group.permissions.add(*[_permission(name) for name in dotted_names])


def _set_page_permissions(group, page, codenames, remove=()):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_page_permission(codename))
    if remove:
        GroupPagePermission.objects.filter(
            group=group, page=page, permission__codename__in=remove,
            permission__content_type__app_label="wagtailcore",
        ).delete()


def directory_index():
    return DirectoryIndexPage.objects.first()


def moderators_group():
    group, _created = Group.objects.get_or_create(name=MODERATORS)
    return group


@transaction.atomic
def ensure_roles():
    """Create or repair the moderator and steering groups and the review workflow. Idempotent."""
    moderators = moderators_group()
    _set_model_permissions(moderators, MODERATOR_MODEL_PERMISSIONS)
    steering, _created = Group.objects.get_or_create(name=STEERING)
    _set_model_permissions(steering, STEERING_MODEL_PERMISSIONS)
    index = directory_index()
    if index is not None:
        _set_page_permissions(moderators, index, MODERATOR_PAGE_PERMISSIONS)
        ensure_review_workflow(index, moderators)
    for link in ProviderEditors.objects.select_related("provider", "group"):
        sync_provider_group(link.provider)
    return moderators, steering


def ensure_review_workflow(index, moderators):
    """The "KIM review" workflow on the directory: every provider and offer goes through it."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(moderators)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count())
    WorkflowPage.objects.update_or_create(page=Page.objects.get(pk=index.pk), defaults={"workflow": workflow})
    return workflow


def editor_group_name(provider):
    return f"{EDITOR_GROUP_PREFIX}{provider.title}"[:150]


@transaction.atomic
def ensure_provider_group(provider):
    """The provider's editor group with exactly the permissions its trust level allows."""
    link = ProviderEditors.objects.filter(provider=provider).select_related("group").first()
    if link is None:
        name = editor_group_name(provider)
        group = Group.objects.filter(name=name).first()
        if group is None:
            group = Group.objects.create(name=name)
        link = ProviderEditors.objects.create(provider=provider, group=group)
    sync_provider_group(provider, link=link)
    return link.group


def sync_provider_group(provider, link=None):
    """Keep an existing editor group in line with the provider: name, page and model permissions.

    Called whenever a provider is saved, so turning "trusted" on or off takes effect at once.
    """
    link = link or ProviderEditors.objects.filter(provider_id=provider.pk).select_related("group").first()
    if link is None:
        return None
    group = link.group
    name = editor_group_name(provider)
    if group.name != name and not Group.objects.filter(name=name).exclude(pk=group.pk).exists():
        group.name = name
        group.save(update_fields=["name"])
    _set_model_permissions(group, EDITOR_MODEL_PERMISSIONS)
    page = Page.objects.get(pk=provider.pk)
    if provider.is_trusted:
        _set_page_permissions(group, page, EDITOR_PAGE_PERMISSIONS + TRUSTED_PAGE_PERMISSIONS)
    else:
        _set_page_permissions(group, page, EDITOR_PAGE_PERMISSIONS, remove=TRUSTED_PAGE_PERMISSIONS)
    return group


def provider_ids_for_user(user):
    """The providers whose editor groups the user belongs to."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_carrier_provider_ids", None)
    if cache is None:
        cache = set(ProviderEditors.objects.filter(group__user=user).values_list("provider_id", flat=True))
        user._carrier_provider_ids = cache
    return cache


def is_moderator(user):
    return user.is_active and (user.is_superuser or user.has_perm("carriers.moderate_directory"))


def can_view_reports(user):
    return user.is_active and (user.is_superuser or user.has_perm("carriers.view_directory_reports"))


ROLE_LABELS = {
    MODERATORS: _("KIM moderator"),
    STEERING: _("Steering viewer"),
}
