"""Human-readable findings: ``file:line:col: severity CODE name: message``, the line, a caret, a hint.

Text from the repository's files (titles, ids, source lines, names from a BPMN file)
is shown through :func:`printable`, so a file cannot send escape sequences to the
terminal (colours, cursor moves, a rewritten line) or turn text around with
bidirectional overrides ('Trojan Source'), as ruff and git escape such text.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from procmodel.findings import Finding
from procmodel.i18n import localize, t
from procmodel.report.result import CheckResult

COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}

#: C0 controls (but tab) and DEL as the Unicode control pictures (one column each: carets
#: stay aligned), C1 controls and bidirectional controls as visible escapes.
_PRINTABLE: dict[int, str] = {
    **{c: chr(0x2400 + c) for c in range(0x20) if c != 0x09},
    0x7F: "\u2421",
    **{c: f"\\x{c:02x}" for c in range(0x80, 0xA0)},
    **{c: f"<U+{c:04X}>" for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def printable(text: str) -> str:
    """``text`` safe for a terminal: control and bidirectional characters made visible."""
    return text.translate(_PRINTABLE) if not text.isprintable() else text


def _plural(n: int, word: str) -> str:
    return localize(t(f"count.{word}", n=n)) or ""


def format_text(result: CheckResult, colour: bool = False) -> str:
    """Findings grouped by file, each with its source line and a caret, then a summary."""

    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if colour else text  # type: ignore[arg-type]

    out: list[str] = []
    last_file: str | None = None
    for f in result.findings:
        if f.file != last_file and last_file is not None:
            out.append("")
        last_file = f.file
        out.append(headline(f, style))
        excerpt = _source_excerpt(result, f, style)
        out.extend(excerpt)
        if f.hint:
            # '=' under the '|' of the excerpt (rustc style), or indented by two without one
            indent = " " * (len(str(f.location.line)) + 1) if excerpt and f.location else "  "
            out.append(
                style(f"{indent}= {localize(t('text.hint'))}: ", fg="cyan") + printable(localize(f.hint))
            )
    if out:
        out.append("")
    out.append(summary_line(result, style))
    return "\n".join(out) + "\n"


def _plain(text: str, **_: object) -> str:
    return text


def headline(f: Finding, style: Callable[..., str] = _plain) -> str:
    """``file:line:col: severity ID name: message`` (the first line of a finding)."""
    where = printable(str(f.location) if f.location else (f.file or "<repository>"))
    sev = style(f.severity.value, fg=COLOURS.get(f.severity.value), bold=True)
    return f"{style(where, bold=True)}: {sev} {f.rule} {f.name}: {printable(localize(f.message))}"


def _source_excerpt(result: CheckResult, f: Finding, style) -> list[str]:
    loc = f.location
    if not loc or not loc.line:
        return []
    text = result.repo.sources.text_line(loc.file, loc.line)
    if text is None:
        return []
    gutter = " " * len(str(loc.line))
    text = text.expandtabs(1)
    start = max(loc.column - 1, 0)
    width = max((loc.end_column - loc.column) if loc.end_column > loc.column else 1, 1)
    width = min(width, max(len(text) - start, 1))
    # measured on the escaped text, so the caret stays under the value
    caret = " " * len(printable(text[:start])) + "^" * max(len(printable(text[start : start + width])), 1)
    return [
        f"{gutter} |",
        f"{loc.line} | {printable(text)}",
        f"{gutter} | " + style(caret, fg=COLOURS.get(f.severity.value), bold=True),
    ]


def summary_line(result: CheckResult, style: Callable[..., str] = _plain) -> str:
    c, s = result.counts, result.stats
    checked = (
        f"{_plural(s['processes'], 'process')}, "
        f"{_plural(s['steps'], 'step')}, {_plural(s['roles'], 'role')}, "
        f"{_plural(s['goals'], 'goal')}"
    )
    if not result.findings:
        return style(localize(t("summary.passed")), fg="green", bold=True) + localize(
            t("summary.passed_tail", checked=checked)
        )
    files = len({f.file for f in result.findings})
    parts = [_plural(c["error"], "error"), _plural(c["warning"], "warning")]
    if c["info"]:
        parts.append(_plural(c["info"], "info"))
    colour = "red" if c["error"] else "yellow"
    return style(localize(t("summary.found", findings=", ".join(parts))), fg=colour, bold=True) + localize(
        t("summary.found_tail", files=_plural(files, "file"), checked=checked)
    )
