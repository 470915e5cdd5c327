"""What ``procmodel serve`` adds to every page it serves: the live-reload script and the error panel.

The panel lists the current error findings, located (``file:line:col``), with message and
hint. When a save brought new errors (or the build failed) the panel is open and says that
the pages are the last good version; errors that were already there sit in a closed panel
in a corner. Every text is escaped: it comes from the user's files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

#: The path the live-reload script long-polls; it answers when the preview changes.
WAIT_PATH = "/.procmodel/wait"
#: JSON state of the preview (version, errors, whether a build runs), for scripts and tests.
STATUS_PATH = "/.procmodel/status"

#: Errors listed in the panel; more are counted.
SHOWN_ERRORS = 20

WORDS = {
    "sv": {
        "held": "Förhandsvisningen visar den senaste fungerande versionen",
        "failed": "Webbplatsen kunde inte byggas om",
        "errors": "{n} fel i processfilerna",
        "new": "nytt",
        "more": "… och {n} till (kör procmodel check för alla).",
        "fix": "Rätta filen och spara, så laddas sidan om av sig själv.",
        "hint": "Tips",
        "close": "Dölj",
        "building": "Bygger förhandsvisningen …",
        "nothing": "Det finns ingen fungerande version att visa ännu.",
    },
    "en": {
        "held": "The preview shows the last good version",
        "failed": "The site could not be rebuilt",
        "errors": "{n} errors in the process files",
        "new": "new",
        "more": "… and {n} more (run procmodel check for all).",
        "fix": "Fix the file and save: the page reloads by itself.",
        "hint": "Hint",
        "close": "Hide",
        "building": "Building the preview …",
        "nothing": "There is no working version to show yet.",
    },
}

_STYLE = """<style>
#procmodel-preview{position:fixed;z-index:10000;right:1rem;bottom:1rem;max-width:min(46rem,calc(100vw - 2rem));
max-height:70vh;overflow:auto;background:#fff;color:#1a1a1a;border:3px solid #b00020;border-radius:6px;
padding:.8rem 1rem;font:15px/1.45 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.3)}
#procmodel-preview summary{cursor:pointer;font-weight:700;color:#b00020}
#procmodel-preview h2{margin:0 0 .4rem;font-size:1.1rem;color:#b00020}
#procmodel-preview ol{padding-left:1.4rem;margin:.4rem 0}#procmodel-preview li{margin:.35rem 0}
#procmodel-preview code{font-size:.9em;background:#f3f3f3;padding:0 .2em}
#procmodel-preview .pm-new{background:#b00020;color:#fff;border-radius:3px;padding:0 .3em;font-size:.8em}
#procmodel-preview button{float:right;margin-left:1rem}
</style>"""


@dataclass
class PreviewView:
    """What a served page shows of the preview's state."""

    version: int = 0
    lang: str = "sv"
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    held: bool = False  # new errors: the pages are the last good version
    failure: str | None = None  # the build failed (the message)


def reload_script(version: int) -> str:
    """Long-polls :data:`WAIT_PATH` for this page and reloads it when it (or the error panel) changed."""
    return (
        "<script>(function(){var v=%d;var p=encodeURIComponent(location.pathname);function poll(){"
        "fetch(%r+'?v='+v+'&page='+p,{cache:'no-store'}).then(function(r){return r.json()})"
        ".then(function(d){if(d.reload){location.reload()}else{v=d.version;poll()}})"
        ".catch(function(){setTimeout(poll,1000)})}poll()})();</script>"
    ) % (version, WAIT_PATH)


def error_panel(view: PreviewView) -> str:
    """The error panel, or '' when there is nothing to say."""
    w = WORDS.get(view.lang, WORDS["en"])
    if not view.error_count and not view.failure:
        return ""
    items = "".join(_item(e, w) for e in view.errors[:SHOWN_ERRORS])
    rest = view.error_count - min(len(view.errors), SHOWN_ERRORS)
    more = f"<p>{escape(w['more'].format(n=rest))}</p>" if rest > 0 else ""
    listing = f"<ol>{items}</ol>{more}" if items else ""
    count = escape(w["errors"].format(n=view.error_count))
    if view.held or view.failure:
        title = w["failed"] if view.failure and not view.held else w["held"]
        failure = f"<p><strong>{escape(view.failure)}</strong></p>" if view.failure else ""
        return (
            f'{_STYLE}<section id="procmodel-preview" role="alert" aria-labelledby="procmodel-preview-title">'
            f'<button type="button" onclick="this.parentNode.remove()">{escape(w["close"])}</button>'
            f'<h2 id="procmodel-preview-title">{escape(title)}</h2>{failure}'
            f"<p>{count}. {escape(w['fix'])}</p>{listing}</section>"
        )
    return f'{_STYLE}<details id="procmodel-preview"><summary>{count}</summary>{listing}</details>'


def _item(e: dict[str, Any], w: dict[str, str]) -> str:
    new = f' <span class="pm-new">{escape(w["new"])}</span>' if e.get("new") else ""
    hint = f"<br>{escape(w['hint'])}: {escape(e['hint'])}" if e.get("hint") else ""
    return (
        f"<li><code>{escape(e['where'])}</code>{new} <strong>{escape(e['rule'])} {escape(e['name'])}</strong>:"
        f" {escape(e['message'])}{hint}</li>"
    )


def inject(html: bytes, view: PreviewView) -> bytes:
    """``html`` with the error panel and the reload script before its ``</body>``."""
    extra = (error_panel(view) + reload_script(view.version)).encode("utf-8")
    at = html.lower().rfind(b"</body>")
    if at < 0:
        return html + extra
    return html[:at] + extra + html[at:]


def placeholder(view: PreviewView, building: bool) -> bytes:
    """The page served while there is no site yet: building, or the first build failed."""
    w = WORDS.get(view.lang, WORDS["en"])
    text = w["building"] if building else w["nothing"]
    page = (
        f'<!doctype html><html lang="{escape(view.lang)}"><head><meta charset="utf-8">'
        f"<title>procmodel serve</title></head><body><h1>{escape(text)}</h1></body></html>"
    )
    return inject(page.encode("utf-8"), view)
