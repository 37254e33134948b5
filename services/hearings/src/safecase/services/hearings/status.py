"""Errors -> gRPC status for the hearings service, and the refusals only this service makes.

Every :class:`~safecase.core.errors.SafecaseError` ends the call with its rich status
(``ErrorInfo.reason`` = the refusal code, ``BadRequest`` field violations), through
:func:`safecase.services.common.calls.rpc_method`; anything else is logged here and answered
INTERNAL with no detail.
"""

from __future__ import annotations

import logging

from safecase.core.errors import CommandRefused
from safecase.services.common.calls import current_request_id, rpc_method

__all__ = ["OtherService", "current_request_id", "rpc"]

log = logging.getLogger("safecase.services.hearings")

rpc = rpc_method(log)


class OtherService(CommandRefused):
    """A case-context command sent to hearings: FAILED_PRECONDITION ``E_OTHER_SERVICE``."""

    def __init__(self, command: str) -> None:
        super().__init__("E_OTHER_SERVICE", command)
        self.message = f"{command} belongs to the case context: send it to the intake service"
        self.args = (self.message,)
