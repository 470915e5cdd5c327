"""Unit variants merged into their central process (procmodel/variants.py), through a real load."""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.flow import compute_flow
from procmodel.report.text import headline
from procmodel.repository import Repository
from tests.helpers import run_procmodel
from tests.rules.test_rule_cases import copy_case

BASE = Path(__file__).parent / "rules" / "cases" / "PM704-variant-drops-required-goal" / "valid"
VARIANT = Path("enheter") / "ekskolan" / "kränkning.yaml"
HEAD = "extends: kränkning\nunit: ekskolan\n"


def repo_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str) -> Repository:
    root = tmp_path / "repo"
    copy_case(BASE, root)
    (root / VARIANT).write_text(HEAD + variant, encoding="utf-8")
    monkeypatch.chdir(root)
    return load_repository(".")


def lines(repo: Repository, *rules: str) -> list[str]:
    return [headline(f) for f in check_repository(repo) if not rules or f.rule in rules]


def path_of(repo: Repository, process_id: str) -> list[str]:
    """The step ids from the start along the flow (each step has one way on here)."""
    process = repo.processes[process_id]
    flow = compute_flow(process)
    sid, out = process.steps[0].id, []
    while sid:
        out.append(sid)
        nxt = flow.successors(sid)
        sid = nxt[0] if nxt else ""
    return out


NEW_STEP = "    step:\n      id: ny\n      title: Nytt steg\n      role: lärare\n"


def test_a_step_added_after_a_step_takes_its_place_in_the_flow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repo_with(tmp_path, monkeypatch, "add:\n  - after: ingrip\n" + NEW_STEP)
    assert path_of(repo, "kränkning@ekskolan") == ["kännedom", "ingrip", "ny", "anmäl", "klart"]
    assert path_of(repo, "kränkning") == ["kännedom", "ingrip", "anmäl", "klart"]  # the base is untouched
    assert repo.processes["kränkning@ekskolan"].title == "Anmälan av kränkande behandling (Ekskolan)"
    assert lines(repo) == []


def test_a_step_added_before_a_step_receives_its_arrows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repo_with(tmp_path, monkeypatch, "add:\n  - before: anmäl\n" + NEW_STEP)
    assert path_of(repo, "kränkning@ekskolan") == ["kännedom", "ingrip", "ny", "anmäl", "klart"]
    assert lines(repo) == []


def test_a_removed_step_is_bridged_and_its_reason_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    removal = "remove:\n  - step: ingrip\n    reason: Görs enligt ordningsreglerna.\n"
    repo = repo_with(tmp_path, monkeypatch, removal)
    assert path_of(repo, "kränkning@ekskolan") == ["kännedom", "anmäl", "klart"]
    info = repo.variants["kränkning@ekskolan"]
    assert [r.step.id for r in info.removed] == ["ingrip"]
    assert info.variant.remove[0].reason == "Görs enligt ordningsreglerna."
    assert lines(repo) == []


def test_a_central_change_flows_to_every_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = repo_with(tmp_path, monkeypatch, "replace:\n  - step: anmäl\n    deadline: Samma dag\n")
    central = Path("p/kränkning.yaml")
    central.write_text(
        central.read_text(encoding="utf-8").replace("title: Ingrip direkt", "title: Ingrip genast"),
        encoding="utf-8",
    )
    repo = load_repository(".")
    merged = repo.processes["kränkning@ekskolan"]
    assert merged.step("ingrip").title == "Ingrip genast"  # type: ignore[union-attr]
    anmäl = merged.step("anmäl")
    assert anmäl is not None and str(anmäl.deadline) == "Samma dag" and anmäl.role == "lärare"


def test_findings_point_into_the_variant_where_it_made_the_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repo_with(tmp_path, monkeypatch, "replace:\n  - step: anmäl\n    role: rektorn\n")
    assert lines(repo, "PM101") == [
        "enheter/ekskolan/kränkning.yaml:5:11: error PM101 unknown-role: unknown role 'rektorn' (role)"
    ]


def test_findings_about_central_steps_point_into_the_central_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repo_with(tmp_path, monkeypatch, "add:\n  - after: ingrip\n" + NEW_STEP)
    merged = repo.processes["kränkning@ekskolan"]
    anmäl = merged.steps.index(merged.step("anmäl"))  # type: ignore[arg-type]
    assert repo.sources.locate(repo.step_ref(merged, anmäl, "role")).line == 17
    assert repo.sources.locate(repo.where(merged.step("ny"), "role")).file == str(VARIANT)  # type: ignore[arg-type]
    assert repo.sources.locate(repo.where(merged.step("ingrip"), "next")).file == str(VARIANT)  # type: ignore[arg-type]


def test_an_added_step_that_skips_a_goal_step_bypasses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    skip = NEW_STEP + "      next: klart\n"
    repo = repo_with(tmp_path, monkeypatch, "add:\n  - after: ingrip\n" + skip)
    assert lines(repo, "PM704") == [
        "enheter/ekskolan/kränkning.yaml:1:10: error PM704 variant-drops-required-goal: the variant "
        "bypasses step 'anmäl' of 'kränkning', which serves the required goal 'sl-6-10'"
    ]


def test_a_missing_step_gets_a_did_you_mean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = repo_with(tmp_path, monkeypatch, "remove:\n  - step: ingripa\n    reason: x\n")
    (finding,) = [f for f in check_repository(repo) if f.rule == "PM702"]
    assert finding.hint == "Did you mean 'ingrip'?"
    assert headline(finding) == (
        "enheter/ekskolan/kränkning.yaml:4:11: error PM702 variant-target-missing: "
        "process 'kränkning' has no step 'ingripa'"
    )
    assert "kränkning@ekskolan" not in repo.processes


def test_check_fails_with_the_removal_and_the_goal_named(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    copy_case(BASE.with_name("invalid"), root)
    (root / "expected.txt").unlink()
    run = run_procmodel("--lang", "en", "check", ".", cwd=root)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "enheter/ekskolan/kränkning.yaml:4:11: error PM704" in run.stdout
    assert "'sl-6-10'" in run.stdout and "Traceback" not in run.stderr


def test_a_central_finding_is_reported_once_not_again_for_each_variant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repo_with(tmp_path, monkeypatch, "replace:\n  - step: anmäl\n    role: rektorn\n")
    central = Path("p/kränkning.yaml")
    central.write_text(central.read_text(encoding="utf-8").replace("owner: rektor\n", ""), encoding="utf-8")
    repo = load_repository(".")
    assert lines(repo, "PM401", "PM101") == [
        "enheter/ekskolan/kränkning.yaml:5:11: error PM101 unknown-role: unknown role 'rektorn' (role)",
        "p/kränkning.yaml:1:5: error PM401 missing-owner: process 'kränkning' has no owner",
    ]


def test_a_finding_the_variant_causes_in_a_central_step_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    skip = NEW_STEP + "      next: klart\n"
    repo = repo_with(tmp_path, monkeypatch, "add:\n  - after: ingrip\n" + skip)
    assert [f.rule for f in check_repository(repo) if f.rule == "PM203"] == ["PM203"]  # 'anmäl', bypassed


def test_removing_a_goal_step_is_allowed_when_another_step_still_serves_the_goal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo_with(
        tmp_path, monkeypatch, "remove:\n  - step: anmäl\n    reason: Läraren anmäler när hen ingriper.\n"
    )
    central = Path("p/kränkning.yaml")
    text = central.read_text(encoding="utf-8")
    central.write_text(
        text.replace("    title: Ingrip direkt\n", "    title: Ingrip direkt\n    goals: [sl-6-10]\n")
    )
    assert lines(load_repository("."), "PM704") == []


def test_merging_every_kind_of_change_leaves_the_central_process_as_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changes = (
        "add:\n  - before: anmäl\n" + NEW_STEP + "replace:\n  - step: anmäl\n    title: Anmäl i systemet\n"
        "    informed: [lärare]\nremove:\n  - step: ingrip\n    reason: Görs enligt ordningsreglerna.\n"
    )
    alone = repo_with(tmp_path / "alone", monkeypatch, "replace: []\n")
    merged = repo_with(tmp_path / "merged", monkeypatch, changes)
    central = merged.processes["kränkning"]
    assert central.model_dump() == alone.processes["kränkning"].model_dump()
    assert [s._index for s in central.steps] == list(range(len(central.steps)))
    variant = merged.processes["kränkning@ekskolan"]
    assert variant.step("anmäl").title == "Anmäl i systemet"  # type: ignore[union-attr]
    assert central.step("anmäl").title != "Anmäl i systemet"  # type: ignore[union-attr]
    assert not set(map(id, variant.steps)) & set(map(id, central.steps))
    added = merged.variants["kränkning@ekskolan"].variant.add[0].step  # as the variant file has it
    assert added.next is None and variant.step(added.id) is not added
    assert variant.step(added.id).next == "anmäl"  # type: ignore[union-attr]
