"""procmodel: how a school organisation does things, as checked files, diagrams and a site.

The public API::

    from procmodel import load_repository, check_repository
    repo = load_repository("processes")      # model + graph + load findings
    findings = check_repository(repo)        # every rule, severities applied
"""

from procmodel.check import check_repository
from procmodel.findings import Finding, Location
from procmodel.load.repository import RepositoryError, load_repository
from procmodel.repository import Repository

__version__ = "0.1.0"
__all__ = [
    "Finding",
    "Location",
    "Repository",
    "RepositoryError",
    "check_repository",
    "load_repository",
]
