"""What news, events and committees share: vocabulary tags, the publishing provider, listings."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField

from services_directory.models import ProviderPage, Term
from services_directory.models.vocabulary import FIELD_OF_ACTION, TARGET_GROUP

PER_PAGE = 10


def fields_of_action_field(related_name):
    return ParentalManyToManyField(
        "services_directory.Term", verbose_name=_("Fields of action"), related_name=related_name,
        limit_choices_to={"taxonomy__code": FIELD_OF_ACTION}, blank=True,
    )


def target_groups_field(related_name):
    return ParentalManyToManyField(
        "services_directory.Term", verbose_name=_("Target groups"), related_name=related_name,
        limit_choices_to={"taxonomy__code": TARGET_GROUP}, blank=True,
    )


def provider_field(verbose_name, related_name):
    return models.ForeignKey(
        "services_directory.ProviderPage", verbose_name=verbose_name, null=True, blank=True,
        on_delete=models.SET_NULL, related_name=related_name,
        help_text=_("Set automatically when the page is written below a provider."),
    )


class ProviderOwnedMixin:
    """A page written below a provider belongs to that provider, whatever the form said: carriers
    write news and events in their own subtree, so this is who published it."""

    provider_attribute = "provider"

    def save(self, *args, **kwargs):
        if self.path and self.depth and self.depth > 1:
            parent = self.get_parent()
            if parent is not None and parent.specific_class is ProviderPage:
                setattr(self, f"{self.provider_attribute}_id", parent.pk)
        return super().save(*args, **kwargs)


class Filters:
    """The listing filters a reader chose (fields of action, target groups), checked against the
    vocabulary: an unknown code is named back to the reader, never a server error."""

    def __init__(self, request):
        self.errors = []  # (parameter, value) the vocabulary does not know
        self.field_of_action = self._term(request, "field_of_action", FIELD_OF_ACTION)
        self.target_group = self._term(request, "target_group", TARGET_GROUP)

    def _term(self, request, name, taxonomy):
        code = (request.GET.get(name) or "").strip()
        if not code:
            return None
        term = Term.objects.filter(taxonomy__code=taxonomy, code=code).first()
        if term is None:
            self.errors.append((name, code))
        return term

    def apply(self, queryset):
        if self.field_of_action:
            queryset = queryset.filter(fields_of_action=self.field_of_action)
        if self.target_group:
            queryset = queryset.filter(target_groups=self.target_group)
        return queryset.distinct()

    def choices(self):
        return {
            "field_of_action": Term.objects.of(FIELD_OF_ACTION),
            "target_group": Term.objects.of(TARGET_GROUP),
        }

    def query_string(self):
        """The filters as a query string for pagination links and feeds."""
        parts = []
        if self.field_of_action:
            parts.append(f"field_of_action={self.field_of_action.code}")
        if self.target_group:
            parts.append(f"target_group={self.target_group.code}")
        return "&".join(parts)


def paginate(request, queryset, per_page=PER_PAGE):
    """One page of `queryset`; a page number out of range or not a number shows the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
