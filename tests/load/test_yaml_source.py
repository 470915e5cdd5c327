"""The safe YAML reader: plain data, text kept as written, unsafe constructs refused with a place."""

from __future__ import annotations

import unicodedata

import pytest
import yaml

from procmodel.load.yaml_source import YamlProblem, _to_python, compose, locate, read_yaml


def problem(data: bytes) -> tuple[str, int, int]:
    with pytest.raises(YamlProblem) as info:
        read_yaml(data)
    return info.value.rule, info.value.line, info.value.column


def test_scalars_stay_the_text_the_author_wrote() -> None:
    data = read_yaml(
        b"version: 1.10\nsvar: no\nantal: 012\ndatum: 2026-08-15\nlikhet: =\ntom:\nnoll: ~\ncitat: ''\n"
    )
    assert data == {
        "version": "1.10",
        "svar": "no",
        "antal": "012",
        "datum": "2026-08-15",
        "likhet": "=",
        "tom": None,
        "noll": None,
        "citat": "",
    }


def test_quoted_null_is_text() -> None:
    assert read_yaml(b"a: 'null'\nb: \"~\"\n") == {"a": "null", "b": "~"}


def test_nested_lists_and_mappings() -> None:
    assert read_yaml(b"steps:\n  - {id: a, next: [b, c]}\n  - id: b\n") == {
        "steps": [{"id": "a", "next": ["b", "c"]}, {"id": "b"}]
    }


def test_bom_is_accepted() -> None:
    assert read_yaml("\ufeffid: å\n".encode()) == {"id": "å"}


def test_text_is_normalised_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "id: kränkning\n")
    assert nfd != "id: kränkning\n"
    assert read_yaml(nfd.encode()) == {"id": "kränkning"}


def test_ampersand_and_asterisk_in_text_are_not_anchors() -> None:
    assert read_yaml(b"title: Q&A om *viktigt* & annat\nx: 'a *b'\n") == {
        "title": "Q&A om *viktigt* & annat",
        "x": "a *b",
    }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a: 1\na: 2\n", ("PM002", 2, 1)),
        (b"a: &x 1\nb: *x\n", ("PM003", 1, 4)),
        (b"a: [*x]\n", ("PM003", 1, 5)),  # an alias, even an undefined one
        (b"<<: {a: 1}\n", ("PM003", 1, 1)),
        (b"- a\n", ("PM001", 1, 1)),
        (b"", ("PM005", 0, 0)),
        (b"a: 1\n---\nb: 2\n", ("PM001", 2, 1)),
        (b"a: !!python/name:os.system x\n", ("PM001", 1, 4)),
        (b"a:\n\tb: 1\n", ("PM001", 2, 1)),
        # nesting deep enough to exhaust Python's recursion (it was a RecursionError)
        (b"a: " + b"[" * 500 + b"]" * 500 + b"\n", ("PM001", 1, 103)),
        # control characters: line and column in characters after multi-byte å, ä, ö
        ("a: åäö\nb: åå\x1bc\n".encode(), ("PM001", 2, 6)),
        (b"a: 1\n\x00", ("PM001", 2, 1)),
        ('a: "x\ufffe"\n'.encode(), ("PM001", 1, 6)),
        ("a: ö\r\nb: ö\x07\r\n".encode(), ("PM001", 2, 5)),
        ("a: ö\nb: \xe5\n".encode("utf-8", "surrogateescape").replace(b"\xc3\xa5", b"\xe5"), ("PM004", 2, 4)),
    ],
)
def test_refused_with_rule_and_place(data: bytes, expected: tuple[str, int, int]) -> None:
    assert problem(data) == expected


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    lines = [b'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [b"a%d: &a%d [" % (i, i) + b",".join([b"*a%d" % (i - 1)] * 10) + b"]" for i in range(1, 30)]
    assert problem(b"\n".join(lines) + b"\n") == ("PM003", 1, 5)


def test_shared_nodes_are_never_expanded_even_if_they_reach_the_converter() -> None:
    """Second line of defence: a node budget, so a composed alias bomb cannot blow up."""
    lines = [b'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [b"a%d: &a%d [" % (i, i) + b",".join([b"*a%d" % (i - 1)] * 10) + b"]" for i in range(1, 30)]
    node = yaml.compose(b"\n".join(lines), Loader=yaml.CSafeLoader)  # shares nodes, does not expand
    with pytest.raises(YamlProblem) as info:
        _to_python(node)
    assert info.value.rule == "PM003"


def test_locate_points_at_values_keys_and_list_items() -> None:
    root = compose("id: å\nsteps:\n  - id: start\n    next: [a, bö]\n".encode())
    assert locate(root, ("id",)) == (1, 5, 6)
    assert locate(root, ("steps", 0, "next", 1)) == (4, 15, 17)
    assert locate(root, ("steps", 0, "next"), key=True) == (4, 5, 9)
    # a missing key: the deepest existing node, where it belongs
    assert locate(root, ("steps", 0, "role"))[:2] == (3, 5)
