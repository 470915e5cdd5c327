"""``followup:`` in procmodel.yaml: the scale and the periods."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from procmodel import check_repository, load_repository
from procmodel.followup.config import FollowupConfig
from procmodel.report.text import headline


def test_the_default_scale_is_one_to_four() -> None:
    conf = FollowupConfig()
    assert [(lv.value, lv.label) for lv in conf.scale] == [
        ("1", "Inte uppfyllt"),
        ("2", "Delvis uppfyllt"),
        ("3", "I stort sett uppfyllt"),
        ("4", "Uppfyllt"),
    ]
    assert conf.rank("4") == 3 and conf.rank("5") is None and conf.level("2").label == "Delvis uppfyllt"


def test_periods_keep_their_order_and_title() -> None:
    conf = FollowupConfig.model_validate({"periods": {"2026-vt": {}, "2025-ht": {"title": "Hösten 2025"}}})
    assert conf.ordered_periods() == ["2026-vt", "2025-ht"]
    assert conf.period_title("2025-ht") == "Hösten 2025" and conf.period_title("2026-vt") == "2026-vt"


def test_a_level_listed_twice_is_an_error() -> None:
    with pytest.raises(ValidationError, match="scale level '2' is listed twice"):
        FollowupConfig.model_validate({"scale": [{"value": 1, "label": "a"}, {"value": "2", "label": "b"},
                                                 {"value": 2, "label": "c"}]})  # fmt: skip


def test_a_period_id_with_a_slash_is_a_located_schema_error(tmp_path: Path) -> None:
    (tmp_path / "procmodel.yaml").write_text(
        "followup:\n  periods:\n    2025/26: {due: 2026-08-31}\n", encoding="utf-8"
    )
    lines = [headline(f) for f in check_repository(load_repository(tmp_path)) if f.rule == "PM010"]
    assert len(lines) == 1 and lines[0].startswith(f"{load_repository(tmp_path).config_file}:3:")
