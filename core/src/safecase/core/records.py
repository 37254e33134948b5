"""Base class of the case's records: strict, validated on assignment, storable as JSON."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Record"]


class Record(BaseModel):
    """A part of the case aggregate; unknown fields are refused, assignments re-validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
