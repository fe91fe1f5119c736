"""The directory's content model: vocabulary, places, providers, programmes and offers.

Names are fixed: search, open data, carrier self-service and reports all build on them.
"""

from .offers import OfferLanguage, OfferPage, OfferPlace, OfferStartDate, OpeningSlot  # noqa: F401
from .pages import (  # noqa: F401
    DirectoryIndexPage,
    ProgrammePage,
    ProviderCertificate,
    ProviderContact,
    ProviderPage,
)
from .places import Place  # noqa: F401
from .vocabulary import Taxonomy, Term  # noqa: F401
