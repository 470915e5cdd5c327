"""Load a process repository from disk into model objects, with findings.

Layout of a repository (the folder holding ``procmodel.yaml``)::

    procmodel.yaml        configuration (optional)
    roles.yaml            roles
    documents.yaml        documents (optional)
    sökord.yaml           everyday words for search (optional)
    goals/*.yaml          one goal catalog per steering document
    **/*.yaml             everything else: one process per file
    **/*.bpmn             processes drawn in a BPMN tool (``x.bpmn.yaml`` beside it: links)

Folders whose names start with '.' or '_' are skipped.
"""

from __future__ import annotations

import difflib
import gc
import os
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from procmodel.findings import Location, SourceRef
from procmodel.i18n import t
from procmodel.load.yaml_source import YamlProblem, compose, locate, read_yaml
from procmodel.model import Config, DocumentsFile, Goal, GoalCatalog, Process, RolesFile, SearchWordsFile
from procmodel.repository import Repository
from procmodel.rules.base import RULES, rule_for

CONFIG_NAME = "procmodel.yaml"
ROLES_NAME = "roles.yaml"
DOCUMENTS_NAME = "documents.yaml"
SYNONYMS_NAME = "sökord.yaml"
GOALS_DIR = "goals"
YAML_SUFFIXES = (".yaml", ".yml")
SIDECAR_SUFFIX = ".bpmn.yaml"


class RepositoryError(Exception):
    """The path given is not a usable repository (the CLI exits 2)."""


def find_root(path: str | os.PathLike[str]) -> Path:
    """The repository folder for ``path``: itself, or its ``processes/`` subfolder."""
    p = Path(path)
    if not p.exists():
        raise RepositoryError(t("repository.missing", path=path))
    if p.is_file():
        raise RepositoryError(t("repository.file", path=path))
    if not (p / CONFIG_NAME).exists() and (p / "processes" / CONFIG_NAME).exists():
        p = p / "processes"
    if not (p / CONFIG_NAME).exists() and not _holds_process_files(p):
        raise RepositoryError(t("repository.empty", path=path, config=CONFIG_NAME))
    return p.resolve()


def _holds_process_files(folder: Path) -> bool:
    """Whether any YAML or BPMN file lies below ``folder`` (stops at the first)."""
    for _dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith((".", "_"))]
        if any(f.endswith((*YAML_SUFFIXES, ".bpmn")) for f in filenames):
            return True
    return False


def load_repository(path: str | os.PathLike[str] = "processes") -> Repository:
    """Load every file of a repository; problems become findings, never exceptions.

    Raises :class:`RepositoryError` only when ``path`` is not a folder at all.
    """
    root = find_root(path)
    from procmodel.graph import build_graph  # graph depends on the loaded model

    with gc_paused():
        loader = _Loader(root)
        loader.run()
        loader.repo.graph = build_graph(loader.repo)
    return loader.repo


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large, long-lived structure is built.

    Loading creates hundreds of thousands of objects that all stay alive; the
    collector would scan them again and again (doubling the load time) and find
    nothing to free. Reference counting still frees everything short-lived.
    On the way out, freeze + unfreeze moves the new objects straight to the
    oldest generation (a list splice), so the next young collection does not
    have to walk them all once more; garbage among them is still collected by
    the next full collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = Repository(root=root, config=Config())

    # discovery ---------------------------------------------------------

    def run(self) -> None:
        processes: list[Path] = []
        catalogs: list[Path] = []
        bpmn: list[Path] = []
        for path in self._walk():
            rel = path.relative_to(self.root)
            name = path.name
            if name.endswith(SIDECAR_SUFFIX):
                continue  # read together with its .bpmn file
            if path.suffix == ".bpmn":
                bpmn.append(path)
            elif rel.parts == (CONFIG_NAME,):
                self._load_config(path)
            elif rel.parts in ((ROLES_NAME,), (DOCUMENTS_NAME,)):
                pass  # loaded below, after the configuration
            elif len(rel.parts) == 1 and unicodedata.normalize("NFC", name) == SYNONYMS_NAME:
                self._load_synonyms(path)
            elif rel.parts[0] == GOALS_DIR and path.suffix in YAML_SUFFIXES:
                catalogs.append(path)
            elif path.suffix in YAML_SUFFIXES:
                processes.append(path)
        for name, loader in ((ROLES_NAME, self._load_roles), (DOCUMENTS_NAME, self._load_documents)):
            if (self.root / name).is_file():
                loader(self.root / name)
        for path in catalogs:
            self._load_catalog(path)
        for path in processes:
            self._load_process_file(path)
        if bpmn:
            from procmodel.load.bpmn_source import load_bpmn_file

            for path in bpmn:
                sidecar = path.with_name(path.name + ".yaml")
                load_bpmn_file(self, path, sidecar if sidecar.is_file() else None)

    def _walk(self) -> list[Path]:
        out: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
            for fn in sorted(filenames):
                if fn.startswith("."):
                    continue
                if not fn.endswith((*YAML_SUFFIXES, ".bpmn")):
                    continue
                path = Path(dirpath) / fn
                if path.is_symlink() and not _inside(path.resolve(), self.root):
                    display = self.repo.display(path)
                    self.add(
                        "PM006",
                        t("PM006.message", name=fn),
                        Location(display),
                        hint=t("PM006.hint"),
                    )
                    continue
                out.append(path)
        return out

    # helpers -------------------------------------------------------------

    def add(self, rule_id: str, message: str, where: Location | SourceRef, hint: str | None = None) -> None:
        rule = RULES[rule_id]
        f = rule.finding(message, where if isinstance(where, SourceRef) else None, hint=hint)
        if isinstance(where, Location):
            f.location = where
        self.repo.findings.append(f)

    def read(self, path: Path) -> tuple[str, Any] | None:
        """Read one YAML file; on failure record a located finding and return None."""
        display = self.repo.display(path)
        self.repo.sources.files[display] = path
        try:
            data = read_yaml(path.read_bytes())
        except YamlProblem as p:
            self.add(p.rule, p.message, Location(display, p.line, p.column), p.hint)
            return None
        except OSError as exc:
            self.add("PM001", t("PM001.unreadable.message", reason=exc.strerror), Location(display))
            return None
        self.repo.sources.locators[display] = _yaml_locator(path)
        return display, data

    def validate(self, model: type[BaseModel], data: Any, display: str) -> Any | None:
        """Validate ``data`` against ``model``; schema errors become located findings."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for message, path, key, hint in schema_messages(exc, data, model):
                self.add("PM010", message, SourceRef(display, path, key), hint)
            return None

    # file kinds ------------------------------------------------------------

    def _load_config(self, path: Path) -> None:
        got = self.read(path)
        if got is None:
            return
        display, data = got
        self.repo.config_file = display
        config = self.validate(Config, data, display)
        if config is None:
            return
        self.repo.config = config
        for key in config.rules:
            if rule_for(key) is None:
                names = [r.id for r in RULES.values()] + [r.name for r in RULES.values()]
                self.add(
                    "PM011",
                    t("PM011.message", rule=key),
                    SourceRef(display, ("rules", key), key=True),
                    _did_you_mean(key, names, t("PM011.hint")),
                )

    def _load_roles(self, path: Path) -> None:
        got = self.read(path)
        if got and (model := self.validate(RolesFile, got[1], got[0])):
            for i, role in enumerate(model.roles):
                self._register("role", role.id, SourceRef(got[0], ("roles", i)))
                self.repo.roles.setdefault(role.id, role)

    def _load_documents(self, path: Path) -> None:
        got = self.read(path)
        if got and (model := self.validate(DocumentsFile, got[1], got[0])):
            for i, doc in enumerate(model.documents):
                self._register("document", doc.id, SourceRef(got[0], ("documents", i)))
                self.repo.documents.setdefault(doc.id, doc)

    def _load_synonyms(self, path: Path) -> None:
        got = self.read(path)
        if got and (model := self.validate(SearchWordsFile, got[1], got[0])):
            self.repo.synonyms = {k: [w for w in v if w] for k, v in model.synonyms.items() if k}

    def _load_catalog(self, path: Path) -> None:
        got = self.read(path)
        if got is None:
            return
        display, data = got
        catalog = self.validate(GoalCatalog, data, display)
        if catalog is None:
            if isinstance(data, dict):
                self.repo.invalid_ids.add(str(data.get("id")))
            return
        catalog._file = display
        if not self._register("catalog", catalog.id, SourceRef(display, ("id",))):
            return
        self._check_file_name(path, catalog.id, display)
        self.repo.catalogs[catalog.id] = catalog

        def walk(goals: list[Goal], prefix: tuple[str | int, ...], parent: str | None) -> None:
            for i, goal in enumerate(goals):
                ref = SourceRef(display, (*prefix, i))
                if self._register("goal", goal.id, ref):
                    self.repo.goals[goal.id] = goal
                    self.repo.goal_catalog[goal.id] = catalog.id
                    self.repo.goal_parent[goal.id] = parent
                walk(goal.goals, (*prefix, i, "goals"), goal.id)

        walk(catalog.goals, ("goals",), None)

    def _load_process_file(self, path: Path) -> None:
        got = self.read(path)
        if got is None:
            return
        display, data = got
        self.add_process(data, display, path)

    def add_process(self, data: Any, display: str, path: Path | None) -> Process | None:
        """Validate and register one process (also used by the BPMN loader)."""
        process = self.validate(Process, data, display)
        if process is None:
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                self.repo.invalid_ids.add(data["id"])
            return None
        process._file = display
        # private attributes, set straight in pydantic's store (its __setattr__ is slow)
        for i, step in enumerate(process.steps):
            step.__pydantic_private__["_index"] = i  # type: ignore[index]
            for j, outcome in enumerate(step.outcomes):
                outcome.__pydantic_private__["_index"] = j  # type: ignore[index]
        if not self._register("process", process.id, SourceRef(display, ("id",))):
            return None
        if path is not None:
            self._check_file_name(path, process.id, display)
        self.repo.processes[process.id] = process
        return process

    def _register(self, kind: str, ident: str, ref: SourceRef) -> bool:
        """Remember where ``kind:ident`` is defined; report a duplicate and return False."""
        key = f"{kind}:{ident}"
        first = self.repo.refs.get(key)
        if first is not None:
            where = self.repo.sources.locate(first)
            self.add(
                "PM105",
                t("PM105.message", kind=t(f"kind.{kind}"), ident=ident, where=where),
                SourceRef(ref.file, ref.path if kind in ("process", "catalog") else (*ref.path, "id")),
                hint=t("PM105.hint", kind=t(f"kind.{kind}")),
            )
            return False
        self.repo.refs[key] = ref
        return True

    def _check_file_name(self, path: Path, ident: str, display: str) -> None:
        stem = path.name.rsplit(".", 1)[0]
        if unicodedata.normalize("NFC", stem) != unicodedata.normalize("NFC", ident):
            self.add(
                "PM106",
                t("PM106.message", name=path.name, ident=ident),
                SourceRef(display, ("id",)),
                hint=t("PM106.hint", name=f"{ident}{path.suffix}"),
            )


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _yaml_locator(path: Path) -> Callable[[tuple[str | int, ...], bool], tuple[int, int, int]]:
    def locator(key_path: tuple[str | int, ...], key: bool) -> tuple[int, int, int]:
        return locate(_composed(path), key_path, key)

    return locator


@lru_cache(maxsize=64)
def _composed(path: Path):
    return compose(path.read_bytes())


def _did_you_mean(word: str, options: list[str], fallback: str) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return t("hint.did_you_mean", name=close[0]) if close else fallback


# schema errors -----------------------------------------------------------------


def schema_messages(
    exc: ValidationError, data: Any, model: type[BaseModel]
) -> list[tuple[str, tuple[str | int, ...], bool, str | None]]:
    """Turn pydantic errors into (message, key path, point-at-key, hint), one per place."""
    out: dict[tuple[tuple[str | int, ...], bool], tuple[str, str | None]] = {}
    for err in exc.errors():
        path = _data_path(data, err["loc"])
        kind = err["type"]
        field = path[-1] if path else None
        key = False
        hint: str | None = None
        message: str
        if kind == "extra_forbidden":
            key = True
            allowed = _allowed_keys(model, path[:-1], data)
            message = t("PM010.unknown_key.message", key=field)
            hint = _did_you_mean(str(field), allowed, t("PM010.unknown_key.hint", keys=", ".join(allowed)))
        elif kind == "missing":
            name = err["loc"][-1]
            message = t("PM010.missing.message", key=name)
            hint = t("PM010.missing.hint", key=name)
        elif kind == "string_pattern_mismatch":
            message = t("PM010.id.message", value=err["input"])
            hint = t("PM010.id.hint")
        elif kind == "enum":
            message = t("PM010.enum.message", value=err["input"])
            hint = t("PM010.enum.hint", values=err.get("ctx", {}).get("expected", ""))
        elif kind in ("too_short", "too_long") and isinstance(err.get("input"), list | str):
            message = t("PM010.length.message", field=field, detail=_detail(err))
        elif kind == "value_error":
            message = err["ctx"]["error"].args[0] if "ctx" in err else err["msg"]  # a Text from model.py
            hint = t("PM010.value.hint")
        else:
            what = f"'{field}'" if isinstance(field, str) else t("PM010.value")
            message = t("PM010.invalid.message", what=what, detail=_detail(err))
        if hint is None:
            hint = TYPE_HINTS.get(kind, t("PM010.hint"))
        slot = (path, key)
        if slot in out:  # several union branches failed on one value: say it once
            continue
        out[slot] = (message, hint)
    return [(m, p, k, h) for (p, k), (m, h) in out.items()]


#: Hints for pydantic error types that say what to write instead.
TYPE_HINTS = {
    "list_type": t("PM010.type.list_type"),
    "model_type": t("PM010.type.model_type"),
    "dict_type": t("PM010.type.model_type"),
    "model_attributes_type": t("PM010.type.model_type"),
    "string_type": t("PM010.type.string_type"),
    "int_parsing": t("PM010.type.int"),
    "int_type": t("PM010.type.int"),
    "bool_parsing": t("PM010.type.bool_parsing"),
    "date_from_datetime_parsing": t("PM010.type.date"),
    "date_parsing": t("PM010.type.date"),
    "date_type": t("PM010.type.date"),
    "too_short": t("PM010.type.too_short"),
    "greater_than_equal": t("PM010.type.greater_than_equal"),
    "less_than_equal": t("PM010.type.less_than_equal"),
    "literal_error": t("PM010.type.literal_error"),
}

#: Catalog keys for pydantic's error texts; English shows pydantic's own ``{detail}``.
DETAILS = {
    "string_type": "PM010.detail.text",
    "list_type": "PM010.detail.list",
    "dict_type": "PM010.detail.mapping",
    "model_type": "PM010.detail.mapping",
    "model_attributes_type": "PM010.detail.mapping",
    "int_parsing": "PM010.detail.int",
    "int_type": "PM010.detail.int",
    "float_parsing": "PM010.detail.number",
    "bool_parsing": "PM010.detail.bool",
    "bool_type": "PM010.detail.bool",
    "date_from_datetime_parsing": "PM010.detail.date",
    "date_parsing": "PM010.detail.date",
    "date_type": "PM010.detail.date",
    "greater_than_equal": "PM010.detail.at_least",
    "less_than_equal": "PM010.detail.at_most",
    "literal_error": "PM010.detail.one_of",
    "too_short": "PM010.detail.too_short",
    "too_long": "PM010.detail.too_long",
}


def _detail(err: Any) -> str:
    """Pydantic's error text (first letter lower-cased), or its translation when the catalog has one."""
    detail = f"{err['msg'][0].lower()}{err['msg'][1:]}"
    ctx = {k: str(v) for k, v in err.get("ctx", {}).items()}
    return t(DETAILS.get(err["type"], "PM010.detail.other"), **ctx, detail=detail)


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Keep only the parts of a pydantic ``loc`` that exist in the data (drop union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part == loc[-1]:
            path.append(part)  # missing or unknown key: point at its mapping
            break
    return tuple(path)


def _allowed_keys(model: type[BaseModel], path: tuple[str | int, ...], data: Any) -> list[str]:
    """Field names allowed at ``path`` inside ``model`` (for 'did you mean')."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None
