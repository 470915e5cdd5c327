"""``*.bpmn`` files in a repository: processes drawn in a BPMN tool, loaded like YAML ones.

The BPMN file gives the steps, flows and lanes (roles); goal and RACI links come from
procmodel attributes or extension elements in the file, or from a sidecar
``<name>.bpmn.yaml`` beside it::

    # ledighetsansökan.bpmn.yaml
    owner: rektor              # any process key except id and steps
    goals: [sl-7-18]
    steps:                     # step id → keys added to that step
      besluta:
        goals: [sl-7-18]
        accountable: rektor

Findings on a BPMN process point at the XML line of the element they concern.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from procmodel.bpmn.reader import ImportedProcess, read_bpmn_file
from procmodel.bpmn.xml import XmlProblem
from procmodel.findings import Location, SourceRef
from procmodel.i18n import t
from procmodel.load.context import LoadContext
from procmodel.model import Process, Step
from procmodel.repository import Locator

PROCESS_KEYS = set(Process.model_fields) - {"id", "steps", "schema_"}
STEP_KEYS = set(Step.model_fields) - {"id"}


def load_bpmn_file(ctx: LoadContext, path: Path, sidecar: Path | None) -> None:
    """Read one ``.bpmn`` file (and its sidecar) into the repository being loaded."""
    display = ctx.display(path)
    ctx.sources.files[display] = path
    stem = unicodedata.normalize("NFC", path.name.rsplit(".", 1)[0])
    try:
        result = read_bpmn_file(path, default_id=stem)
    except XmlProblem as p:
        ctx.add(p.rule, p.message, Location(display, p.line, p.column), p.hint)
        return
    except OSError as exc:
        ctx.add("PM001", t("PM001.unreadable.message", reason=exc.strerror), Location(display))
        return
    text = _Lines(path)
    for problem in result.problems:
        where = f" (element '{problem.element}')" if problem.element else ""
        ctx.add(
            problem.rule,
            problem.message + where,
            Location(display, problem.line, text.column(problem.line, problem.element)),
            problem.hint,
        )
    steps_of = {p.data["id"]: {s["id"] for s in p.data["steps"]} for p in result.processes}
    overlay = _read_sidecar(ctx, sidecar, steps_of) if sidecar else {}
    several = len(result.processes) > 1
    for imported in result.processes:
        pid = imported.data["id"]
        name = f"{display}#{pid}" if several else display
        data = _apply(imported.data, overlay.get(pid, {}))
        ctx.sources.files[name] = path
        ctx.sources.locators[name] = _locator(imported, text)
        ctx.add_process(data, name, path if not several else None)


def _apply(data: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """The process data with the sidecar's keys laid over it."""
    if not overlay:
        return data
    out = {**data, **{k: v for k, v in overlay.items() if k != "steps"}}
    steps = overlay.get("steps") or {}
    out["steps"] = [{**s, **steps.get(s["id"], {})} for s in data["steps"]]
    return out


def _read_sidecar(
    ctx: LoadContext, sidecar: Path, steps_of: dict[str, set[str]]
) -> dict[str, dict[str, Any]]:
    """Sidecar data per process id; unknown keys and steps become located findings."""
    got = ctx.read(sidecar)
    if got is None:
        return {}
    display, data = got
    process_ids = list(steps_of)
    if not isinstance(data, dict):
        return {}
    if "processes" in data:  # several processes in one file: processes: {id: {...}}
        blocks = data["processes"] if isinstance(data["processes"], dict) else {}
        base: tuple[str, ...] = ("processes",)
    else:
        blocks = {process_ids[0]: data} if process_ids else {}
        base = ()
    out: dict[str, dict[str, Any]] = {}
    for pid, block in blocks.items():
        prefix = (*base, pid) if base else ()
        if pid not in process_ids:
            ctx.add(
                "PM010",
                t("PM010.sidecar_process.message", process=pid),
                SourceRef(display, prefix, key=True),
                hint=t("PM010.sidecar_process.hint", processes=", ".join(process_ids)),
            )
            continue
        if not isinstance(block, dict):
            continue
        kept: dict[str, Any] = {}
        for key, value in block.items():
            if key == "steps":
                kept["steps"] = _sidecar_steps(ctx, display, (*prefix, "steps"), value, steps_of[pid])
            elif key in PROCESS_KEYS:
                kept[key] = value
            else:
                ctx.add(
                    "PM010",
                    t("PM010.sidecar_key.message", key=key),
                    SourceRef(display, (*prefix, key), key=True),
                    hint=t("PM010.sidecar_key.hint", keys=", ".join(sorted(PROCESS_KEYS))),
                )
        out[pid] = kept
    return out


def _sidecar_steps(
    ctx: LoadContext, display: str, prefix: tuple[str, ...], value: Any, known: set[str]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        ctx.add(
            "PM010",
            t("PM010.sidecar_steps.message"),
            SourceRef(display, prefix),
            hint=t("PM010.sidecar_steps.hint"),
        )
        return {}
    steps: dict[str, Any] = {}
    for sid, keys in value.items():
        if sid not in known:
            ctx.add(
                "PM010",
                t("PM010.sidecar_step.message", step=sid),
                SourceRef(display, (*prefix, sid), key=True),
                hint=t("PM010.sidecar_step.hint", steps=", ".join(sorted(known))),
            )
            continue
        if not isinstance(keys, dict):
            continue
        bad = [k for k in keys if k not in STEP_KEYS or k == "type"]
        for k in bad:
            ctx.add(
                "PM010",
                t("PM010.sidecar_flow.message", key=k),
                SourceRef(display, (*prefix, sid, k), key=True),
                hint=t("PM010.sidecar_flow.hint"),
            )
        steps[sid] = {k: v for k, v in keys.items() if k not in bad}
    return steps


class _Lines:
    """The file's lines, read only when a column is asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lines: list[str] | None = None

    def column(self, line: int, element: str | None) -> int:
        if line < 1:
            return 0
        if self._lines is None:
            try:
                self._lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                self._lines = []
        if line > len(self._lines):
            return 1
        text = self._lines[line - 1]
        if element:
            at = text.find(f'id="{element}"')
            if at >= 0:
                start = text.rfind("<", 0, at)
                return (start if start >= 0 else at) + 1
        at = text.find("<")
        return at + 1 if at >= 0 else 1


def _locator(imported: ImportedProcess, text: _Lines) -> Locator:
    def locate(path: tuple[str | int, ...], key: bool) -> tuple[int, int, int]:
        line = imported.line_of(path)
        return line, text.column(line, None), 0

    return locate
