"""Run MkDocs for ``procmodel build`` and ``procmodel serve``, with or without a mkdocs.yml.

With a ``mkdocs.yml`` in the working directory (or one named with ``--config-file``) that
file is used, and the command-line options override the plugin's. Without one, a
complete configuration (mkdocs-material, Swedish, search tuned, the procmodel plugin) is
written to a temporary folder, so a user needs to know nothing about MkDocs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from procmodel.load.repository import CONFIG_NAME, RepositoryError, find_root
from procmodel.load.yaml_source import YamlProblem, read_yaml_file
from procmodel.model import Config
from procmodel.render.pool import default_jobs
from procmodel.site.i18n import LANGUAGES
from procmodel.site.plugin import ENV_AUDIENCE, ENV_LANG, ENV_REPOSITORY

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
TEMP_PREFIX = "procmodel-site-"  # temporary folders: the built-in mkdocs.yml, the preview's builds


class SiteError(Exception):
    """Why the site could not be built (shown to the user without a traceback)."""


def find_config(config_file: str | None, discover: bool = True) -> Path | None:
    """The mkdocs.yml to use: the one given, else one in the working directory, else None."""
    if config_file:
        path = Path(config_file)
        if not path.is_file():
            raise SiteError(
                f"{config_file}: no such file. Give the path of your mkdocs.yml, or leave it out."
            )
        return path
    for name in CONFIG_NAMES if discover else ():
        if Path(name).is_file():
            return Path(name)
    return None


def default_config(repo_root: Path, docs_dir: Path, site_name: str, lang: str) -> dict[str, object]:
    """A complete mkdocs-material configuration for a repository without a mkdocs.yml."""
    return {
        "site_name": site_name,
        "docs_dir": str(docs_dir),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": lang,
            "features": ["navigation.tabs", "navigation.top", "toc.follow"],
            "palette": {"primary": "indigo", "accent": "indigo"},
            "font": False,  # nothing external: system fonts, no Google Fonts
        },
        "plugins": [
            {"procmodel": {"repository": str(repo_root)}},
        ],
        "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}, "admonition"],
    }


def _set_environment(values: dict[str, str | None]) -> None:
    for k, v in values.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@contextlib.contextmanager
def _environment(values: dict[str, str | None]) -> Iterator[None]:
    """Set (``None``: unset) environment variables for the block, then restore them."""
    saved = {k: os.environ.get(k) for k in values}
    try:
        _set_environment(values)
        yield
    finally:
        _set_environment(saved)


@contextlib.contextmanager
def prepared(
    path: str | None, config: Path | None, audience: str, lang: str | None, workdir: Path | None = None
) -> Iterator[Path]:
    """Yield the mkdocs.yml to run (``config``, else a built-in one), with the environment set
    for the procmodel plugin. A built-in one is written into ``workdir`` (the caller removes
    it), else into a temporary folder removed afterwards."""
    env: dict[str, str | None] = {ENV_AUDIENCE: audience, ENV_LANG: lang, "NO_MKDOCS_2_WARNING": "1"}
    repo_path = path
    if config is None and repo_path is None:
        repo_path = "processes" if Path("processes").is_dir() else "."
    root: Path | None = None
    if repo_path is not None:
        try:
            root = find_root(repo_path)
        except RepositoryError as exc:
            raise SiteError(f"{exc}. Give the folder that holds procmodel.yaml.") from None
        env[ENV_REPOSITORY] = str(root)
    if config is not None:
        _require_plugin(config)
        with _environment(env):
            yield config
        return
    assert root is not None
    site_name, repo_lang = _repo_names(root)
    with (
        contextlib.nullcontext(str(workdir)) if workdir else tempfile.TemporaryDirectory(prefix=TEMP_PREFIX)
    ) as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        cfg = Path(tmp) / "mkdocs.yml"
        data = default_config(root, docs, site_name, lang or repo_lang)
        cfg.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        with _environment(env):
            yield cfg


def _repo_names(root: Path) -> tuple[str, str]:
    """Site name and language from procmodel.yaml (defaults when unreadable)."""
    try:
        data = read_yaml_file(root / CONFIG_NAME)
    except (OSError, YamlProblem):
        data = None
    if not isinstance(data, dict):
        data = {}
    defaults = Config()
    name = data.get("name")
    lang = data.get("language")
    return (
        name if isinstance(name, str) else defaults.name,
        lang if isinstance(lang, str) and lang in LANGUAGES else defaults.language,
    )


def _require_plugin(config: Path) -> None:
    text = config.read_text(encoding="utf-8", errors="replace")
    if "procmodel" not in text:
        raise SiteError(
            f"{config}: the procmodel plugin is not enabled. Add it under 'plugins:' "
            "(- procmodel), or run in a folder without a mkdocs.yml."
        )


def _mkdocs_logging(verbose: bool) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    return handler


def build_with_plugins(cfg: Any, jobs: int = 1) -> None:
    """mkdocs' build of a loaded config, between the plugins' startup and shutdown events
    (as ``mkdocs build`` runs it); used by ``procmodel build`` and the preview's builds.
    ``jobs``: processes the pages may be built in (:mod:`procmodel.site.page_split`)."""
    from mkdocs.commands.build import build

    from procmodel.site import page_split

    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        with page_split.allowed(jobs):
            build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def build_site(
    path: str | None = None,
    *,
    audience: str = "public",
    site_dir: str | None = None,
    lang: str | None = None,
    config_file: str | None = None,
    strict: bool = False,
    verbose: bool = False,
    discover_config: bool = True,
    site_url: str | None = None,
    jobs: int | None = None,
) -> Path:
    """Build the static site; returns the folder it was written to.

    ``discover_config=False`` ignores a mkdocs.yml in the working directory. ``jobs``: the
    processes its pages may be built in (default: as ``--jobs`` set, else one).
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config = find_config(config_file, discover_config)
    handler = _mkdocs_logging(verbose)
    try:
        with prepared(path, config, audience, lang) as cfg_path:
            overrides: dict[str, Any] = {"strict": strict}
            if site_url:
                overrides["site_url"] = site_url
            if site_dir:
                overrides["site_dir"] = str(Path(site_dir).resolve())
            elif config is None:
                overrides["site_dir"] = str(Path("site").resolve())
            try:
                cfg = load_config(str(cfg_path), **overrides)
                build_with_plugins(cfg, jobs=jobs or default_jobs())
            except MkDocsException as exc:
                raise SiteError(str(exc).strip() or type(exc).__name__) from None
            except SystemExit as exc:
                raise SiteError(f"the build was aborted (exit {exc.code}); see the messages above") from None
            return Path(cfg.site_dir)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)


def serve_site(
    path: str | None = None,
    *,
    audience: str = "staff",
    lang: str | None = None,
    config_file: str | None = None,
    dev_addr: str = "127.0.0.1:8000",
    open_in_browser: bool = False,
) -> None:
    """Preview the site, rebuilt when a file changes, until Ctrl+C or SIGTERM (see
    :mod:`procmodel.site.preview`). The temporary folder is removed on the way out."""
    from procmodel.site.preview import Preview, PreviewError, PreviewStopped, stop_on_signals

    config = find_config(config_file)
    with stop_on_signals():
        workdir: Path | None = None
        try:
            workdir = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
            with prepared(path, config, audience, lang, workdir=workdir) as cfg_path:
                Preview(cfg_path, workdir, dev_addr, open_in_browser).run()
        except PreviewError as exc:
            raise SiteError(str(exc)) from None
        except PreviewStopped:
            print("Stopped the preview.", file=sys.stderr)
        finally:
            if workdir is not None:
                shutil.rmtree(workdir)
