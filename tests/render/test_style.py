"""Colours meet WCAG AA: text 4.5:1 on every fill, borders and arrows 3:1 on white."""

from __future__ import annotations

from procmodel.render import style

FILLS = [
    *style.LANE_FILLS,
    style.LANE_HEADER_FILL,
    style.TASK_FILL,
    style.SUBPROCESS_FILL,
    style.DECISION_FILL,
    style.GATEWAY_FILL,
    style.START_FILL,
    style.END_FILL,
    style.EVENT_FILL,
    *style.AREA_FILLS.values(),
    style.PROCESS_FILL,
    style.NATIONAL_GOAL_FILL,
    style.MUNICIPAL_GOAL_FILL,
    style.BACKGROUND,
]
BORDERS = [
    style.EDGE,
    style.LANE_BORDER,
    style.LANE_HEADER_BORDER,
    style.TASK_BORDER,
    style.DECISION_BORDER,
    style.START_BORDER,
    style.END_BORDER,
    style.EVENT_BORDER,
    *style.AREA_BORDERS.values(),
    style.NATIONAL_GOAL_BORDER,
    style.MUNICIPAL_GOAL_BORDER,
]


def test_text_contrast_aa():
    assert all(style.contrast(style.TEXT, fill) >= 4.5 for fill in FILLS)


def test_borders_contrast():
    assert all(style.contrast(border, style.BACKGROUND) >= 3 for border in BORDERS)
