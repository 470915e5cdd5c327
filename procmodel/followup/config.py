"""``followup:`` in ``procmodel.yaml``: the rating scale and the follow-up periods with their due dates.

Kept apart from :mod:`procmodel.model` (which only names :class:`FollowupConfig` on ``Config``),
so it imports nothing of procmodel's but the message catalog.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from procmodel.i18n import t

#: Period ids are file names (``uppföljning/<unit>/<period>.yaml``): a term (``2025-ht``,
#: ``2026-vt``), a school year (``2025-26``, shown as its title, e.g. 'Läsåret 2025/26') or any id.
PERIOD_PATTERN = r"^[0-9A-Za-zÀ-ÖØ-öø-ÿ_][0-9A-Za-zÀ-ÖØ-öø-ÿ_.\-]*$"


def _level_text(value: object) -> object:
    """A level written as a number (``3``) is the same level as the text ``'3'``."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


#: A level on the scale as written in a file: ``3`` or ``uppfyllt``.
LevelValue = Annotated[str, BeforeValidator(_level_text, json_schema_input_type=str | int)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ScaleLevel(_Strict):
    """One level of the rating scale."""

    value: LevelValue = Field(min_length=1, description="What an assessment writes: e.g. 3 or 'delvis'.")
    label: str = Field(min_length=1, description="What the level means, e.g. 'Delvis uppfyllt'.")
    description: str | None = Field(default=None, description="When a goal is rated at this level.")


def _default_scale() -> list[ScaleLevel]:
    labels = ("Inte uppfyllt", "Delvis uppfyllt", "I stort sett uppfyllt", "Uppfyllt")
    return [ScaleLevel(value=str(i), label=label) for i, label in enumerate(labels, start=1)]


class PeriodConfig(_Strict):
    """One follow-up period (a term or a school year)."""

    title: str | None = Field(default=None, description="Display name, e.g. 'Hösttermin 2025'.")
    start: dt.date | None = Field(default=None, description="First day of the period (for the annual wheel).")
    end: dt.date | None = Field(default=None, description="Last day of the period.")
    due: dt.date | None = Field(
        default=None, description="Every unit's assessment of the period is due by this date (PM803)."
    )


class FollowupConfig(_Strict):
    """How units follow up their work: the scale goals are rated on, and the periods."""

    scale: list[ScaleLevel] = Field(
        default_factory=_default_scale,
        min_length=2,
        description="Rating levels, lowest first (default 1–4, 'Inte uppfyllt' … 'Uppfyllt').",
    )
    periods: dict[Annotated[str, Field(pattern=PERIOD_PATTERN, max_length=40)], PeriodConfig] = Field(
        default_factory=dict,
        description="Period id (e.g. 2025-ht, 2026-vt, 2025-26) → its title and due date, oldest first.",
    )
    units: list[str] | None = Field(
        default=None,
        description="Units that must assess every period (default: every unit of organisation.yaml).",
    )

    @model_validator(mode="after")
    def _levels_unique(self) -> FollowupConfig:
        seen: set[str] = set()
        for level in self.scale:
            if level.value in seen:
                raise ValueError(t("followup.scale_twice", value=level.value))
            seen.add(level.value)
        return self

    def rank(self, value: str) -> int | None:
        """The position of a level on the scale (0 = lowest), None when it is not on the scale."""
        for i, level in enumerate(self.scale):
            if level.value == value:
                return i
        return None

    def level(self, value: str) -> ScaleLevel | None:
        """The scale level written ``value``."""
        i = self.rank(value)
        return None if i is None else self.scale[i]

    def ordered_periods(self) -> list[str]:
        """The configured periods, in the order of the configuration (oldest first)."""
        return list(self.periods)

    def period_title(self, period: str) -> str:
        """The display name of a period (its id when it has no title)."""
        conf = self.periods.get(period)
        return conf.title if conf is not None and conf.title else period
