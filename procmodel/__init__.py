"""procmodel: how a school organisation does things, as checked files, diagrams and a site.

The public API::

    from procmodel import load_repository, check_repository
    repo = load_repository("processes")      # model + load findings (the graph when first read)
    findings = check_repository(repo)        # every rule, severities applied

The names are imported when first used, so ``import procmodel.cli`` (a command whose answer
is cached, ``procmodel --help``) does not pay for pydantic, the model and the rules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from procmodel.check import check_repository
    from procmodel.findings import Finding, Location
    from procmodel.load.repository import RepositoryError, load_repository
    from procmodel.repository import Repository

from procmodel.version import __version__

__all__ = [
    "Finding",
    "Location",
    "Repository",
    "RepositoryError",
    "__version__",
    "check_repository",
    "load_repository",
]

#: Each public name → the module that defines it.
_HOMES = {
    "Finding": "procmodel.findings",
    "Location": "procmodel.findings",
    "Repository": "procmodel.repository",
    "RepositoryError": "procmodel.load.repository",
    "check_repository": "procmodel.check",
    "load_repository": "procmodel.load.repository",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'procmodel' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
