"""Errors -> gRPC status: every :class:`SafecaseError` ends the call with its rich status.

The code, ``ErrorInfo.reason`` (the refusal code) and ``BadRequest`` field violations come from
:func:`safecase.services.common.status.to_status`. Anything else is a bug: it is logged here
and the caller gets INTERNAL with no detail, so no case content can leak through an error.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

import grpc
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from safecase.core.errors import SafecaseError
from safecase.services.common.status import DOMAIN, to_status

__all__ = ["INTERNAL", "rpc"]

log = logging.getLogger("safecase.services.intake")

Servicer = TypeVar("Servicer")
Request = TypeVar("Request")
Response = TypeVar("Response")
Behaviour = Callable[[Servicer, Request, grpc.ServicerContext], Response]


def _internal() -> grpc.Status:
    info = error_details_pb2.ErrorInfo(reason="E_INTERNAL", domain=DOMAIN)
    status = status_pb2.Status(code=code_pb2.INTERNAL, message="internal error")
    status.details.add().Pack(info)
    return rpc_status.to_status(status)


INTERNAL = _internal()


REQUEST_ID: ContextVar[str | None] = ContextVar("safecase_request_id", default=None)


def current_request_id() -> str | None:
    """The ``request_id`` of the call being served (AIP-155), if it carries one."""
    return REQUEST_ID.get()


def rpc(method: Behaviour[Servicer, Request, Response]) -> Behaviour[Servicer, Request, Response]:
    """Run a servicer method; turn its errors into the call's status."""

    @functools.wraps(method)
    def handle(self: Servicer, request: Request, context: grpc.ServicerContext) -> Response:
        status: grpc.Status
        token = REQUEST_ID.set(getattr(request, "request_id", "") or None)
        try:
            return method(self, request, context)
        except SafecaseError as error:
            status = to_status(error)
        except Exception:
            log.exception("unexpected error in %s", getattr(method, "__name__", "an RPC"))
            status = INTERNAL
        finally:
            REQUEST_ID.reset(token)
        context.abort_with_status(status)
        raise AssertionError("abort_with_status returned")  # it raises

    return handle
