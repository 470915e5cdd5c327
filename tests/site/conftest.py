"""Fixtures for the site tests: built sites, a local web server, headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .site_helpers import BASIC, CHROMIUM, CHROMIUM_ARGS, EXAMPLE, ROOT, SiteServer, build


@pytest.fixture(scope="session")
def basic_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(BASIC, tmp_path_factory.mktemp("basic-public") / "site", "public")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example library, built with the repository's own mkdocs.yml (public audience), its pages
    in two processes as `procmodel build` builds them."""
    if not (EXAMPLE / "procmodel.yaml").exists():
        pytest.skip("the example library processes/ is not there")
    return build(
        EXAMPLE,
        tmp_path_factory.mktemp("example") / "site",
        "public",
        config_file=ROOT / "mkdocs.yml",
        jobs=2,
    )


@pytest.fixture(scope="session")
def example_staff_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example library for staff (every process, the review page, edit links), with the repository's
    own mkdocs.yml."""
    if not (EXAMPLE / "procmodel.yaml").exists():
        pytest.skip("the example library processes/ is not there")
    return build(
        EXAMPLE, tmp_path_factory.mktemp("example-staff") / "site", "staff", config_file=ROOT / "mkdocs.yml"
    )


def _serve(directory: Path) -> Iterator[SiteServer]:
    server = SiteServer(directory)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def example_server(example_site: Path) -> Iterator[SiteServer]:
    yield from _serve(example_site)


@pytest.fixture(scope="session")
def example_staff_server(example_staff_site: Path) -> Iterator[SiteServer]:
    yield from _serve(example_staff_site)


@pytest.fixture(scope="session")
def basic_server(basic_public: Path) -> Iterator[SiteServer]:
    yield from _serve(basic_public)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print the search quality figures (mean reciprocal rank, top-3 share) when they were measured."""
    from .test_search_quality import SUMMARY

    for line in SUMMARY:
        terminalreporter.write_line(line)
