"""The search page's "for a client" mode: a short form about one person becomes the search
service's filters, and the offers come back ranked by how well they fit, each saying why.

The form is sent with POST, so the person's facts never stand in a URL, a server's access log,
the browser history or the search log; the response is not cached. Only the referral list
(offer ids) outlives the request.
"""

from django import forms
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from portal.languages import language_name
from referrals import shortlist
from search import fit, service
from search.documents import FREE_FOR_ALL
from search.facets import _label, vocabulary
from search.params import ParameterError, parse_params
from search.query import MAX_PAGE_SIZE
from search.views import result_items
from services_directory.models import OfferLanguage
from services_directory.models.vocabulary import (
    BENEFIT,
    DISTRICT,
    FIELD_OF_ACTION,
    LEVEL_STADTTEIL,
    RESIDENCE_STATUS,
)


def _choices(taxonomy, language, level=None):
    return [
        (term.code, _label(term, language))
        for term in vocabulary().get(taxonomy, [])
        if level is None or term.level == level
    ]


class ClientForm(forms.Form):
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=130, required=False)
    residence_status = forms.MultipleChoiceField(label=_("Residence status"), required=False, widget=forms.CheckboxSelectMultiple)
    benefit = forms.MultipleChoiceField(label=_("Benefits received"), required=False, widget=forms.CheckboxSelectMultiple)
    speaks = forms.MultipleChoiceField(label=_("Languages spoken"), required=False, widget=forms.CheckboxSelectMultiple)
    near = forms.ChoiceField(label=_("Lives in (Stadtteil)"), required=False)
    needs = forms.MultipleChoiceField(label=_("Needs (fields of action)"), required=False, widget=forms.CheckboxSelectMultiple)
    single_parent = forms.BooleanField(label=_("Single parent"), required=False)
    disability = forms.BooleanField(label=_("Has a disability"), required=False)
    childcare_needed = forms.BooleanField(label=_("Needs childcare"), required=False)
    only_free = forms.BooleanField(label=_("Only offers free of charge for this person"), required=False)

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)  # checkbox labels read "Single parent", not "Single parent:"
        self.fields["residence_status"].choices = _choices(RESIDENCE_STATUS, language)
        self.fields["benefit"].choices = _choices(BENEFIT, language)
        codes = sorted(set(OfferLanguage.objects.values_list("code", flat=True)))
        self.fields["speaks"].choices = sorted(((code, language_name(code, language)) for code in codes), key=lambda c: c[1])
        self.fields["near"].choices = [("", _("– none –")), *sorted(_choices(DISTRICT, language, LEVEL_STADTTEIL), key=lambda c: c[1])]
        self.fields["needs"].choices = _choices(FIELD_OF_ACTION, language)

    def search_params(self) -> QueryDict:
        """The form as the search service's parameters (search/params.py, search/fit.py)."""
        data = self.cleaned_data
        params = QueryDict(mutable=True)
        if data["age"] is not None:
            params["age"] = str(data["age"])
        params.setlist("residence_status", data["residence_status"])
        params.setlist("field_of_action", data["needs"])
        params.setlist("language", data["speaks"])
        params.setlist("speaks", data["speaks"])
        params.setlist("benefit", data["benefit"])
        if data["only_free"]:
            params.setlist("free_for", [FREE_FOR_ALL, *data["benefit"]])
        if data["near"]:
            params["near"] = data["near"]
            params["sort"] = "distance"
        for name in ("single_parent", "disability", "childcare_needed"):
            if data[name]:
                params[name] = "1"
        params["page_size"] = str(MAX_PAGE_SIZE)
        return params


@never_cache
def client_mode(request):
    language = get_language()
    form = ClientForm(request.POST or None, language=language)
    context = {"form": form, "list_count": len(shortlist.session_ids(request))}
    if request.method == "POST":
        added = request.POST.get("add")
        if added:
            shortlist.add(request, added)
            context["added"] = added
            context["list_count"] = len(shortlist.session_ids(request))
        if form.is_valid():
            params = form.search_params()
            try:
                query = parse_params(params, default_language=language)
                person = fit.person_from(params, query)
            except ParameterError as error:
                context["error"] = error
                return render(request, "referrals/client.html", context, status=400)
            result = service.search(query)  # not logged: the query is made of the person's facts
            reasons = fit.reasons(result.hits, person, language)
            items = result_items(result, language)
            for item in items:
                item["reasons"] = reasons.get(item["hit"].offer_id, [])
            items.sort(key=lambda item: -fit.fit_score(item["reasons"]))  # stable: distance/name order breaks ties
            context.update(result=result, items=items, listed=set(shortlist.session_ids(request)))
    return render(request, "referrals/client.html", context, status=400 if form.errors else 200)
