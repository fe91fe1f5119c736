#!/usr/bin/env bash
# Load test: the portal under `make serve` (gunicorn.conf.py, DEBUG off, static files collected) on
# a copy of the demo data, driven by wrk from loopback. Prints per route pages/s, p50/p95/p99, the
# bytes transferred per page (gzip accepted, as browsers do), then worker memory and the slowest
# request while a worker is restarted under load.
#
#   bench/load.sh                          # 15 s per route, 8 connections, 2 workers
#   LOAD_SECONDS=30 LOAD_CONNECTIONS=8 GUNICORN_WORKERS=2 bench/load.sh
#   PAGE_CACHE_SECONDS=0 bench/load.sh     # the same without the full-page cache (every page rendered)
#   LOAD_FRESH=1 bench/load.sh             # rebuild the demo database copy first
#   LOAD_OFFERS=20000 bench/load.sh        # the demo data plus 20,000 generated offers (built once,
#                                          # with bench/search_bench.py's generator; a few minutes)
#
# Needs wrk (installed from Debian's packages if missing, as root). Everything it writes is under
# var/load/; it stops the server it started, and only that one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
WORK=$ROOT/var/load
SECONDS_PER_ROUTE=${LOAD_SECONDS:-15}
CONNECTIONS=${LOAD_CONNECTIONS:-8}
PORT=${LOAD_PORT:-8799}
BASE=http://127.0.0.1:$PORT
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-2}

if ! command -v wrk >/dev/null; then
    echo "wrk is missing: installing it from Debian's packages"
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
[[ -x $PY ]] || make install-python
mkdir -p "$WORK"

# The demo data, built once (setup_portal, load_demo_data, rebuild_search_index) and copied per run.
template_env=(DEBUG=true DATABASE_URL="sqlite:///$WORK/template.sqlite3" MEDIA_ROOT="$WORK/media"
              SEARCH_INDEX_DIR="$WORK/template-index")
if [[ ! -s $WORK/template.sqlite3 || -n ${LOAD_FRESH:-} ]]; then
    echo "building the demo database (once; LOAD_FRESH=1 rebuilds it)"
    rm -rf "$WORK"/template.sqlite3* "$WORK/template-index"
    env "${template_env[@]}" "$PY" manage.py setup_portal --verbosity 0 >/dev/null
    env "${template_env[@]}" "$PY" manage.py load_demo_data >/dev/null
    env "${template_env[@]}" "$PY" manage.py rebuild_search_index >/dev/null
fi
copy_database() {  # source, target (SQLite's online backup: a consistent copy)
    rm -f "$2"*
    "$PY" - "$1" "$2" <<'EOF'
import sqlite3, sys
source = sqlite3.connect(sys.argv[1])
with sqlite3.connect(sys.argv[2]) as target:
    source.backup(target)
EOF
}
SOURCE=template
if [[ -n ${LOAD_OFFERS:-} ]]; then
    SOURCE=template-$LOAD_OFFERS
    if [[ ! -s $WORK/$SOURCE.sqlite3 || -n ${LOAD_FRESH:-} ]]; then
        echo "adding $LOAD_OFFERS generated offers to a copy of the demo database (once)"
        copy_database "$WORK/template.sqlite3" "$WORK/$SOURCE.sqlite3"
        rm -rf "$WORK/$SOURCE-index"
        big_env=(DEBUG=true DATABASE_URL="sqlite:///$WORK/$SOURCE.sqlite3" MEDIA_ROOT="$WORK/media"
                 SEARCH_INDEX_DIR="$WORK/$SOURCE-index")
        env "${big_env[@]}" "$PY" - "$LOAD_OFFERS" <<'EOF'
import os, sys, time
sys.path.insert(0, "bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
import django
django.setup()
from search_bench import generate
from portal.page_tree import update_url_paths
started = time.perf_counter()
generate(int(sys.argv[1]))
update_url_paths()  # the generator writes German paths only; the URL lists below need every language's
print(f"  generated {sys.argv[1]} offers in {time.perf_counter() - started:.0f} s")
EOF
        env "${big_env[@]}" "$PY" manage.py rebuild_search_index >/dev/null
    fi
fi
rm -rf "$WORK"/run.sqlite3* "$WORK/run-index"
copy_database "$WORK/$SOURCE.sqlite3" "$WORK/run.sqlite3"
[[ -d $WORK/$SOURCE-index ]] && cp -r "$WORK/$SOURCE-index" "$WORK/run-index"

export DATABASE_URL="sqlite:///$WORK/run.sqlite3" MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static"
export SEARCH_INDEX_DIR="$WORK/run-index" REQUEST_LOG=${REQUEST_LOG:-false}
export SERVE_ADDR=127.0.0.1:$PORT GUNICORN_PIDFILE=$WORK/gunicorn.pid

# URL lists: the search page with mixed queries and facets in five languages, offer pages in
# several languages, home pages, the search API.
DEBUG=true "$PY" manage.py shell --verbosity 0 -c "
from django.utils import translation
from services_directory.models import OfferPage
ids = list(OfferPage.objects.live().public().order_by('pk').values_list('pk', flat=True))
offers = OfferPage.objects.filter(pk__in=ids[:: max(1, len(ids) // 60)][:60]).order_by('pk')  # spread over all
with open('$WORK/offer.paths', 'w') as out:
    for number, offer in enumerate(offers):
        with translation.override(['de', 'en', 'ar', 'tr', 'uk'][number % 5]):
            out.write(offer.get_url() + '\n')
"
cat > "$WORK/search.paths" <<'EOF'
/de/search/?q=Beratung
/de/search/?q=Deutschkurs
/de/search/?q=Wohnung&district=kalk
/de/search/?q=Arbeit&field_of_action=arbeit
/de/search/?q=Kinderbetreuung
/de/search/?q=Sprachkurs&delivery=online
/de/search/?q=Ausbildung&target_group=jugendliche
/de/search/?q=Anerkennung
/de/search/?field_of_action=wohnen&district=chorweiler
/de/search/?q=Migrationsberatung&funding_level=bund
/de/search/?q=Frauen&district=muelheim
/de/search/?q=Integrationskurs&age=30
/en/search/?q=counselling
/en/search/?q=German+course
/en/search/?q=housing&district=kalk
/en/search/?q=job&field_of_action=arbeit
/en/search/?q=childcare
/en/search/?q=refugees&target_group=gefluechtete
/ar/search/?q=%D8%A7%D8%B3%D8%AA%D8%B4%D8%A7%D8%B1%D8%A9
/ar/search/?q=%D8%B3%D9%83%D9%86
/ar/search/?q=%D8%B9%D9%85%D9%84&district=kalk
/ar/search/?q=%D9%84%D8%BA%D8%A9+%D8%A3%D9%84%D9%85%D8%A7%D9%86%D9%8A%D8%A9
/ar/search/?field_of_action=sprache
/tr/search/?q=dan%C4%B1%C5%9Fmanl%C4%B1k
/tr/search/?q=Almanca+kursu
/tr/search/?q=i%C5%9F&field_of_action=arbeit
/tr/search/?q=konut&district=kalk
/uk/search/?q=%D0%B6%D0%B8%D1%82%D0%BB%D0%BE
/uk/search/?q=%D1%80%D0%BE%D0%B1%D0%BE%D1%82%D0%B0
/uk/search/?q=%D0%BA%D0%BE%D0%BD%D1%81%D1%83%D0%BB%D1%8C%D1%82%D0%B0%D1%86%D1%96%D1%8F&field_of_action=aufenthalt
/uk/search/?q=%D0%BD%D1%96%D0%BC%D0%B5%D1%86%D1%8C%D0%BA%D0%B0&delivery=online
EOF
printf '%s\n' /de/search/ /en/search/ /ar/search/ /tr/search/ /uk/search/ > "$WORK/search-empty.paths"
printf '%s\n' /de/ /en/ /ar/ /fa/ /tr/ /ru/ /uk/ /pl/ /ro/ /bg/ > "$WORK/home.paths"
cat > "$WORK/api.paths" <<'EOF'
/api/v1/search/?q=Beratung&district=kalk
/api/v1/search/?q=Deutschkurs
/api/v1/search/?field_of_action=wohnen&lang=en
/api/v1/search/?q=Arbeit&lang=ar
EOF

SERVER_PID=""
stop_server() {
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 -- "-$SERVER_PID" 2>/dev/null || break; sleep 0.25; done
        kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT

offers=$("$PY" -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from services_directory_offerpage').fetchone()[0])" "$WORK/run.sqlite3")
echo "starting make serve on $BASE ($GUNICORN_WORKERS workers, $offers offers, page cache ${PAGE_CACHE_SECONDS:-600} s, fragments ${FRAGMENT_CACHE_SECONDS:-3600} s)"
setsid make --no-print-directory serve >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$BASE/readyz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/serve.log"; echo "make serve stopped" >&2; exit 1; }
    sleep 0.5
done
curl -fsS -o /dev/null "$BASE/readyz" || { tail -n 30 "$WORK/serve.log"; exit 1; }
MASTER=$(cat "$GUNICORN_PIDFILE")
workers() { pgrep -P "$MASTER" | tr '\n' ' '; }

run_route() {  # name, paths file
    local name=$1 paths=$2 line
    # Each URL visited once first (as its first reader does), so the run measures a warm portal;
    # PAGE_CACHE_SECONDS=0 measures every page rendered.
    while read -r path; do
        curl -s -o /dev/null -H "Accept-Encoding: gzip" -H "Accept-Language: de" "$BASE$path"
    done <"$paths"
    line=$(WRK_PATHS=$paths wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUTE}s" --timeout 10s -s bench/load.lua "$BASE" | grep '^RESULT')
    "$PY" - "$name" "$line" "$(wc -l <"$paths")" <<'EOF'
import sys
name, line, urls = sys.argv[1], sys.argv[2], sys.argv[3]
values = dict(part.split("=") for part in line.split()[1:])
requests, seconds = int(values["requests"]), float(values["seconds"])
size = int(values["bytes"]) / max(requests, 1) / 1024
print(f"| {name} ({urls} URLs) | {requests / seconds:.0f} | {values['p50']} ms | {values['p95']} ms | {values['p99']} ms"
      f" | {size:.1f} KB | {values['non2xx']} / {values['socket_errors']} |")
EOF
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo
# Socket errors are mostly keep-alive connections a worker closes when gunicorn recycles it
# (GUNICORN_MAX_REQUESTS); a non-2xx answer is a real failure.
echo "| route | pages/s | p50 | p95 | p99 | transferred per page | non-2xx / socket errors |"
echo "|---|---|---|---|---|---|---|"
run_route "search page, mixed queries and facets, 5 languages" "$WORK/search.paths"
run_route "search page without query" "$WORK/search-empty.paths"
run_route "offer page" "$WORK/offer.paths"
run_route "home page" "$WORK/home.paths"
run_route "search API" "$WORK/api.paths"

echo
echo "worker memory (RSS / PSS: PSS shares the preloaded pages among the processes):"
for pid in $(workers); do
    rss=$(awk '/^Rss:/ {print int($2/1024)}' "/proc/$pid/smaps_rollup")
    pss=$(awk '/^Pss:/ {print int($2/1024)}' "/proc/$pid/smaps_rollup")
    echo "  worker $pid: RSS $rss MB, PSS $pss MB"
done

# A worker restart under load: the master forks a warm replacement; no request may wait long.
victim=$(workers | awk '{print $1}')
( sleep 3; kill -TERM "$victim" ) &
line=$(WRK_PATHS=$WORK/search.paths wrk -t2 -c"$CONNECTIONS" -d8s --timeout 10s -s bench/load.lua "$BASE" | grep '^RESULT')
echo
echo "worker $victim stopped under load at 3 s of 8 s: slowest request ${line##*max=} ms; $(grep -o 'non2xx=[0-9]*' <<<"$line"), $(grep -o 'socket_errors=[0-9]*' <<<"$line")"
echo
echo "data: $offers offers; machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MB; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: $CONNECTIONS connections, ${SECONDS_PER_ROUTE} s per route from loopback; gunicorn: $GUNICORN_WORKERS workers × ${GUNICORN_THREADS:-4} threads"
