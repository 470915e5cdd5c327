"""Load findings (YAML and schema problems) carry catalog texts: English as before, Swedish on demand."""

from __future__ import annotations

import shutil
from pathlib import Path

from procmodel import load_repository
from procmodel.i18n import localize

HEL = Path(__file__).parents[1] / "cli" / "check-fixtures" / "hel"

BROKEN = """id: frånvaro
titel: Frånvarohantering
status: approved
version: [1]
steps:
  - id: anmäld
    type: start
  - id: klart
    type: end
    next: anmäld
"""


def _messages(tmp_path: Path, text: str) -> dict[str, tuple[str, str | None]]:
    repo_dir = tmp_path / f"repo-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(HEL, repo_dir)
    (repo_dir / "p" / "frånvaro.yaml").write_text(text, encoding="utf-8")
    repo = load_repository(repo_dir)
    return {f.message: (localize(f.message, "sv"), localize(f.hint, "sv")) for f in repo.findings}


def test_schema_errors_in_both_languages(tmp_path: Path) -> None:
    found = _messages(tmp_path, BROKEN)
    assert found["unknown key 'titel'"] == ("okänd nyckel 'titel'", "Menade du 'title'?")
    assert found["missing required key 'title'"] == (
        "den obligatoriska nyckeln 'title' saknas",
        "Lägg till 'title:' här.",
    )
    sv, hint = found["'version': input should be a valid string"]
    assert (sv, hint) == (
        "'version': ska vara text",
        "Skriv vanlig text här (inom citattecken om den börjar med ett specialtecken).",
    )
    assert found["an end step has no 'next'"][0] == "ett slutsteg har inget 'next'"


def test_yaml_problems_in_both_languages(tmp_path: Path) -> None:
    found = _messages(tmp_path, "id: frånvaro\nid: igen\n")
    assert found["duplicate key 'id' (first on line 1)"] == (
        "nyckeln 'id' förekommer två gånger (först på rad 1)",
        "Behåll en av dem; YAML-läsare skulle tyst hoppa över den andra.",
    )
    found = _messages(tmp_path, "# bara en kommentar\n")
    assert found["file holds only comments"][0] == "filen innehåller bara kommentarer"
