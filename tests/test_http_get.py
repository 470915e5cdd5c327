"""procmodel.http_get: one GET over real HTTP on 127.0.0.1, and its errors."""

from __future__ import annotations

import pytest

from procmodel.http_get import FetchError, http_get
from tests.local_http import closed_port_url, serve


def test_a_200_answer_and_a_followed_redirect() -> None:
    routes = {"/a": (200, b'{"ok": 1}'), "/gammal": (301, b"", {"Location": "/a"})}
    with serve(routes) as (base, asked):
        assert http_get(f"{base}/a", accept="application/json") == b'{"ok": 1}'
        assert http_get(f"{base}/gammal", accept="application/json") == b'{"ok": 1}'
    assert asked == ["/a", "/gammal", "/a"]


def test_refusals_and_failures_say_what_happened() -> None:
    routes = {
        "/ftp": (302, b"", {"Location": "ftp://example.org/x"}),
        "/fel": (500, b""),
        "/tom": (204, b""),
    }
    with serve(routes) as (base, _):
        with pytest.raises(FetchError, match=r"not an http\(s\) address; refused"):
            http_get(f"{base}/ftp", accept="*/*")
        with pytest.raises(FetchError, match=r"HTTP 500 .* Try again later"):
            http_get(f"{base}/fel", accept="*/*")
        with pytest.raises(FetchError, match="HTTP 204, not 200"):
            http_get(f"{base}/tom", accept="*/*")
    with pytest.raises(FetchError, match=r"cannot reach 127\.0\.0\.1 .*give the file instead"):
        http_get(f"{closed_port_url()}/x", accept="*/*", timeout=5)
    with pytest.raises(FetchError, match=r"not an http\(s\) address"):
        http_get("file:///etc/passwd", accept="*/*")
