"""The case context of one organisation as the intake service runs it: what every accepted
command adds to its transaction, and the backbone's workers.

Every change the hearing context must follow carries a sealed hand-over snapshot; a published
advisory share carries the share sealed to the support service (the attacher runs last, so it
adds to a snapshot already on the event). The workers relay the outbox, receive the hearing
context's hand-overs, forward shares and revocations to the support service, and receive its
advice.
"""

from __future__ import annotations

from safecase.core.instance import Instance
from safecase.services.common.backbone import Worker, context_workers
from safecase.services.common.handover import after_case_command
from safecase.services.common.sharing import (
    ShareAttacher,
    SharingKeys,
    compose,
    sharing_workers,
)

__all__ = ["case_context"]


def case_context(instance: Instance, keys: SharingKeys) -> list[Worker]:
    """Wire ``instance`` for the intake service; returns the workers of its backbone."""
    key = instance.organisation_key
    instance.after_command = compose(after_case_command(key), ShareAttacher(key, keys))
    return context_workers(instance, "case") + sharing_workers(instance, keys)
