"""The network's places in Wagtail: the document check and its section on provider pages."""

from django.template.loader import render_to_string
from wagtail import hooks

from network import documents
from network.providers import provider_network
from services_directory.templatetags.directory_tags import PROVIDER_PAGE_SECTIONS_HOOK


@hooks.register("before_serve_document")
def members_only_documents(document, request):
    return documents.refusal(document, request)


@hooks.register(PROVIDER_PAGE_SECTIONS_HOOK)
def provider_network_section(request, page):
    """Committees, programmes and events of the provider, on its page in the directory."""
    context = provider_network(page)
    if not any(context.values()):
        return ""
    return render_to_string("network/includes/provider_network.html", {**context, "page": page}, request=request)
