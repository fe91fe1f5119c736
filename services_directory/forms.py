"""The offer's edit form in the Wagtail admin (`OfferPage.base_form_class`)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from services_directory.models.vocabulary import LANGUAGE_FIELD

# Submitted with the form; whoever tracks translation status reads it (carriers.translations).
MINOR_CHANGE_FIELD = "translation_minor_change"


class OfferPageForm(WagtailAdminPageForm):
    """Adds the editor's "minor change" tick: a fix of typos or formatting leaves the
    translations current, a change in meaning marks them outdated. The form only asks."""

    translation_minor_change = forms.BooleanField(
        required=False,
        label=_("Minor change (typo, formatting): translations stay up to date"),
        help_text=_("Leave unticked when the German text changed in meaning: translations are then marked outdated."),
    )

    def clean(self):
        cleaned = super().clean()
        # A changed status with an untouched date means "as of today": the date says how fresh it is.
        if "capacity_status" in self.changed_data and "capacity_updated_on" not in self.changed_data:
            cleaned["capacity_updated_on"] = timezone.localdate() if cleaned.get("capacity_status") else None
        fields = cleaned.get("fields_of_action")
        if cleaned.get("course_level_from") and fields is not None:
            if not any(term.code == LANGUAGE_FIELD for term in fields):
                self.add_error("course_level_from", _("A course level belongs to language courses: choose the field of action for language first."))
        return cleaned
