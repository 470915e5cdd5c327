"""Pydantic validation errors as procmodel findings: a message, the key path, a hint.

Self-contained so that it can be tested alone; the loaders turn each
``(message, path, key, hint)`` into a located PM010 finding.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError


def did_you_mean(word: str, options: list[str], fallback: str) -> str:
    """'Did you mean …?' for the closest of ``options``, else ``fallback``."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'?" if close else fallback


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
        if kind == "extra_forbidden":
            key = True
            allowed = _allowed_keys(model, path[:-1], data)
            message = f"unknown key '{field}'"
            hint = did_you_mean(str(field), allowed, "Allowed keys: " + ", ".join(allowed) + ".")
        elif kind == "missing":
            name = err["loc"][-1]
            message = f"missing required key '{name}'"
            hint = f"Add '{name}:' here."
        elif kind == "string_pattern_mismatch":
            message = f"'{err['input']}' is not a valid id"
            hint = "Use letters (å, ä, ö are fine), digits, '-', '_' and '.'; no spaces or '/'."
        elif kind == "enum":
            message = f"'{err['input']}' is not allowed here"
            hint = "Use one of: " + err.get("ctx", {}).get("expected", "") + "."
        elif kind in ("too_short", "too_long") and isinstance(err.get("input"), list | str):
            message = f"'{field}' {err['msg'][0].lower()}{err['msg'][1:]}"
        elif kind == "value_error":
            message = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
            hint = "See docs/file-format.md for how this kind of step is written."
        else:
            what = f"'{field}'" if isinstance(field, str) else "value"
            message = f"{what}: {err['msg'][0].lower()}{err['msg'][1:]}"
        if hint is None:
            hint = TYPE_HINTS.get(kind, "See docs/file-format.md for what this key holds.")
        slot = (path, key)
        if slot in out:  # several union branches failed on one value: say it once
            continue
        out[slot] = (message, hint)
    return [(m, p, k, h) for (p, k), (m, h) in out.items()]


#: Hints for pydantic error types that say what to write instead.
TYPE_HINTS = {
    "list_type": "Write a list: one '- item' per line below the key, or [a, b] on one line.",
    "model_type": "Write the keys of this part on their own lines, indented below it.",
    "dict_type": "Write the keys of this part on their own lines, indented below it.",
    "model_attributes_type": "Write the keys of this part on their own lines, indented below it.",
    "string_type": "Write plain text here (put it in quotes if it starts with a special character).",
    "int_parsing": "Write a whole number, e.g. 12.",
    "int_type": "Write a whole number, e.g. 12.",
    "bool_parsing": "Write true or false.",
    "date_from_datetime_parsing": "Write the date as YYYY-MM-DD, e.g. 2026-08-15.",
    "date_parsing": "Write the date as YYYY-MM-DD, e.g. 2026-08-15.",
    "date_type": "Write the date as YYYY-MM-DD, e.g. 2026-08-15.",
    "review_date_range": "Write the date of the last review, e.g. 2026-08-15.",
    "too_short": "Add at least one item.",
    "greater_than_equal": "Use a larger number.",
    "less_than_equal": "Use a smaller number.",
    "literal_error": "Use one of the values the message lists.",
}


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
