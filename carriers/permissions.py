"""Per-provider permission policies for snippets that belong to a carrier (places, problem reports).

Wagtail's model permissions say *whether* a user may change places at all; these policies add
*which ones*: a carrier editor only those of its own providers, a moderator all of them.
"""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from carriers.models import ProblemReport
from carriers.roles import is_moderator, provider_ids_for_user
from services_directory.models import Place


class ProviderScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the user's own providers unless the user moderates."""

    def __init__(self, model, provider_field="provider"):
        super().__init__(model)
        self.provider_field = provider_field

    def _unscoped(self, user):
        return is_moderator(user)

    def _instance_provider_id(self, instance):
        return getattr(instance, f"{self.provider_field}_id", None)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if self._unscoped(user):
            return True
        return self._instance_provider_id(instance) in provider_ids_for_user(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if self._unscoped(user):
            return queryset
        return queryset.filter(**{f"{self.provider_field}__in": provider_ids_for_user(user)})

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        provider_id = self._instance_provider_id(instance)
        return users.filter(
            is_superuser=True
        ) | users.filter(groups__permissions__codename="moderate_directory") | users.filter(
            groups__provider_link__provider_id=provider_id
        )


def register_policies():
    for model in (Place, ProblemReport):
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(model, ProviderScopedPermissionPolicy(model), exact_class=True)


class ScopedObjectMixin:
    """For generic admin views of one object: 404 unless the user may act on that very object.

    Wagtail's snippet history, usage and inspect views check model permissions only; without
    this an editor of carrier B could read the history of carrier A's place.
    """

    scoped_actions = ("change", "delete", "view")

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, list(self.scoped_actions), obj
        ):
            raise PermissionDenied
        return obj


class ScopedIndexMixin:
    """For listings: only the objects the user may change or view."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        allowed = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "view"]
        )
        return queryset.filter(pk__in=allowed.values("pk"))
