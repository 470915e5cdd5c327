"""Which processes an audience may see, and a repository view holding only those.

A public build works on :func:`audience_view`: a copy of the repository whose
``processes`` and graph no longer contain staff-only (or retired) processes. Every
page, link, diagram and search entry is made from that view, so nothing of a
hidden process can leak into the site by construction.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

import networkx as nx

from procmodel.graph import process_node
from procmodel.model import Audience, Document, Process, Status
from procmodel.repository import Repository

SiteAudience = Literal["public", "staff"]
AUDIENCES: tuple[SiteAudience, ...] = ("public", "staff")


def is_visible(process: Process, audience: SiteAudience) -> bool:
    """Staff builds show every process; public builds only public, non-retired ones."""
    if audience == "staff":
        return True
    return process.audience is Audience.public and process.status is not Status.retired


def document_visible(document: Document, audience: SiteAudience) -> bool:
    """Staff builds link every document; public builds only those marked ``audience: public``."""
    return audience == "staff" or document.audience is Audience.public


def audience_view(repo: Repository, audience: SiteAudience) -> Repository:
    """The repository as ``audience`` may see it (the same object for staff builds)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; use 'public' or 'staff'")
    hidden = {pid for pid, p in repo.processes.items() if not is_visible(p, audience)}
    if not hidden:
        return repo
    hidden_nodes = {process_node(pid) for pid in hidden}
    doomed = {
        node
        for node, data in repo.graph.nodes(data=True)
        if node in hidden_nodes or (data.get("kind") == "step" and data.get("process") in hidden)
    }
    graph = nx.restricted_view(repo.graph, doomed, [])  # a read-only view: no copy of the graph
    return dataclasses.replace(
        repo,
        processes={pid: p for pid, p in repo.processes.items() if pid not in hidden},
        given_graph=graph,
        refs={k: v for k, v in repo.refs.items() if k not in doomed},
    )
