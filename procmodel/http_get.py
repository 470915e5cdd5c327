"""Fetching an official text over HTTP(S): one GET, a timeout, a size limit and a clear error.

Used by the importers that can fetch their source themselves (Riksdagen's SFS texts,
Skolverket's Syllabus API). Proxies are taken from the usual environment variables
(``HTTPS_PROXY`` …) by urllib. Every failure is a :class:`FetchError` whose text names the
address, says what happened and what to do instead (fetch the file elsewhere, give it as FILE).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from http.client import HTTPMessage
from typing import IO, Any, TypeVar
from urllib.parse import urlsplit

from procmodel import __version__

T = TypeVar("T")

#: No official text procmodel reads is near this size; a larger answer is refused unread.
MAX_BYTES = 64 * 1024 * 1024


class FetchError(Exception):
    """The address could not be fetched; ``str()`` says why and what to do."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http(s) address (never to ftp: or file:)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(
                f"{req.full_url}: redirected to {newurl}, which is not an http(s) address; refused"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def http_get(url: str, *, accept: str, timeout: float = 30.0, what: str = "the document") -> bytes:
    """The body of a 200 answer to GET ``url``; a :class:`FetchError` for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: not an http(s) address")
    offline = f"Without internet, download {url} where it is reachable and give the file instead of fetching."
    request = urllib.request.Request(
        url, headers={"Accept": accept, "User-Agent": f"procmodel/{__version__}"}, method="GET"
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            if response.status != 200:
                raise FetchError(f"{url}: the server answered HTTP {response.status}, not 200. {offline}")
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        hint = "Check the number or code you gave." if exc.code == 404 else "Try again later."
        raise FetchError(
            f"{url}: the server answered HTTP {exc.code} {exc.reason} for {what}. {hint}"
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} s. {offline}") from None
        raise FetchError(
            f"cannot reach {parts.hostname} ({reason}): is the internet (or the proxy in HTTPS_PROXY) "
            f"reachable from here? {offline}"
        ) from None
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {timeout:g} s. {offline}") from None
    except (ConnectionError, OSError) as exc:  # reset or refused mid-answer
        raise FetchError(f"{url}: the connection failed ({exc}). {offline}") from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"{url}: the answer is larger than {MAX_BYTES // 2**20} MiB; refused")
    return body


def fetch_parsed(
    url: str, parse: Callable[[str], T], error: type[Exception], *, what: str, timeout: float = 30.0
) -> T:
    """GET ``url`` (JSON) and ``parse`` the answer; any failure as ``error``, a parse error prefixed with
    ``url``."""
    try:
        body = http_get(url, accept="application/json", timeout=timeout, what=what)
    except FetchError as exc:
        raise error(str(exc)) from None
    try:
        return parse(body.decode("utf-8", errors="replace"))
    except error as exc:
        raise error(f"{url}:{exc}") from None


def load_json(data: str, error: type[Exception], what: str) -> Any:
    """``data`` parsed as JSON; ``error`` naming line and column when it is not (``what``: what it
    should have been, for the message about too deep nesting)."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise error(f"{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise error(f"1:1: the JSON is nested too deeply to be {what}") from None
