"""``procmodel render``: write every diagram (processes, map, red threads) to a folder."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from procmodel.cli.common import exit_if_left_out, jobs_option, load_or_exit, path_argument, progress_option
from procmodel.files import write_atomic
from procmodel.graph import node_id
from procmodel.i18n import say
from procmodel.i18n.cli import language_option
from procmodel.progress import Progress, progress_mode
from procmodel.render import MAX_DIAGRAM_STEPS, Renderer, RenderError, map_title, process_title, step_order
from procmodel.render.engine import ENGINES
from procmodel.render.svg import arrange_svg, finish_svg
from procmodel.render.words import diagram_words
from procmodel.repository import Repository

#: What ``--only`` can name, besides a process or goal id.
MAP_ID = "processkarta"


@click.command()
@path_argument
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="diagrams",
    show_default=True,
    help="Folder to write the diagrams to (created if missing).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["svg", "png", "dot"]),
    default="svg",
    show_default=True,
    help="svg (web), png (print; needs the native dot) or dot (the Graphviz source).",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="ID",
    help=f"Only this process or goal id, or '{MAP_ID}' for the map (repeatable).",
)
@click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default="auto",
    show_default=True,
    help="Graphviz: native `dot` on PATH, embedded WebAssembly, or auto (native if present).",
)
@click.option("--goal-badges/--no-goal-badges", default=False, help="Show the goals each step serves.")
@click.option(
    "--red-threads/--no-red-threads",
    default=True,
    show_default=True,
    help="Also render a red-thread diagram per goal that something serves.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Cache folder (default .procmodel-cache/ here).",
)
@click.option("--no-cache", is_flag=True, help="Render everything afresh and store nothing.")
@jobs_option
@progress_option
@language_option(help="Language of diagrams and messages (default: procmodel.yaml; diagrams: else sv).")
def render(
    path: str | None,
    out_dir: str,
    fmt: str,
    only: tuple[str, ...],
    engine: str,
    goal_badges: bool,
    red_threads: bool,
    cache_dir: str | None,
    no_cache: bool,
    jobs: int,
    progress: bool | None,
) -> None:
    """Render diagrams: one swimlane diagram per process, the process map and red-thread views.

    Files are named <process id>.<format>, processkarta.<format> and röd-tråd-<goal id>.<format>.
    An unchanged diagram is taken from the cache instead of being rendered again; the others
    are rendered on every core (--jobs).

    Exit status: 0, or 2 on a usage error or when files could not be read or are not valid (they are named;
    their diagrams are missing, the others are written).
    """
    with Progress("procmodel render", progress_mode(progress)) as shown:
        shown.step(say("progress.reading"))
        repo = load_or_exit(path)
        try:
            cache = Path(cache_dir) if cache_dir else None
            renderer = Renderer(engine, cache, use_cache=not no_cache, jobs=jobs)
            diagrams = _jobs(repo, renderer, only, goal_badges, red_threads)
        except RenderError as exc:
            raise click.UsageError(str(exc)) from None
        out = Path(out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise click.UsageError(f"cannot create {out}: {exc.strerror}") from None
        if fmt == "dot":
            for name, _, source in diagrams:
                write_atomic(out / f"{name}.dot", source)
            click.echo(f"wrote {len(diagrams)} DOT files to {out}", err=True)
            exit_if_left_out(repo, "render", closing="cli.render.unreadable")
            return
        dots = [dot for _, _, dot in diagrams]
        shown.step(say("progress.render.diagrams"), total=len(dots))
        try:
            outputs = renderer.render_many(dots, fmt, progress=shown.advance)
        except RenderError as exc:
            click.echo(f"procmodel render: {exc}", err=True)
            sys.exit(2)
        for (name, title, _), data in zip(diagrams, outputs, strict=True):
            if fmt == "svg":
                text = finish_svg(data, "d" + name.encode().hex()[:8], title)
                if name in repo.processes and name != MAP_ID:  # the keyboard meets the steps in order
                    text = arrange_svg(text, step_order(repo, name))
                data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode("utf-8")
            write_atomic(out / f"{name}.{fmt}", data)
        shown.finish(say("progress.render.done", count=len(diagrams), stats=str(renderer.stats)))
        click.echo(f"{len(diagrams)} diagrams in {out}: {renderer.stats}", err=True)
        exit_if_left_out(repo, "render", closing="cli.render.unreadable")


def _jobs(
    repo: Repository, renderer: Renderer, only: tuple[str, ...], goal_badges: bool, red_threads: bool
) -> list[tuple[str, str, str]]:
    """(file name, title, DOT) for every diagram to render."""
    wanted = set(only)
    unknown = wanted - set(repo.processes) - set(repo.goals) - {MAP_ID}
    if unknown:
        raise RenderError(
            f"--only: no process or goal with id {', '.join(sorted(unknown))}; "
            f"use a process id, a goal id or {MAP_ID!r}"
        )
    pick: Callable[[str], bool] = (lambda ident: ident in wanted) if wanted else (lambda ident: True)
    jobs: list[tuple[str, str, str]] = []
    words = diagram_words(repo)
    for pid in sorted(repo.processes):
        if pick(pid):
            if not wanted and len(repo.processes[pid].steps) > MAX_DIAGRAM_STEPS:
                click.echo(f"{pid}: left out: more than {MAX_DIAGRAM_STEPS} steps to draw", err=True)
                continue
            dot = renderer.process_dot(repo, pid, goal_badges=goal_badges)
            jobs.append((pid, process_title(repo, pid), dot))
    if pick(MAP_ID):
        jobs.append((MAP_ID, map_title(repo), renderer.map_dot(repo)))
    served = {node_id(t) for _, t, k in repo.graph.edges(keys=True) if k == "serves"}
    for gid in sorted(repo.goals):
        if (wanted and gid in wanted) or (not wanted and red_threads and gid in served):
            jobs.append(
                (
                    f"röd-tråd-{gid}",
                    words("diagram.red_thread_title", goal=repo.goals[gid].label),
                    renderer.red_thread_dot(repo, gid),
                )
            )
    return jobs


COMMANDS = [render]
