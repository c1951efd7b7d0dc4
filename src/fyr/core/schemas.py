"""Schemas shared by every API router."""

from typing import TYPE_CHECKING, Annotated, Any, TypeAlias, TypeVar

from ninja import Field, Schema
from pydantic import StringConstraints

T = TypeVar("T")

#: A row id from a client: positive and within a 64-bit integer, so a huge number is a 422, not
#: a database overflow.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

#: Text that must hold something other than whitespace (subjects, names, message bodies).
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

if TYPE_CHECKING:
    #: A PATCH field that may be left out but not sent as null: ``status: Omittable[Status] = None``.
    #: Left out, the attribute is ``None`` (and absent from ``model_dump(exclude_unset=True)``),
    #: which is what the type checker sees. Pydantic validates only what is sent, against ``T``
    #: alone, so an explicit ``null`` is a 422 on the field and the OpenAPI schema stays ``T``.
    Omittable: TypeAlias = T | None
else:

    class Omittable:
        def __class_getitem__(cls, item: Any) -> Any:
            return item


class Paged(Schema):
    """A page of a list: pass ``next_cursor`` back as ``cursor`` for the next page."""

    next_cursor: str | None = Field(
        None, description="Opaque cursor for the next page; null on the last page."
    )


class PageParams(Schema):
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(25, ge=1, le=100, description="Items per page (1–100).")
