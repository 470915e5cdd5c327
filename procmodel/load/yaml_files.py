"""The repository's YAML files, one loader per kind: configuration, roles, documents, goals, processes.

Each reads its file through a :class:`~procmodel.load.context.LoadContext`, validates it
against its model and registers what it defines; problems become located findings.
"""

from __future__ import annotations

from pathlib import Path

from procmodel.findings import SourceRef
from procmodel.i18n import t
from procmodel.load.context import LoadContext
from procmodel.load.schema_errors import did_you_mean
from procmodel.model import Config, DocumentsFile, Goal, GoalCatalog, RolesFile
from procmodel.rules.base import RULES, rule_for
from procmodel.search_words import SearchWordsFile


def load_config(ctx: LoadContext, path: Path) -> None:
    """``procmodel.yaml``: the configuration (and PM011 for rules it names that do not exist)."""
    got = ctx.read(path)
    if got is None:
        return
    display, data = got
    ctx.repo.config_file = display
    config = ctx.validate(Config, data, display)
    if config is None:
        return
    ctx.repo.config = config
    for key in config.rules:
        if rule_for(key) is None:
            names = [r.id for r in RULES.values()] + [r.name for r in RULES.values()]
            ctx.add(
                "PM011",
                t("PM011.message", rule=key),
                SourceRef(display, ("rules", key), key=True),
                did_you_mean(key, names, t("PM011.hint")),
            )


def load_roles(ctx: LoadContext, path: Path) -> None:
    """``roles.yaml``."""
    if got := ctx.read_model(path, RolesFile):
        display, model = got
        for i, role in enumerate(model.roles):
            ctx.register("role", role.id, SourceRef(display, ("roles", i)))
            ctx.repo.roles.setdefault(role.id, role)


def load_documents(ctx: LoadContext, path: Path) -> None:
    """``documents.yaml``."""
    if got := ctx.read_model(path, DocumentsFile):
        display, model = got
        for i, doc in enumerate(model.documents):
            ctx.register("document", doc.id, SourceRef(display, ("documents", i)))
            ctx.repo.documents.setdefault(doc.id, doc)


def load_synonyms(ctx: LoadContext, path: Path) -> None:
    """``sökord.yaml``: the site search's everyday words for the repository's own."""
    if got := ctx.read_model(path, SearchWordsFile):
        ctx.repo.synonyms = {k: [w for w in v if w] for k, v in got[1].synonyms.items() if k}


def load_catalog(ctx: LoadContext, path: Path) -> None:
    """One ``goals/*.yaml`` catalog and its goals, depth first."""
    got = ctx.read(path)
    if got is None:
        return
    display, data = got
    repo = ctx.repo
    catalog = ctx.validate(GoalCatalog, data, display)
    if catalog is None:
        if isinstance(data, dict):
            repo.invalid_ids.add(str(data.get("id")))
        return
    catalog._file = display
    if not ctx.register("catalog", catalog.id, SourceRef(display, ("id",))):
        return
    ctx.check_file_name(path, catalog.id, display)
    repo.catalogs[catalog.id] = catalog

    def walk(goals: list[Goal], prefix: tuple[str | int, ...], parent: str | None) -> None:
        for i, goal in enumerate(goals):
            ref = SourceRef(display, (*prefix, i))
            if ctx.register("goal", goal.id, ref):
                repo.goals[goal.id] = goal
                repo.goal_catalog[goal.id] = catalog.id
                repo.goal_parent[goal.id] = parent
            walk(goal.goals, (*prefix, i, "goals"), goal.id)

    walk(catalog.goals, ("goals",), None)


def load_process_file(ctx: LoadContext, path: Path) -> None:
    """One process file."""
    got = ctx.read(path)
    if got is not None:
        ctx.add_process(got[1], got[0], path)
