"""The container setup as Docker reads it: one test over docker-compose.yml and the Dockerfile.

Where a Docker engine answers, `docker compose config` resolves the file (interpolation, long
syntax, validation); elsewhere (as in CI, which has the client but no engine) the YAML is parsed
and `${VAR:-default}` resolved the same way. Either way the same checks run on the result.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
INTERPOLATION = re.compile(r"\$\{(\w+):-([^}]*)\}")


def docker_engine_answers():
    docker = shutil.which("docker")
    if not docker:
        return False
    return subprocess.run([docker, "info"], capture_output=True, timeout=30).returncode == 0


def resolved_compose():
    """The compose model with defaults interpolated, from Docker itself when it can."""
    if docker_engine_answers():
        result = subprocess.run(
            ["docker", "compose", "config", "--format", "json"],
            cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
            env={"PATH": "/usr/local/bin:/usr/bin:/bin"},  # no SECRET_KEY etc. from the caller
        )
        return json.loads(result.stdout)
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    return yaml.safe_load(INTERPOLATION.sub(lambda match: match.group(2), text))


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def healthcheck(service):
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else test


def mounts(service):
    """{target: source} from short ("media:/data/media") or long volume syntax."""
    result = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume["source"], volume["target"]
        result[target] = source
    return result


def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for line in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, rest = current.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
        current = ""
    return instructions


def test_compose_runs_web_db_and_search_from_this_repository_alone():
    compose = resolved_compose()
    services = compose["services"]
    assert set(services) == {"web", "db", "search"}
    web, db, search = services["web"], services["db"], services["search"]

    # Every service reports its health; web starts only when db and search are healthy.
    assert "pg_isready" in healthcheck(db)
    assert "_cluster/health" in healthcheck(search)
    assert "/healthz" in healthcheck(web)
    assert {name: dependency["condition"] for name, dependency in web["depends_on"].items()} == {
        "db": "service_healthy", "search": "service_healthy",
    }

    # Web talks to db and search under their service names, in production mode with a usable key.
    web_env, db_env = environment(web), environment(db)
    assert web_env["DATABASE_URL"] == (
        f"postgres://{db_env['POSTGRES_USER']}:{db_env['POSTGRES_PASSWORD']}@db:5432/{db_env['POSTGRES_DB']}"
    )
    assert web_env["ELASTICSEARCH_URL"] == "http://search:9200"
    assert web_env["DEBUG"] == "false"
    assert len(web_env["SECRET_KEY"]) >= 50  # the settings refuse shorter keys with DEBUG off
    assert web_env["ALLOWED_HOSTS"] and web_env["PORTAL_BASE_URL"].startswith("http")
    assert db["image"].startswith("postgres:16")
    assert environment(search)["discovery.type"] == "single-node"
    assert re.search(r"-Xmx(\d+)m", environment(search)["ES_JAVA_OPTS"])

    # Set up (idempotent), index, then serve; data in named volumes only.
    command = web["command"] if isinstance(web["command"], str) else " ".join(web["command"])
    assert re.search(r"setup_portal.*&&.*rebuild_search_index.*&& exec gunicorn portal\.wsgi:application", command, re.S)
    assert "--config gunicorn.conf.py" in command  # the file `make serve` uses (preload, warm-up)
    assert web_env["GUNICORN_BIND"] == "0.0.0.0:8000"
    named = set(compose["volumes"])
    assert mounts(db)["/var/lib/postgresql/data"] in named
    assert mounts(search)["/usr/share/elasticsearch/data"] in named
    assert mounts(web) == {"/data/media": "media"}

    # Nothing outside the repository: no extra build contexts, no mounts from beside it.
    build = web["build"]
    assert Path(REPO, build["context"]).resolve() == REPO and not build.get("additional_contexts")
    assert "KIM_VOCABULARY_FILE" not in web_env  # the image's own vocabulary is the default

    dockerfile = dockerfile_instructions()
    runs = " ".join(rest for keyword, rest in dockerfile if keyword == "RUN")
    assert "from=" not in runs and "manage.py collectstatic --noinput" in runs
    assert [rest for keyword, rest in dockerfile if keyword == "USER"][-1] not in ("root", "0")
    assert json.loads([rest for keyword, rest in dockerfile if keyword == "CMD"][-1]) == [
        "gunicorn", "portal.wsgi:application", "--config", "gunicorn.conf.py",
    ]
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "node_modules", "var"} <= set(ignored)
