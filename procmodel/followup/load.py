"""Loading the follow-up files under ``uppföljning/`` into ``repo.followup`` (:mod:`~.followup.model`).

Called by :mod:`procmodel.load.repository` after the organisation, the goals and the processes:
the indicator catalog first, then the assessments and work plans (YAML, validated against their
models: schema errors are located PM010 findings), then the indicator CSV files
(:mod:`procmodel.followup.indicators`), whose rows are checked against the units, periods and
indicators as they are read. What the YAML files refer to (units, goals, levels, roles …) is
checked later, by the rules of :mod:`procmodel.rules.followup`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TypeVar

from procmodel.findings import SourceRef
from procmodel.followup.indicators import read_indicator_file
from procmodel.followup.model import AssessmentFile, IndicatorCatalog, Loaded, PlanFile
from procmodel.i18n import t
from procmodel.load.context import LoadContext

_M = TypeVar("_M", AssessmentFile, PlanFile)


def load_followup(
    ctx: LoadContext,
    catalog: Path | None,
    assessments: list[Path],
    plans: list[Path],
    values: list[Path],
) -> None:
    """Every follow-up file, in this order: catalog, assessments, plans, indicator values."""
    if catalog is not None:
        load_indicator_catalog(ctx, catalog)
    followup = ctx.repo.followup
    for path in assessments:
        _load_per_unit(ctx, path, AssessmentFile, followup.assessments, "assessment")
    for path in plans:
        _load_per_unit(ctx, path, PlanFile, followup.plans, "plan")
    for path in values:
        read_indicator_file(ctx, path)


def load_indicator_catalog(ctx: LoadContext, path: Path) -> None:
    """``uppföljning/indikatorer.yaml``: the indicators (ids registered, a duplicate is PM105)."""
    got = ctx.read_model(path, IndicatorCatalog)
    if got is None:
        return
    display, catalog = got
    followup = ctx.repo.followup
    followup.catalog, followup.catalog_file = catalog, display
    for i, indicator in enumerate(catalog.indicators):
        if ctx.register("indicator", indicator.id, SourceRef(display, ("indicators", i))):
            followup.indicators[indicator.id] = indicator


def _load_per_unit(
    ctx: LoadContext,
    path: Path,
    model: type[_M],
    into: dict[tuple[str, str], Loaded[_M]],
    kind: str,
) -> None:
    """One assessment or work plan; a second file for the same unit and period is PM804."""
    got = ctx.read_model(path, model)
    if got is None:
        return
    display, parsed = got
    key = (parsed.unit, parsed.period)
    _check_path(ctx, path, display, key, kind)
    first = into.get(key)
    if first is not None:
        ctx.add(
            "PM804",
            t(f"PM804.{kind}_file.message", unit=key[0], period=key[1], first=first.file),
            SourceRef(display, ("period",)),
            t(f"PM804.{kind}_file.hint", first=first.file),
        )
        return
    into[key] = Loaded(parsed, display)


def _check_path(ctx: LoadContext, path: Path, display: str, key: tuple[str, str], kind: str) -> None:
    """PM106 when the file is not ``<unit>/<period>.yaml`` (``<period>-plan.yaml``) as its content says."""
    unit, period = key
    suffix = "-plan" if kind == "plan" else ""
    stem = path.name.rsplit(".", 1)[0]
    expected = f"{period}{suffix}"
    if (
        unicodedata.normalize("NFC", path.parent.name) == unit
        and unicodedata.normalize("NFC", stem) == expected
    ):
        return
    where = f"{unit}/{expected}{path.suffix}"
    ctx.add(
        "PM106",
        t("PM106.followup.message", path=where, unit=unit, period=period),
        SourceRef(display, ("unit",)),
        t("PM106.followup.hint", path=where),
    )
