"""Documents steps use: external links, or files kept in the repository and published with the site.

A document with ``path:`` to a Markdown file inside the repository gets a page of its own
(sanitised); any other file inside the repository is copied as it is. Paths that point
outside the repository are ignored. A public build links, and publishes, only documents
marked ``audience: public``; the others are named without a link.
"""

from __future__ import annotations

from pathlib import Path

from procmodel.graph import document_node
from procmodel.load.discovery import is_regular_file, resolve_in
from procmodel.model import Document
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.markup import esc, html_block, md_text, page_head, tag
from procmodel.site.sanitize import markdown_html, safe_url
from procmodel.site.visibility import document_visible

DOCUMENTS = "dokument"


def document_file(ctx: SiteContext, doc: Document) -> Path | None:
    """The file a document's ``path`` names, if it exists inside the repository."""
    if not doc.path:
        return None
    target = resolve_in(ctx.repo.root.resolve(), doc.path)
    return target if target is not None and is_regular_file(target) else None


def is_published(ctx: SiteContext, did: str) -> bool:
    """Whether this build may link the document (unknown documents: no)."""
    doc = ctx.repo.documents.get(did)
    return doc is not None and document_visible(doc, ctx.audience)  # type: ignore[arg-type]


def document_target(ctx: SiteContext, did: str) -> tuple[str, Path] | None:
    """Source path in the site (page or copied file) and file of a repository document."""
    doc = ctx.repo.documents.get(did)
    if doc is None or safe_url(doc.url) or not is_published(ctx, did):
        return None
    path = document_file(ctx, doc)
    if path is None:
        return None
    if path.suffix.lower() == ".md":
        return f"{DOCUMENTS}/{did}.md", path
    return f"{DOCUMENTS}/{did}/{path.name}", path


def document_href(ctx: SiteContext, page: str, did: str) -> str | None:
    doc = ctx.repo.documents.get(did)
    if doc is None or not is_published(ctx, did):
        return None
    url = safe_url(doc.url)
    if url:
        return url
    target = document_target(ctx, did)
    return ctx.urls.link(page, target[0]) if target else None


def document_files(ctx: SiteContext) -> dict[str, str | bytes]:
    """Pages and copied files for the documents that visible processes use."""
    out: dict[str, str | bytes] = {}
    for did in sorted(ctx.repo.documents):
        users = ctx.users(document_node(did), "uses")
        if not users:
            continue
        published = document_target(ctx, did)
        if published is None:
            continue
        target, path = published
        if target.endswith(".md"):
            out[target] = _page(ctx, target, did, path, users)
        else:
            out[target] = path.read_bytes()
    return out


def _page(ctx: SiteContext, page: str, did: str, path: Path, users: list[tuple[str, str | None]]) -> str:
    doc = ctx.repo.documents[did]
    w = ctx.words
    parts = [page_head(doc.title)]
    if doc.description:
        parts.append(html_block(tag("p", esc(doc.description), class_="pm-question")))
    body = markdown_html(path.read_text(encoding="utf-8", errors="replace"))
    parts.append(html_block(f'<div class="pm-document">{body}</div>'))
    items = []
    for pid, sid in users:
        p = ctx.repo.processes[pid]
        step = p.step(sid) if sid else None
        label = f"{p.title} – {step.label}" if step else p.title
        items.append(tag("li", ctx.process_link(page, pid, urls.step_anchor(sid) if sid else None, label)))
    parts.append(f"## {md_text(w('process.used_by'))} {{#anvands-av}}\n\n")
    parts.append(html_block("<ul>", *items, "</ul>"))
    return "".join(parts)
