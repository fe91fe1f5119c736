"""The offer's edit form in the Wagtail admin (`OfferPage.base_form_class`)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

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
