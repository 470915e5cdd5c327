"""What import refuses rather than lose: two elements with one id (located), files above the size cap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.bpmn.reader import read_bpmn_file
from procmodel.bpmn.refusals import MAX_FLOW_ELEMENTS
from procmodel.bpmn.xml import XmlProblem
from tests.bpmn.conftest import FIXTURES
from tests.bpmn.test_cli import run

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">\n'
)
TWICE = HEAD + (
    '  <bpmn:process id="P" isExecutable="false">\n'
    '    <bpmn:startEvent id="S" />\n'
    '    <bpmn:task id="T" name="Första" />\n'
    '    <bpmn:task name="Andra"\n'
    '        id="T" />\n'
    '    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T" />\n'
    "  </bpmn:process>\n"
    "</bpmn:definitions>\n"
)


def test_two_elements_with_one_id_are_refused_at_the_second(tmp_path: Path) -> None:
    path = tmp_path / "dubbel.bpmn"
    path.write_text(TWICE, encoding="utf-8")
    with pytest.raises(XmlProblem) as caught:
        read_bpmn_file(path)
    p = caught.value
    assert (p.rule, p.line, p.column) == ("PM001", 7, 9)
    assert p.message == "two elements have the id 'T' (the first on line 5); one would be lost"


def test_a_flow_and_a_task_with_one_id_on_one_line_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "tät.bpmn"
    path.write_text(
        HEAD
        + '<bpmn:process id="P"><bpmn:task id="A"/><bpmn:sequenceFlow id="A" sourceRef="A" targetRef="A"/>'
        "</bpmn:process></bpmn:definitions>\n",
        encoding="utf-8",
    )
    with pytest.raises(XmlProblem) as caught:
        read_bpmn_file(path)
    assert (caught.value.line, caught.value.column) == (3, 60)


def test_elements_without_ids_on_one_line_are_all_imported(tmp_path: Path) -> None:
    path = tmp_path / "utan-id.bpmn"
    path.write_text(
        HEAD + '<bpmn:process id="P"><bpmn:task name="Ett"/><bpmn:task name="Två"/></bpmn:process>'
        "</bpmn:definitions>\n",
        encoding="utf-8",
    )
    steps = read_bpmn_file(path).processes[0].data["steps"]
    assert sorted(s["title"] for s in steps) == ["Ett", "Två"]


def test_a_supporting_definition_may_reuse_a_process_id(tmp_path: Path) -> None:
    """Signavio writes a global task with the id of the process it stands for."""
    path = tmp_path / "global.bpmn"
    path.write_text(
        HEAD + '  <bpmn:globalTask id="P" name="Global" />\n'
        '  <bpmn:process id="P"><bpmn:task id="A" name="A"/></bpmn:process>\n</bpmn:definitions>\n',
        encoding="utf-8",
    )
    assert len(read_bpmn_file(path).processes) == 1


def test_import_and_check_report_the_place(tmp_path: Path) -> None:
    source = tmp_path / "dubbel.bpmn"
    source.write_text(TWICE, encoding="utf-8")
    done = run("import", str(source), "--out", str(tmp_path / "ut"))
    assert done.returncode == 2
    assert f"{source}:7:9: PM001 error: two elements have the id 'T'" in done.stderr
    assert not (tmp_path / "ut").exists()
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", repo)
    shutil.copy(source, repo / "dubbel.bpmn")
    found = [f for f in check_repository(load_repository(repo)) if f.rule == "PM001"]
    assert [(Path(f.location.file).name, f.location.line, f.location.column) for f in found] == [
        ("dubbel.bpmn", 7, 9)
    ]


def test_a_file_above_the_flow_element_cap_is_refused_with_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "stor.bpmn"
    tasks = "".join(f'<bpmn:task id="t{i}"/>' for i in range(MAX_FLOW_ELEMENTS + 1))
    path.write_text(HEAD + f'<bpmn:process id="P">\n{tasks}\n</bpmn:process></bpmn:definitions>\n', "utf-8")
    done = run("import", str(path), "--out", str(tmp_path / "ut"))
    assert done.returncode == 2
    assert f"{path}:4: PM008 error: the file holds more than 150,000 flow elements" in done.stderr
    assert "procmodel reads up to 150,000 per file" in done.stderr
    assert not (tmp_path / "ut").exists()
