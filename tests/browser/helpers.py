"""What browser tests check on a page: accessibility (axe-core), no third-party requests, screenshots.

Everything runs locally: axe-core comes from node_modules (installed by `npm ci`) and is evaluated
in the page, so it needs no network and no Content-Security-Policy exception.
"""

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = REPO / "var" / "screenshots"

# WCAG 2.1 A and AA, the level the BITV 2.0 / EN 301 549 require of a public body's site.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Schemes that never leave the browser.
IN_BROWSER_SCHEMES = {"data", "blob", "about"}
SCREENSHOT_WIDTHS = {375: 812, 1280: 800}  # width: viewport height (full-page shots grow taller)


@cache
def axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing: run `npm ci` (or `make install`) first")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page, *, tags=AXE_TAGS, context=None, disabled_rules=()):
    """Run axe-core on the page as it is now and return its violations (a list of dicts)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disabled_rules},
    }
    return page.evaluate(
        """async ([context, options]) => {
            const results = await axe.run(context || document, options);
            return results.violations.map((violation) => ({
                id: violation.id,
                impact: violation.impact,
                help: violation.help,
                helpUrl: violation.helpUrl,
                nodes: violation.nodes.map((node) => ({
                    target: node.target,
                    html: node.html,
                    failureSummary: node.failureSummary,
                })),
            }));
        }""",
        [context, options],
    )


def format_violations(violations, url=""):
    lines = [
        f"{len(violations)} accessibility violation(s) (axe-core, {'/'.join(AXE_TAGS)}) on {url}:"
    ]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            html = " ".join(node["html"].split())
            lines.append(f"    at {target}: {html[:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more element(s)")
    return "\n".join(lines)


def check_axe(page, **options):
    """Assert that axe-core finds no WCAG 2.1 A/AA violation on the page; return the (empty) list."""
    violations = axe_violations(page, **options)
    assert not violations, format_violations(violations, page.url)
    return violations


class RequestLog:
    """Every URL the browser requested since `record_requests` (documents, scripts, images, fetches)."""

    def __init__(self, urls=None):
        self.urls = list(urls or [])

    def __iter__(self):
        return iter(self.urls)

    def __len__(self):
        return len(self.urls)

    def external(self, base_url=None):
        """The requested URLs that leave this machine or, given base_url, go to another local port."""
        allowed_port = urlsplit(base_url).port if base_url else None
        offenders = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in IN_BROWSER_SCHEMES:
                continue
            local = parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS
            if not local or (allowed_port is not None and parts.port != allowed_port):
                offenders.append(url)
        return offenders

    def assert_only_local(self, base_url=None):
        """Assert that nothing went to a third party (no CDN, font service, analytics, map tiles)."""
        offenders = self.external(base_url)
        assert not offenders, (
            f"{len(offenders)} request(s) left the live server {base_url or '(any local host)'}:\n"
            + "\n".join(f"- {url}" for url in offenders)
        )


def record_requests(page):
    """Start recording the URL of every request made in the page's browser context."""
    log = RequestLog()
    page.context.on("request", lambda request: log.urls.append(request.url))
    return log


def assert_only_local_requests(requests, base_url=None):
    """Assert that every recorded URL (a RequestLog or a list of URLs) stayed on this machine."""
    log = requests if isinstance(requests, RequestLog) else RequestLog(requests)
    log.assert_only_local(base_url)


def save_screenshots(page, name):
    """Save full-page screenshots at phone and desktop width as var/screenshots/<name>-<width>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    original = page.viewport_size
    paths = []
    try:
        for width, height in SCREENSHOT_WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate("() => document.fonts.ready.then(() => undefined)")
            path = SCREENSHOT_DIR / f"{safe_name}-{width}.png"
            # Transitions fast-forwarded: Wagtail's admin slides its content beside the sidebar
            # (0.15 s) after a resize, and a picture taken at once showed the sidebar over it.
            page.screenshot(path=str(path), full_page=True, animations="disabled")
            paths.append(path)
    finally:
        if original:
            page.set_viewport_size(original)
    return paths
