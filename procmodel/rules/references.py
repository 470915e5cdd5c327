"""Reference rules: every id a file names must exist."""

from __future__ import annotations

import difflib
from collections.abc import Container, Iterable, Iterator
from typing import TYPE_CHECKING

from procmodel.findings import Finding, SourceRef
from procmodel.i18n import t
from procmodel.load.discovery import is_regular_file, resolve_in
from procmodel.rules.base import Rule, register

if TYPE_CHECKING:
    from procmodel.repository import Repository
    from procmodel.rules.context import CheckContext


@register
class UnknownRole(Rule):
    """A step, process or role (in member_of) names a role that roles.yaml does not define.

    Why: the step would land in no swimlane and on no role's task list.
    Fix: correct the id, or add the role to roles.yaml.
    """

    id = "PM101"
    name = "unknown-role"
    family = "references"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        known = repo.roles
        for rid, role in known.items():
            for i, group in enumerate(role.member_of):
                if group not in known and f"role:{rid}" in repo.refs:
                    ref = repo.refs[f"role:{rid}"]
                    where = SourceRef(ref.file, (*ref.path, "member_of", i))
                    yield self._unknown(repo, group, where, "member_of")
        for p in repo.processes.values():
            if p.owner and p.owner not in known:
                yield self._unknown(repo, p.owner, repo.process_ref(p, "owner"), "owner")
            for index, s in enumerate(p.steps):
                if s.role and s.role not in known:
                    yield self._unknown(repo, s.role, repo.step_ref(p, index, "role"), "role")
                if s.accountable and s.accountable not in known:
                    ref = repo.step_ref(p, index, "accountable")
                    yield self._unknown(repo, s.accountable, ref, "accountable")
                for what in ("consulted", "informed"):
                    for i, rid in enumerate(getattr(s, what)):
                        if rid not in known:
                            yield self._unknown(repo, rid, repo.step_ref(p, index, what, i), what)

    def _unknown(self, repo: Repository, rid: str, ref: SourceRef, what: str) -> Finding:
        return self.finding(
            t("PM101.message", role=rid, field=what),
            ref,
            hint=suggest(rid, repo.roles, t("PM101.hint")),
        )


@register
class UnknownGoal(Rule):
    """A step or process serves a goal that no goal catalog defines.

    Why: the red thread would be broken: the link leads nowhere on the site
    and counts for no coverage.
    Fix: use an id from goals/*.yaml (e.g. sl-6-10), or add the goal to its catalog.
    """

    id = "PM102"
    name = "unknown-goal"
    family = "references"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for ref, gid in _unknown_ids(repo, "goals", repo.goals):
            yield self.finding(
                t("PM102.message", goal=gid),
                ref,
                hint=suggest(gid, repo.goals, t("PM102.hint")),
            )


@register
class UnknownStep(Rule):
    """A ``next``, outcome or ``attached_to`` names a step that is not in the process.

    Why: the flow would break at that point.
    Fix: use the id of a step in the same process.
    """

    id = "PM103"
    name = "unknown-step"
    family = "references"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            ids = {s.id for s in p.steps}
            for index, s in enumerate(p.steps):
                if s.next is None and not s.outcomes and not s.attached_to:
                    continue  # implicit flow: nothing named
                targets: list[tuple[str, tuple[str | int, ...]]] = []
                if isinstance(s.next, str):
                    targets.append((s.next, ("next",)))
                elif isinstance(s.next, list):
                    targets += [(t, ("next", i)) for i, t in enumerate(s.next)]
                targets += [(o.next, ("outcomes", i, "next")) for i, o in enumerate(s.outcomes)]
                if s.attached_to:
                    targets.append((s.attached_to, ("attached_to",)))
                for target, path in targets:
                    if target not in ids:
                        yield self.finding(
                            t("PM103.message", step=s.id, target=target),
                            repo.step_ref(p, index, *path),
                            hint=suggest(target, ids, t("PM103.hint", process=p.id)),
                        )


@register
class UnknownDocument(Rule):
    """A step or process uses a document that documents.yaml does not define.

    Why: staff would find a dead link where the form should be.
    Fix: correct the id, or add the document to documents.yaml.
    """

    id = "PM104"
    name = "unknown-document"
    family = "references"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for ref, did in _unknown_ids(repo, "documents", repo.documents):
            yield self.finding(
                t("PM104.message", document=did),
                ref,
                hint=suggest(did, repo.documents, t("PM104.hint")),
            )


@register
class DuplicateId(Rule):
    """Two processes, roles, goals, documents or steps share an id.

    Why: links, anchors and search results would point at the wrong one.
    Fix: give each its own id. (Duplicates across files are found while loading.)
    """

    id = "PM105"
    name = "duplicate-id"
    family = "references"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            if len({s.id for s in p.steps}) == len(p.steps):
                continue
            first: dict[str, int] = {}
            for index, s in enumerate(p.steps):
                if s.id in first:
                    where = repo.sources.locate(repo.step_ref(p, first[s.id], "id"))
                    yield self.finding(
                        t("PM105.step.message", step=s.id, line=where.line),
                        repo.step_ref(p, index, "id"),
                        hint=t("PM105.step.hint"),
                    )
                else:
                    first[s.id] = index


@register
class FileNameMismatch(Rule):
    """A process or catalog file is not named after its id, or a follow-up file not after its unit and period.

    Why: people find a process by its file; the site's addresses come from the id.
    Fix: rename the file to ``<id>.yaml`` (or change the id); a follow-up file to
    ``uppföljning/<unit>/<period>.yaml`` (``<period>-plan.yaml`` for a work plan).
    """

    id = "PM106"
    name = "file-name-mismatch"
    family = "references"


@register
class UnknownArea(Rule):
    """A process names an area that procmodel.yaml does not declare.

    Why: the process would fall off the process map.
    Fix: use one of the areas in procmodel.yaml, or declare the area there.
    """

    id = "PM107"
    name = "unknown-area"
    family = "references"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        areas = {a.id for a in repo.config.areas}
        for p in repo.processes.values():
            if p.area and p.area not in areas:
                yield self.finding(
                    t("PM107.message", area=p.area),
                    repo.process_ref(p, "area"),
                    hint=suggest(p.area, areas, t("PM107.hint")),
                )


@register
class BrokenDocumentLink(Rule):
    """A document has no usable link: no url or path, a url that is not http(s), or a missing file.

    Why: staff click the document link to get the form; ``javascript:`` and
    similar links are refused for safety, and paths may not leave the repository.
    Fix: give an https:// address, or a path to a file inside the repository.
    """

    id = "PM108"
    name = "broken-document-link"
    family = "references"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for did, doc in repo.documents.items():
            ref = repo.refs[f"document:{did}"]
            if doc.url:
                if not doc.url.lower().startswith(("https://", "http://", "mailto:")):
                    yield self.finding(
                        t("PM108.not_http.message", document=did, url=doc.url),
                        SourceRef(ref.file, (*ref.path, "url")),
                        hint=t("PM108.not_http.hint"),
                    )
            elif doc.path:
                target = resolve_in(repo.root, doc.path)
                if target is None:
                    yield self.finding(
                        t("PM108.outside.message", document=did, path=doc.path),
                        SourceRef(ref.file, (*ref.path, "path")),
                        hint=t("PM108.outside.hint"),
                    )
                elif not is_regular_file(target):
                    yield self.finding(
                        t("PM108.missing.message", document=did, path=doc.path),
                        SourceRef(ref.file, (*ref.path, "path")),
                        hint=t("PM108.missing.hint"),
                    )
            else:
                yield self.finding(
                    t("PM108.no_link.message", document=did),
                    SourceRef(ref.file, (*ref.path, "id")),
                    hint=t("PM108.no_link.hint"),
                )


# helpers ////////////////////////////////////////////////////////////////////


def suggest(word: str, known: Iterable[str], fallback: str) -> str:
    """A 'did you mean' hint, or ``fallback`` when nothing is close."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return t("hint.did_you_mean", name=close[0]) if close else fallback


def _unknown_ids(repo: Repository, field: str, known: Container[str]) -> Iterator[tuple[SourceRef, str]]:
    """Every id listed under ``field`` (goals/documents) on processes and steps that is not ``known``."""
    for p in repo.processes.values():
        for i, ident in enumerate(getattr(p, field)):
            if ident not in known:
                yield repo.process_ref(p, field, i), ident
        for index, s in enumerate(p.steps):
            for i, ident in enumerate(getattr(s, field)):
                if ident not in known:
                    yield repo.step_ref(p, index, field, i), ident
