"""The ``procmodel`` command line: thin click commands over the library.

Each module in this package exposes ``COMMANDS``; they are collected here, so a
new command is a new module. Exit codes: 0 ok, 1 findings at error level,
2 usage error or unreadable input.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import click

from procmodel import __version__
from procmodel.files import WriteError
from procmodel.i18n import localize, t
from procmodel.i18n.cli import LocalizedGroup, language_option, show_error


@click.group(
    cls=LocalizedGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, prog_name="procmodel")
@language_option
def cli() -> None:
    """procmodel: processes as checked YAML/BPMN files, diagrams and a static site.

    Typical use: `procmodel check processes/` in CI, `procmodel build` for the site.
    """


for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    for _command in getattr(importlib.import_module(f"{__name__}.{_info.name}"), "COMMANDS", []):
        cli.add_command(_command)


def main() -> None:
    """Entry point: never lets a traceback reach the user (set PROCMODEL_DEBUG=1 to see one)."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        show_error(exc)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo(localize(t("cli.aborted")), err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except WriteError as exc:  # read-only folder, full disk …: nothing half-written is left
        click.echo(f"procmodel: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # the last line of defence
        if os.environ.get("PROCMODEL_DEBUG"):
            raise
        click.echo(localize(t("cli.internal_error", error=f"{type(exc).__name__}: {exc}")), err=True)
        sys.exit(2)
    sys.exit(0)
