"""``procmodel init [DIR]``: scaffold a new process repository that passes ``check`` and builds as it is."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from procmodel.files import write_files
from procmodel.schemas import schema_documents

TEMPLATE = "templates/init"
#: Template files stored under other names (package data holds .yaml/.md only, and no dot files).
RENAMED = {
    "mkdocs.yaml": "mkdocs.yml",
    "ci/github-workflow.yaml": ".github/workflows/procmodel.yml",
    "ci/gitlab-ci.yaml": ".gitlab-ci.yml",
    "ci/pre-commit-config.yaml": ".pre-commit-config.yaml",
}
#: Files where ``{name}`` and ``{today}`` are filled in.
FILLED = {
    "processes/procmodel.yaml",
    "processes/trygghet/kränkande-behandling.yaml",
    "mkdocs.yaml",
    "README.md",
}
#: The last line: temporary files a killed procmodel left (the next write removes them).
GITIGNORE = (
    "site/\n.procmodel-cache/\n__pycache__/\n*.sarif\nprocmodel-*.xml\nprocmodel-summary.md\n.*.tmp-*\n"
)


def template_files() -> dict[str, tuple[str, str]]:
    """Target path (relative to DIR) → (template path, template text)."""
    root = resources.files("procmodel").joinpath(TEMPLATE)
    out: dict[str, tuple[str, str]] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                if not child.name.startswith(("_", ".")):
                    walk(child, rel + "/")
            elif child.name.endswith((".yaml", ".md")):
                out[RENAMED.get(rel, rel)] = (rel, child.read_text(encoding="utf-8"))

    walk(root, "")
    return out


def planned_files(name: str, today: dt.date) -> dict[str, str]:
    """Every file ``init`` writes: path relative to DIR → text (schemas included)."""
    out: dict[str, str] = {}
    for rel, (source, text) in template_files().items():
        if source in FILLED:
            text = text.replace("{name}", json.dumps(name, ensure_ascii=False)).replace(
                "{today}", today.isoformat()
            )
        out[rel] = text
    out[".gitignore"] = GITIGNORE
    for schema, text in schema_documents().items():
        out[f"schemas/{schema}"] = text
    return out


def scaffold(target: Path, name: str, today: dt.date | None = None, force: bool = False) -> list[Path]:
    """Write the new repository into ``target``, all files or none.

    Refuses (a usage error listing them) to overwrite any existing file unless ``force``.
    """
    files = planned_files(name, today or dt.date.today())
    existing = [rel for rel in files if (target / rel).exists() or (target / rel).is_symlink()]
    if existing and not force:
        shown = "\n".join(f"  {rel}" for rel in existing)
        raise click.UsageError(
            f"{target} already holds {len(existing)} of the files init writes:\n{shown}\n"
            "Nothing was written. Choose an empty folder, or use --force to overwrite them."
        )
    writes = {target / rel: text for rel, text in files.items()}
    write_files(writes)
    return list(writes)


@click.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--name", default="Våra skolor", show_default=True, help="Organisation or site name.")
@click.option(
    "--force", is_flag=True, help="Overwrite files that already exist (else: listed, none written)."
)
def init(directory: str, name: str, force: bool) -> None:
    """Create a new process repository in DIRECTORY (default: here).

    Writes processes/ (configuration, roles, the national goal catalogs, a municipal
    goal catalog, one example process), schemas/ for editors, mkdocs.yml for the site,
    and CI configurations for GitHub Actions, GitLab CI and pre-commit.
    """
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise click.UsageError(f"{directory} is a file; give a folder.")
    written = scaffold(target, name, force=force)
    click.echo(f"Created a process repository in {directory} ({len(written)} files, schemas/ included).")
    click.echo("Next steps:")
    click.echo(f"  cd {directory}")
    click.echo("  procmodel check processes      # everything should pass")
    click.echo("  procmodel coverage processes   # which goals your processes serve")
    click.echo("  procmodel build                # the site, in site/")
    click.echo("See docs/ci.md of procmodel for the CI set-up; the configurations are already here.")


COMMANDS = [init]
