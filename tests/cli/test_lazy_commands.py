"""The command line imports a command's module only when that command runs (procmodel/cli/__init__.py)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import procmodel.cli as cli_package
from procmodel.cli import COMMAND_MODULES, load_all_commands


def test_every_command_of_every_module_is_named_in_the_registry() -> None:
    found = {}
    for info in pkgutil.iter_modules(cli_package.__path__):
        for command in getattr(importlib.import_module(f"procmodel.cli.{info.name}"), "COMMANDS", []):
            found[command.name] = info.name
    assert found == COMMAND_MODULES
    assert sorted(load_all_commands().commands) == sorted(COMMAND_MODULES)


def test_check_runs_without_importing_the_site_or_mkdocs(tmp_path) -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['procmodel', 'check', 'processes', '--no-cache', '--format', 'json']\n"
        "try:\n"
        "    runpy.run_module('procmodel', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] == 'mkdocs' or m.startswith('procmodel.site')]\n"
        "print('LOADED', sorted(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "LOADED []"
    assert '"findings"' in out


def test_help_lists_every_command_with_its_localized_summary() -> None:
    argv = [sys.executable, "-m", "procmodel", "--lang", "sv", "--help"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    for name in COMMAND_MODULES:
        assert f"  {name} " in out
    assert "Kontrollera" in out  # check's summary, in Swedish


def test_a_mistyped_command_is_told_the_one_it_resembles() -> None:
    done = subprocess.run([sys.executable, "-m", "procmodel", "chek"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "'chek'" in done.stderr and "'check'" in done.stderr
    assert "Traceback" not in done.stderr
