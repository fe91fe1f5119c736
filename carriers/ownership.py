"""Who may write what: the one rule every write path asks, whatever it goes through.

Admin forms, choosers, bulk actions, the CSV and HSDS imports and invitations all call
`user_may(user, action, obj)` instead of checking ownership on their own. Pages defer to Wagtail's
`PagePermissionTester` (the carrier's editor group owns its provider's subtree); carrier-owned
snippets (places, problem reports) defer to the provider-scoped permission policy registered in
`carriers.permissions`. Moving an object from one provider to another is a moderator's decision.
"""

from django.db.models import F, Q
from wagtail.models import Page
from wagtail.permissions import policy_registry

from carriers.roles import is_moderator, provider_ids_for_user

PAGE_ACTIONS = {
    "view": lambda tester: tester.can_edit() or tester.can_publish(),
    "add": lambda tester: tester.can_add_subpage(),
    "change": lambda tester: tester.can_edit(),
    "publish": lambda tester: tester.can_publish(),
    "publish_subpage": lambda tester: tester.can_publish_subpage(),
    "delete": lambda tester: tester.can_delete(),
    "unpublish": lambda tester: tester.can_unpublish(),
}


def user_may(user, action, obj):
    """True when `user` may do `action` to `obj` (a page, or a provider-scoped snippet).

    `action` is one of "view", "add" (a child under this page), "change", "publish",
    "publish_subpage", "delete", "unpublish", or "move" (hand `obj` to another provider).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if action == "move":
        return is_moderator(user)
    if isinstance(obj, Page):
        check = PAGE_ACTIONS.get(action)
        if check is None:
            raise ValueError(f"unknown page action {action!r}")
        return check(obj.permissions_for_user(user))
    policy = policy_registry.get_by_type(type(obj), fallback=False)
    if policy is None:
        raise ValueError(f"no ownership rule for {type(obj).__name__}")
    return policy.user_has_permission_for_instance(user, action, obj)


def may_write_for_provider(user, provider):
    """True when `user` edits on behalf of `provider` (its editor group, a moderator or a superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return is_moderator(user) or provider.pk in provider_ids_for_user(user)


def visible_pages(user, pages):
    """Narrow a page queryset to what `user` may see by title in the admin's lists and choosers.

    Moderators see every page. Others see their own providers' subtrees, and elsewhere only
    published pages whose title has no unpublished change (the admin shows the draft title).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return pages.none()
    if is_moderator(user):
        return pages
    own = Q(pk__in=[])
    for provider_path in Page.objects.filter(pk__in=provider_ids_for_user(user)).values_list("path", flat=True):
        own |= Q(path__startswith=provider_path)
    # Few pages have a pending title change; a list of their ids keeps the filter searchable
    # (the search backends filter on Page's declared filter fields only: live, path, id).
    pending_titles = list(
        Page.objects.filter(has_unpublished_changes=True).exclude(draft_title=F("title")).exclude(own)
        .values_list("pk", flat=True)
    )
    return pages.filter(Q(live=True) | own).exclude(pk__in=pending_titles)


def may_see_page(user, page):
    """True when `visible_pages` keeps `page` for `user`."""
    return visible_pages(user, Page.objects.filter(pk=page.pk)).exists()


def may_view_steering_reports(user):
    """True when `user` may read the steering reports (coverage, funding risk, demand...): the KIM
    moderators and the steering viewers, through the permission `steering.view_steering_reports`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("steering.view_steering_reports")


def may_see_members_only(user, group):
    """True when `user` may read what a body keeps for its members (a committee's minutes).

    Members are the editors of its member providers and the users it invited; the KIM moderators
    and superusers see everything. `group` names its members through `member_provider_ids()` and
    `invited_user_ids()` (network.CommitteePage), so this rule needs no import of the network.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_moderator(user):
        return True
    if provider_ids_for_user(user) & set(group.member_provider_ids()):
        return True
    return user.pk in group.invited_user_ids()
