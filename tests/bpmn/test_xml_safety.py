"""Hostile XML: billion laughs, external entities, huge files are refused cleanly and fast."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest
from lxml import etree

from procmodel.bpmn.reader import read_bpmn, read_bpmn_file
from procmodel.bpmn.xml import MAX_BYTES, XmlProblem, parse_bytes

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p" name="&lol9;"/></definitions>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p" name="&xxe;"/></definitions>
"""

XXE_NETWORK = b"""<?xml version="1.0"?>
<!DOCTYPE definitions SYSTEM "http://example.invalid/bpmn.dtd">
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>
"""


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, XXE, XXE_NETWORK], ids=["billion-laughs", "xxe-file", "xxe-dtd"]
)
def test_doctype_is_refused_with_a_location(data: bytes) -> None:
    before = _peak_rss_mb()
    with pytest.raises(XmlProblem) as exc:
        parse_bytes(data)
    assert exc.value.rule == "PM008"
    assert "DOCTYPE" in exc.value.message
    assert (exc.value.line, exc.value.column) == (2, 1)
    assert exc.value.hint and "billion laughs" in exc.value.hint
    assert _peak_rss_mb() - before < 50  # nothing was expanded


def test_doctype_in_utf16_is_refused() -> None:
    with pytest.raises(XmlProblem) as exc:
        parse_bytes(XXE.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"))
    assert exc.value.rule == "PM008"


def test_undefined_entity_is_a_located_syntax_error() -> None:
    with pytest.raises(XmlProblem) as exc:
        parse_bytes(
            b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<process name="&xxe;"/>\n'
        )
    assert exc.value.rule == "PM001"
    assert exc.value.line == 2
    assert "xxe" in exc.value.message


def test_parser_itself_resolves_nothing(tmp_path: Path) -> None:
    """Defence in depth: even without the DOCTYPE pre-check, lxml is told to expand and fetch nothing."""
    from procmodel.bpmn.xml import _parser

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doc = f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]><d>&x;</d>'.encode()
    root = etree.fromstring(doc, _parser())
    assert "TOP SECRET" not in etree.tostring(root).decode()


def test_not_bpmn_is_refused() -> None:
    with pytest.raises(XmlProblem) as exc:
        read_bpmn(parse_bytes(b"<html><body/></html>"))
    assert "not a BPMN 2.0 file" in exc.value.message


def test_broken_xml_names_the_place() -> None:
    with pytest.raises(XmlProblem) as exc:
        parse_bytes(
            b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n  <process>\n</definitions>'
        )
    assert exc.value.rule == "PM001" and exc.value.line == 3


def test_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.bpmn"
    with big.open("wb") as fh:
        fh.write(
            b'<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n'
        )
        row = b'<process id="p%d"><task id="t%d" name="Uppgift"/></process>\n'
        n = 0
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(b"".join(row % (i, i) for i in range(n, n + 1000)))
            n += 1000
        fh.write(b"</definitions>\n")
    assert big.stat().st_size > MAX_BYTES
    before = _peak_rss_mb()
    with pytest.raises(XmlProblem) as exc:
        read_bpmn_file(big)
    assert exc.value.rule == "PM008"
    assert "MB" in exc.value.message and exc.value.hint
    assert _peak_rss_mb() - before < 20  # refused from its size, not read


def test_deep_nesting_is_refused_by_libxml2_limits() -> None:
    deep = b"<a>" * 100_000 + b"</a>" * 100_000
    with pytest.raises(XmlProblem) as exc:
        parse_bytes(deep)
    assert exc.value.rule == "PM001"
