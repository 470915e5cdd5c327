"""Documents steps use: external links, or files kept in the repository and published with the site.

A document with ``path:`` to a Markdown file inside the repository gets a page of its own
(sanitised); any other file inside the repository is copied as it is. Paths that point
outside the repository are ignored.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from procmodel.graph import document_node, sources
from procmodel.model import Document
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.markup import esc, front_matter, html_block, md_text, plain_title, tag
from procmodel.site.sanitize import markdown_html, safe_url

DOCUMENTS = "dokument"


def document_file(ctx: SiteContext, doc: Document) -> Path | None:
    """The file a document's ``path`` names, if it exists inside the repository."""
    if not doc.path:
        return None
    root = ctx.repo.root.resolve()
    target = (root / doc.path).resolve()
    if not target.is_file() or not target.is_relative_to(root):
        return None
    return target


def document_target(ctx: SiteContext, did: str) -> str | None:
    """Source path in the site of a repository document (page or copied file)."""
    doc = ctx.repo.documents.get(did)
    if doc is None or safe_url(doc.url):
        return None
    path = document_file(ctx, doc)
    if path is None:
        return None
    if path.suffix.lower() == ".md":
        return f"{DOCUMENTS}/{did}.md"
    return f"{DOCUMENTS}/{did}/{path.name}"


def document_href(ctx: SiteContext, page: str, did: str) -> str | None:
    doc = ctx.repo.documents.get(did)
    if doc is None:
        return None
    url = safe_url(doc.url)
    if url:
        return url
    target = document_target(ctx, did)
    return ctx.urls.link(page, target) if target else None


def document_files(ctx: SiteContext) -> dict[str, str | bytes]:
    """Pages and copied files for the documents that visible processes use."""
    out: dict[str, str | bytes] = {}
    for did in sorted(ctx.repo.documents):
        users = _users(ctx, did)
        if not users:
            continue
        target = document_target(ctx, did)
        if target is None:
            continue
        path = document_file(ctx, ctx.repo.documents[did])
        assert path is not None
        if target.endswith(".md"):
            out[target] = _page(ctx, did, path, users)
        else:
            out[target] = path.read_bytes()
    return out


def _users(ctx: SiteContext, did: str) -> list[tuple[str, str | None]]:
    """(process id, step id or None) of visible uses of a document."""
    g = ctx.repo.graph
    node = document_node(did)
    if node not in g:
        return []
    out = []
    for src in sources(g, node, "uses"):
        data = g.nodes[src]
        if data["kind"] == "process":
            pid = src.split(":", 1)[1]
            if pid in ctx.repo.processes:
                out.append((pid, None))
        elif data.get("process") in ctx.repo.processes:
            out.append((data["process"], data["obj"].id))
    return sorted(out, key=lambda t: (t[0], t[1] or ""))


def _page(ctx: SiteContext, did: str, path: Path, users: list[tuple[str, str | None]]) -> str:
    doc = ctx.repo.documents[did]
    page = f"{DOCUMENTS}/{did}.md"
    w = ctx.words
    parts = [front_matter({"title": plain_title(doc.title)}), f"# {md_text(doc.title)}\n\n"]
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


def is_document_page(path: str) -> bool:
    return posixpath.dirname(path) == DOCUMENTS and path.endswith(".md")
