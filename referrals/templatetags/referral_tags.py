"""`{% referral_button page %}`: the "Add to referral list" form for an offer page. Registered as
a template builtin (portal/settings/base.py) so directory templates use it without importing
referrals (services_directory stays independent of it)."""

from django import template

from portal.templatetags.portal_tags import fallback_attrs
from referrals import shortlist

register = template.Library()


@register.inclusion_tag("referrals/add_button.html", takes_context=True)
def referral_button(context, offer):
    request = context.get("request")
    hsds_id = str(offer.hsds_id)
    listed = bool(request) and hsds_id in shortlist.session_ids(request)
    return {
        "hsds_id": hsds_id,
        "title": offer.title,
        "title_attrs": fallback_attrs(offer, "title"),  # lang="de" where the title falls back to German
        "next": request.get_full_path() if request else "",
        "listed": listed,
    }
