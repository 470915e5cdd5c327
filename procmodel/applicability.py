"""Where a process applies: the organisation's vocabulary of unit types and skolformer.

A process may declare ``applies_to: {unit_types: [...], skolformer: [...]}``; it then
applies to a unit of one of those types *or* running one of those skolformer. A process
without ``applies_to`` applies to every unit. Kept apart from :mod:`procmodel.model` and
:mod:`procmodel.organisation` (which both use it) so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from procmodel.i18n import t


class UnitType(StrEnum):
    """Kinds of unit (their display names are in the message catalogs, ``unit_type.*``)."""

    förskola = "förskola"
    grundskola_f_6 = "grundskola-f-6"
    grundskola_7_9 = "grundskola-7-9"
    grundskola_f_9 = "grundskola-f-9"
    gymnasieskola = "gymnasieskola"
    anpassad_grundskola = "anpassad-grundskola"
    anpassad_gymnasieskola = "anpassad-gymnasieskola"
    fritidshem = "fritidshem"
    other = "other"


class Skolform(StrEnum):
    """School forms of the skollag (display names: ``skolform.*``)."""

    förskola = "förskola"
    förskoleklass = "förskoleklass"
    grundskola = "grundskola"
    anpassad_grundskola = "anpassad-grundskola"
    fritidshem = "fritidshem"
    gymnasieskola = "gymnasieskola"
    anpassad_gymnasieskola = "anpassad-gymnasieskola"
    komvux = "komvux"


class AppliesTo(BaseModel):
    """The units a process is for: by unit type, by skolform, or both (either one matching)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    unit_types: list[UnitType] = Field(
        default_factory=list, description="Unit types the process is for, e.g. [förskola]."
    )
    skolformer: list[Skolform] = Field(
        default_factory=list, description="Skolformer the process is for, e.g. [förskoleklass, grundskola]."
    )

    @model_validator(mode="after")
    def _names_something(self) -> AppliesTo:
        if not self.unit_types and not self.skolformer:
            raise ValueError(t("applies_to.empty"))
        return self

    def matches(self, unit_type: str, skolformer: Iterable[str]) -> bool:
        """Whether a unit of ``unit_type`` running ``skolformer`` is one the process is for."""
        if unit_type in self.unit_types:
            return True
        return any(form in self.skolformer for form in skolformer)
