"""The file format of ``sökord.yaml``, the site search's everyday words (a pydantic model)."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from procmodel.model import Strict


class SearchWordsFile(Strict):
    """``sökord.yaml``: the everyday words people search with, for the words the processes use."""

    schema_: str | None = Field(default=None, alias="$schema")
    synonyms: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "A word or phrase the processes use → the words people type for it, "
            "e.g. vårdnadshavare: [mamma, pappa, förälder]."
        ),
    )
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)
