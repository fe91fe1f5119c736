"""The apps' dependency direction (README, "Dependency direction"), checked on the source.

Every module's imports – at module level and inside functions, both are real dependencies – and
`import_module("…")` calls give a graph between the apps. The directory's content
(`services_directory`) must not know who indexes, exports or moderates it, and no circle may
run between apps. `portal` plays three parts and is three nodes: its foundation (languages,
the translated-page mixin, configuration), which every app may use and which uses no app; the
site (home, content pages, legal pages, barrier reports); and the project (settings, URLs,
management commands), which wires every app together.
"""

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "services_directory", "search", "open_data", "carriers", "network", "curation", "steering", "referrals")
PORTAL_PROJECT = ("portal.settings", "portal.urls", "portal.wsgi", "portal.management")
PORTAL_FOUNDATION = (
    "portal.languages", "portal.translated", "portal.env", "portal.page_cache", "portal.page_tree", "portal.fragments",
    "portal.fields", "portal.bulk_work",
)
CONTENT = "services_directory"
CONTENT_MUST_NOT_KNOW = ("search", "open_data", "carriers", "network")
# A dotted reference to another app in a string: a permission, a model label, a module path.
_DOTTED = re.compile(r"^(?P<app>[a-z_]+)\.[A-Za-z_][\w.]*$")
_TEMPLATE_REFERENCE = re.compile(r"{%\s*(?:include|extends)\s+[\"'](?P<app>[a-z_]+)/")


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module or module.name
    where: str  # path:line

    def __str__(self):
        return f"{self.where}: {self.source} imports {self.target}"


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    package = module if is_package else module.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{name}" if name else package


def imports_of(path: Path, root: Path) -> list[Import]:
    """Every import in one file, relative ones resolved, as `module.name` where a name is imported."""
    module = module_name(path, root)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, where) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node.level, node.module) if node.level else node.module
            found += [Import(module, f"{base}.{alias.name}", where) for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(Import(module, node.args[0].value, where))
    return found


def node_of(dotted: str) -> str | None:
    """The graph node a module belongs to (None: not one of ours)."""
    app = dotted.split(".")[0]
    if app not in APPS:
        return None
    if app == "portal":
        if dotted.startswith(PORTAL_PROJECT):
            return "portal (project)"
        if dotted.startswith(PORTAL_FOUNDATION):
            return "portal (foundation)"
    return app


def python_files(root: Path):
    for app in APPS:
        yield from sorted((root / app).rglob("*.py"))


def app_edges(root: Path) -> dict[tuple[str, str], list[Import]]:
    """(from node, to node) → the imports that make the edge."""
    edges = defaultdict(list)
    for path in python_files(root):
        for item in imports_of(path, root):
            source, target = node_of(item.source), node_of(item.target)
            if source and target and source != target:
                edges[(source, target)].append(item)
    return edges


def circles(edges) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan), each sorted."""
    graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
        graph.setdefault(target, set())
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def content_violations(root: Path) -> list[str]:
    """Where the content app names search, open data or carriers: imports, dotted strings
    (permissions, module paths) and template includes."""
    problems = [
        str(item)
        for path in sorted((root / CONTENT).rglob("*.py"))
        for item in imports_of(path, root)
        if item.target.split(".")[0] in CONTENT_MUST_NOT_KNOW
    ]
    for path in sorted((root / CONTENT).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = _DOTTED.match(node.value)
                if match and match["app"] in CONTENT_MUST_NOT_KNOW and not node.value.endswith((".html", ".json")):
                    problems.append(f"{path.relative_to(root)}:{node.lineno}: names {node.value!r}")
    for path in sorted((root / CONTENT).rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in _TEMPLATE_REFERENCE.finditer(line):
                if match["app"] in CONTENT_MUST_NOT_KNOW:
                    problems.append(f"{path.relative_to(root)}:{number}: uses a template of {match['app']}")
    return problems


# -- the rules, on this repository ------------------------------------------------------------------


def test_the_directory_knows_nothing_of_search_open_data_or_carriers():
    assert content_violations(ROOT) == []


def test_no_import_circle_between_apps():
    edges = app_edges(ROOT)
    found = circles(edges)
    explained = [
        f"{' ↔ '.join(group)}: "
        + "; ".join(str(item) for (a, b), items in edges.items() if a in group and b in group for item in items[:2])
        for group in found
    ]
    assert found == [], "\n".join(explained)


def test_the_portal_foundation_imports_no_app():
    edges = app_edges(ROOT)
    outgoing = [str(item) for (source, _target), items in edges.items() if source == "portal (foundation)" for item in items]
    assert outgoing == []


def test_the_graph_sees_the_apps_it_should():
    """Guards the checks above against walking nothing: the known edges are there."""
    edges = app_edges(ROOT)
    assert ("search", CONTENT) in edges
    assert ("carriers", CONTENT) in edges
    assert (CONTENT, "portal (foundation)") in edges
    assert ("portal (project)", "carriers") in edges


# -- the checker itself, on small made-up trees ------------------------------------------------------


def _tree(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for app in APPS:
        (tmp_path / app).mkdir(exist_ok=True)
        (tmp_path / app / "__init__.py").touch()
    return tmp_path


@pytest.mark.parametrize(
    "source",
    [
        "from search.signals import reindex_offers\n",
        "def load():\n    from open_data import export\n",
        "import carriers.roles\n",
        "from importlib import import_module\nimport_module('search.service')\n",
        "PERMISSION = 'carriers.moderate_directory'\n",
    ],
)
def test_content_naming_another_app_is_reported(tmp_path, source):
    root = _tree(tmp_path, {"services_directory/demo/loader.py": source})
    problems = content_violations(root)
    assert problems and all(problem.startswith("services_directory/demo/loader.py:") for problem in problems)


def test_content_template_including_a_carriers_template_is_reported(tmp_path):
    root = _tree(tmp_path, {
        "services_directory/templates/services_directory/offer.html": '{% include "carriers/report_link.html" %}\n',
    })
    assert content_violations(root) == [
        "services_directory/templates/services_directory/offer.html:1: uses a template of carriers"
    ]


def test_a_new_circle_between_apps_is_reported(tmp_path):
    root = _tree(tmp_path, {
        "search/documents.py": "from services_directory.models import OfferPage\n",
        "services_directory/models.py": "def reindex():\n    from search import documents\n",
    })
    assert circles(app_edges(root)) == [["search", "services_directory"]]


def test_the_portal_project_may_import_every_app_without_a_circle(tmp_path):
    root = _tree(tmp_path, {
        "portal/urls.py": "import carriers.urls\nimport search.urls\n",
        "portal/languages.py": "LANGUAGES = ()\n",
        "carriers/views.py": "from portal.languages import LANGUAGES\n",
        "search/views.py": "from .facets import labels\nfrom portal.languages import LANGUAGES\n",
    })
    assert circles(app_edges(root)) == []


def test_relative_imports_resolve_to_their_app(tmp_path):
    root = _tree(tmp_path, {"portal/models.py": "from .home import tiles\nfrom . import translated\n"})
    targets = [item.target for item in imports_of(root / "portal/models.py", root)]
    assert targets == ["portal.home.tiles", "portal.translated"]
