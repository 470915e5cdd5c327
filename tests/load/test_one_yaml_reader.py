"""One hardened YAML reader for every file procmodel reads (duplicate keys are never let through)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import procmodel
from procmodel.load.yaml_source import YamlProblem, read_yaml_file

PACKAGE = Path(procmodel.__file__).parent
RAW_READERS = re.compile(r"\byaml\.(safe_load|load|full_load|unsafe_load|load_all|safe_load_all)\(")
#: Readers of procmodel's own package data, not of a user's files (tests/i18n checks the catalogs
#: with the hardened reader, duplicate keys included).
PACKAGE_DATA = {"i18n/__init__.py"}


def test_no_module_reads_yaml_around_the_hardened_reader() -> None:
    raw = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in PACKAGE.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RAW_READERS.search(line) and str(path.relative_to(PACKAGE)) not in PACKAGE_DATA
    ]
    assert raw == []


def test_read_yaml_file_refuses_a_duplicate_key_with_its_place(tmp_path: Path) -> None:
    (tmp_path / "roles.yaml").write_text(
        "roles:\n  - id: rektor\n    name: Rektor\n    name: Biträdande\n", encoding="utf-8"
    )
    with pytest.raises(YamlProblem) as exc:
        read_yaml_file(tmp_path / "roles.yaml")
    assert (exc.value.rule, exc.value.line, exc.value.column) == ("PM002", 4, 5)


def test_the_site_reads_procmodel_yaml_through_it(tmp_path: Path) -> None:
    from procmodel.site.build import _repo_names

    (tmp_path / "procmodel.yaml").write_text("name: Skolan\nlanguage: en\n", encoding="utf-8")
    assert _repo_names(tmp_path) == ("Skolan", "en")
    # a duplicate key is not silently resolved to the last value: the defaults are used, and
    # the site build reports the file (the plugin loads the repository)
    (tmp_path / "procmodel.yaml").write_text("name: Skolan\nname: Andra\nlanguage: en\n", encoding="utf-8")
    assert _repo_names(tmp_path) == ("Processer", "sv")


def test_import_reads_roles_yaml_through_it(tmp_path: Path) -> None:
    from procmodel.yaml_edit import EditError, list_ids

    (tmp_path / "roles.yaml").write_text("roles:\n  - id: rektor\n    name: Rektor\n", encoding="utf-8")
    assert list_ids(tmp_path / "roles.yaml", "roles") == {"rektor"}
    (tmp_path / "roles.yaml").write_text("roles:\n  - id: rektor\n    id: mentor\n", encoding="utf-8")
    with pytest.raises(EditError) as exc:  # a duplicate key is refused with its place, not resolved
        list_ids(tmp_path / "roles.yaml", "roles")
    assert "PM002" in str(exc.value)
