"""Test-session set-up: the test environment's own tools first, and every real part installed.

Tests start ``procmodel``, ``pre-commit`` and ``ruff`` by name (as the CI snippets in docs/ do),
so the running interpreter's ``bin/`` goes first on ``PATH``, once, here: the tests never depend
on what happens to be on the caller's ``PATH`` (``.venv/bin/python -m pytest`` without activation).

Some tests skip when a tool is missing (so a developer without Node can still run the rest);
in CI (``CI`` set, as `.ci/run` has it) or with ``PROCMODEL_REQUIRE_ALL=1`` a missing part
fails the run at once instead of turning into silent skips.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from procmodel.i18n import DEFAULT, LOCALE_VARIABLES, set_artefact_language, set_language

ROOT = Path(__file__).resolve().parents[1]

# Not resolved: a venv's python is a symlink to the base interpreter, and its bin/ is what we want.
ENV_BIN = Path(sys.executable).parent
os.environ["PATH"] = os.pathsep.join(
    [str(ENV_BIN), *(p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != str(ENV_BIN))]
)

# One language for every test (and every procmodel the tests start): English, as the golden
# files are; a test that wants Swedish sets LANG or --lang itself.
for _name in (*LOCALE_VARIABLES, "LANGUAGE"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C"

# No check result cache in .procmodel-cache/ beside the fixtures (tests that patch procmodel would
# otherwise see a report cached by an earlier run); tests/test_check_cache.py turns it on itself.
os.environ["PROCMODEL_NO_CACHE"] = "1"

#: where tests copy repositories from: a cache a developer's own run left there would be copied too
FIXTURE_ROOTS = (ROOT / "tests", ROOT / "processes")


def _remove_left_caches() -> None:
    """Remove the ``.procmodel-cache/`` folders a hand-run ``procmodel check`` or ``build`` left
    in the fixtures or the example library (caches, safe to delete): a test that copies the folder
    and expects no cache, or a cold one, would otherwise fail on the developer's machine only."""
    for root in FIXTURE_ROOTS:
        for cache in sorted(root.rglob(".procmodel-cache")):
            if cache.is_dir() and not cache.is_symlink():
                shutil.rmtree(cache)


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever the test before it chose."""
    set_language(DEFAULT)
    set_artefact_language(None)
    yield
    set_language(DEFAULT)
    set_artefact_language(None)


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder where ``procmodel check`` keeps its cache (this file turns it off
    elsewhere) with a user cache key of its own."""
    monkeypatch.delenv("PROCMODEL_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _missing() -> list[str]:
    missing = []
    if shutil.which("dot") is None:
        missing.append("Graphviz `dot` (Debian package graphviz)")
    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        missing.append("Chromium (Debian package chromium)")
    if shutil.which("node") is None:
        missing.append("Node.js")
    for pkg in ("bpmn-moddle", "bpmnlint", "axe-core"):
        if not (ROOT / "tests" / "node" / "node_modules" / pkg).is_dir():
            missing.append(f"npm package {pkg} in tests/node (cd tests/node && npm ci)")
    if not (ROOT.parent / "shared" / "corpus" / "bpmn-miwg").is_dir():
        missing.append("the BPMN MIWG corpus in ../shared/corpus/bpmn-miwg")
    return missing


def pytest_sessionstart(session: pytest.Session) -> None:
    _remove_left_caches()
    if _strict():
        missing = _missing()
        if missing:
            raise pytest.UsageError(
                "the test set-up is incomplete (run `make test`): missing " + "; ".join(missing)
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under CI a skip is a failure: every part the tests use is installed there, so a skip hides a bug."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and _strict():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI (nothing may skip there): {reason}"


def _strict() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("PROCMODEL_REQUIRE_ALL"))
