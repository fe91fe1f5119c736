#!/usr/bin/env python
"""/healthz latency while clients pull the largest HSDS listing, against a real gunicorn.

    DATABASE_URL=sqlite:///var/db.sqlite3 python bench/hsds_load_bench.py [--clients 10] [--seconds 20]

Starts gunicorn (3 sync workers, as the Dockerfile does) on a free loopback port against the given
database (the demo data: `make run` or `setup_portal` + `load_demo_data`), then measures /healthz
alone, and again while N clients pull `/api/hsds/organizations?per_page=100&full_service=true`
(every provider with all its services), page after page, as fast as they can. It prints the /healthz latencies
(median, p95, max) and what the clients got (answers, 503s, bytes). Everything is bounded in time;
gunicorn is stopped at the end.
"""

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTING = "/api/hsds/organizations?per_page=100&full_service=true"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, timeout=60, body=None):
    """(status, bytes, seconds) of one GET; `body` (a list) receives the answer's bytes."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        content = response.read()
        if body is not None:
            body.append(content)
        return response.status, len(content), time.perf_counter() - started
    except OSError:
        return 0, 0, time.perf_counter() - started
    finally:
        connection.close()


def pull_listing(port, results):
    """Every page of the listing, in order, as an integrator would; each answer into `results`."""
    page, pages = 1, 1
    while page <= pages:
        body = []
        result = get(port, f"{LISTING}&page={page}", timeout=120, body=body)
        results.append(result)
        if result[0] != 200:
            return
        pages = json.loads(body[0])["total_pages"]
        page += 1


def start_server(port, workers):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
    }
    if env.get("CACHE_URL", "db://").startswith(("db:", "database:")):
        subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )


def wait_until_up(port, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if get(port, "/healthz", timeout=5)[0] == 200:
            return
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time")


def healthz_series(port, seconds, pause=0.2):
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, _size, took = get(port, "/healthz")
        latencies.append(took * 1000 if status == 200 else float("inf"))
        time.sleep(pause)
    return latencies


def describe(latencies):
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms (n={len(ordered)})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3)
    options = parser.parse_args()
    port = free_port()
    server = start_server(port, options.workers)
    try:
        wait_until_up(port)
        print(f"gunicorn on 127.0.0.1:{port}, {options.workers} workers; database {os.environ.get('DATABASE_URL', 'var/db.sqlite3')}")
        cold = []
        started = time.perf_counter()
        pull_listing(port, cold)
        took = time.perf_counter() - started
        print(f"largest listing alone (cold): {len(cold)} pages, HTTP {sorted({r[0] for r in cold})}, "
              f"{sum(r[1] for r in cold) / 1e6:.2f} MB in {took * 1000:.0f} ms")
        print(f"/healthz alone:               {describe(healthz_series(port, 3))}")
        stop = threading.Event()
        results = []

        def client():
            while not stop.is_set():
                pull_listing(port, results)

        threads = [threading.Thread(target=client, daemon=True) for _ in range(options.clients)]
        for thread in threads:
            thread.start()
        under_load = healthz_series(port, options.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=130)
        statuses = {}
        for status, _size, _took in results:
            statuses[status] = statuses.get(status, 0) + 1
        pulled = sum(size for status, size, _took in results if status == 200)
        listing_times = [took * 1000 for status, _size, took in results if status == 200]
        print(f"/healthz with {options.clients} clients:  {describe(under_load)}")
        print(f"listing answers: {dict(sorted(statuses.items()))}, {pulled / 1e6:.1f} MB served"
              + (f", one page {describe(listing_times)}" if listing_times else ""))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
