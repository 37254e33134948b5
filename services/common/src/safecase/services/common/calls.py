"""Serving one RPC: its ``request_id`` and how its errors end the call.

:func:`rpc_method` wraps a servicer method: a :class:`~safecase.core.errors.SafecaseError`
ends the call with its rich status (:func:`safecase.services.common.status.to_status`), and
anything else is a bug, logged with the service's logger and answered INTERNAL with no detail,
so no case content can leak through an error. The wrapped method reads the request's
``request_id`` (AIP-155) with :func:`current_request_id`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import TypeVar

import grpc
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from safecase.core.errors import SafecaseError
from safecase.services.common.status import DOMAIN, to_status

__all__ = ["INTERNAL", "current_request_id", "rpc_method"]

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
_REQUEST_ID: ContextVar[str | None] = ContextVar("safecase_call_request_id", default=None)


def current_request_id() -> str | None:
    """The ``request_id`` of the call being served (AIP-155), if it carries one."""
    return _REQUEST_ID.get()


def _status(error: SafecaseError, codes: Mapping[str, int]) -> grpc.Status:
    """:func:`to_status`, with the gRPC code of a reason the service names in ``codes``."""
    if error.reason not in codes:
        return to_status(error)
    info = error_details_pb2.ErrorInfo(reason=error.reason, domain=DOMAIN)
    status = status_pb2.Status(code=codes[error.reason], message=error.message)
    status.details.add().Pack(info)
    return rpc_status.to_status(status)


def rpc_method(
    log: logging.Logger, codes: Mapping[str, int] | None = None
) -> Callable[[Behaviour[Servicer, Request, Response]], Behaviour[Servicer, Request, Response]]:
    """A decorator for one service's methods, logging unexpected errors to ``log``.

    ``codes`` gives the gRPC code (``google.rpc.Code``) of refusal reasons that only this
    service raises, e.g. ``E_UNIMPLEMENTED``; every other reason keeps :func:`to_status`'s code.
    """
    extra = dict(codes or {})

    def decorate(
        method: Behaviour[Servicer, Request, Response],
    ) -> Behaviour[Servicer, Request, Response]:
        @functools.wraps(method)
        def handle(self: Servicer, request: Request, context: grpc.ServicerContext) -> Response:
            status: grpc.Status
            token = _REQUEST_ID.set(getattr(request, "request_id", "") or None)
            try:
                return method(self, request, context)
            except SafecaseError as error:
                status = _status(error, extra)
            except Exception:
                log.exception("unexpected error in %s", getattr(method, "__name__", "an RPC"))
                status = INTERNAL
            finally:
                _REQUEST_ID.reset(token)
            context.abort_with_status(status)
            raise AssertionError("abort_with_status returned")  # it raises

        return handle

    return decorate
