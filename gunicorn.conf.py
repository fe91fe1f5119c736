"""gunicorn settings for `make serve`, the Dockerfile and docker compose (one file for all three).

Every value can be overridden by an environment variable (GUNICORN_* below, or gunicorn's own
GUNICORN_CMD_ARGS). The app is loaded once in the master (`preload_app`), where `portal.wsgi`
warms the search engine; each forked worker then catches up with what changed since and only
then takes traffic (`post_fork`), so no visitor after a (re)start waits for an index.
"""

import os

from portal import env

bind = env.get_str("GUNICORN_BIND", "127.0.0.1:8000")
workers = env.get_int("GUNICORN_WORKERS", 2)
# Threads keep idle keep-alive connections from blocking a worker (a sync worker closes each
# connection); the search index is shared by a worker's threads.
worker_class = "gthread"
threads = env.get_int("GUNICORN_THREADS", 4)
keepalive = 5
timeout = env.get_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
# Recycle workers now and then (memory growth from a library), never all at once.
max_requests = env.get_int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max_requests // 10
preload_app = env.get_bool("GUNICORN_PRELOAD", True)
# No gunicorn access log: it would write client addresses and full query strings. The portal's
# own request log (portal/request_log.py) writes one JSON line per request without either.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = env.get_str("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "kim-portal"
pidfile = env.get_str("GUNICORN_PIDFILE")  # e.g. for bench/load.sh, which signals the workers


def post_fork(server, worker):
    """The master's database connections must not be shared with a forked worker; the worker
    opens its own and brings the engine up to date before its first request."""
    from django.db import connections  # noqa: PLC0415  (Django is set up by the preloaded app)

    connections.close_all()
    if os.environ.get("SEARCH_WARM_UP", "true").lower() in ("0", "false", "no"):
        return
    from search.service import warm  # noqa: PLC0415  (needs the app registry, ready only after loading)

    seconds = warm()
    worker.log.info("worker %s: search ready in %.2f s", worker.pid, seconds)
