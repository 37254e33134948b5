"""The cases a caller may read, for the List methods of the services that hold cases.

Listing reads every case's metadata first (newest first, a stable order for page tokens), then
reads in full only as many as a page needs, skipping the cases that were erased or that the
caller has no need to know of (G28): a List never fails because one case is out of reach.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

from safecase.core.commands import Actor
from safecase.core.errors import CaseErased, CommandRefused, NotFound
from safecase.core.instance import Instance
from safecase.core.persistence.store import CaseSummary

__all__ = ["newest_first", "readable"]

Read = TypeVar("Read")


def newest_first(instance: Instance, actor: Actor) -> list[CaseSummary]:
    """Every case of ``instance`` (metadata only), most recently updated first."""
    found = instance.list_cases(actor, limit=sys.maxsize)
    return sorted(found, key=lambda s: (s.updated_at, s.id), reverse=True)


def readable(
    summaries: list[CaseSummary], start: int, read: Callable[[str], Read]
) -> Iterator[tuple[int, Read]]:
    """``read`` of each case from position ``start`` on, with its position, where allowed."""
    for position in range(start, len(summaries)):
        try:
            yield position, read(summaries[position].id)
        except (CaseErased, NotFound):
            continue
        except CommandRefused as refused:
            if refused.reason != "E_G28_ACCESS_DENIED":
                raise
