"""What an import did to each record: the outcomes and the one-line summary commands print."""

from dataclasses import dataclass, field

STATUSES = ("created", "updated", "unchanged", "rejected")
NOT_IMPORTED = "not imported"  # the run stopped before this record
REFUSED_MOVE = "belongs to another provider: refused"


class RecordError(Exception):
    """The record breaks a rule; the message names what and where."""


@dataclass
class Outcome:
    record_id: str
    status: str  # created, updated, unchanged, rejected, not imported
    reason: str = ""  # why rejected, or why saved as a draft for review
    notes: list[str] = field(default_factory=list)  # every field not kept as it came, and mapped ids
    review: bool = False  # saved as a draft: the profile needs something the record lacks


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: str = ""  # why the run stopped early; the outcomes say how far it got

    def count(self, status):
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def rejected(self):
        return [outcome for outcome in self.outcomes if outcome.status == "rejected"]

    @property
    def not_imported(self):
        return [outcome for outcome in self.outcomes if outcome.status == NOT_IMPORTED]

    @property
    def failed(self):
        """Anything the operator has to look at: rejected records or an interrupted run."""
        return bool(self.rejected or self.interrupted)

    @property
    def for_review(self):
        return [outcome for outcome in self.outcomes if outcome.review]

    def __str__(self):
        line = ", ".join(f"{status} {self.count(status)}" for status in STATUSES)
        if self.for_review:
            line += f" ({len(self.for_review)} as drafts for review)"
        if self.interrupted:
            line += f", {NOT_IMPORTED} {self.count(NOT_IMPORTED)} (interrupted: {self.interrupted})"
        return line
