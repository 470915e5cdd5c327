"""Loading ``organisation.yaml`` and the unit variants under ``enheter/`` (both optional).

Variants are merged after every central process is loaded (YAML and BPMN alike): each
becomes a derived process ``<process>@<unit>`` in ``repo.processes``, so every check rule
sees it; ``repo.variants`` says where it came from.
"""

from __future__ import annotations

from pathlib import Path

from procmodel.findings import SourceRef
from procmodel.i18n import t
from procmodel.load.context import LoadContext
from procmodel.load.schema_errors import did_you_mean
from procmodel.organisation import OrganisationFile, VariantFile
from procmodel.variants import merge_variant


def load_organisation(ctx: LoadContext, path: Path) -> None:
    """``organisation.yaml``: the förvaltning, its areas and units (ids registered for duplicates)."""
    got = ctx.read_model(path, OrganisationFile)
    if got is None:
        return
    display, org = got
    ctx.repo.organisation = org
    ctx.repo.organisation_file = display
    for i, area in enumerate(org.areas):
        ctx.register("org_area", area.id, SourceRef(display, ("areas", i)))
    for i, unit in enumerate(org.units):
        if ctx.register("unit", unit.id, SourceRef(display, ("units", i))):
            ctx.repo.units[unit.id] = unit


def load_variants(ctx: LoadContext, paths: list[Path]) -> None:
    """Every variant file, merged into its central process (after all processes are loaded)."""
    repo = ctx.repo
    central = dict(repo.processes)
    for path in paths:
        got = ctx.read_model(path, VariantFile)
        if got is None:
            continue
        display, variant = got
        base = central.get(variant.extends)
        unit = repo.units.get(variant.unit)
        if base is None:
            known = [p for p in central if p not in repo.invalid_ids]
            if variant.extends not in repo.invalid_ids:  # a broken central file is reported already
                ctx.add(
                    "PM702",
                    t("PM702.process.message", process=variant.extends),
                    SourceRef(display, ("extends",)),
                    did_you_mean(variant.extends, known, t("PM702.process.hint")),
                )
            continue
        if unit is None:
            hint = (
                did_you_mean(variant.unit, list(repo.units), t("PM702.unit.hint"))
                if repo.organisation is not None
                else t("PM702.no_organisation.hint")
            )
            ctx.add("PM702", t("PM702.unit.message", unit=variant.unit), SourceRef(display, ("unit",)), hint)
            continue
        merged, info, problems = merge_variant(base, variant, unit.name, base._file, display)
        for p in problems:
            ctx.add(p.rule, p.message, SourceRef(display, p.path), p.hint)
        if merged is None:
            continue
        if ctx.register("process", merged.id, SourceRef(display, ("extends",))):
            repo.processes[merged.id] = merged
            repo.variants[merged.id] = info
