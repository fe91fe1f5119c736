"""Apply organizations: the provider a service names (nested or by id), its contacts and phone."""

import uuid

from django.utils import translation

from open_data import ids as keys
from open_data import keeping, serializers
from open_data.importing import writes
from open_data.importing.pages import DEFAULT_LANGUAGE
from open_data.importing.report import RecordError
from open_data.importing.validate import check_email
from open_data.serializers import FALLBACK_FIELD
from services_directory.models import ProviderContact, ProviderPage
from services_directory.updates import apply_changes


def providers():
    """Providers as a batch reads them ahead: with their umbrella, whose id each of their offers'
    documents names (a query per document otherwise; one provider read on its own does without:
    compiling the join costs more than that query)."""
    return ProviderPage.objects.select_related("umbrella")


class OrganizationSteps:
    """Mixin of the importer; `self._org_status` tells the caller what happened to the provider."""

    def _organization(self, record, keep=False):
        """The provider; `keep`: an organization document of its own, kept for export as it came."""
        nested = record.get("organization") or {}
        org_id = nested.get("id") or record.get("organization_id")
        provider = self._provider(org_id)
        if not nested:
            if provider is None:
                raise RecordError(f"organization_id {org_id} is not a known organization; nest the organization")
            return provider
        if record.get("organization_id") and str(record["organization_id"]) != str(org_id):
            raise RecordError("organization_id differs from organization.id")
        creating = provider is None
        if creating:
            provider = writes.new_object(ProviderPage, hsds_id=uuid.UUID(str(org_id)))
        changed = apply_changes(provider, self._organization_values(provider, nested, creating))
        if (self.structural or creating) and "phones" in nested:
            phones = nested["phones"] or []
            changed |= apply_changes(provider, {"phone": (phones[0].get("number") or "")[:40] if phones else ""})
            if phones:
                self._keep(keys.phone_key("organization", str(org_id)), phones[0].get("id"))
        contacts = None
        if (self.structural or creating) and "contacts" in nested:
            contacts = self._contacts(nested["contacts"] or [], str(org_id))
            current = [(c.role, c.email, c.phone) for c in provider.contacts.all()] if not creating else []
            changed |= current != [(c.role, c.email, c.phone) for c in contacts]
        elif "contacts" in nested:  # another language: translate the roles of the same contacts
            contacts = list(provider.contacts.all())
            for item, contact in zip(contacts, nested["contacts"] or [], strict=False):
                changed |= apply_changes(item, {self._text("role"): (contact.get("title") or contact.get("name") or "")[:200]})
        if keep:
            changed |= keeping.stored_original("organization", org_id, self.language) not in (None, nested)
        self._org_status = "created" if creating else ("updated" if changed else "unchanged")
        if changed or creating:
            if not creating:
                provider.title = getattr(provider, f"title_{DEFAULT_LANGUAGE}")
            if contacts is not None:
                provider.contacts = contacts
            self._save_page(provider, self.index, creating)
            self._lookups.written("provider", org_id, saved=provider)
            if keep:
                with translation.override(self.language):
                    after = serializers.full_organization_document(provider, self.id_map)
                after.pop("services", None)
                keeping.remember("organization", org_id, self.language, nested, after)
                self.notes += keeping.describe_differences(nested, after)
        return provider

    def _provider(self, org_id):
        return self._lookups.get("provider", org_id, lambda: ProviderPage.objects.filter(hsds_id=org_id).first())

    def _organization_values(self, provider, nested, creating):
        name = nested["name"].strip()
        description = (nested.get("description") or "").strip()
        values = self._texts(
            provider, {"title": name, "short_description": "" if description == name else description}, creating,
            fallback=bool(nested.get(FALLBACK_FIELD)),
        )
        if self.structural or creating:
            umbrella = None
            if nested.get("parent_organization_id"):
                umbrella = self._provider(nested["parent_organization_id"])
                if umbrella is None:
                    self._aside("organization.parent_organization_id", "not an organization of the directory")
            if nested.get("email"):
                check_email(nested["email"], "organization.email")
            values.update({"email": nested.get("email", ""), "website": nested.get("website", ""), "umbrella_id": umbrella.pk if umbrella else None})
        return values

    def _contacts(self, contacts, org_id):
        result = []
        for number, contact in enumerate(contacts):
            phones = contact.get("phones") or []
            item = ProviderContact(
                email=contact.get("email", ""), phone=(phones[0].get("number") or "")[:40] if phones else ""
            )
            setattr(item, self._text("role"), (contact.get("title") or contact.get("name") or "")[:200])
            item.role = getattr(item, self._text("role"))
            result.append(item)
            contact_id = contact.get("id")
            self._keep(keys.contact_key("organization", org_id, number), contact_id)
            if phones and contact_id:
                self._keep(keys.phone_key("contact", contact_id), phones[0].get("id"))
        return result
