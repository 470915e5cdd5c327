"""What every loader (YAML files, BPMN files) uses to put what it read into a repository.

A :class:`LoadContext` holds the repository being loaded and offers the few things a
loader needs: record a finding, read a YAML file with its locations, validate data
against a model, and register a process (or a role, goal …) under its id. The YAML
loader (:mod:`procmodel.load.yaml_files`) and the BPMN loader
(:mod:`procmodel.load.bpmn_source`) are peers that use only this.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from procmodel.findings import Location, SourceRef
from procmodel.i18n import t
from procmodel.load.discovery import NotRegularFile, Stamp, read_regular_file
from procmodel.load.parse_cache import ParseCache
from procmodel.load.schema_errors import schema_messages
from procmodel.load.yaml_source import MAX_BYTES, YamlProblem, compose, locate, read_yaml
from procmodel.model import Config, Process
from procmodel.repository import LocationUnavailable, Locator, Repository, SourceIndex
from procmodel.rules.base import RULES

M = TypeVar("M", bound=BaseModel)


class LoadContext:
    """The repository being loaded, and the operations loaders share."""

    def __init__(self, root: Path, parse_cache: ParseCache | None = None) -> None:
        self.root = root
        self.parse_cache = parse_cache  # parsed files of earlier runs (procmodel check)
        self.repo = Repository(root=root, config=Config())

    @property
    def sources(self) -> SourceIndex:
        """Where each loaded file is on disk, and how to locate a key path in it."""
        return self.repo.sources

    def display(self, path: Path) -> str:
        """The name of ``path`` in findings."""
        return self.repo.display(path)

    def add(self, rule_id: str, message: str, where: Location | SourceRef, hint: str | None = None) -> None:
        """Record a finding of the (load) rule ``rule_id`` at a location or a key path."""
        rule = RULES[rule_id]
        f = rule.finding(message, where if isinstance(where, SourceRef) else None, hint=hint or None)
        if isinstance(where, Location):
            f.location = where
        self.repo.findings.append(f)

    def read(self, path: Path) -> tuple[str, Any] | None:
        """Read one YAML file; on failure record a located finding and return None.

        Returns the file's display name and its data; key paths in it can be located
        afterwards (see :func:`yaml_locator`).
        """
        display = self.display(path)
        self.sources.files[display] = path
        try:
            raw, stamp = read_regular_file(path, MAX_BYTES)
        except NotRegularFile as exc:
            message = t("PM012.read.message", kind=exc.kind)
            self.add("PM012", message, Location(display), t("PM012.hint"))
            return None
        except OSError as exc:
            self.add(
                "PM001", t("PM001.unreadable.message", reason=exc.strerror or str(exc)), Location(display)
            )
            return None
        try:
            data = read_yaml(raw) if self.parse_cache is None else self.parse_cache.parse(raw)
        except YamlProblem as p:
            self.add(p.rule, p.message, Location(display, p.line, p.column), p.hint)
            return None
        self.sources.locators[display] = yaml_locator(self.sources, display, stamp)
        return display, data

    def read_model(self, path: Path, model: type[M]) -> tuple[str, M] | None:
        """Read one YAML file and validate it against ``model``: its display name and the model,
        or ``None`` when it could not be read or is invalid (the findings are recorded)."""
        got = self.read(path)
        if got is None:
            return None
        parsed = self.validate(model, got[1], got[0])
        return None if parsed is None else (got[0], parsed)

    def validate(self, model: type[BaseModel], data: Any, display: str) -> Any | None:
        """Validate ``data`` against ``model``; schema errors become located findings."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for message, path, key, hint in schema_messages(exc, data, model):
                self.add("PM010", message, SourceRef(display, path, key), hint)
            return None

    def add_process(self, data: Any, display: str, path: Path | None) -> Process | None:
        """Validate and register one process; ``path`` (if given) must be named after its id."""
        process = self.validate(Process, data, display)
        if process is None:
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                self.repo.invalid_ids.add(data["id"])
            return None
        process._file = display
        # private attributes, set straight in pydantic's store (its __setattr__ is slow)
        for i, step in enumerate(process.steps):
            step.__pydantic_private__["_index"] = i
            for j, outcome in enumerate(step.outcomes):
                outcome.__pydantic_private__["_index"] = j
        if not self.register("process", process.id, SourceRef(display, ("id",))):
            return None
        if path is not None:
            self.check_file_name(path, process.id, display)
        self.repo.processes[process.id] = process
        return process

    def register(self, kind: str, ident: str, ref: SourceRef) -> bool:
        """Remember where ``kind:ident`` is defined; report a duplicate and return False."""
        key = f"{kind}:{ident}"
        first = self.repo.refs.get(key)
        if first is not None:
            where = self.sources.locate(first)
            self.add(
                "PM105",
                t("PM105.message", kind=t(f"kind.{kind}"), ident=ident, where=where),
                SourceRef(ref.file, ref.path if kind in ("process", "catalog") else (*ref.path, "id")),
                hint=t("PM105.hint", kind=t(f"kind.{kind}")),
            )
            return False
        self.repo.refs[key] = ref
        return True

    def check_file_name(self, path: Path, ident: str, display: str) -> None:
        """PM106 when the file name (without suffix) is not the id."""
        stem = path.name.rsplit(".", 1)[0]
        if unicodedata.normalize("NFC", stem) != unicodedata.normalize("NFC", ident):
            self.add(
                "PM106",
                t("PM106.message", name=path.name, ident=ident),
                SourceRef(display, ("id",)),
                hint=t("PM106.hint", name=f"{ident}{path.suffix}"),
            )


def yaml_locator(sources: SourceIndex, display: str, stamp: Stamp) -> Locator:
    """Locate key paths in ``display``: composed again on first use, cached by the index.

    The cache belongs to this load's :class:`SourceIndex` and is keyed by the file's
    stamp (mtime, size) as it was read, so a later load (after an edit) never sees
    the trees of an earlier one.
    """

    def compose_file() -> yaml.Node:
        try:
            data, _now = read_regular_file(sources.files[display], MAX_BYTES)
            return compose(data)
        except (OSError, YamlProblem) as exc:
            raise LocationUnavailable(f"{display}: {exc}") from exc

    def locator(key_path: tuple[str | int, ...], key: bool) -> tuple[int, int, int]:
        return locate(sources.cache.get((display, stamp), compose_file), key_path, key)

    return locator
