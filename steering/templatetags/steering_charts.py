"""Server-rendered SVG for the steering reports: a small line chart and a tile map of the Stadtbezirke.

No script and no chart service: the SVG is written here, carries its own text alternative
(`<title>`/`<desc>`), and every template shows the same numbers as a table beside it.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext

from steering.coverage import THIN_AT_MOST

register = template.Library()

# A schematic of Cologne's 9 Stadtbezirke as tiles (column, row): the Rhine runs between the
# left-bank districts (columns 0–1) and the right-bank ones (column 2).
TILES = {
    "chorweiler": (1, 0),
    "ehrenfeld": (0, 1), "nippes": (1, 1), "muelheim": (2, 1),
    "lindenthal": (0, 2), "innenstadt": (1, 2), "kalk": (2, 2),
    "rodenkirchen": (1, 3), "porz": (2, 3),
}
TILE_W, TILE_H, GAP = 150, 84, 8


def tile_state(count: int) -> str:
    if count == 0:
        return "empty"
    return "thin" if count <= THIN_AT_MOST else "covered"


def state_mark(state: str) -> str:
    """The text mark beside the colour (never colour alone)."""
    return {"empty": gettext("none"), "thin": gettext("few")}.get(state, "")


@register.simple_tag(takes_context=True)
def district_map(context, counts, labels, urls=None, title=""):
    """The tile map: one linked tile per Stadtbezirk with its label, count and mark."""
    urls = urls or {}
    tiles = []
    for code, (column, row) in TILES.items():
        count = counts.get(code, 0)
        state = tile_state(count)
        tiles.append({
            "code": code, "label": labels.get(code, code), "count": count, "state": state, "mark": state_mark(state),
            "x": column * (TILE_W + GAP), "y": row * (TILE_H + GAP), "url": urls.get(code, ""),
            "cx": column * (TILE_W + GAP) + TILE_W // 2,
        })
    width = 3 * TILE_W + 2 * GAP
    height = 4 * TILE_H + 3 * GAP
    described = "; ".join(f"{tile['label']}: {tile['count']}" + (f" ({tile['mark']})" if tile["mark"] else "") for tile in tiles)
    return render_to_string("steering/includes/district_map.svg", {
        "tiles": tiles, "width": width, "height": height, "title": title or gettext("Offers per Stadtbezirk"),
        "description": described, "tile_w": TILE_W, "tile_h": TILE_H, "id_prefix": f"map-{id(counts)}",
    })


@register.simple_tag
def line_chart(points, label, width=320, height=120):
    """A small line chart of [(month date, value)], with its own text alternative."""
    pad_x, pad_y = 36, 16
    values = [value for _month, value in points]
    if not values:
        return render_to_string("steering/includes/empty_chart.html", {"label": label})
    low, high = min(values + [0]), max(values)
    span = (high - low) or 1
    step = (width - 2 * pad_x) / max(len(values) - 1, 1)
    coordinates = [
        (round(pad_x + index * step, 1), round(height - pad_y - (value - low) / span * (height - 2 * pad_y), 1))
        for index, value in enumerate(values)
    ]
    first, last = points[0], points[-1]
    description = gettext("%(label)s: from %(first)s in %(first_month)s to %(last)s in %(last_month)s; lowest %(low)s, highest %(high)s.") % {
        "label": label, "first": number_format(first[1]), "first_month": first[0].strftime("%Y-%m"),
        "last": number_format(last[1]), "last_month": last[0].strftime("%Y-%m"),
        "low": number_format(min(values)), "high": number_format(high),
    }
    return render_to_string("steering/includes/line_chart.svg", {
        "width": width, "height": height, "label": label, "description": description,
        # Coordinates as strings: the template must not localise them ("12,5" is no SVG number).
        "polyline": " ".join(f"{x},{y}" for x, y in coordinates), "dots": [(str(x), str(y)) for x, y in coordinates],
        "low": number_format(low), "high": number_format(high), "pad_x": pad_x, "pad_y": pad_y,
        "first_month": first[0].strftime("%Y-%m"), "last_month": last[0].strftime("%Y-%m"),
        "baseline": height - pad_y, "id_prefix": f"chart-{abs(hash((label, tuple(values))))}",
    })


@register.filter
def cell_state(count):
    return tile_state(count)


@register.filter
def cell_mark(count):
    return state_mark(tile_state(count))


@register.filter
def get_row(item):
    """The coverage row object behind a report row."""
    return item.get("_row")


@register.filter
def get_cell(cells, code):
    return cells.get(code)
