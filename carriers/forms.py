"""Forms: the public problem report and the moderators' invitation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from carriers.models import ProblemReport
from portal.forms import HoneypotMixin
from services_directory.models import ProviderPage


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
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = ProviderPage.objects.order_by("title")

