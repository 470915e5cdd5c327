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
from procmodel.cli.common import default_path, load_or_exit
from procmodel.files import write_atomic
from procmodel.load.yaml_source import YamlProblem, read_yaml_file
from procmodel.model import Process

EXPORT_FORMATS = {"bpmn": ".bpmn", "mermaid": ".mmd"}


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the YAML files (default: processes/ if present, else here).")  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite YAML files that already exist.")
@click.option("--add-roles", is_flag=True,
              help="Append the roles the file needs to roles.yaml (comments are kept).")  # fmt: skip
def import_cmd(file: Path, out: Path | None, force: bool, add_roles: bool) -> None:
    """Import a BPMN 2.0 file (Camunda, Signavio, ARIS, bpmn.io …) as procmodel YAML.

    Each process (pool) becomes OUT/<id>.yaml; embedded sub-processes become processes of
    their own. Warnings name what procmodel cannot hold (element id and line).
    Exit status: 0 imported, 1 nothing written (a file exists; use --force), 2 unreadable file.
    """
    try:
        result = read_bpmn_file(file)
    except XmlProblem as p:
        where = f"{file}:{p.line}:{p.column}" if p.line else str(file)
        click.echo(f"{where}: {p.rule} error: {p.message}", err=True)
        if p.hint:
            click.echo(f"  help: {p.hint}", err=True)
        sys.exit(2)
    except OSError as exc:
        raise click.FileError(str(file), exc.strerror) from None
    for p in result.problems:
        element = f" (element '{p.element}')" if p.element else ""
        click.echo(f"{file}:{p.line}: {p.rule} warning: {p.message}{element}", err=True)
    folder = out or Path(default_path())
    targets = [(folder / f"{p.data['id']}.yaml", p.data) for p in result.processes]
    if not targets:
        click.echo(f"{file}: no process with steps was found; nothing written.", err=True)
        sys.exit(1)
    for target, data in targets:
        try:
            Process.model_validate(data)
        except ValidationError as exc:  # pragma: no cover - the reader builds valid data
            raise click.ClickException(
                f"{target.name}: imported data is not a valid process: {exc}"
            ) from None
    existing = [t for t, _ in targets if t.exists()]
    if existing and not force:
        for t in existing:
            click.echo(f"{t}: already exists; use --force to overwrite it.", err=True)
        sys.exit(1)
    folder.mkdir(parents=True, exist_ok=True)
    for target, data in targets:
        write_atomic(target, to_yaml(data, source=file.name))
        click.echo(f"wrote {target}")
    _summary(file, result)
    _roles_and_documents(folder, result, add_roles)


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
    """
    repo = load_or_exit(repo_path)
    if all_:
        chosen = sorted(repo.processes)
    elif ids:
        unknown = [i for i in ids if i not in repo.processes]
        if unknown:
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
    from procmodel.render.engine import RenderError

    for pid in chosen:
        process = repo.processes[pid]
        try:
            if fmt == "bpmn":
                from procmodel.bpmn.writer import process_to_bpmn

                content = process_to_bpmn(process, repo.roles)
            else:
                from procmodel.export.mermaid import process_to_mermaid

                content = process_to_mermaid(process, repo.roles).encode("utf-8")
        except RenderError as exc:
            raise click.ClickException(f"{pid}: layout failed: {exc}") from None
        if out is None:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            continue
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{pid}{EXPORT_FORMATS[fmt]}"
        write_atomic(target, content)
        click.echo(f"wrote {target}", err=True)


# YAML -------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, Unicode as is, multi-line text as literal blocks."""


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


def _roles_and_documents(folder: Path, result: ImportResult, add_roles: bool) -> None:
    root = next((p for p in (folder, *folder.resolve().parents) if (p / "roles.yaml").is_file()), None)
    known_roles: set[str] = set()
    known_docs: set[str] = set()
    if root is not None:
        known_roles = _ids(root / "roles.yaml", "roles")
        known_docs = _ids(root / "documents.yaml", "documents")
    missing = {k: v for k, v in result.roles.items() if k not in known_roles}
    if missing and add_roles and root is not None:
        _append_roles(root / "roles.yaml", missing)
        click.echo(f"added {len(missing)} role(s) to {root / 'roles.yaml'}")
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


def _quote(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style=None).strip().removesuffix("\n...").strip()


def _ids(path: Path, key: str) -> set[str]:
    if not path.is_file():
        return set()
    try:
        data = read_yaml_file(path)
    except (YamlProblem, OSError):
        return set()
    items = data.get(key) if isinstance(data, dict) else None
    return {str(i["id"]) for i in items or [] if isinstance(i, dict) and "id" in i}


def _append_roles(path: Path, roles: dict[str, str]) -> None:
    """Add roles to a user's roles.yaml, keeping its comments and layout (ruamel round trip)."""
    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 100
    data = rt.load(path.read_text(encoding="utf-8"))
    for rid, name in roles.items():
        data["roles"].append({"id": rid, "name": name})
    buf = io.StringIO()
    rt.dump(data, buf)
    write_atomic(path, buf.getvalue().encode("utf-8"))


COMMANDS = [import_cmd, export]
