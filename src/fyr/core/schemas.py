"""Schemas shared by every API router."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

#: Text that must hold something other than whitespace (subjects, names, message bodies).
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Paged(Schema):
    """A page of a list: pass ``next_cursor`` back as ``cursor`` for the next page."""

    next_cursor: str | None = Field(
        None, description="Opaque cursor for the next page; null on the last page."
    )


class PageParams(Schema):
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(25, ge=1, le=100, description="Items per page (1–100).")
