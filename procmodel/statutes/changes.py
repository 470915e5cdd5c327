"""A law changed: which paragraphs, and which goals, processes and steps they touch."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from procmodel.coverage import compute_coverage
from procmodel.repository import Repository
from procmodel.statutes.catalog import paragraph_key
from procmodel.statutes.parse import Paragraph, Statute, normalise

Change = Literal["changed", "added", "repealed"]
CHANGE_WORDS = {"changed": "ändrad", "added": "ny", "repealed": "upphävd"}


@dataclass
class Touch:
    """A goal for the paragraph and every step serving it."""

    goal: str
    catalog: str
    steps: list[tuple[str, str, str | None]] = field(default_factory=list)  # process, step, via


@dataclass
class ParagraphChange:
    """One paragraph whose text differs between two consolidated versions."""

    chapter: str
    number: str
    change: Change
    old: list[str]
    new: list[str]
    touches: list[Touch] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.chapter} kap. {self.number} §" if self.chapter else f"{self.number} §"

    @property
    def processes(self) -> list[str]:
        return sorted({p for t in self.touches for p, _, _ in t.steps})


def _order(key: tuple[str, str]) -> tuple:
    def part(s: str) -> tuple[int, str]:
        digits, _, letter = s.partition(" ")
        return (int(digits) if digits.isdigit() else 0, letter)

    return (part(key[0]) if key[0] else (0, ""), part(key[1]))


def _texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def compare(old: Statute, new: Statute) -> list[ParagraphChange]:
    """Paragraphs changed, added or repealed from ``old`` to ``new`` (text compared normalised)."""
    out = []
    for key in sorted(set(old.versions) | set(new.versions), key=_order):
        before, after = old.versions.get(key, []), new.versions.get(key, [])
        if not before:
            out.append(ParagraphChange(*key, "added", [], _texts(after)))
        elif not after:
            out.append(ParagraphChange(*key, "repealed", _texts(before), []))
        elif sorted(normalise(t) for t in _texts(before)) != sorted(normalise(t) for t in _texts(after)):
            out.append(ParagraphChange(*key, "changed", _texts(before), _texts(after)))
    return out


def attach(changes: list[ParagraphChange], repo: Repository, designation: str) -> None:
    """Add to each change the catalog goals for its paragraph and every step that serves them."""
    reference = f"SFS {designation}"
    by_key: dict[tuple[str, str], list[str]] = {}
    for cid, cat in repo.catalogs.items():
        if " ".join((cat.reference or "").split()) != reference:
            continue
        for goal in repo.catalog_goals(cid):
            key = paragraph_key(goal.number)
            if key and key[1] is not None:
                by_key.setdefault((key[0], key[1]), []).append(goal.id)
    coverage = compute_coverage(repo, approved_only=False)
    for ch in changes:
        for gid in by_key.get((ch.chapter, ch.number), []):
            steps = sorted({(s.process, s.step, s.via) for s in coverage[gid].services}, key=str)
            ch.touches.append(Touch(gid, repo.goal_catalog[gid], steps))


def as_json(
    old: Statute, new: Statute, changes: list[ParagraphChange], names: tuple[str, str] = ("OLD", "NEW")
) -> str:
    data = {
        "statute": new.designation,
        "old": {"file": names[0], "consolidation": old.consolidation},
        "new": {"file": names[1], "consolidation": new.consolidation},
        "changes": [
            {
                "paragraph": c.label,
                "chapter": c.chapter,
                "number": c.number,
                "change": c.change,
                "old": c.old,
                "new": c.new,
                "goals": [
                    {
                        "goal": t.goal,
                        "catalog": t.catalog,
                        "steps": [{"process": p, "step": s, "via": v} for p, s, v in t.steps],
                    }
                    for t in c.touches
                ],
                "processes": c.processes,
            }
            for c in changes
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _step_line(p: str, s: str, via: str | None) -> str:
    return f"{p} / {s}" + (f" (via {via})" if via else "")


def as_text(
    old: Statute, new: Statute, changes: list[ParagraphChange], names: tuple[str, str] = ("OLD", "NEW")
) -> str:
    lines = [
        f"{new.title} (SFS {new.designation}): {names[0]} ({old.consolidation})"
        f" → {names[1]} ({new.consolidation})"
    ]
    lines.append(
        f"{len(changes)} paragraf(er) skiljer sig: "
        + ", ".join(f"{sum(c.change == k for c in changes)} {w}" for k, w in CHANGE_WORDS.items())
    )
    for c in changes:
        lines.append(f"\n{c.label}  {CHANGE_WORDS[c.change]}")
        if not c.touches:
            lines.append("  inget mål i katalogen")
        for t in c.touches:
            lines.append(f"  mål {t.goal} ({t.catalog})")
            lines.extend(f"    {_step_line(*st)}" for st in t.steps)
            if not t.steps:
                lines.append("    inget steg arbetar mot målet")
    served = sorted({p for c in changes for p in c.processes})
    lines.append(
        "\nProcesser att granska: " + ", ".join(served)
        if served
        else "\nIngen process arbetar mot en ändrad paragraf."
    )
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(
    old: Statute, new: Statute, changes: list[ParagraphChange], names: tuple[str, str] = ("OLD", "NEW")
) -> str:
    out = [
        f"# Ändringar i {_md(new.title)} (SFS {new.designation})",
        "",
        f"Från `{_md(names[0])}` ({_md(old.consolidation)})"
        f" till `{_md(names[1])}` ({_md(new.consolidation)}): {len(changes)} paragraf(er).",
        "",
        "| Paragraf | Ändring | Mål | Processer och steg |",
        "|---|---|---|---|",
    ]
    for c in changes:
        goals = ", ".join(f"`{t.goal}`" for t in c.touches) or "–"
        steps = "<br>".join(_md(_step_line(*st)) for t in c.touches for st in t.steps) or "–"
        out.append(f"| {c.label} | {CHANGE_WORDS[c.change]} | {goals} | {steps} |")
    served = sorted({p for c in changes for p in c.processes})
    out += [
        "",
        "**Processer att granska:** " + ", ".join(served)
        if served
        else "Ingen process arbetar mot en ändrad paragraf.",
    ]
    return "\n".join(out) + "\n"
