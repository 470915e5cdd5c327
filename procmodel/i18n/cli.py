"""The command line in the user's language: ``--lang``, help texts and click's own headings.

The language is settled twice: before click parses the arguments (``--lang``
anywhere on the line, else the locale), so ``--help`` speaks it, and again when
a command has loaded a repository, whose ``procmodel.yaml`` may set
``language:``. Help texts come from the catalogs under ``cli.<command>.help``
and ``cli.<command>.<option>`` (the English catalog holds the code's own
docstrings and ``help=`` texts, and tests/i18n keeps the two equal), so the
commands themselves stay plain click.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import click

from procmodel.i18n import (
    LANGUAGES,
    catalog,
    choose_language,
    current_language,
    say,
    set_artefact_language,
    set_language,
)

#: The ``--lang`` given on the command line, for the choice after loading.
_requested: str | None = None


LANG_HELP = "Language of messages and help (default: procmodel.yaml, else the locale, else en)."


def language_option(fn: Callable[..., Any] | None = None, *, help: str = LANG_HELP) -> Any:
    """``--lang sv|en`` for a command (``@language_option`` or ``@language_option(help=…)``).

    The value is read before click parses the line (:class:`LocalizedGroup`), so it is not passed on.
    """
    option = click.option(
        "--lang", type=click.Choice(LANGUAGES), expose_value=False, is_eager=True, help=help
    )
    return option if fn is None else option(fn)


def requested_language(args: Sequence[str]) -> str | None:
    """The value of the first ``--lang X`` / ``--lang=X`` before a ``--``, if it is a known language."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value in LANGUAGES:
            return value
    return None


def requested_language_option() -> str | None:
    """The ``--lang`` of the command line being run, if any."""
    return _requested


def use_repository_language(configured: str | None) -> None:
    """After loading: ``--lang``, else the repository's ``language:``, else the locale, else English.

    A ``--lang`` also sets the language of what the command makes (``render``'s diagrams).
    """
    set_language(choose_language(_requested, configured, os.environ))
    set_artefact_language(_requested)


class LocalizedGroup(click.Group):
    """The root command: picks the language, then renders every help text in it."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        global _requested
        _requested = requested_language(args)
        set_language(choose_language(_requested, None, os.environ))
        set_artefact_language(None)
        localize_commands(self, current_language())
        return super().make_context(info_name, args, parent, **extra)


CommandPath = tuple[str, ...]


def walk(command: click.Command, path: CommandPath = ()) -> Iterator[tuple[CommandPath, click.Command]]:
    """Every command below (and including) ``command``, with its path of names."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name))


def help_key(path: tuple[str, ...], option: click.Option | None = None) -> str:
    """``cli.check.help`` for a command, ``cli.check.format`` for its ``--format``."""
    head = ".".join(("cli", *path))
    if option is None:
        return f"{head}.help"
    flag = max((o for o in option.opts if o.startswith("--")), key=len, default=option.opts[0])
    return f"{head}.{flag.lstrip('-')}"


def help_texts(root: click.Command, at: CommandPath = ()) -> Iterator[tuple[str, object, str]]:
    """(catalog key, owner, English text) for every command and option help below ``root``
    (at path ``at`` below the root command; only the commands a lazy group has loaded)."""
    for path, command in walk(root, at):
        yield help_key(path), command, _english(command)
        for param in command.params:
            if isinstance(param, click.Option) and _english(param):
                yield help_key(path, param), param, _english(param)


def localize_commands(root: click.Command, lang: str, path: CommandPath = ()) -> None:
    """Set every help text below ``root`` (at ``path``) to ``lang`` (the code's English where the
    catalog has none)."""
    texts = catalog(lang)
    for key, owner, english in help_texts(root, path):
        owner.help = texts.get(key, english) if lang != "en" else english  # type: ignore[attr-defined]
        if isinstance(owner, click.Command):
            owner.context_class = LocalizedContext


def _english(owner: click.Command | click.Parameter) -> str:
    """The help text the code gives (kept aside the first time it is replaced)."""
    saved = owner.__dict__.setdefault("_procmodel_english_help", getattr(owner, "help", None) or "")
    return saved


class LocalizedFormatter(click.HelpFormatter):
    """Click's headings ('Usage:', 'Options') and the help option's text in the current language."""

    HEADINGS = {"Options": "cli.heading.options", "Commands": "cli.heading.commands"}
    FIXED = {
        "Show this message and exit.": "cli.help_option",
    }
    _DEFAULT = re.compile(r"\[default: ")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else f"{_say('cli.heading.usage')} ")

    def write_heading(self, heading: str) -> None:
        key = self.HEADINGS.get(heading)
        super().write_heading(_say(key) if key else heading)

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        default = f"[{_say('cli.default')}: "
        out = []
        for term, text in rows:
            key = self.FIXED.get(text)
            out.append((term, _say(key) if key else self._DEFAULT.sub(lambda _: default, text)))
        super().write_dl(out, col_max, col_spacing)


class LocalizedContext(click.Context):
    formatter_class = LocalizedFormatter


def _say(key: str) -> str:
    return say(key)


def show_error(exc: click.ClickException) -> None:
    """Print a click error as click would, with click's own words ('Error:', 'Try … for help.') translated."""
    ctx = exc.ctx if isinstance(exc, click.UsageError) else None
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            option = max(ctx.help_option_names, key=len)
            hint = say("cli.try_help", command=f"{ctx.command_path} {option}") + "\n"
        click.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    click.echo(say("cli.error", message=exc.format_message()), err=True)
