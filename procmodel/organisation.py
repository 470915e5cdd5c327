"""The organisation as data: the förvaltning, its areas and units, and unit variants of processes.

``organisation.yaml`` names the huvudman's förvaltning, its areas (områden) and its
units (förskole- and skolenheter), and binds roles of ``roles.yaml`` to the people who
hold them at each unit. A file under ``enheter/<unit>/`` is a unit variant: it
``extends`` a central process and states only its differences (see
:mod:`procmodel.variants` for the merge). Both are optional.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from procmodel.applicability import Skolform, UnitType
from procmodel.i18n import t
from procmodel.model import Deadline, Id, Step, Strict, _deadline_from_text
from procmodel.schedule import Schedule

#: Who holds a role at a unit: one name, or several (e.g. the members of the EHT).
Holders = str | list[str]


class Administration(Strict):
    """The förvaltning that runs the units for the huvudman."""

    name: str = Field(min_length=1, description="e.g. 'Barn- och utbildningsförvaltningen'.")
    huvudman: str = Field(min_length=1, description="The huvudman, e.g. 'Exempelkommunen'.")
    url: str | None = Field(default=None, description="http(s) address of the förvaltning.")
    bindings: dict[Id, Holders] = Field(
        default_factory=dict, description="Role id → who holds it for the whole förvaltning."
    )


class OrgArea(Strict):
    """An area (område) grouping units, usually led by an områdeschef."""

    id: Id
    name: str = Field(min_length=1)
    description: str | None = None
    bindings: dict[Id, Holders] = Field(default_factory=dict, description="Role id → holder(s) in the area.")


class Unit(Strict):
    """A förskole- or skolenhet (or a fritidshem) led by a rektor."""

    id: Id
    name: str = Field(min_length=1, description="e.g. 'Lillhagenskolan'.")
    type: UnitType = Field(description="Kind of unit, e.g. 'grundskola-f-6' or 'förskola'.")
    area: Id | None = Field(default=None, description="Id of the area (område) the unit belongs to.")
    skolformer: list[Skolform] = Field(default_factory=list, description="School forms run at the unit.")
    address: str | None = Field(default=None, description="Visiting address.")
    url: str | None = Field(default=None, description="http(s) address of the unit's own page.")
    bindings: dict[Id, Holders] = Field(
        default_factory=dict,
        description="Role id (from roles.yaml) → who holds it at this unit, e.g. {rektor: 'Anna Andersson'}.",
    )

    @property
    def rektor(self) -> Holders | None:
        """Who is rektor at the unit (the binding of the role 'rektor'), if bound."""
        return self.bindings.get("rektor")


class OrganisationFile(Strict):
    """``organisation.yaml``: the förvaltning, its areas and its units."""

    schema_: str | None = Field(default=None, alias="$schema")
    administration: Administration
    areas: list[OrgArea] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class AddStep(Strict):
    """A step the unit adds, right after or right before a named step of the central process."""

    after: Id | None = Field(default=None, description="Insert after this step (it then leads here).")
    before: Id | None = Field(default=None, description="Insert before this step (its arrows lead here).")
    step: Step = Field(description="The new step, written as in a process file.")

    @model_validator(mode="after")
    def _one_anchor(self) -> AddStep:
        if (self.after is None) == (self.before is None):
            raise ValueError(t("units.add_anchor"))
        return self

    @property
    def anchor(self) -> str:
        """The step the new one is placed beside."""
        return self.after or self.before or ""


class ReplaceStep(Strict):
    """New values for some fields of one step of the central process; the rest is kept."""

    step: Id = Field(description="Id of the central process's step to change.")
    title: str | None = None
    role: Id | None = Field(default=None, description="Responsible role at this unit.")
    accountable: Id | None = None
    consulted: list[Id] | None = None
    informed: list[Id] | None = None
    instructions: str | None = Field(default=None, description="How the unit does it, in Markdown.")
    deadline: Annotated[
        Deadline | None, BeforeValidator(_deadline_from_text, json_schema_input_type=str | Deadline | None)
    ] = None
    documents: list[Id] | None = None
    notes: list[str] | None = None
    timer: str | None = Field(default=None, description="For timer events: when, e.g. 'Varannan torsdag'.")
    schedule: Schedule | None = Field(default=None, description="When in the year the unit does it.")

    @model_validator(mode="after")
    def _changes_something(self) -> ReplaceStep:
        if not self.changed_fields():
            raise ValueError(t("units.replace_empty"))
        return self

    def changed_fields(self) -> list[str]:
        """The fields this entry sets, in the order of the model."""
        return [name for name in REPLACEABLE if getattr(self, name) is not None]


#: Fields of a step a unit variant may replace (goals are the central process's own).
REPLACEABLE = (
    "title",
    "role",
    "accountable",
    "consulted",
    "informed",
    "instructions",
    "deadline",
    "documents",
    "notes",
    "timer",
    "schedule",
)


class RemoveStep(Strict):
    """A step of the central process the unit leaves out, and why."""

    step: Id = Field(description="Id of the step to leave out.")
    reason: str = Field(min_length=1, description="Why the unit does without it.")


class VariantFile(Strict):
    """``enheter/<unit>/<process>.yaml``: a unit's differences from a central process."""

    schema_: str | None = Field(default=None, alias="$schema")
    extends: Id = Field(description="Id of the central process this variant adapts.")
    unit: Id = Field(description="Id of the unit (from organisation.yaml) that works this way.")
    summary: str | None = Field(default=None, description="What is different at the unit, and why.")
    add: list[AddStep] = Field(default_factory=list, description="Steps the unit adds.")
    replace: list[ReplaceStep] = Field(default_factory=list, description="Steps the unit does differently.")
    remove: list[RemoveStep] = Field(default_factory=list, description="Steps the unit leaves out.")
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)
