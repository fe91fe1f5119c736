"""Wagtail's background tasks run right after the commit that asked for them, never inside it.

Wagtail enqueues its own upkeep as django-tasks tasks: the admin search index (modelsearch's
`insert_or_update_object_task`), the reference index, image focal points, front-end cache
purges. django-tasks' ImmediateBackend runs them at once, inside the editor's transaction. On
PostgreSQL, Wagtail's database search index then rewrites the `title_norm` of every entry still
holding the default value (`_refresh_title_norms`) and keeps those row locks until the publish
commits: two editors publishing at the same moment deadlocked in `wagtailsearch_indexentry`, and
the publish that lost failed. (The portal's own search index, search.store, is written inside
the transaction on purpose and is not a task.)

`AfterCommitBackend` gives what a task queue with a worker would: the task runs once the
transaction commits (never when it rolls back), in short transactions of its own, so the page
is saved whatever happens to its admin search entry. A deadlock or other operational database
error is retried; every failed run is logged at ERROR by django-tasks (`manage.py update_index`
rebuilds Wagtail's search index).
"""

import logging
import random
import time

from django.db import OperationalError, transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus

logger = logging.getLogger("kim.tasks")

ATTEMPTS = 4


class AfterCommitBackend(ImmediateBackend):
    """ImmediateBackend that runs each task after the current transaction commits (at once
    outside a transaction), retrying it when the database reports a deadlock."""

    def _execute_task(self, task_result) -> None:
        transaction.on_commit(lambda: self._run(task_result), robust=True)

    def _run(self, task_result) -> None:
        for attempt in range(1, ATTEMPTS):
            super()._execute_task(task_result)  # django-tasks logs a failed run at ERROR
            if task_result.status != TaskResultStatus.FAILED or not _retryable(task_result.errors[-1]):
                return
            logger.warning("Retrying background task %s%s (attempt %d failed)", task_result.task.name,
                           tuple(task_result.args), attempt)
            time.sleep(random.uniform(0.02, 0.1) * attempt)  # noqa: S311 - jitter, not secrecy
        super()._execute_task(task_result)


def _retryable(error) -> bool:
    """Deadlocks, serialisation failures and lock timeouts are OperationalErrors: worth another go."""
    try:
        return issubclass(error.exception_class, OperationalError)
    except ImportError:
        return False
