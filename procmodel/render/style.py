"""Colours, shapes and fonts of the diagrams, in one place.

All text is near-black (#1a1a1a) on light fills, so every text/background pair has a contrast
ratio above 7:1 (WCAG AAA for text; tests check AA = 4.5:1); borders and arrows are dark enough
for 3:1 against white (WCAG 1.4.11). Lanes differ by their label and border, not only by colour.
"""

from __future__ import annotations

from procmodel.model import EventTrigger, GatewayKind, TaskKind

#: Font for layout. "Arial" resolves to Liberation Sans (metric-compatible) for native dot, and the
#: WebAssembly build has built-in Arial metrics, so both engines size boxes alike.
FONT = "Arial"
#: font-family written into the SVG so browsers without Arial pick a metric-compatible font.
SVG_FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"

TEXT = "#1a1a1a"
EDGE = "#3b4a5a"
BACKGROUND = "#ffffff"

LANE_FILLS = ("#f4f7fb", "#ffffff")  # alternate lanes: tint / white
LANE_BORDER = "#5b6b7f"
LANE_HEADER_FILL = "#dde6f0"
LANE_HEADER_BORDER = "#34495e"

TASK_FILL = "#ffffff"
TASK_BORDER = "#2b4c7e"
SUBPROCESS_FILL = "#eef3fa"
DECISION_FILL = "#fff3d1"
DECISION_BORDER = "#7a5200"
GATEWAY_FILL = "#fff3d1"
START_FILL = "#e6f4ea"
START_BORDER = "#1e6b34"
END_FILL = "#fde8e8"
END_BORDER = "#a4161a"
EVENT_FILL = "#fff8e6"
EVENT_BORDER = "#6b4e00"

AREA_FILLS = {"ledning": "#eef2fb", "kärna": "#eaf5ee", "stöd": "#fbf1e6", "other": "#f3f3f3"}
AREA_BORDERS = {"ledning": "#2f4a8a", "kärna": "#1e6b34", "stöd": "#8a4b08", "other": "#555555"}
PROCESS_FILL = "#ffffff"
NATIONAL_GOAL_FILL = "#eef2fb"
NATIONAL_GOAL_BORDER = "#2f4a8a"
MUNICIPAL_GOAL_FILL = "#eaf5ee"
MUNICIPAL_GOAL_BORDER = "#1e6b34"

#: Marker glyphs inside event circles (all present in DejaVu Sans, the fallback font for PNG).
EVENT_MARKERS: dict[EventTrigger, str] = {
    EventTrigger.none: "",
    EventTrigger.timer: "◷",
    EventTrigger.message: "✉",
    EventTrigger.signal: "△",
    EventTrigger.error: "ϟ",
    EventTrigger.escalation: "⇑",
    EventTrigger.conditional: "≡",
    EventTrigger.compensation: "◁◁",
    EventTrigger.link: "→",
    EventTrigger.terminate: "●",
    EventTrigger.cancel: "✕",
    EventTrigger.multiple: "⬠",
}

#: Marker in front of a task title for the BPMN task types that have one.
TASK_MARKERS: dict[TaskKind, str] = {
    TaskKind.send: "✉",
    TaskKind.receive: "✉",
    TaskKind.service: "⚙",
    TaskKind.manual: "☞",
    TaskKind.script: "≣",
    TaskKind.business_rule: "▦",
    TaskKind.user: "",
    TaskKind.task: "",
}

GATEWAY_MARKERS: dict[GatewayKind, str] = {
    GatewayKind.exclusive: "×",
    GatewayKind.inclusive: "○",
    GatewayKind.event: "⬠",
    GatewayKind.complex: "✱",
}

SUBPROCESS_MARKER = "⊞"
GOAL_BADGE = "◎"


#: Advance widths of Arial/Helvetica (1/1000 em) for sizing boxes before Graphviz measures text.
_WIDTHS = {
    **dict.fromkeys("ijl", 222),
    **dict.fromkeys("ft", 278),
    **dict.fromkeys(" .,:;!I/\\'", 278),
    **dict.fromkeys("r()-[]", 333),
    **dict.fromkeys("cksvxyzJ", 500),
    **dict.fromkeys("abdeghnopqu0123456789åäöéü", 556),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("ABEKPSVXYÅÄ", 667),
    **dict.fromkeys("wCDHNRU", 722),
    **dict.fromkeys("GOQÖ", 778),
    **dict.fromkeys("mM", 833),
    "W": 944,
    "L": 556,
}


def text_width(text: str, fontsize: float) -> float:
    """Approximate width in points of ``text`` in Arial at ``fontsize`` (unknown glyphs: wide)."""
    return sum(_WIDTHS.get(ch, 722) for ch in text) * fontsize / 1000


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
