"""Map ids: the ids a document brings are kept, for the records and for their parts."""

import uuid

from open_data import ids as keys
from open_data.ids import IdMap
from open_data.importing.report import RecordError
from services_directory.models import Taxonomy, Term


class IdSteps:
    """Mixin of the importer: remember part ids in `self.id_map`, adopt vocabulary ids."""

    def _reset_ids(self):
        self.id_map = IdMap()

    def _keep(self, key, value):
        if value:
            self.id_map.record(key, value)

    def _adopt_term_id(self, term, term_id):
        """The portal keeps the ids it imports: a term takes the id the document gives it."""
        if not term_id or str(term.hsds_id) == str(term_id):
            return
        if Term.objects.filter(hsds_id=term_id).exclude(pk=term.pk).exists():
            raise RecordError(f"taxonomy term id {term_id} already belongs to another term")
        term.hsds_id = uuid.UUID(str(term_id))
        term.save(update_fields=["hsds_id"])

    def _keep_terms(self, entity, link_id, classified):
        for term, attribute_id, term_id in classified:
            self._adopt_term_id(term, term_id)
            self._keep_attribute(entity, link_id, term, attribute_id)

    def _keep_attribute(self, entity, link_id, term, attribute_id):
        self._keep(keys.attribute_key(entity, link_id, term), attribute_id)

    def _adopt_vocabulary_ids(self, taxonomies, terms):
        """An export directory's taxonomy and term ids, for the codes the portal knows."""
        for item in taxonomies:
            taxonomy = Taxonomy.objects.filter(code=item.get("name")).first()
            if taxonomy and item.get("id") and str(taxonomy.hsds_id) != item["id"]:
                if not Taxonomy.objects.filter(hsds_id=item["id"]).exists():
                    taxonomy.hsds_id = uuid.UUID(item["id"])
                    taxonomy.save(update_fields=["hsds_id"])
        for item in terms:
            term = Term.objects.filter(taxonomy__code=item.get("taxonomy"), code=item.get("code")).first()
            if term is not None:
                try:
                    self._adopt_term_id(term, item.get("id"))
                except RecordError:
                    pass

    def _snapshot(self):
        return dict(self.id_map._stored), len(self.touched_offers)

    def _restore(self, snapshot):
        """Forget what a rolled-back record remembered."""
        saved_ids, touched = snapshot
        self.id_map._stored = saved_ids
        self.id_map._by_id = None
        del self.touched_offers[touched:]
