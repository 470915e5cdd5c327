"""The ``procmodel`` command line: thin click commands over the library.

Each module in this package exposes ``COMMANDS``; :data:`COMMAND_MODULES` names the module
of each command, which is imported only when that command runs (``procmodel check`` never
pays for MkDocs, the site or the importers), so a new command is a new module and a line
there (a test holds the two in step). Exit codes: 0 ok, 1 findings at error level,
2 usage error or unreadable input.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

import click

from procmodel import __version__
from procmodel.files import WriteError
from procmodel.i18n import current_language, localize, t
from procmodel.i18n.cli import LocalizedGroup, language_option, localize_commands, show_error

#: Each top-level command → the module of this package that defines it (in its ``COMMANDS``).
COMMAND_MODULES = {
    "build": "site",
    "check": "check",
    "coverage": "coverage",
    "diff": "diff",
    "export": "bpmn",
    "followup": "followup",
    "goals": "goals",
    "import": "bpmn",
    "init": "init",
    "render": "render",
    "rules": "schemas",
    "schemas": "schemas",
    "serve": "site",
    "units": "units",
}


class LazyGroup(LocalizedGroup):
    """The root command, importing a command's module only when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            module = importlib.import_module(f"{__name__}.{COMMAND_MODULES[cmd_name]}")
            for command in module.COMMANDS:
                if command.name not in self.commands:
                    self.add_command(command)
                    localize_commands(command, current_language(), (command.name or "",))
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand:  # "did you mean" among every command, loaded or not
            every = self.list_commands(ctx)
            raise click.exceptions.NoSuchCommand(args[0], possibilities=every, ctx=ctx) from None


@click.group(
    cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, prog_name="procmodel")
@language_option
def cli() -> None:
    """procmodel: processes as checked YAML/BPMN files, diagrams and a static site.

    Typical use: `procmodel check processes/` in CI, `procmodel build` for the site.
    """


def load_all_commands() -> click.Group:
    """The root command with every command imported (for help texts and their catalogs)."""
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        cli.get_command(ctx, name)
    return cli


def main() -> None:
    """Entry point: never lets a traceback reach the user (set PROCMODEL_DEBUG=1 to see one)."""
    try:
        cli.main(standalone_mode=False)
        # the process ends here: the exit's full collection would walk every object the command
        # made (0.5-0.7 s after a site build of 1,000 processes) to free memory the system takes
        # back anyway; files are closed by then (every write is atomic, procmodel.files)
        gc.freeze()
    except SystemExit:  # a command that ends with its own exit status (check): as above
        gc.freeze()
        raise
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
