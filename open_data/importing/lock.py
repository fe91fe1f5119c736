"""One import at a time: a row in the database that every process sees, whatever the cache is.

A second import gets `ImportBusy` with who holds the lock since when. A lock left behind by a
process that died (same host, process gone) or that is older than `STALE_AFTER` is taken over.
"""

import datetime
import os
import socket
from contextlib import contextmanager

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from open_data.models import ImportLock

NAME = "import"
STALE_AFTER = datetime.timedelta(hours=6)


class ImportBusy(Exception):
    """Another import is running; the message says which and since when."""


def _holder():
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_stale(lock):
    if timezone.now() - lock.started_at > STALE_AFTER:
        return True
    host, _sep, pid = lock.holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _busy(held):
    if held is None:
        return ImportBusy(_("Another import is running. Try again when it has finished."))
    return ImportBusy(
        _("Another import is running (started %(since)s by %(holder)s). Try again when it has finished.")
        % {"since": timezone.localtime(held.started_at).strftime("%Y-%m-%d %H:%M"), "holder": held.holder}
    )


def _acquire():
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return ImportLock.objects.create(name=NAME, holder=_holder(), started_at=timezone.now())
        except IntegrityError:
            held = ImportLock.objects.filter(name=NAME).first()
            if held is not None and _is_stale(held):
                ImportLock.objects.filter(pk=held.pk).delete()
                continue
            raise _busy(held) from None
        except OperationalError:
            # SQLite: another import holds the write lock past the busy timeout. Reading still
            # works (WAL), so the message can say who holds the import lock.
            raise _busy(ImportLock.objects.filter(name=NAME).first()) from None
    raise _busy(None)


@contextmanager
def import_lock():
    lock = _acquire()
    try:
        yield lock
    finally:
        ImportLock.objects.filter(pk=lock.pk).delete()
