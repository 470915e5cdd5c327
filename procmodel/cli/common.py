"""Shared option handling for the commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from procmodel.files import write_atomic
from procmodel.i18n import localize, say, t
from procmodel.i18n.cli import use_repository_language

if TYPE_CHECKING:
    from procmodel.load.parse_cache import ParseCache
    from procmodel.repository import Repository


def default_path() -> str:
    """``processes`` when it exists here, else the current folder."""
    return "processes" if Path("processes").is_dir() else "."


def path_argument(fn: Callable[..., None]) -> Callable[..., None]:
    """The optional PATH argument every command takes."""
    return click.argument("path", required=False, type=click.Path())(fn)


def load_or_exit(path: str | None, parse_cache: ParseCache | None = None) -> Repository:
    """Load the repository (``parse_cache``: see :func:`load_repository`), or print why not and exit 2."""
    from procmodel.load.repository import RepositoryError, load_repository

    try:
        repo = load_repository(path or default_path(), parse_cache)
    except RepositoryError as exc:
        raise click.UsageError(localize(t("cli.not_repository", error=exc.args[0]))) from None
    speak_repository_language(repo)
    return repo


def exit_if_left_out(
    repo: Repository,
    command: str,
    closing: str = "cli.unreadable",
    within: Path | None = None,
    **values: object,
) -> None:
    """Name the files of ``repo`` left out of its model, whole or in part, as they could not be
    read or are not valid (file:line:col, rule, message, hint), and exit 2; the command's output
    is already written, made of the rest.

    ``closing``: the message key of the last line (``{n}`` files, ``{command}``, and ``values``).
    ``within``: only the files in this file or folder count (the part the command was asked about).
    """
    from procmodel.report.text import headline, printable
    from procmodel.unreadable import left_out

    found = left_out(repo.sources.resolve(list(repo.findings)))
    if within is not None:
        inside = within.resolve()
        found = [
            f for f in found if f.file is None or repo.sources.path(f.file).resolve().is_relative_to(inside)
        ]
    if not found:
        return
    for finding in found:
        click.echo(headline(finding), err=True)
        if finding.hint:
            click.echo(f"  = {say('text.hint')}: {printable(localize(finding.hint))}", err=True)
    click.echo(say(closing, command=command, n=len({f.file for f in found}), **values), err=True)
    sys.exit(2)


def speak_repository_language(repo: Repository) -> None:
    """Speak the language ``procmodel.yaml`` sets, unless ``--lang`` or the locale chose one."""
    config = repo.config
    use_repository_language(config.language if "language" in config.model_fields_set else None)


def write_output(text: str, output: str | None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if not output:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(Path(output), text)
    except OSError as exc:
        raise click.UsageError(say("cli.cannot_write", path=output, reason=exc.strerror)) from None


def use_colour(output: str | None) -> bool:
    """Colour only on a terminal and when NO_COLOR is unset."""
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


PROGRESS_HELP = "Show progress on stderr (default: only on a terminal; plain lines elsewhere)."
JOBS_HELP = "Worker processes for rendering diagrams (default: every core; 1: in this process)."
BUILD_JOBS_HELP = (
    "Cores for the build: the diagrams not yet cached are rendered on this many, and with 2 or "
    "more the pages are built in two processes (default: every core; 1: all in this process)."
)


OUTPUT_HELP = "Write the report to this file."


def output_option(fn: Callable[..., None]) -> Callable[..., None]:
    """``--output/-o FILE``: the report into a file (written atomically) instead of stdout."""
    return click.option("--output", "-o", type=click.Path(dir_okay=False), help=OUTPUT_HELP)(fn)


def format_option(names: Iterable[str]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--format`` as ``fmt``, one of ``names`` (default: text)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(names)),
        default="text",
        show_default=True,
        help="Output format.",
    )


def progress_option(fn: Callable[..., None]) -> Callable[..., None]:
    """``--progress/--no-progress`` (``None``: neither given; see :mod:`procmodel.progress`)."""
    return click.option("--progress/--no-progress", default=None, help=PROGRESS_HELP)(fn)


def jobs_option(fn: Callable[..., None] | None = None, *, help: str = JOBS_HELP) -> Any:
    """``--jobs N``: worker processes (default: every core); ``help``: what they do for the command."""
    from procmodel.render.pool import cpu_count

    option = click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=cpu_count,
        show_default="every core",
        help=help,
    )
    return option(fn) if fn is not None else option
