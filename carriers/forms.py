"""Forms: the public problem report, the moderators' invitation, the offer editor's "minor change" tick."""

from django import forms
from django.utils.translation import gettext_lazy as _

from carriers.models import ProblemReport
from carriers.translations import MINOR_CHANGE_FIELD
from portal.forms import HoneypotMixin


class ProblemReportForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["description", "reply_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _("For example: the phone number is wrong, the offer has ended, the address has moved."),
            "reply_email": _("Only if you would like an answer. We use it for nothing else."),
        }


class InviteEditorForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=None, label=_("Provider"))
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email"))

    def __init__(self, *args, **kwargs):
        from services_directory.models import ProviderPage

        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = ProviderPage.objects.order_by("title")


def add_minor_change_field(offer_class):
    """Give the offer edit form a "minor change" tick that keeps translations current.

    Added at start-up (CarriersConfig.ready) so the content model stays free of carrier concerns.
    """
    from wagtail.admin.panels import FieldPanel, MultiFieldPanel

    base = offer_class.base_form_class
    if base is not None and MINOR_CHANGE_FIELD in getattr(base, "base_fields", {}):
        return
    field = forms.BooleanField(
        required=False,
        label=_("Minor change (typo, formatting): translations stay up to date"),
        help_text=_("Leave unticked when the German text changed in meaning: translations are then marked outdated."),
    )
    from wagtail.admin.forms import WagtailAdminPageForm

    base = base or WagtailAdminPageForm
    offer_class.base_form_class = type(base)(
        "OfferPageForm", (base,), {MINOR_CHANGE_FIELD: field, "__module__": __name__}
    )
    offer_class.content_panels = [
        *offer_class.content_panels,
        MultiFieldPanel([FieldPanel(MINOR_CHANGE_FIELD)], heading=_("Translations")),
    ]
    if hasattr(offer_class.get_edit_handler, "cache_clear"):
        offer_class.get_edit_handler.cache_clear()
