"""Errors -> gRPC status for the intake service (:mod:`safecase.services.common.calls`).

A :class:`~safecase.core.errors.SafecaseError` ends the call with its rich status; anything
else is a bug, logged here and answered INTERNAL with no detail, so no case content can leak
through an error.
"""

from __future__ import annotations

import logging

from safecase.services.common.calls import INTERNAL, current_request_id, rpc_method

__all__ = ["INTERNAL", "current_request_id", "rpc"]

rpc = rpc_method(logging.getLogger("safecase.services.intake"))
