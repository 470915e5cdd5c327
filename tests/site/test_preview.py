"""`procmodel serve` as a user runs it: a real server on 127.0.0.1, real edits, real signals.

Every wait is a bounded polling loop; nothing asserts how long anything took.
"""

from __future__ import annotations

import html
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .site_helpers import BASIC

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
PAGE = "processer/fr%C3%A5nvaro/"
BOUND = 120  # seconds any wait may take at most on a loaded machine


class Served:
    """A running `procmodel serve` subprocess and what it printed."""

    def __init__(self, proc: subprocess.Popen[str], tmp: Path) -> None:
        self.proc = proc
        self.tmp = tmp
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        line = self.wait_for(lambda: next((x for x in self.lines if "http://127.0.0.1:" in x), None))
        self.url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    def wait_for(self, probe: Callable[[], Any], what: str = "the preview") -> Any:
        deadline = time.monotonic() + BOUND
        while time.monotonic() < deadline:
            got = probe()
            if got:
                return got
            assert self.proc.poll() is None, f"procmodel serve ended:\n{''.join(self.lines)}"
            time.sleep(0.1)
        raise AssertionError(f"waited in vain for {what}:\n{''.join(self.lines)}")

    def get(self, path: str = "") -> tuple[int, str]:
        """Status and body; a request must always be answered (5 s at most)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def status(self) -> dict[str, Any]:
        return json.loads(self.get(".procmodel/status")[1])

    def next_version(self, after: int) -> dict[str, Any]:
        """The state once a rebuild after version ``after`` has been published."""
        return self.wait_for(
            lambda: (s := self.status())["version"] > after and not s["building"] and s, "a rebuild"
        )


@contextmanager
def serving(tmp_path: Path) -> Iterator[tuple[Served, Path]]:
    """`procmodel serve` on a copy of the basic fixture, on a free port, with its own TMPDIR."""
    repo = shutil.copytree(BASIC, tmp_path / "processes")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "procmodel", "serve", str(repo), "--dev-addr", "127.0.0.1:0"],
        cwd=tmp_path,
        env={**ENV, "TMPDIR": str(tmp)},
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        served = Served(proc, tmp)
        served.wait_for(lambda: served.status()["served"], "the first build")
        yield served, repo
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _where(text: str, needle: str, file: str) -> str:
    """``file:line:col`` of the value ``needle`` in ``text`` (how a finding is located)."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return f"{file}:{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} not in the file")


def _panel(html: str) -> str:
    m = re.search(r'<(section|details) id="procmodel-preview".*?</\1>', html, re.S)
    return m.group(0) if m else ""


def test_a_new_rule_error_keeps_the_last_good_site_and_shows_the_current_location(tmp_path):
    with serving(tmp_path) as (srv, repo):
        v0 = srv.status()["version"]
        code, page = srv.get(PAGE)
        assert code == 200 and "Frånvarohantering" in page
        assert 'role="alert"' not in _panel(page)  # errors already there: a closed panel only
        source = repo / "flöden" / "frånvaro.yaml"
        _edit(source, "title: Frånvarohantering", "title: Frånvaro steg för steg")
        text = _edit(source, "role: mentor", "role: ingen-sådan-roll")
        state = srv.next_version(v0)
        assert state["held"] and not state["failure"]
        where = _where(text, "ingen-sådan-roll", "processes/flöden/frånvaro.yaml")
        new = [e for e in state["errors"] if e["new"]]
        assert [(e["where"], e["rule"]) for e in new] == [(where, "PM101")]
        for path in (PAGE, "", "roller/mentor/"):  # every page: the last good version, and the error
            code, page = srv.get(path)
            panel = _panel(page)
            assert code == 200 and 'role="alert"' in panel, path
            assert where in panel and "PM101" in panel and "ingen-sådan-roll" in panel
            assert new[0]["hint"] and html.escape(new[0]["hint"]) in panel
        assert "Frånvarohantering" in srv.get(PAGE)[1]
        assert "Frånvaro steg för steg" not in srv.get(PAGE)[1]

        # lines shift above the error: the panel follows the file as it is now
        text = "# en kommentar\n# och en till\n\n" + text
        source.write_text(text, encoding="utf-8")
        state = srv.next_version(state["version"])
        moved = _where(text, "ingen-sådan-roll", "processes/flöden/frånvaro.yaml")
        assert moved != where
        assert [e["where"] for e in state["errors"] if e["new"]] == [moved]
        assert moved in _panel(srv.get(PAGE)[1])

        # fixing the file publishes the edit; no restart
        _edit(source, "role: ingen-sådan-roll", "role: mentor")
        state = srv.next_version(state["version"])
        assert not state["held"] and not [e for e in state["errors"] if e["new"]]
        page = srv.get(PAGE)[1]
        assert "Frånvaro steg för steg" in page and 'role="alert"' not in _panel(page)


def test_a_yaml_error_is_located_and_requests_are_still_answered(tmp_path):
    with serving(tmp_path) as (srv, repo):
        v0 = srv.status()["version"]
        source = repo / "flöden" / "frånvaro.yaml"
        good = source.read_text(encoding="utf-8")
        source.write_text(good.replace("title: Frånvarohantering", "title: [Frånvaro"), encoding="utf-8")
        state = srv.next_version(v0)
        assert state["held"]
        error = next(e for e in state["errors"] if e["new"] and e["rule"] == "PM001")
        assert error["where"].startswith("processes/flöden/frånvaro.yaml:")
        assert re.fullmatch(r".*:\d+:\d+", error["where"])
        code, page = srv.get(PAGE)
        assert code == 200 and "Frånvarohantering" in page and error["where"] in _panel(page)
        assert srv.get("assets/procmodel/procmodel.css")[0] == 200  # everything else too
        assert srv.get("finns-inte/")[0] == 404
        for escape in ("../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/hosts"):
            conn = http.client.HTTPConnection(srv.url.split("/")[2], timeout=5)
            conn.request("GET", "/" + escape)
            answer = conn.getresponse()
            assert answer.status == 404 and b"root:" not in answer.read(), escape
            conn.close()

        source.write_text(good.replace("Frånvarohantering", "Frånvaro igen"), encoding="utf-8")
        srv.next_version(state["version"])
        assert "Frånvaro igen" in srv.get(PAGE)[1]


def test_a_review_date_past_year_9999_does_not_stick_the_server(tmp_path):
    """Issue 18: `reviewed: 9999-06-01` once left the preview answering nothing."""
    with serving(tmp_path) as (srv, repo):
        v0 = srv.status()["version"]
        source = repo / "flöden" / "frånvaro.yaml"
        good = source.read_text(encoding="utf-8")
        source.write_text(good.replace("reviewed: 2026-05-01", "reviewed: 9999-06-01"), encoding="utf-8")
        state = srv.next_version(v0)
        assert state["held"] and (state["failure"] or any(e["new"] for e in state["errors"]))
        code, page = srv.get(PAGE)
        assert code == 200 and "Frånvarohantering" in page and 'role="alert"' in _panel(page)
        source.write_text(good.replace("Frånvarohantering", "Frånvaro åter"), encoding="utf-8")
        state = srv.next_version(state["version"])
        assert not state["held"] and not state["failure"]
        assert "Frånvaro åter" in srv.get(PAGE)[1]


def test_the_live_reload_request_answers_when_the_site_changes(tmp_path):
    with serving(tmp_path) as (srv, repo):
        page = srv.get(PAGE)[1]
        version = srv.status()["version"]
        assert f"var v={version};" in page and "/.procmodel/wait" in page
        result: dict[str, Any] = {}

        def wait() -> None:
            with urllib.request.urlopen(f"{srv.url}.procmodel/wait?v={version}", timeout=BOUND) as r:
                result.update(json.loads(r.read()))

        waiter = threading.Thread(target=wait)
        waiter.start()
        _edit(repo / "flöden" / "frånvaro.yaml", "title: Frånvarohantering", "title: Ny rubrik")
        waiter.join(BOUND)
        assert result["version"] > version
        srv.wait_for(lambda: "Ny rubrik" in srv.get(PAGE)[1], "the edit")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_a_rebuild_stops_it_and_removes_its_folder(tmp_path, signum):
    with serving(tmp_path) as (srv, repo):
        folders = list(srv.tmp.glob("procmodel-site-*"))
        assert len(folders) == 1
        worker = srv.status()["worker"]
        v0 = srv.status()["version"]
        _edit(repo / "flöden" / "frånvaro.yaml", "title: Frånvarohantering", "title: Avbruten")
        srv.wait_for(lambda: (s := srv.status())["building"] or s["version"] > v0, "a rebuild to start")
        srv.proc.send_signal(signum)
        srv.proc.wait(timeout=10)  # a bound, not a timing assert: it must end by itself
        assert srv.proc.returncode == 0
        assert list(srv.tmp.iterdir()) == []
        with pytest.raises(ProcessLookupError):
            os.kill(worker, 0)  # the build process is gone too
        assert any("Stopped the preview" in line for line in srv.lines)


def test_a_port_in_use_is_a_clear_error(tmp_path):
    with serving(tmp_path) as (srv, repo):
        port = srv.url.rsplit(":", 1)[1].strip("/")
        second = subprocess.run(
            [sys.executable, "-m", "procmodel", "serve", str(repo), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env={**ENV, "TMPDIR": str(srv.tmp)},
            capture_output=True,
            text=True,
            timeout=BOUND,
        )
        assert second.returncode == 1
        assert f"cannot serve on 127.0.0.1:{port}" in second.stderr and "--dev-addr" in second.stderr
        assert "Traceback" not in second.stderr
        assert len(list(srv.tmp.glob("procmodel-site-*"))) == 1  # only the running one's


def test_an_edit_updates_the_process_page_and_the_pages_listing_it_in_place(tmp_path):
    with serving(tmp_path) as (srv, repo):
        v0 = srv.status()["version"]
        _edit(repo / "flöden" / "frånvaro.yaml", "title: Frånvarohantering", "title: Frånvaro på nytt")
        state = srv.next_version(v0)
        assert state["timings"]["first"] <= state["timings"]["all"]  # an update in place, not a build
        for path in (PAGE, "roller/mentor/", "processer/", "", "t%C3%A4ckning/"):
            code, page = srv.get(path)
            assert code == 200 and "Frånvaro på nytt" in page and "Frånvarohantering" not in page, path
        assert any(line.startswith("Updated 1 page (the edited process)") for line in srv.lines)
        assert len(list((srv.tmp).glob("procmodel-site-*/builds/*"))) == 1  # still the first build's folder


def test_the_browser_reloads_the_pages_an_edit_changed_and_shows_a_broken_file(tmp_path, browser):
    """Headless Chromium: pages reload by themselves when they changed, and only then; a broken
    file shows its located error over the last good page; the fix recovers."""
    with serving(tmp_path) as (srv, repo):
        source = repo / "flöden" / "frånvaro.yaml"
        good = source.read_text(encoding="utf-8")
        context = browser.new_context(locale="sv-SE")
        try:
            pages = {path: context.new_page() for path in (PAGE, "roller/mentor/", "processer/anm%C3%A4lan/")}
            for path, pg in pages.items():
                pg.goto(srv.url + path)
                pg.evaluate("window.pmKept = true")  # gone when the page reloads
            edited, listing, other = pages.values()

            v0 = srv.status()["version"]
            source.write_text(good.replace("Frånvarohantering", "Frånvaro i webbläsaren"), encoding="utf-8")
            # document.body is null for a moment while the page reloads
            shows = "!!document.body && document.body.innerText.includes('Frånvaro i webbläsaren')"
            edited.wait_for_function(shows, timeout=BOUND * 1000)
            listing.wait_for_function(shows, timeout=BOUND * 1000)
            srv.next_version(v0)  # the whole update is done
            assert other.evaluate("window.pmKept") is True  # a page the edit did not change stays
            assert edited.evaluate("window.pmKept") is None

            source.write_text(good.replace("title: Frånvarohantering", "title: [Frånvaro"), encoding="utf-8")
            for pg in (edited, other):
                pg.wait_for_selector('#procmodel-preview[role="alert"]', timeout=BOUND * 1000)
                panel = pg.inner_text("#procmodel-preview")
                assert re.search(r"processes/flöden/frånvaro\.yaml:\d+:\d+", panel) and "PM001" in panel
            assert "Frånvaro i webbläsaren" in edited.inner_text("h1")  # the last good page stays

            source.write_text(good.replace("Frånvarohantering", "Frånvaro rättad"), encoding="utf-8")
            edited.wait_for_function(
                "!!document.body && document.body.innerText.includes('Frånvaro rättad')"
                " && !document.querySelector('#procmodel-preview[role=\"alert\"]')",
                timeout=BOUND * 1000,
            )
            other.wait_for_function(
                "!document.querySelector('#procmodel-preview[role=\"alert\"]')", timeout=BOUND * 1000
            )
        finally:
            context.close()
