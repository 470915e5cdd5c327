"""``procmodel build`` and ``procmodel serve``: the published site, without knowing MkDocs."""

from __future__ import annotations

from pathlib import Path

import click

from procmodel.cli.common import BUILD_JOBS_HELP, jobs_option, path_argument, progress_option
from procmodel.files import staged_folder
from procmodel.i18n import say
from procmodel.progress import Progress, progress_mode
from procmodel.render.pool import set_default_jobs
from procmodel.site.build import SiteError, build_site, find_config, serve_site
from procmodel.site.i18n import LANGUAGES
from procmodel.site.visibility import AUDIENCES

_AUDIENCE = click.Choice(AUDIENCES)
_LANG = click.Choice(LANGUAGES)


@click.command()
@path_argument
@click.option(
    "--audience",
    type=_AUDIENCE,
    default="public",
    show_default=True,
    help="public: only processes marked 'audience: public', follow-up without its written analysis; "
    "staff: everything.",
)
@click.option(
    "--site-dir", type=click.Path(file_okay=False), help="Where to write the site (default: site/)."
)
@click.option("--lang", type=_LANG, help="Language of the pages (default: procmodel.yaml, else sv).")
@click.option(
    "--config-file",
    "-f",
    type=click.Path(dir_okay=False),
    help="A mkdocs.yml to use (default: ./mkdocs.yml if present, else a built-in one).",
)
@click.option(
    "--site-url", metavar="URL", help="Public address of the site (for the sitemap and canonical links)."
)
@click.option("--strict", is_flag=True, help="Fail on any warning (broken files, links).")
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' progress messages.")
@jobs_option(help=BUILD_JOBS_HELP)
@progress_option
def build(
    path: str | None,
    audience: str,
    site_dir: str | None,
    lang: str | None,
    config_file: str | None,
    site_url: str | None,
    strict: bool,
    verbose: bool,
    jobs: int,
    progress: bool | None,
) -> None:
    """Build the static site from a process repository.

    PATH is the folder holding procmodel.yaml (default: processes/ if present). Open
    site/index.html, or publish the folder on any web server: it works offline.
    """

    def run(into: str | None) -> Path:
        return build_site(
            path,
            audience=audience,
            site_dir=into,
            lang=lang,
            config_file=config_file,
            strict=strict,
            verbose=verbose,
            site_url=site_url,
        )

    set_default_jobs(jobs)  # the diagrams of the build are rendered on this many cores, its pages on two
    try:
        with Progress("procmodel build", progress_mode(progress)) as shown:
            target = site_dir or ("site" if find_config(config_file) is None else None)
            if target is None:  # the site folder the user's mkdocs.yml names: built in place
                out = run(None)
            else:  # built beside the old site, which it replaces only when complete
                with staged_folder(Path(target)) as stage:
                    run(str(stage))
                out = Path(target)
            if shown.mode != "off":
                pages = sum(1 for _ in out.rglob("*.html"))
                shown.finish(say("progress.build.done", pages=pages, audience=audience))
    except SiteError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        set_default_jobs(None)
    click.echo(f"Built the site ({audience} audience) in {out}")


@click.command()
@path_argument
@click.option(
    "--audience",
    type=_AUDIENCE,
    default="staff",
    show_default=True,
    help="Which processes to show in the preview.",
)
@click.option("--lang", type=_LANG, help="Language of the pages (default: procmodel.yaml, else sv).")
@click.option("--config-file", "-f", type=click.Path(dir_okay=False), help="A mkdocs.yml to use.")
@click.option(
    "--dev-addr",
    "-a",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="IP:PORT",
    help="Address to serve the preview on (port 0: a free one).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
def serve(
    path: str | None,
    audience: str,
    lang: str | None,
    config_file: str | None,
    dev_addr: str,
    open_browser: bool,
) -> None:
    """Preview the site; when you save a file the pages it changes are updated and reload (Ctrl+C stops).

    A saved process file makes again only the pages that show it (its own page, the role,
    goal and document pages, the lists and the start page); other files rebuild the whole
    site. A save that brings a new error keeps the last good pages and shows the error
    (file, line, column, hint) on every page; fix the file and save. Runs in the
    foreground; Ctrl+C or SIGTERM stop it and remove its temporary folder.
    """
    try:
        serve_site(
            path,
            audience=audience,
            lang=lang,
            config_file=config_file,
            dev_addr=dev_addr,
            open_in_browser=open_browser,
        )
    except SiteError as exc:
        raise click.ClickException(str(exc)) from None


COMMANDS = [build, serve]
