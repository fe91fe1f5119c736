"""The container setup is wired as documented: docker-compose.yml and the Dockerfile, read as text.

No Docker is needed (none runs in CI); this catches a renamed variable or a dropped healthcheck.
"""

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    with (REPO / "docker-compose.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def environment(service):
    """A service's environment as a dict, whether written as a mapping or as KEY=value items."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {key: None if value is None else str(value) for key, value in env.items()}


def healthcheck_command(service):
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else test


def command_text(service):
    command = service["command"]
    return " ".join(command) if isinstance(command, list) else command


def volume_mounts(service):
    """Each volume as (source, target, read_only), from short or long syntax."""
    mounts = []
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            parts = volume.split(":")
            mounts.append((parts[0], parts[1], len(parts) > 2 and "ro" in parts[2].split(",")))
        else:
            mounts.append((volume["source"], volume["target"], bool(volume.get("read_only"))))
    return mounts


def test_compose_has_web_db_and_search(services):
    assert set(services) == {"web", "db", "search"}


def test_web_is_built_from_the_dockerfile(services):
    build = services["web"]["build"]
    if isinstance(build, str):
        build = {"context": build}
    assert build["context"] == "."
    assert build.get("dockerfile", "Dockerfile") == "Dockerfile"
    assert (REPO / "Dockerfile").is_file()


def test_web_build_gets_the_shared_vocabulary_as_named_context(services):
    # The Dockerfile's collectstatic step bind-mounts it (settings load the vocabulary).
    assert services["web"]["build"]["additional_contexts"]["shared"] == "../shared"
    assert "from=shared" in (REPO / "Dockerfile").read_text(encoding="utf-8")


def test_db_is_postgres_16_with_matching_credentials(services):
    db = services["db"]
    assert db["image"].startswith("postgres:16")
    env = environment(db)
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_DB"]) == (
        "kim",
        "kim",
        "kim",
    )
    assert "pg_isready" in healthcheck_command(db)


def test_search_is_single_node_elasticsearch_8_without_security(services):
    search = services["search"]
    assert re.fullmatch(
        r"docker\.elastic\.co/elasticsearch/elasticsearch:8\.\d+\.\d+", search["image"]
    )
    env = environment(search)
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "false"


def megabytes(size):
    """'512m', '1g', '1024M' -> megabytes."""
    number, unit = re.fullmatch(r"(\d+)([mMgG])[bB]?", str(size)).groups()
    return int(number) * (1024 if unit.lower() == "g" else 1)


def test_search_memory_is_capped(services):
    search = services["search"]
    java_opts = environment(search)["ES_JAVA_OPTS"].split()
    heap = {option[:4]: option[4:] for option in java_opts if option[:4] in ("-Xms", "-Xmx")}
    assert heap["-Xms"] == heap["-Xmx"], "a fixed heap avoids resizing pauses"
    assert megabytes(heap["-Xmx"]) <= megabytes(search["mem_limit"]) // 2, (
        "the heap should leave at least half of mem_limit to Lucene's file cache"
    )


def test_search_healthcheck_asks_cluster_health(services):
    assert "_cluster/health" in healthcheck_command(services["search"])


def test_web_waits_for_healthy_db_and_search(services):
    depends_on = services["web"]["depends_on"]
    assert depends_on == {
        "db": {"condition": "service_healthy"},
        "search": {"condition": "service_healthy"},
    }


def test_web_environment(services):
    env = environment(services["web"])
    assert env["DATABASE_URL"] == "postgres://kim:kim@db:5432/kim"
    assert env["ELASTICSEARCH_URL"] == "http://search:9200"
    assert env["DEBUG"] == "false"
    assert env["SECURE_SSL_REDIRECT"] == "false"
    assert env["SECURE_COOKIES"] == "false"
    assert env["SECRET_KEY"], "SECRET_KEY must be set (or interpolated from the host environment)"
    assert env["ALLOWED_HOSTS"]


def test_web_default_secret_key_is_long_enough_for_debug_off(services):
    # ${SECRET_KEY:-default}: the settings refuse keys under 50 characters when DEBUG is off.
    match = re.fullmatch(r"\$\{SECRET_KEY:-(.+)\}", environment(services["web"])["SECRET_KEY"])
    if match:
        assert len(match.group(1)) >= 50


def test_web_reads_the_shared_vocabulary_from_a_read_only_mount(services):
    web = services["web"]
    vocabulary = environment(web)["KIM_VOCABULARY_FILE"]
    shared_mounts = [mount for mount in volume_mounts(web) if mount[0] == "../shared"]
    assert len(shared_mounts) == 1
    _source, target, read_only = shared_mounts[0]
    assert read_only
    assert vocabulary == f"{target.rstrip('/')}/vocabulary/taxonomies.json"


def test_web_sets_up_the_portal_then_serves_with_gunicorn(services):
    command = command_text(services["web"])
    steps = [step.strip() for step in command.split("&&")]
    assert any("manage.py setup_portal" in step for step in steps)
    assert any("manage.py rebuild_search_index" in step for step in steps)
    setup = next(i for i, step in enumerate(steps) if "setup_portal" in step)
    rebuild = next(i for i, step in enumerate(steps) if "rebuild_search_index" in step)
    assert setup < rebuild < len(steps) - 1
    assert "gunicorn portal.wsgi:application" in steps[-1]
    assert "--bind 0.0.0.0:8000" in steps[-1]


def test_data_lives_in_named_volumes(compose, services):
    named = set(compose["volumes"])
    expected = {
        "db": "/var/lib/postgresql/data",
        "search": "/usr/share/elasticsearch/data",
        "web": "/data/media",
    }
    for service, target in expected.items():
        sources = {
            source
            for source, mount_target, _ro in volume_mounts(services[service])
            if mount_target == target
        }
        assert sources and sources <= named, f"{service} should keep {target} in a named volume"


def test_every_service_has_a_healthcheck(services):
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


@pytest.fixture(scope="module")
def dockerfile():
    """The Dockerfile as (INSTRUCTION, arguments) pairs, continuations joined, comments dropped."""
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    instructions, current = [], ""
    for line in text.splitlines():
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


def arguments(instructions, keyword):
    return [rest for key, rest in instructions if key == keyword]


def test_dockerfile_is_based_on_python_311_slim(dockerfile):
    assert arguments(dockerfile, "FROM")[0].startswith("python:3.11-slim")


def test_dockerfile_installs_the_project_with_pip_and_collects_static(dockerfile):
    runs = " ".join(arguments(dockerfile, "RUN"))
    assert "pip install ." in runs
    assert "manage.py collectstatic --noinput" in runs


def test_dockerfile_runs_as_a_non_root_user(dockerfile):
    users = arguments(dockerfile, "USER")
    assert users and users[-1] not in ("root", "0")


def test_dockerfile_exposes_and_serves_gunicorn_on_8000(dockerfile):
    assert "8000" in arguments(dockerfile, "EXPOSE")[-1].split()
    cmd = arguments(dockerfile, "CMD")[-1]
    argv = json.loads(cmd) if cmd.startswith("[") else shlex.split(cmd)
    assert argv[:2] == ["gunicorn", "portal.wsgi:application"]
    assert "0.0.0.0:8000" in argv


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".git", ".venv", "node_modules", "var"):
        assert entry in ignored
