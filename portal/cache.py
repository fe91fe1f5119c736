"""The database cache (the default shared cache) with an atomic `incr` that keeps the expiry.

Django's `DatabaseCache.incr` reads, adds and writes the value back with `set()`: two workers
counting at once lose one count, and the `set()` replaces the key's expiry with the default
timeout, so a one-hour rate-limit window would end after five minutes. Here the increment is a
compare-and-swap `UPDATE … WHERE value = <old value>` that leaves `expires` untouched; it is
atomic on SQLite and PostgreSQL alike.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router


class DatabaseCache(DjangoDatabaseCache):
    attempts = 50  # compare-and-swap retries; each lost race means another worker counted

    def incr(self, key, delta=1, version=None):
        cache_key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote = connection.ops.quote_name
        update = "UPDATE {table} SET {value} = %s WHERE {key} = %s AND {value} = %s".format(
            table=quote(self._table), value=quote("value"), key=quote("cache_key")
        )
        for _attempt in range(self.attempts):
            current = self.get(key, version=version)  # honours expiry
            if current is None:
                raise ValueError(f"Key '{key}' not found")
            new = current + delta
            with connection.cursor() as cursor:
                cursor.execute(update, [self._encode(new), cache_key, self._encode(current)])
                if cursor.rowcount == 1:
                    return new
        raise RuntimeError(f"could not increment cache key '{key}': too many concurrent updates")

    def _encode(self, value):
        # The same encoding as DatabaseCache._base_set, so the stored text compares equal.
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
