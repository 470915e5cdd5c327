"""Rule docs take their incorrect and correct examples from the rule's own test case."""

from __future__ import annotations

from pathlib import Path

from procmodel.rules import RULES
from procmodel.rules.docs import rules_markdown
from procmodel.rules.examples import example_markdown, rule_example

CASES = Path(__file__).parent / "cases"


def test_the_example_is_the_file_that_differs_and_what_check_prints() -> None:
    example = rule_example(CASES, "PM203", "unreachable-step")
    assert example is not None
    invalid = CASES / "PM203-unreachable-step" / "invalid"
    assert [f.path for f in example.incorrect] == [f.path for f in example.correct] == ["p/kränkning.yaml"]
    assert example.incorrect[0].text == (invalid / "p" / "kränkning.yaml").read_text(encoding="utf-8")
    assert example.output == (invalid / "expected.txt").read_text(encoding="utf-8").splitlines()
    text = "\n".join(example_markdown(example))
    assert "  - id: glömd" in text.split("**Correct**")[0]
    assert "  - id: glömd" not in text.split("**Correct**")[1]


def test_a_case_with_files_that_cannot_be_shown(tmp_path: Path) -> None:
    case = tmp_path / "PM999-odd"
    (case / "invalid" / "p").mkdir(parents=True)
    (case / "valid" / "p").mkdir(parents=True)
    (case / "invalid" / "p" / "latin1.yaml").write_bytes("id: å\n".encode("latin-1"))
    (case / "invalid" / "p" / "tom.yaml").write_bytes(b"")
    (case / "invalid" / "p" / "fence.yaml").write_text("text: |\n  ```\n", encoding="utf-8")
    (case / "invalid" / "expected.txt").write_text("p/tom.yaml:1:1: error PM999 odd: empty\n", "utf-8")
    (case / "valid" / "same.yaml").write_text("a: 1\n", encoding="utf-8")
    (case / "invalid" / "same.yaml").write_text("a: 1\n", encoding="utf-8")
    example = rule_example(tmp_path, "PM999", "odd")
    assert example is not None and example.correct == []
    text = "\n".join(example_markdown(example))
    assert "`p/latin1.yaml`: *(not shown: the file is not UTF-8 text)*" in text
    assert "`p/tom.yaml`: *(an empty file)*" in text
    assert "~~~~yaml\ntext: |\n  ```\n~~~~" in text  # a fence the file cannot close
    assert "same.yaml" not in text  # shared by both: not part of the example
    assert "*(without the files above)*" in text


def test_rules_compared_with_a_revision_have_no_side_by_side_example() -> None:
    for rule_id in ("PM406", "PM608", "PM609", "PM610"):
        assert rule_example(CASES, rule_id, RULES[rule_id].name) is None


def test_every_other_rule_has_an_example_in_the_docs() -> None:
    page = rules_markdown(CASES)
    for rule_id in sorted(RULES):
        section = page.split(f"\n### {rule_id}\n", 1)[1].split("\n### ", 1)[0]
        if rule_id in ("PM406", "PM608", "PM609", "PM610"):
            assert "**Incorrect**" not in section
        else:
            assert "**Incorrect**" in section and "**Correct**" in section, rule_id
    assert "**Incorrect**" not in rules_markdown()  # without the cases folder: the plain reference
