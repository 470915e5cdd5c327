"""``procmodel diff``: what changed in the processes between two git revisions."""

from __future__ import annotations

import json
from pathlib import Path

import click

from procmodel.changes import ChangeError
from procmodel.cli.common import default_path, exit_if_left_out, load_or_exit, write_output
from procmodel.diff import diff_revisions
from procmodel.i18n import say
from procmodel.load.repository import RepositoryError, find_root
from procmodel.process_diff import ProcessDiff


@click.command()
@click.argument("args", nargs=-1, metavar="[REV1] [REV2] [PATH]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file.")
def diff(args: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Show what changed in the processes between two git revisions.

    REV1 defaults to HEAD, REV2 to the working tree. Shown per process: steps added, removed
    or renamed, roles and goals gained or lost, and the version. PATH: the repository folder,
    or a process file or folder in it.

    Exit status: 0 whatever changed; 2 on a usage error, or when files of the working tree
    could not be read or are not valid (in PATH, when given; they are named after the differences, where they
    count as removed).
    """
    revs, path = _split(args)
    if len(revs) > 2:
        raise click.UsageError(say("diff.too_many", args=" ".join(args)))
    rev1 = revs[0] if revs else "HEAD"
    rev2 = revs[1] if len(revs) > 1 else None
    target = Path(path or default_path())
    folder = target.parent if target.is_file() else target
    try:
        root = _repository_root(folder)
    except RepositoryError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    under = target.resolve().relative_to(root) if target.resolve() != root else None
    # the working tree: compared when REV2 is left out, and its procmodel.yaml sets the language
    current = load_or_exit(str(root))
    try:
        diffs = diff_revisions(root, rev1, rev2, under, head=current if rev2 is None else None)
    except ChangeError as exc:
        raise click.UsageError(f"diff: {exc}") from None
    if fmt == "json":
        data = {"from": rev1, "to": rev2, "processes": [d.as_json() for d in diffs]}
        write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
    else:
        write_output(diff_text(diffs, rev1, rev2), output)
    if rev2 is None:  # the working tree was compared: its files that could not be read count as removed
        exit_if_left_out(current, "diff", within=target if under is not None else None)


def _split(args: tuple[str, ...]) -> tuple[list[str], str | None]:
    """Revisions and the optional PATH (the last argument, when it names a file or folder)."""
    if args and Path(args[-1]).exists():
        return list(args[:-1]), args[-1]
    return list(args), None


def _repository_root(folder: Path) -> Path:
    """The repository folder for ``folder``: the nearest one with procmodel.yaml (itself, its
    ``processes/`` or a parent), else ``folder`` itself if it holds process files."""
    for candidate in (folder, *folder.resolve().parents):
        for root in (candidate, candidate / "processes"):
            if (root / "procmodel.yaml").is_file():
                return root.resolve()
    return find_root(folder)  # a folder of process files without procmodel.yaml, or the reason why not


def diff_text(diffs: list[ProcessDiff], rev1: str, rev2: str | None) -> str:
    """The differences as lines for a terminal or a pull-request comment."""
    to = rev2 or say("diff.work_tree")
    if not diffs:
        return say("diff.none", rev1=rev1, rev2=to) + "\n"
    lines = [say("diff.head", rev1=rev1, rev2=to, n=len(diffs))]
    for d in diffs:
        lines.append("")
        version = d.version_after or d.version_before or ""
        if d.version_changed and d.state == "changed":
            version = f"{d.version_before} → {d.version_after}"
        lines.append(f"{say('diff.state.' + d.state)}: {d.id} ({d.title}), {say('diff.version')} {version}")
        lines.append(f"  {d.file}")
        lines += [f"  + {say('diff.step')} {s.id}: {s.title}" for s in d.steps_added]
        lines += [f"  - {say('diff.step')} {s.id}: {s.title}" for s in d.steps_removed]
        lines += [f"  ~ {say('diff.step')} {s.id}: {s.before} → {s.title}" for s in d.steps_renamed]
        lines += [f"  + {say('diff.role')} {r}" for r in d.roles_gained]
        lines += [f"  - {say('diff.role')} {r}" for r in d.roles_lost]
        lines += [f"  + {say('diff.goal')} {g}" for g in d.goals_gained]
        lines += [f"  - {say('diff.goal')} {g}" for g in d.goals_lost]
        if d.state == "changed" and d.content_changed and not d.version_changed:
            lines.append(f"  ! {say('diff.same_version', version=d.version_after)}")
    return "\n".join(lines) + "\n"


COMMANDS = [diff]
