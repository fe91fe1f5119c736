"""Public forms of the portal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import BarrierReport


class HoneypotMixin(forms.Form):
    """A field people never see; bots that fill it in are turned away quietly."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


class BarrierReportForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = BarrierReport
        fields = ["page_url", "description", "reply_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "page_url": _("The address or name of the page where you met the barrier."),
            "reply_email": _("Only if you would like an answer. We use it for nothing else."),
        }
