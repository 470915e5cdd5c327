"""The process map (processkarta): every process grouped by area, with call relations.

Areas are stacked top to bottom: ledningsprocesser, kärnprocesser, other areas, stödprocesser
(the repository's own order within each kind); processes without a known area come last under
"Övriga processer". Inside an area the processes form a grid; arrows show which process calls
which (subprocess steps).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection

from procmodel.collation import sort_key
from procmodel.graph import process_node, sources
from procmodel.model import Area, Process, Status
from procmodel.render import style
from procmodel.render.dot import DotWriter, Href, Raw, add_link, label, process_dom_id, quote, safe_href, wrap
from procmodel.render.words import diagram_words
from procmodel.repository import Repository

KIND_ORDER = {"ledning": 0, "kärna": 1, "other": 2, "stöd": 3}
OTHER_AREA = Area(id="övriga", title="Övriga processer", kind="other")  # titled "diagram.other_area"
#: Above this many call relations the map shows none (see the note on the map).
MAX_CALL_EDGES = 200
TITLE_FONTSIZE = 13
#: Statuses the map names under a process's title (in the site's words: one word per status).
SHOWN_STATUSES = (Status.draft, Status.review, Status.retired)


def map_areas(repo: Repository, processes: Collection[str] | None = None) -> list[tuple[Area, list[Process]]]:
    """Areas in map order, each with its (visible) processes sorted by title; empty areas dropped."""
    visible = [p for p in repo.processes.values() if processes is None or p.id in processes]
    areas = sorted(repo.config.areas, key=lambda a: KIND_ORDER.get(a.kind, 2))
    known = {a.id for a in areas}
    grouped: list[tuple[Area, list[Process]]] = []
    for area in [*areas, OTHER_AREA]:
        members = [
            p for p in visible if (p.area == area.id if area is not OTHER_AREA else p.area not in known)
        ]
        if members:
            grouped.append((area, sorted(members, key=lambda p: (sort_key(p.title), p.id))))
    return grouped


def map_dot(repo: Repository, href: Href | None = None, processes: Collection[str] | None = None) -> str:
    """DOT text of the process map."""
    w = DotWriter(
        "processkarta",
        {
            "rankdir": "TB",
            "newrank": True,
            "nodesep": "0.25",
            "ranksep": "0.35",
            "fontname": style.FONT,
            "bgcolor": style.BACKGROUND,
            "pad": "0.2",
            "id": "processkarta",
        },
        {
            "fontname": style.FONT,
            "fontsize": "11",
            "fontcolor": style.TEXT,
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": style.PROCESS_FILL,
            "width": "2.2",
            "height": "0.6",
            "margin": "0.12,0.06",
        },
        {"fontname": style.FONT, "fontsize": "10", "color": style.EDGE, "arrowsize": "0.7"},
    )
    grouped = map_areas(repo, processes)
    shown = {p.id for _, members in grouped for p in members}
    previous_last_row: str | None = None
    # every area title equally wide, so the areas' left edges line up
    other = diagram_words(repo)("diagram.other_area")
    titles = {area.id: wrap(other if area is OTHER_AREA else area.title, 16, 4) for area, _ in grouped}
    title_width = max(
        (style.text_width(line, TITLE_FONTSIZE) for lines in titles.values() for line in lines), default=0.0
    )
    for index, (area, members) in enumerate(grouped):
        kind = area.kind
        w.open(
            f'subgraph "cluster_area_{index}"',
            {
                "style": "filled",
                "fillcolor": style.AREA_FILLS.get(kind, style.AREA_FILLS["other"]),
                "color": style.AREA_BORDERS.get(kind, style.AREA_BORDERS["other"]),
                "penwidth": "1.5",
                "margin": "12",
                "id": f"area-{area.id}",
            },
        )
        cols = min(5, max(3, math.ceil(math.sqrt(len(members)))))
        rows = [members[i : i + cols] for i in range(0, len(members), cols)]
        # The area title is a node of its own, left of the first row: call arrows are routed around
        # nodes, but straight through a cluster's label.
        title = f"a:{area.id}"
        w.node(
            title,
            {
                "shape": "none",
                "style": "",
                "margin": "0.1,0",
                # left-aligned lines ("\\l" ends a line flush left)
                "label": Raw('"' + "".join(quote(line)[1:-1] + "\\l" for line in titles[area.id]) + '"'),
                "fontsize": str(TITLE_FONTSIZE),
                "width": f"{(title_width + 16) / 72:.2f}",
                "fixedsize": True,
                "id": f"area-{area.id}-title",
            },
        )
        for process in members:
            w.node(f"p:{process.id}", _process_attrs(repo, process, href, kind))
        for number, row in enumerate(rows):
            names = [f"p:{p.id}" for p in row]
            if number == 0:
                names.insert(0, title)
            w.stmt("{ rank=same; " + " ".join(quote(name) for name in names) + " }")
            for left, right in itertools.pairwise(names):
                w.edge(left, right, {"style": "invis"})
        for upper, lower in itertools.pairwise(rows):
            w.edge(f"p:{upper[0].id}", f"p:{lower[0].id}", {"style": "invis", "weight": "5"})
        w.close()
        if previous_last_row is not None:
            w.edge(previous_last_row, f"p:{rows[0][0].id}", {"style": "invis", "weight": "5"})
        previous_last_row = f"p:{rows[-1][0].id}"
    calls = _calls(repo, shown)
    if len(calls) > MAX_CALL_EDGES:
        # Thousands of arrows are unreadable and make the layout take minutes: leave them out.
        w.stmt(f"label={label([diagram_words(repo)('diagram.calls_left_out', n=len(calls))])}")
        w.stmt('labelloc="b"')
        w.stmt('fontsize="11"')
        calls = []
    for caller, callee, count in calls:
        w.edge(
            f"p:{caller}",
            f"p:{callee}",
            {
                "constraint": False,
                "style": "dashed",
                "penwidth": "1.3",
                "id": f"calls-{caller}-{callee}",
                "tooltip": diagram_words(repo)(
                    "diagram.map_calls" if count == 1 else "diagram.map_calls_steps",
                    caller=repo.processes[caller].title,
                    callee=repo.processes[callee].title,
                    n=count,
                ),
            },
        )
    return w.text()


def _process_attrs(repo: Repository, process: Process, href: Href | None, kind: str) -> dict[str, object]:
    lines = wrap(process.title, 26, 6)
    if process.status in SHOWN_STATUSES:
        lines.append(f"({diagram_words(repo)('site.status.' + process.status.value)})")
    values: dict[str, object] = {
        "id": process_dom_id(process.id),
        "label": Raw(label(lines)),
        "color": style.AREA_BORDERS.get(kind, style.AREA_BORDERS["other"]),
        "penwidth": "1.5",
        "tooltip": process.title + (f": {process.question}" if process.question else ""),
    }
    if process.status is Status.retired:
        values["style"] = "rounded,filled,dashed"
    add_link(values, safe_href(href, "process", process.id))
    return values


def _calls(repo: Repository, shown: set[str]) -> list[tuple[str, str, int]]:
    """(caller, callee, number of calling steps) between visible processes, in a stable order."""
    counts: dict[tuple[str, str], int] = {}
    for callee in sorted(shown):
        for step_key in sources(repo.graph, process_node(callee), "calls"):
            caller = step_key.split(":", 1)[1].split("/", 1)[0]
            if caller in shown and caller != callee:
                counts[(caller, callee)] = counts.get((caller, callee), 0) + 1
    return [(a, b, n) for (a, b), n in sorted(counts.items())]
