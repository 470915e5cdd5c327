"""The message catalogs: the same keys in both languages, every key the code names exists."""

from __future__ import annotations

import ast
import inspect
import re
import string
from importlib import resources
from pathlib import Path

import pytest

from procmodel.cli import load_all_commands
from procmodel.i18n import LANGUAGES, catalog, fields
from procmodel.i18n.cli import help_texts
from procmodel.load.yaml_source import read_yaml

PACKAGE = Path(__file__).resolve().parents[2] / "procmodel"
#: A string in the code that names a catalog key: it starts with a group the catalogs have (PM101, site …).
GROUPS = sorted({key.split(".")[0] for key in catalog("en")}, key=len, reverse=True)
KEY = re.compile(rf"({'|'.join(map(re.escape, GROUPS))})\.[\w.-]*[\w-]")
#: Calls whose first argument is a catalog key; the site's ``words``/``w`` look keys up without 'site.'.
LOOKUPS = {"t", "say", "words", "w", "diagram_words"}


def texts(lang: str) -> dict[str, str]:
    """Every text of a language, counted forms as ``key.one`` / ``key.other``."""
    out = {}
    for key, value in catalog(lang).items():
        if isinstance(value, dict):
            out.update({f"{key}.{form}": text for form, text in value.items()})
        else:
            out[key] = value
    return out


def test_both_languages_have_the_same_keys() -> None:
    sv, en = set(catalog("sv")), set(catalog("en"))
    assert sv - en == set(), "only in sv.yaml"
    assert en - sv == set(), "only in en.yaml"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_plain_text_without_duplicate_keys(lang: str) -> None:
    # the hardened reader refuses duplicate keys, which a plain YAML load would drop silently
    data = read_yaml(resources.files("procmodel.locales").joinpath(f"{lang}.yaml").read_bytes())
    assert set(data) == set(catalog(lang))
    for key, value in catalog(lang).items():
        if isinstance(value, dict):
            assert set(value) == {"one", "other"}, key
            assert all(isinstance(v, str) for v in value.values()), key
        else:
            assert isinstance(value, str), key
    for key, text in texts(lang).items():
        list(string.Formatter().parse(text))  # raises on a stray brace
        assert all(name.isidentifier() for name in fields(text)), key


def test_named_fields_agree_between_languages() -> None:
    """Swedish may leave a field out (e.g. pydantic's English {detail}) but never adds one."""
    en = {key: fields(text) for key, text in texts("en").items()}
    for key, text in texts("sv").items():
        base = key.rsplit(".", 1)[0] if key.endswith((".one", ".other")) else key
        names = en.get(key, en.get(f"{base}.other", en.get(base, set())))
        extra = fields(text) - names
        if extra and not key.startswith("PM010.detail."):  # Swedish texts for pydantic's error context
            pytest.fail(f"{key}: sv uses {extra}, which en does not")


def _calls() -> list[tuple[str, int, ast.Call]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                out.append((str(path.relative_to(PACKAGE.parent)), node.lineno, node))
    return out


def _keys_in_code() -> dict[str, str]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.fullmatch(node.value):
                found[node.value] = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
    return found


def test_every_key_the_code_names_is_in_both_catalogs() -> None:
    found = _keys_in_code()
    assert len(found) > 150
    for lang in LANGUAGES:
        missing = {key: where for key, where in found.items() if key not in catalog(lang)}
        assert not missing, f"not in {lang}.yaml: {missing}"


def test_every_lookup_passes_the_fields_its_texts_use() -> None:
    checked = 0
    for where, line, call in _calls():
        func = call.func
        name = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        )
        if isinstance(func, ast.Call) and isinstance(func.func, ast.Name):
            name = func.func.id  # diagram_words(repo)("diagram.…")
        if name not in LOOKUPS or not call.args or not isinstance(call.args[0], ast.Constant):
            continue
        site_words = where.startswith("procmodel/site/") and name in ("words", "w")
        key = ("site." if site_words else "") + str(call.args[0].value)
        if any(k.arg is None for k in call.keywords):
            continue  # **values: not checkable here
        given = {k.arg for k in call.keywords}
        for lang in LANGUAGES:
            assert key in catalog(lang), f"{where}:{line}: {key} not in {lang}.yaml"
            entry = catalog(lang)[key]
            for text in entry.values() if isinstance(entry, dict) else [entry]:
                assert fields(text) <= given, f"{where}:{line}: {key} ({lang}) needs {fields(text) - given}"
        checked += 1
    assert checked > 150


def test_site_words_looked_up_by_prefix_exist() -> None:
    """Keys the code builds from a prefix and a value (statuses, step kinds, counts, kinds of id)."""
    from procmodel.model import Status, StepType

    for lang in LANGUAGES:
        texts_ = catalog(lang)
        for status in Status:
            assert f"site.status.{status.value}" in texts_
        for kind in StepType:
            assert f"site.step.kind.{kind.value}" in texts_
        for rel in ("performs", "accountable", "consulted", "informed"):
            assert f"site.raci.{rel}" in texts_
        for word in ("error", "warning", "info", "file", "process", "step", "role", "goal"):
            assert f"count.{word}" in texts_
        for kind in ("process", "catalog", "goal", "role", "document"):
            assert f"kind.{kind}" in texts_


def test_every_help_text_is_in_both_catalogs_and_english_equals_the_code() -> None:
    """A changed docstring or help= fails here until en.yaml (and sv.yaml) follow it."""
    seen = 0
    for key, _owner, english in help_texts(load_all_commands()):
        for lang in LANGUAGES:
            assert key in catalog(lang), f"{key} not in {lang}.yaml"
        assert catalog("en")[key] == inspect.cleandoc(english), key
        assert catalog("sv")[key] != catalog("en")[key], f"{key} is not translated"
        seen += 1
    assert seen > 40
    others = (
        {f"cli.heading.{h}" for h in ("usage", "options", "commands")}
        | {f"cli.{k}" for k in ("default", "help_option", "aborted", "internal_error", "not_repository")}
        | {"cli.unreadable", "cli.render.unreadable", "cli.coverage.no_delta", "cli.export.maybe_unreadable"}
        | {"cli.error", "cli.try_help", "cli.cannot_write"}
    )
    in_catalog = {k for k in catalog("en") if k.startswith("cli.")}
    in_code = {key for key, _, _ in help_texts(load_all_commands())}
    assert in_catalog == in_code | others, "stale or missing cli.* keys"
