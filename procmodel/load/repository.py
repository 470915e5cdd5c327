"""Load a process repository from disk into model objects, with findings.

Layout of a repository (the folder holding ``procmodel.yaml``)::

    procmodel.yaml        configuration (optional)
    roles.yaml            roles
    documents.yaml        documents (optional)
    goals/*.yaml          one goal catalog per steering document
    organisation.yaml     the förvaltning, its areas and units (optional)
    enheter/<unit>/*.yaml unit variants of central processes (optional)
    uppföljning/          follow-up: assessments, work plans, indicators (optional, procmodel.followup)
    **/*.yaml             everything else: one process per file
    **/*.bpmn             processes drawn in a BPMN tool (``x.bpmn.yaml`` beside it: links)

Which files are read (regular files inside the repository only) is decided by
:mod:`procmodel.load.discovery`; this module sets the order of loading: the
configuration first, then roles and documents, the organisation, goal catalogs, YAML
processes, BPMN processes, the unit variants (merged into their central
processes) and last the follow-up files, each through a :class:`~procmodel.load.context.LoadContext`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from procmodel.findings import Location
from procmodel.followup.load import load_followup
from procmodel.load import organisation, yaml_files
from procmodel.load.context import LoadContext
from procmodel.load.discovery import (
    CONFIG_NAME,
    DOCUMENTS_NAME,
    GOALS_DIR,
    ROLES_NAME,
    SIDECAR_SUFFIX,
    SYNONYMS_NAME,
    YAML_SUFFIXES,
    Discovered,
    RepositoryError,
    discover,
    find_root,
)
from procmodel.load.parse_cache import ParseCache
from procmodel.repository import Repository

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CONFIG_NAME",
    "DOCUMENTS_NAME",
    "GOALS_DIR",
    "ROLES_NAME",
    "SIDECAR_SUFFIX",
    "SYNONYMS_NAME",
    "YAML_SUFFIXES",
    "RepositoryError",
    "find_root",
    "gc_paused",
    "load_repository",
]


def load_repository(
    path: str | os.PathLike[str] = "processes", parse_cache: ParseCache | None = None
) -> Repository:
    """Load every file of a repository; problems become findings, never exceptions.

    ``parse_cache``: reuse (and keep) the parsed YAML files of earlier runs (``procmodel check``).
    Raises :class:`RepositoryError` only when ``path`` is not a folder at all.
    """
    root = find_root(path)
    with gc_paused():
        ctx = LoadContext(root, parse_cache)
        _load_files(ctx)
    ctx.repo.graph_builder = _graph_of
    if parse_cache is not None:
        parse_cache.save()
    return ctx.repo


def _load_files(ctx: LoadContext) -> None:
    load_found(ctx, discover(ctx.root))


def load_found(ctx: LoadContext, found: Discovered, only: Collection[Path] | None = None) -> None:
    """Load the files ``found``, in the loader's order; ``only``: of the YAML process and variant
    files, just these (a quick check, :mod:`procmodel.check_state`)."""
    for refused in found.refused:
        ctx.add(refused.rule, refused.message, Location(ctx.display(refused.path)), refused.hint)
    if found.config is not None:
        yaml_files.load_config(ctx, found.config)
    if found.roles is not None:
        yaml_files.load_roles(ctx, found.roles)
    if found.documents is not None:
        yaml_files.load_documents(ctx, found.documents)
    if found.organisation is not None:
        organisation.load_organisation(ctx, found.organisation)
    if found.synonyms is not None:
        yaml_files.load_synonyms(ctx, found.synonyms)
    for path in found.catalogs:
        yaml_files.load_catalog(ctx, path)
    for path in found.processes:
        if only is None or path in only:
            yaml_files.load_process_file(ctx, path)
    if found.bpmn:
        from procmodel.load.bpmn_source import load_bpmn_file  # lxml: only for drawn processes

        for path in found.bpmn:
            load_bpmn_file(ctx, path, found.sidecar_of(path))
    variants = found.variants if only is None else [p for p in found.variants if p in only]
    organisation.load_variants(ctx, variants)
    load_followup(ctx, found.indicator_catalog, found.assessments, found.plans, found.indicator_values)


def _graph_of(repo: Repository) -> nx.MultiDiGraph:
    """The repository's graph (built on first use, see :attr:`Repository.graph`)."""
    from procmodel.graph import build_graph  # graph depends on the loaded model

    with gc_paused():
        return build_graph(repo)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large, long-lived structure is built.

    Loading creates hundreds of thousands of objects that all stay alive; the
    collector would scan them again and again (doubling the load time) and find
    nothing to free. Reference counting still frees everything short-lived.
    On the way out, freeze + unfreeze moves the new objects straight to the
    oldest generation (a list splice), so the next young collection does not
    have to walk them all once more; garbage among them is still collected by
    the next full collection. Objects a caller had frozen (a site build freezes what lives
    until its end) stay frozen, and the new ones with them: that caller unfreezes them all.
    """
    was_enabled = gc.isenabled()
    was_frozen = gc.get_freeze_count() > 0
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if not was_frozen:
            gc.unfreeze()
        if was_enabled:
            gc.enable()
