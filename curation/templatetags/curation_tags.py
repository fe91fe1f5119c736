"""Template tags for pages outside this app: the home page's links to the landing pages."""

from django import template

from curation.landing import landing_pages

register = template.Library()


@register.inclusion_tag("curation/includes/landing_links.html", takes_context=True)
def landing_links(context):
    """The target group and Stadtbezirk landing pages, as two lists of links."""
    return {"groups": landing_pages(context.get("request")), "request": context.get("request")}
