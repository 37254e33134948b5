"""Domain events: ids that keep the order events were made in."""

from __future__ import annotations

from safecase.core.events import new_event_id


def test_events_made_at_the_same_instant_keep_the_order_they_were_made_in() -> None:
    """The outbox leaves in (occurred_at, id) order: ids of one process only ever increase."""
    ids = [new_event_id() for _ in range(2000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert {len(i) for i in ids} == {32}
