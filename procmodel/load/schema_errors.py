"""Pydantic validation errors as procmodel findings: a message, the key path, a hint.

Self-contained so that it can be tested alone; the loaders turn each
``(message, path, key, hint)`` into a located PM010 finding.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from procmodel.i18n import t


def did_you_mean(word: str, options: list[str], fallback: str) -> str:
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
            hint = did_you_mean(str(field), allowed, t("PM010.unknown_key.hint", keys=", ".join(allowed)))
        elif kind == "missing":
            name = err["loc"][-1]
            message = t("PM010.missing.message", key=name)
            hint = t("PM010.missing.hint", key=name)
        elif kind == "string_pattern_mismatch":
            message = t("PM010.id.message", value=err["input"])
            hint = t("PM010.id.hint")
        elif kind == "enum":
            message = t("PM010.enum.message", value=err["input"])
            expected = err.get("ctx", {}).get("expected", "")
            values = re.findall(r"'([^']*)'", expected)
            close = difflib.get_close_matches(str(err["input"]), values, n=1, cutoff=0.6)
            if close:  # one message, so that it is translated whole
                hint = t("PM010.enum.close_hint", name=close[0], values=_choices(expected))
            else:
                hint = t("PM010.enum.hint", values=_choices(expected))
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
    "finite_number": t("PM010.type.finite"),
    "bool_parsing": t("PM010.type.bool_parsing"),
    "date_from_datetime_parsing": t("PM010.type.date"),
    "date_parsing": t("PM010.type.date"),
    "date_type": t("PM010.type.date"),
    "too_short": t("PM010.type.too_short"),
    "greater_than_equal": t("PM010.type.greater_than_equal"),
    "less_than_equal": t("PM010.type.less_than_equal"),
    "literal_error": t("PM010.type.literal_error"),
    "review_date_range": t("PM010.type.review_date_range"),
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
    "finite_number": "PM010.detail.finite",
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
    "review_date_range": "PM010.detail.review_date",
}


def _detail(err: Any) -> str:
    """Pydantic's error text (first letter lower-cased), or its translation when the catalog has one."""
    detail = f"{err['msg'][0].lower()}{err['msg'][1:]}"
    ctx: dict[str, object] = {k: str(v) for k, v in err.get("ctx", {}).items()}
    if "expected" in ctx:
        ctx["expected"] = _choices(str(ctx["expected"]))
    return t(DETAILS.get(err["type"], "PM010.detail.other"), **ctx, detail=detail)


def _choices(expected: str) -> str:
    """Pydantic's list of allowed values (``'a', 'b' or 'c'``, in English) in the current language."""
    values = [f"'{v}'" for v in re.findall(r"'([^']*)'", expected)]
    if len(values) < 2:
        return expected
    return t("PM010.choices", first=", ".join(values[:-1]), last=values[-1])


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
