"""What every page builder needs: the audience's repository view, words, URLs, today, diagrams, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from procmodel import naming
from procmodel.collation import sort_key
from procmodel.coverage import GoalCoverage, compute_coverage
from procmodel.graph import node_id, sources
from procmodel.history import RepositoryHistory
from procmodel.model import Process, Status
from procmodel.repository import Repository
from procmodel.site import urls
from procmodel.site.diagrams import Diagrams
from procmodel.site.i18n import Words
from procmodel.site.markup import esc, tag

#: A review is "due soon" this many days ahead.
DUE_SOON_DAYS = 60


@dataclass
class SiteContext:
    """Shared state of one generation run (read-only for the page builders)."""

    repo: Repository  # already filtered to the audience (see visibility.audience_view)
    audience: str
    words: Words
    urls: urls.Urls
    today: dt.date
    diagrams: Diagrams
    history: RepositoryHistory | None = None  # from git (procmodel.history); None: no history
    _coverage: dict[bool, dict[str, GoalCoverage]] = field(default_factory=dict, repr=False)
    _callers: dict[str, list[tuple[str, str]]] | None = field(default=None, repr=False)

    # links ----------------------------------------------------------------------------

    def process_link(self, page: str, pid: str, anchor: str | None = None, text: str | None = None) -> str:
        """``<a>`` to a process (or plain text if the audience cannot see it)."""
        p = self.repo.processes.get(pid)
        if p is None:
            return esc(text) if text else ""
        label = esc(text if text is not None else p.title)
        return tag("a", label, href=self.urls.link(page, urls.process_path(pid), anchor))

    def role_link(self, page: str, rid: str | None) -> str:
        if not rid:
            return ""
        role = self.repo.roles.get(rid)
        if role is None:
            return esc(rid)
        return tag("a", esc(role.name), href=self.urls.link(page, urls.role_path(rid)), class_="pm-role")

    def role_name(self, rid: str | None) -> str:
        if not rid:
            return ""
        role = self.repo.roles.get(rid)
        return role.name if role else rid

    def goal_link(self, page: str, gid: str, full: bool = True) -> str:
        """``<a>`` to a goal; a list item named by its place carries its wording on hover."""
        goal = self.repo.goals.get(gid)
        if goal is None:
            return esc(gid)
        text = self.goal_label(gid) if full else self.goal_short_label(gid)
        hover = goal.text if goal.text and goal.text not in text else None
        return tag("a", esc(text), href=self.urls.link(page, urls.goal_path(gid)), title=hover)

    def goal_label(self, gid: str) -> str:
        """ "Skollagen 6 kap. 10 § Utredning …": catalog short name and the goal's label; an
        untitled item of a list reads by its place: "Lgr22 2.1 Normer och värden, mål 3"."""
        goal = self.repo.goals[gid]
        cat = self.repo.catalogs[self.repo.goal_catalog[gid]]
        short = cat.short or cat.title
        item = self.list_item_label(gid)
        if item:
            return f"{short} {item}"
        parent_id = self.repo.goal_parent.get(gid)
        parent = self.repo.goals.get(parent_id) if parent_id else None
        if not goal.number and goal.title and parent is not None and parent.number:
            # an unnumbered heading ("Mål") inside a section: "Lgr22 2.1 Normer och värden, Mål"
            return f"{short} {parent.label}, {goal.title}"
        return f"{short} {goal.label}".strip()

    def goal_short_label(self, gid: str) -> str:
        """The label inside its own section or list (:func:`procmodel.naming.goal_short_label`)."""
        return naming.goal_short_label(self.repo, gid, self.words("goal.point"))

    def list_item_label(self, gid: str) -> str | None:
        """ "2.1 Normer och värden, mål 3" for a list item (:func:`procmodel.naming.list_item_label`)."""
        return naming.list_item_label(self.repo, gid, self.words("goal.point"))

    # queries --------------------------------------------------------------------------

    def users(self, node: str, rel: str) -> list[tuple[str, str | None]]:
        """(process id, step id or None for the process itself) of the visible sources of
        ``rel`` edges into ``node``, sorted."""
        g = self.repo.graph
        if node not in g:
            return []
        out: list[tuple[str, str | None]] = []
        for src in sources(g, node, rel):
            data = g.nodes[src]
            if data["kind"] == "process":
                pid, sid = node_id(src), None
            else:
                pid, sid = data["process"], data["obj"].id
            if pid in self.repo.processes:
                out.append((pid, sid))
        return sorted(out, key=lambda t: (t[0], t[1] or ""))

    def callers(self, pid: str) -> list[tuple[str, str]]:
        """(process id, step id) of visible steps that call ``pid`` as a subprocess, sorted.

        Read from the model (the graph's ``calls`` edges): a process page needs no graph, so
        the preview's edited page does not wait for the whole repository's graph to be built.
        """
        if self._callers is None:
            found: dict[str, set[tuple[str, str]]] = {}
            for process, step in self.repo.call_steps():
                if step.calls in self.repo.processes:
                    found.setdefault(step.calls, set()).add((process.id, step.id))
            self._callers = {callee: sorted(calls) for callee, calls in found.items()}
        return self._callers.get(pid, [])

    def coverage(self, approved_only: bool | None = None) -> dict[str, GoalCoverage]:
        """Goal coverage over the visible processes only (``approved_only``: config default)."""
        if approved_only is None:
            approved_only = self.repo.config.coverage.approved_only
        if approved_only not in self._coverage:
            self._coverage[approved_only] = compute_coverage(self.repo, approved_only)
        return self._coverage[approved_only]

    def review_state(self, process: Process) -> str | None:
        """'overdue', 'due', 'never' or None."""
        if process.status is Status.retired:
            return None
        nxt = process.next_review()
        if nxt is None:
            return "never"
        if nxt < self.today:
            return "overdue"
        if (nxt - self.today).days <= DUE_SOON_DAYS:
            return "due"
        return None

    def sorted_processes(self) -> list[Process]:
        return sorted(self.repo.processes.values(), key=lambda p: sort_key(p.title))
