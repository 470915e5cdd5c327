"""``procmodel import`` (BPMN → YAML) and ``procmodel export`` (BPMN, Mermaid)."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import click
import yaml
from pydantic import ValidationError

from procmodel.bpmn.reader import ImportResult, read_bpmn_file
from procmodel.bpmn.xml import XmlProblem
from procmodel.cli.common import default_path, exit_if_left_out, load_or_exit
from procmodel.files import write_files
from procmodel.load.repository import CONFIG_NAME, DOCUMENTS_NAME, GOALS_DIR, ROLES_NAME
from procmodel.load.yaml_source import YamlProblem, read_yaml
from procmodel.model import Process
from procmodel.yaml_edit import EditError, append_items, list_ids

EXPORT_FORMATS = {"bpmn": ".bpmn", "mermaid": ".mmd"}


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the YAML files (default: processes/ if present, else here).")  # fmt: skip
@click.option("--force", is_flag=True,
              help="Replace existing files that hold a process with the same id (never roles, "
              "documents, configuration or goal catalogs).")  # fmt: skip
@click.option("--add-roles", is_flag=True,
              help="Append the roles the file needs to roles.yaml (comments are kept).")  # fmt: skip
def import_cmd(file: Path, out: Path | None, force: bool, add_roles: bool) -> None:
    """Import a BPMN 2.0 file (Camunda, Signavio, ARIS, bpmn.io …) as procmodel YAML.

    Each process (pool) becomes OUT/<id>.yaml; embedded sub-processes become processes of
    their own. Warnings name what procmodel cannot hold (element id and line).
    All files are written or none. Exit status: 0 imported, 1 nothing written (a file exists, use
    --force; or roles.yaml cannot be edited), 2 unreadable file or a folder that cannot be written.
    """
    try:
        result = read_bpmn_file(file)
    except XmlProblem as p:
        where = f"{file}:{p.line}" + (f":{p.column}" if p.column else "") if p.line else str(file)
        click.echo(f"{where}: {p.rule} error: {p.message}", err=True)
        if p.hint:
            click.echo(f"  help: {p.hint}", err=True)
        sys.exit(2)
    except OSError as exc:
        raise click.FileError(str(file), exc.strerror) from None
    for problem in result.problems:
        element = f" (element '{problem.element}')" if problem.element else ""
        click.echo(f"{file}:{problem.line}: {problem.rule} warning: {problem.message}{element}", err=True)
    folder = out or Path(default_path())
    targets = {folder / f"{p.data['id']}.yaml": p.data for p in result.processes}
    if not targets:
        click.echo(f"{file}: no process with steps was found; nothing written.", err=True)
        sys.exit(1)
    for target, data in targets.items():
        try:
            Process.model_validate(data)
        except ValidationError as exc:  # pragma: no cover - the reader builds valid data
            raise click.ClickException(
                f"{target.name}: imported data is not a valid process: {exc}"
            ) from None
    root = repository_root(folder)
    refused = [r for r in (_refusal(t, str(d["id"]), root, force) for t, d in targets.items()) if r]
    if refused:
        for reason in refused:
            click.echo(reason, err=True)
        sys.exit(1)
    writes: dict[Path, bytes] = {t: to_yaml(d, source=file.name) for t, d in targets.items()}
    try:
        roles_edit = _roles_and_documents(root, result, add_roles)
    except EditError as exc:
        click.echo(f"{exc}", err=True)
        click.echo("Nothing was written; fix the file, or import without --add-roles.", err=True)
        sys.exit(1)
    if roles_edit:
        writes[roles_edit[0]] = roles_edit[1]
    write_files(writes)  # all or nothing
    for target in targets:
        click.echo(f"wrote {target}")
    if roles_edit:
        click.echo(f"added {roles_edit[2]} role(s) to {roles_edit[0]}")
    _summary(file, result)


def repository_root(folder: Path) -> Path | None:
    """The repository ``folder`` is in: the nearest folder (itself or above) with procmodel.yaml
    or roles.yaml, or None."""
    for p in (folder, *folder.resolve().parents):
        if (p / CONFIG_NAME).is_file() or (p / ROLES_NAME).is_file():
            return p
    return None


def _refusal(target: Path, pid: str, root: Path | None, force: bool) -> str | None:
    """Why ``target`` must not be written (None: it may be)."""
    rel = target.resolve().relative_to(root.resolve()).parts if root is not None else (target.name,)
    if (
        rel in ((CONFIG_NAME,), (ROLES_NAME,), (DOCUMENTS_NAME,))
        or (len(rel) > 1 and rel[0] == GOALS_DIR)
        or target.name in (CONFIG_NAME, ROLES_NAME, DOCUMENTS_NAME)
    ):
        return (
            f"{target}: the process '{pid}' would be written over a file that is not a process "
            "(configuration, roles, documents or a goal catalog); nothing was written. "
            "Give another folder with --out, or change the process id in the BPMN file."
        )
    if not target.exists() and not target.is_symlink():
        return None
    if not force:
        return f"{target}: already exists; use --force to overwrite it."
    if not target.is_file() or target.is_symlink():
        return f"{target}: exists and is not a regular file; nothing was written."
    try:
        existing = read_yaml(target.read_bytes())
    except (YamlProblem, OSError):
        existing = {}
    if existing.get("id") != pid or "steps" not in existing:
        return (
            f"{target}: exists and is not the process '{pid}'; --force replaces only a process "
            "file with the same id. Nothing was written."
        )
    return None


@click.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Export every process.")
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="bpmn", show_default=True)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write <id>.bpmn / <id>.mmd into (default: print one process).")  # fmt: skip
@click.option("--repo", "repo_path", type=click.Path(file_okay=False),
              help="The repository folder (default: processes/ if present).")  # fmt: skip
def export(ids: tuple[str, ...], all_: bool, fmt: str, out: Path | None, repo_path: str | None) -> None:
    """Export processes as BPMN 2.0 XML (with diagram layout) or as a Mermaid flowchart.

    Give process IDs, or --all. Without --out one process is printed to standard output.

    Exit status: 0, or 2 on a usage error or when files could not be read or are not valid (they are named
    after the export, which leaves them out).
    """
    repo = load_or_exit(repo_path)
    if all_:
        chosen = sorted(repo.processes)
    elif ids:
        unknown = [i for i in ids if i not in repo.processes]
        if unknown:
            # the process may be defined in a file that could not be read: say so, not "unknown"
            exit_if_left_out(repo, "export", "cli.export.maybe_unreadable", ids=", ".join(unknown))
            import difflib

            hints = []
            for u in unknown:
                close = difflib.get_close_matches(u, repo.processes, 1)
                hints.append(f"'{u}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
            raise click.UsageError(
                "unknown process id " + ", ".join(hints) + "; see `procmodel check` for the ids."
            )
        chosen = list(ids)
    else:
        raise click.UsageError("give one or more process ids, or --all")
    if out is None and len(chosen) > 1:
        raise click.UsageError("several processes: give --out FOLDER to write one file each")
    from procmodel.bpmn.writer import ExportError, process_to_bpmn
    from procmodel.export.mermaid import process_to_mermaid
    from procmodel.render.engine import RenderError

    contents: dict[Path, bytes] = {}
    for pid in chosen:
        process = repo.processes[pid]
        try:
            if fmt == "bpmn":
                content = process_to_bpmn(process, repo.roles)
            else:
                content = process_to_mermaid(process, repo.roles).encode("utf-8")
        except ExportError as exc:
            raise click.ClickException(
                f"{pid}: cannot be written as BPMN: {exc}. "
                "`procmodel check` shows where; nothing was written."
            ) from None
        except RenderError as exc:
            raise click.ClickException(f"{pid}: layout failed: {exc}") from None
        if out is None:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            contents[out / f"{pid}{EXPORT_FORMATS[fmt]}"] = content
    if contents:
        write_files(contents)  # all or nothing
        for target in contents:
            click.echo(f"wrote {target}", err=True)
    exit_if_left_out(repo, "export")


# YAML -------------------------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style, Unicode as is, multi-line text as literal blocks.

    libyaml's emitter: the pure-Python one took 9 of the 12 s of importing 20,000 tasks.
    """


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(data: dict[str, Any], source: str) -> bytes:
    """Deterministic YAML for one imported process (same input, same bytes)."""
    buf = io.StringIO()
    buf.write(f"# Imported from {source} by `procmodel import`; check roles, goals and documents.\n")
    yaml.dump(
        data, buf, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return buf.getvalue().encode("utf-8")


def _summary(file: Path, result: ImportResult) -> None:
    c = result.counts()
    click.echo(
        f"{file}: {c['processes']} process(es), {c['tasks']} tasks, {c['subprocesses']} sub-processes, "
        f"{c['events']} events, {c['gateways']} gateways, {c['flows']} flows, {c['lanes']} lanes; "
        f"{c['warnings']} warning(s)"
    )


def _roles_and_documents(
    root: Path | None, result: ImportResult, add_roles: bool
) -> tuple[Path, bytes, int] | None:
    """Print the roles and documents the repository lacks; with ``add_roles`` the new
    roles.yaml (path, content, roles added) to write with the processes. Raises EditError."""
    known_roles: set[str] = set()
    known_docs: set[str] = set()
    roles_file = root / ROLES_NAME if root is not None else None
    if root is not None and roles_file is not None:
        known_roles = list_ids(roles_file, "roles")
        known_docs = list_ids(root / DOCUMENTS_NAME, "documents")
    missing = {k: v for k, v in result.roles.items() if k not in known_roles}
    edit = None
    if missing and add_roles and roles_file is not None and roles_file.is_file():
        new = append_items(roles_file, "roles", [{"id": k, "name": v} for k, v in missing.items()])
        edit = (roles_file, new, len(missing))
    elif missing:
        click.echo("Roles the processes use that roles.yaml does not define (add them, or use --add-roles):")
        click.echo("roles:")
        for rid, name in missing.items():
            click.echo(f"  - id: {rid}\n    name: {_quote(name)}")
    docs = {k: v for k, v in result.documents.items() if k not in known_docs}
    if docs:
        click.echo("Documents the processes use that documents.yaml does not define:")
        click.echo("documents:")
        for did, title in docs.items():
            click.echo(f"  - id: {did}\n    title: {_quote(title)}")
    return edit


def _quote(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style=None).strip().removesuffix("\n...").strip()


COMMANDS = [import_cmd, export]
