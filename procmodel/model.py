"""The procmodel file format as pydantic models: the single source of truth.

The JSON Schemas in ``schemas/`` are generated from these models
(``procmodel schemas``); a test fails when they drift.
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from procmodel.applicability import AppliesTo
from procmodel.followup.config import FollowupConfig
from procmodel.i18n import t
from procmodel.schedule import Schedule

# Letters of Swedish and neighbouring languages are welcome in ids (å, ä, ö, é, ü …).
# The pattern is written out (not \w) so editors' JavaScript regexes accept the same ids.
ID_PATTERN = r"^[0-9A-Za-zÀ-ÖØ-öø-ÿ_][0-9A-Za-zÀ-ÖØ-öø-ÿ_.\-]*$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        min_length=1,
        max_length=120,
        description="Identifier: letters (å, ä, ö welcome), digits, '-', '_' and '.'.",
    ),
]


class Strict(BaseModel):
    """Base for every file-format model: unknown keys are errors, never ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


class Status(StrEnum):
    """Life cycle of a process."""

    draft = "draft"
    review = "review"
    approved = "approved"
    retired = "retired"


class Audience(StrEnum):
    """Who may see a process on the published site."""

    public = "public"
    staff = "staff"


class StepType(StrEnum):
    """Kinds of step; each maps one-to-one onto a BPMN 2.0 element."""

    start = "start"  # start event
    end = "end"  # end event
    event = "event"  # intermediate (catching/throwing or boundary) event
    task = "task"  # task / activity
    decision = "decision"  # splitting gateway that chooses (exclusive by default)
    merge = "merge"  # converging exclusive/inclusive gateway
    parallel = "parallel"  # parallel split (all branches run)
    join = "join"  # type: ignore[assignment]  # parallel join (shadows str.join, harmless)
    subprocess = "subprocess"  # call activity: runs another process


class EventTrigger(StrEnum):
    """What triggers or is thrown by an event (BPMN event definitions)."""

    none = "none"
    timer = "timer"
    message = "message"
    signal = "signal"
    error = "error"
    escalation = "escalation"
    conditional = "conditional"
    compensation = "compensation"
    link = "link"
    terminate = "terminate"
    cancel = "cancel"
    multiple = "multiple"


class GatewayKind(StrEnum):
    """How a decision or merge chooses its branches (BPMN gateway types)."""

    exclusive = "exclusive"
    inclusive = "inclusive"
    event = "event"
    complex = "complex"


class TaskKind(StrEnum):
    """BPMN task types, kept so imports and exports lose nothing."""

    task = "task"
    user = "user"
    manual = "manual"
    service = "service"
    send = "send"
    receive = "receive"
    script = "script"
    business_rule = "business-rule"


class DeadlineBasis(StrEnum):
    """Who sets a deadline: the statute, or the organisation's own routine."""

    law = "law"
    local = "local"


class Deadline(Strict):
    """A deadline of a step, saying whether the law or a local routine sets it."""

    text: str = Field(min_length=1, description="The deadline, e.g. 'Skyndsamt' or 'Senast nästa arbetsdag'.")
    basis: DeadlineBasis = Field(
        default=DeadlineBasis.local,
        description="'law' when a statute sets it (give 'citation'), 'local' for the organisation's routine.",
    )
    citation: str | None = Field(
        default=None, description="For basis: law, where the law says so, e.g. '6 kap. 10 § skollagen'."
    )
    goal: Id | None = Field(default=None, description="For basis: law, the catalog paragraph that sets it.")

    @model_validator(mode="after")
    def _law_is_cited(self) -> Deadline:
        if self.basis is DeadlineBasis.law and not (self.citation or self.goal):
            raise ValueError("a deadline with 'basis: law' needs a 'citation' (or 'goal') saying where")
        return self

    def __str__(self) -> str:
        return self.text


def _deadline_from_text(value: object) -> object:
    """A plain string deadline is a local routine: it never claims to be law."""
    return {"text": value, "basis": "local"} if isinstance(value, str) else value


class Outcome(Strict):
    """One labelled way out of a decision."""

    label: str = Field(default="", description="Text on the arrow, e.g. 'Ja' or 'Nej'.")
    next: Id = Field(description="Id of the step this outcome leads to.")
    condition: str | None = Field(default=None, description="Condition expression or text.")
    default: bool = Field(default=False, description="Taken when no other outcome applies.")

    _index: int = PrivateAttr(default=0)


class Step(Strict):
    """One step of a process: an event, a task, a gateway or a call of another process."""

    id: Id
    type: StepType = Field(default=StepType.task, description="Kind of step; 'task' if omitted.")
    title: str = Field(default="", description="Short imperative title, e.g. 'Anmäl till rektor'.")
    role: Id | None = Field(default=None, description="Responsible role (R in RACI).")
    accountable: Id | None = Field(default=None, description="Accountable role (A in RACI).")
    consulted: list[Id] = Field(default_factory=list, description="Consulted roles (C).")
    informed: list[Id] = Field(default_factory=list, description="Informed roles (I).")
    goals: list[Id] = Field(default_factory=list, description="Goals this step serves.")
    documents: list[Id] = Field(default_factory=list, description="Documents this step uses.")
    instructions: str | None = Field(default=None, description="How to do it, in Markdown.")
    deadline: Annotated[
        Deadline | None, BeforeValidator(_deadline_from_text, json_schema_input_type=str | Deadline | None)
    ] = Field(
        default=None,
        description="Deadline: text (a local routine), or {text, basis: law|local, citation} when the law "
        "sets it.",
    )
    next: Id | list[Id] | None = Field(
        default=None,
        description="Explicit successor(s); omitted means the following step in the list.",
    )
    outcomes: list[Outcome] = Field(default_factory=list, description="Decision outcomes.")
    gateway: GatewayKind | None = Field(
        default=None, description="For decision/merge: exclusive (default), inclusive, event."
    )
    event: EventTrigger | None = Field(
        default=None, description="For start/end/event steps: timer, message, signal …"
    )
    timer: str | None = Field(default=None, description="For timer events: when, as text.")
    schedule: Schedule = Field(
        default_factory=list,
        description="When in the year, for the annual wheel: {month: 6}, {week: 44}, {date: 06-20} "
        "(every year) or {date: 2027-03-15} (once); a list for several.",
    )
    attached_to: Id | None = Field(
        default=None, description="For boundary events: the task the event is attached to."
    )
    interrupting: bool = Field(default=True, description="For boundary events.")
    throw: bool = Field(
        default=False,
        description="For intermediate events: the event is sent (thrown), not waited for (caught).",
    )
    task: TaskKind | None = Field(default=None, description="For tasks: BPMN task type.")
    calls: Id | None = Field(default=None, description="For subprocess steps: the called process.")
    notes: list[str] = Field(default_factory=list, description="Annotations shown beside the step.")

    _index: int = PrivateAttr(default=0)

    @model_validator(mode="after")
    def _kind_specific_fields(self) -> Step:
        if self.type is StepType.subprocess and not self.calls:
            raise ValueError(t("PM010.subprocess_calls"))
        if self.calls and self.type is not StepType.subprocess:
            raise ValueError(t("PM010.calls_type"))
        if self.outcomes and self.type is not StepType.decision:
            raise ValueError(t("PM010.outcomes_type"))
        if self.outcomes and self.next is not None:
            raise ValueError(t("PM010.decision_next"))
        if self.type is StepType.end and self.next is not None:
            raise ValueError(t("PM010.end_next"))
        return self

    @property
    def next_ids(self) -> list[str]:
        """The explicit successors named by ``next`` (empty when implicit)."""
        if self.next is None:
            return []
        return [self.next] if isinstance(self.next, str) else list(self.next)

    @property
    def label(self) -> str:
        """Title, or a readable fallback for untitled events and gateways."""
        return self.title or self.id


class Process(Strict):
    """A documented way of working: 'Hur gör vi när …?'."""

    schema_: str | None = Field(default=None, alias="$schema", description="Editor schema hint.")
    id: Id
    title: str
    question: str | None = Field(default=None, description="'Hur gör vi när …?' phrasing.")
    summary: str | None = Field(default=None, description="One or two sentences, in Markdown.")
    keywords: list[str] = Field(default_factory=list, description="Search words and synonyms.")
    version: str = Field(default="0.1.0", description="Version of this process description.")
    status: Status = Status.draft
    owner: Id | None = Field(default=None, description="Role accountable for the process.")
    reviewed: dt.date | None = Field(default=None, description="Date of the last review.")
    review_interval_months: int = Field(default=12, ge=1, le=120)
    audience: Audience = Field(default=Audience.staff, description="'public' or 'staff' (the safe default).")
    area: Id | None = Field(default=None, description="Area on the process map (see config).")
    applies_to: AppliesTo | None = Field(default=None, description="Units it is for (default: every unit).")
    goals: list[Id] = Field(default_factory=list, description="Goals the process as a whole serves.")
    documents: list[Id] = Field(default_factory=list, description="Documents for the whole process.")
    steps: list[Step] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    _file: str = PrivateAttr(default="")

    def step(self, step_id: str) -> Step | None:
        """The step with this id, or None."""
        for s in self.steps:
            if s.id == step_id:
                return s
        return None

    @field_validator("reviewed")
    @classmethod
    def _review_date_in_range(cls, value: dt.date | None) -> dt.date | None:
        # The next review (up to 120 months later) must still be a date Python can hold.
        if value is not None and value.year > LAST_REVIEW_YEAR:
            raise PydanticCustomError(
                "review_date_range",
                "{date} is too far in the future: review dates go up to {last}-12-31 (the next "
                "review, up to 120 months later, must fall before the year 10000)",
                {"date": value.isoformat(), "last": LAST_REVIEW_YEAR},
            )
        return value

    def next_review(self) -> dt.date | None:
        """Date the next review is due, from ``reviewed`` and the interval."""
        if self.reviewed is None:
            return None
        months = self.reviewed.month - 1 + self.review_interval_months
        year = self.reviewed.year + months // 12
        month = months % 12 + 1
        day = min(self.reviewed.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)


#: The last year a ``reviewed:`` date may lie in (the longest interval is 120 months).
LAST_REVIEW_YEAR = dt.MAXYEAR - 10


class Role(Strict):
    """Someone who does, decides, is asked or is told: a function, not a person."""

    id: Id
    name: str
    description: str | None = None
    external: bool = Field(default=False, description="Outside the organisation (e.g. vårdnadshavare).")
    member_of: list[Id] = Field(
        default_factory=list,
        description=(
            "Group roles this role belongs to (e.g. all-personal, lärare for a mentor): the steps of"
            " each group, and of the groups it belongs to, are this role's duties too."
        ),
    )


class RolesFile(Strict):
    """``roles.yaml``: the roles of the organisation."""

    schema_: str | None = Field(default=None, alias="$schema")
    roles: list[Role]
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class Document(Strict):
    """A form, template or guide that a step uses."""

    id: Id
    title: str
    kind: str | None = Field(default=None, description="e.g. blankett, mall, rutin, checklista.")
    url: str | None = Field(default=None, description="http(s) address of the document.")
    path: str | None = Field(default=None, description="Path relative to the repository root.")
    description: str | None = None
    audience: Audience = Field(
        default=Audience.staff,
        description="'public': linked on the public site too; 'staff' (the safe default): staff site only.",
    )


class DocumentsFile(Strict):
    """``documents.yaml``: the documents steps refer to."""

    schema_: str | None = Field(default=None, alias="$schema")
    documents: list[Document]
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class Wording(StrEnum):
    """How far a goal's text can be trusted as the steering document's own words."""

    official = "official"  # the official wording, checked against the source named in 'source'
    summary = "summary"  # a faithful summary or paraphrase: never to be quoted as the text
    unverified = "unverified"  # not checked against an official source


class Goal(Strict):
    """A goal, paragraph or section of a steering document, possibly with sub-goals."""

    id: Id
    number: str | None = Field(default=None, description="Official numbering, e.g. '6 kap. 10 §' or '2.1'.")
    title: str | None = Field(default=None, description="Heading, e.g. 'Normer och värden'.")
    text: str | None = Field(
        default=None, description="The wording; see 'wording' for how far it is official."
    )
    wording: Wording = Field(
        default=Wording.unverified,
        description="official (checked against 'source'), summary (not the text itself) or unverified.",
    )
    source: str | None = Field(
        default=None,
        description="Where the wording comes from: a citation with consolidation level, e.g. "
        "'SFS 2010:800 i lydelse t.o.m. SFS 2025:729', a SKOLFS number, or an address.",
    )
    changed: dt.date | None = Field(
        default=None, description="When the official text last changed (set by import-sfs); see PM407."
    )
    changed_by: str | None = Field(default=None, description="The act that changed it, e.g. 'SFS 2025:625'.")
    note: str | None = None
    supports: list[Id] = Field(
        default_factory=list, description="National goals this (municipal) goal supports."
    )
    goals: list[Goal] = Field(default_factory=list, description="Sub-goals and sub-sections.")

    @property
    def label(self) -> str:
        """Number and title (or text), for lists and diagrams."""
        head = self.title or (self.text or "")
        return f"{self.number} {head}".strip() if self.number else head or self.id


class CatalogKind(StrEnum):
    """National steering document or the organisation's own goals."""

    national = "national"
    municipal = "municipal"


class GoalCatalog(Strict):
    """One steering document (skollagen, Lgr22 …) or the municipality's own goals."""

    schema_: str | None = Field(default=None, alias="$schema")
    id: Id
    title: str
    short: str | None = Field(default=None, description="Short name, e.g. 'Lgr22'.")
    kind: CatalogKind = CatalogKind.national
    reference: str | None = Field(default=None, description="e.g. 'SFS 2010:800', 'SKOLFS 2010:37'.")
    source: str | None = None
    goals: list[Goal]
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    _file: str = PrivateAttr(default="")


class Area(Strict):
    """A group on the process map."""

    id: Id
    title: str
    kind: Literal["ledning", "kärna", "stöd", "other"] = "other"
    description: str | None = None


class Severity(StrEnum):
    """How much a finding matters; 'off' silences a rule."""

    error = "error"
    warning = "warning"
    info = "info"
    off = "off"


class CoverageException(Strict):
    """A required goal deliberately left uncovered for a while, with the reason why."""

    goal: Id = Field(description="The goal (leaf) that need not be served until 'until'.")
    reason: str = Field(min_length=1, description="Why, e.g. 'Rutinen skrivs om under våren'.")
    until: dt.date = Field(description="Expiry date; after it the exception is an error (PM604).")


class CoverageConfig(Strict):
    """Which goals must be served, and how strictly (the coverage policy)."""

    required: list[Id] = Field(
        default_factory=list,
        description="Catalog or goal ids; every leaf goal under each must be served.",
    )
    approved_only: bool = Field(default=True, description="Only approved processes count.")
    minimum: dict[Id, Annotated[float, Field(ge=0, le=100)]] = Field(
        default_factory=dict,
        description="Catalog or section id → minimum share (percent) of its leaf goals served (PM603).",
    )
    municipal_goals_must_support: bool = Field(
        default=False,
        description="Every municipal goal must lead to at least one national goal via 'supports' (PM605).",
    )
    exceptions: list[CoverageException] = Field(
        default_factory=list,
        description="Required goals that may stay uncovered until a date, with a reason.",
    )


class Contact(Strict):
    """Who to ask when the site has no answer (shown on the search page)."""

    name: str = Field(min_length=1, description="A person, team or function, e.g. 'Skolexpeditionen'.")
    email: str | None = Field(default=None, description="E-mail address.")
    phone: str | None = Field(default=None, description="Telephone number.")
    url: str | None = Field(default=None, description="A web page (http or https).")
    note: str | None = Field(default=None, description="One line more, e.g. opening hours.")


class Config(Strict):
    """``procmodel.yaml``: the repository configuration."""

    schema_: str | None = Field(default=None, alias="$schema")
    name: str = Field(default="Processer", description="Organisation or site name.")
    language: Literal["sv", "en"] = "sv"
    areas: list[Area] = Field(default_factory=list)
    coverage: CoverageConfig = Field(default_factory=CoverageConfig)
    rules: dict[str, Severity] = Field(
        default_factory=dict, description="Rule id or name → error/warning/info/off."
    )
    today: dt.date | None = Field(
        default=None, description="Fixed 'today' for review dates (tests, reproducible builds)."
    )
    contact: Contact | None = Field(
        default=None, description="Who to ask when search finds nothing (shown on the search page)."
    )
    followup: FollowupConfig = Field(
        default_factory=FollowupConfig, description="Follow-up: the rating scale and the periods."
    )
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)
