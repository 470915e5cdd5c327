"""JSON Schemas for editors, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from procmodel.files import write_files
from procmodel.followup.model import AssessmentFile, IndicatorCatalog, PlanFile
from procmodel.model import Config, DocumentsFile, GoalCatalog, Process, RolesFile
from procmodel.organisation import OrganisationFile, VariantFile
from procmodel.search_words import SearchWordsFile

#: File kinds and the model each is validated against (for schema generation too).
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "process": Process,
    "roles": RolesFile,
    "documents": DocumentsFile,
    "goals": GoalCatalog,
    "config": Config,
    "synonyms": SearchWordsFile,
    "assessment": AssessmentFile,
    "plan": PlanFile,
    "indicators": IndicatorCatalog,
}

SCHEMA_BASE = "https://procmodel.example/schemas/"


def schema_documents() -> dict[str, str]:
    """File name → JSON text for every schema (deterministic, for the drift test)."""
    out = {}
    models: dict[str, type[BaseModel]] = {
        **SCHEMA_MODELS,
        "organisation": OrganisationFile,
        "variant": VariantFile,
    }
    for kind, model in models.items():
        schema = model.model_json_schema(by_alias=True)
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}{kind}.schema.json",
            **schema,
        }
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def stale_schemas(folder: Path) -> dict[Path, str]:
    """The schema files of ``folder`` that are missing or out of date, with their new text."""
    out = {}
    for name, text in schema_documents().items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            out[path] = text
    return out


def write_schemas(folder: Path) -> list[Path]:
    """Write every missing or changed schema into ``folder`` (all or nothing); the files written."""
    stale = stale_schemas(folder)
    write_files(stale)
    return list(stale)
