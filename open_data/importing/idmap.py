"""Map ids: the ids a document brings are kept, for the records and for their parts."""

import uuid

from open_data import ids as keys
from open_data.ids import IdMap
from open_data.importing.batch import current as deferred_batch
from open_data.importing.lookups import Lookups
from open_data.importing.organizations import providers as provider_rows
from services_directory.models import Place, ProgrammePage, Taxonomy


class IdSteps:
    """Mixin of the importer: remember part ids in `self.id_map`, adopt vocabulary ids."""

    def _reset_ids(self):
        self.id_map = IdMap()
        self._lookups = Lookups()

    def _keep(self, key, value):
        if value:
            self.id_map.record(key, value)

    def _adopt_term_id(self, term, term_id):
        """The portal's vocabulary keeps its ids forever: a document that gives a known term
        (same taxonomy and code) another id has that id recorded as an alias, never re-keyed."""
        if not term_id or str(term.hsds_id) == str(term_id):
            return
        self._map_alias(keys.term_alias_key(term_id), term.hsds_id, f"taxonomy term {term.taxonomy.code}/{term.code}", term_id)

    def _map_alias(self, key, ours, what, theirs):
        theirs = str(uuid.UUID(str(theirs)))
        if theirs in self.vocabulary.ids:
            self._note(f"{what}: id {theirs} belongs to another record here; not mapped")
            return
        if self.id_map._stored.get(key) != str(ours):  # the stored ids, as the database has them
            pending = getattr(self, "_pending_aliases", None)
            if pending is not None:
                pending[key] = ours
            else:
                keys.store({key: ours})
            self.id_map.set_stored(key, ours)
            self._note(f"{what}: id {theirs} mapped to this portal's id {ours}")

    def _keep_terms(self, entity, link_id, classified):
        for term, attribute_id, term_id in classified:
            self._adopt_term_id(term, term_id)
            self._keep_attribute(entity, link_id, term, attribute_id)

    def _keep_attribute(self, entity, link_id, term, attribute_id):
        self._keep(keys.attribute_key(entity, link_id, term), attribute_id)

    def _adopt_vocabulary_ids(self, taxonomies, terms):
        """An export directory's taxonomy and term ids, for the codes the portal knows: mapped."""
        known = {taxonomy.code: taxonomy for taxonomy in Taxonomy.objects.all()}
        self._pending_aliases = {}  # written together below: a vocabulary has hundreds of terms
        try:
            for item in taxonomies:
                taxonomy = known.get(item.get("name"))
                if taxonomy and item.get("id") and str(taxonomy.hsds_id) != item["id"]:
                    self._map_alias(keys.taxonomy_alias_key(item["id"]), taxonomy.hsds_id, f"taxonomy {taxonomy.code}", item["id"])
            for item in terms:
                term = self.vocabulary.terms.get((item.get("taxonomy"), item.get("code")))
                if term is not None:
                    self._adopt_term_id(term, item.get("id"))
            keys.store(self._pending_aliases)
        finally:
            self._pending_aliases = None

    def _note(self, text):
        """A line for this record's report (see report.Outcome.notes)."""
        notes = getattr(self, "notes", None)
        if notes is not None:
            notes.append(text)

    def _preload_parts(self, records, organizations=False):
        """Read the providers, programmes and places these service records (or organization
        documents) name, one query each, for the batch they start (see importing.lookups)."""
        providers, programmes, places = set(), set(), set()
        for record in records:
            if not isinstance(record, dict):
                continue
            nested = record if organizations else record.get("organization")
            nested = nested if isinstance(nested, dict) else {}
            providers |= {nested.get("id"), nested.get("parent_organization_id"), None if organizations else record.get("organization_id")}
            if organizations:
                continue
            program = record.get("program") if isinstance(record.get("program"), dict) else {}
            programmes |= {program.get("id"), record.get("program_id")}
            for link in record.get("service_at_locations") or []:
                if isinstance(link, dict):
                    location = link.get("location") if isinstance(link.get("location"), dict) else {}
                    places |= {location.get("id"), link.get("location_id")}
        # the same queries as the look-ups they stand for (OrganizationSteps, PlaceSteps)
        self._lookups.preload("provider", providers - {None}, provider_rows())
        self._lookups.preload("programme", programmes - {None}, ProgrammePage.objects.select_related("funding_level__taxonomy"))
        self._lookups.preload("place", places - {None}, Place.objects.select_related("district__taxonomy"))

    def _snapshot(self):
        """Taken as a record (or a batch) starts."""
        collected = deferred_batch()
        self._lookups.record_starts()
        return self.id_map.mark(), collected, collected.mark() if collected else None

    def _restore(self, snapshot):
        """Forget what a rolled-back record remembered, and the upkeep it asked for."""
        ids_mark, collected, mark = snapshot
        self.id_map.undo_since(ids_mark)
        if collected is not None:
            collected.forget_since(mark)
            self._lookups.rolled_back()
        else:  # a whole batch: what it read may have been written by its records
            self._lookups.clear()
