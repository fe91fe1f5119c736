"""Documents built for a few offers (an import batch, one saved offer) read only the providers,
terms and places those offers name: they must be the documents a full rebuild makes."""

import pytest

from search.documents import document_for, iter_documents, live_offers


@pytest.mark.django_db
def test_documents_of_single_offers_and_batches_are_those_of_a_full_rebuild(directory):
    everything = {document["offer_id"]: document for document in iter_documents()}
    assert len(everything) == len(directory)
    for offer in directory.values():
        assert document_for(offer.pk) == everything[offer.pk]
    ids = sorted(everything)
    in_chunks_of_one = list(iter_documents(live_offers().filter(pk__in=ids[1:]), chunk_size=1))
    assert in_chunks_of_one == [everything[pk] for pk in ids[1:]]
    # a place's district and its Stadtbezirk come with the place, in every chunk
    recognition = everything[directory["recognition"].pk]
    assert recognition["facets"]["district"][:1] == ["ehrenfeld-stadtteil"] and len(recognition["facets"]["district"]) > 2
    assert any(label for label in recognition["labels"]["de"] if "Ehrenfeld" in label)
