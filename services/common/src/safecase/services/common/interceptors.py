"""A server interceptor that authenticates each call and hands the caller to the servicer.

Every method needs ``authorization: Bearer <jwt>`` metadata, verified by a
:class:`~safecase.services.common.auth.TokenVerifier`, except the methods named public (the
reporter's own methods, health checking, reflection). A public method still verifies a token
when one is sent. A token of another organisation is refused with PERMISSION_DENIED
(``E_G28_ACCESS_DENIED``): an organisation's instance serves its own organisation only.

The acting role is the ``x-safecase-role`` metadata, one of the token's roles (default: the
first). The servicer reads the caller with :func:`current_actor`; what the actor may see or do
on a case is the core's need-to-know policy (G28), never decided here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import grpc
from opentelemetry import propagate
from opentelemetry.context import Context
from opentelemetry.trace import SpanKind, Status, StatusCode

from safecase.core import trace_context
from safecase.core.commands import Actor
from safecase.core.errors import CommandRefused, SafecaseError
from safecase.core.states import Role
from safecase.services.common.auth import AuthError, Principal, TokenVerifier
from safecase.services.common.metrics import call_instruments
from safecase.services.common.status import to_status
from safecase.services.common.telemetry import current_trace_context, tracer

__all__ = [
    "ALWAYS_PUBLIC_SERVICES",
    "ROLE_HEADER",
    "AuthInterceptor",
    "TelemetryInterceptor",
    "current_actor",
    "current_principal",
    "required_actor",
]

ROLE_HEADER = "x-safecase-role"
ALWAYS_PUBLIC_SERVICES = frozenset(
    {
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
    }
)

_PRINCIPAL: ContextVar[Principal | None] = ContextVar("safecase_principal", default=None)
_ACTOR: ContextVar[Actor | None] = ContextVar("safecase_actor", default=None)


def current_principal() -> Principal | None:
    """The verified token of the call being served, or ``None`` (a public call without one)."""
    return _PRINCIPAL.get()


def current_actor() -> Actor | None:
    """The caller of the call being served, in its acting role, or ``None``."""
    return _ACTOR.get()


def required_actor() -> Actor:
    """The caller of a method that needs a bearer token (public methods may have none)."""
    actor = _ACTOR.get()
    if actor is None:
        raise AuthError("this method needs a bearer token")
    return actor


class AuthInterceptor(grpc.ServerInterceptor):
    """Bearer-token authentication for one organisation's instance."""

    def __init__(
        self,
        verifier: TokenVerifier,
        organisation_id: str,
        *,
        public_methods: Collection[str] = (),
        public_services: Collection[str] = ALWAYS_PUBLIC_SERVICES,
    ) -> None:
        self.verifier = verifier
        self.organisation_id = organisation_id
        self.public_methods = frozenset(public_methods)
        self.public_services = frozenset(public_services)

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        metadata = {k.lower(): v for k, v in handler_call_details.invocation_metadata or ()}
        public = (
            method in self.public_methods or method.strip("/").split("/")[0] in self.public_services
        )
        try:
            principal, actor = self._authenticate(metadata, required=not public)
        except SafecaseError as error:
            return _refusing(handler, to_status(error))
        return _with_caller(handler, principal, actor)

    def _authenticate(
        self, metadata: dict[str, str | bytes], *, required: bool
    ) -> tuple[Principal | None, Actor | None]:
        header = metadata.get("authorization")
        if header is None:
            if required:
                raise AuthError("this method needs a bearer token")
            return None, None
        scheme, _, token = str(header).partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("the authorization metadata must be 'Bearer <token>'")
        principal = self.verifier.verify(token.strip())
        if principal.organisation != self.organisation_id:
            raise CommandRefused("E_G28_ACCESS_DENIED", "the token is for another organisation")
        requested = metadata.get(ROLE_HEADER)
        try:
            role = Role(str(requested).strip().upper()) if requested else None
        except ValueError:
            raise CommandRefused("E_G28_ACCESS_DENIED", f"unknown role in {ROLE_HEADER}") from None
        if role is None and not principal.roles:
            raise CommandRefused("E_G28_ACCESS_DENIED", "the token grants no role")
        if role is not None and role not in principal.roles:
            raise CommandRefused("E_G28_ACCESS_DENIED", "the token does not grant that role")
        return principal, principal.acting_as(role)


def _handler(
    handler: grpc.RpcMethodHandler[Any, Any],
    unary_unary: Any,
    unary_stream: Any,
    stream_unary: Any,
    stream_stream: Any,
) -> grpc.RpcMethodHandler[Any, Any]:
    """A handler of the same kind and (de)serializers as ``handler`` with new behaviours."""
    options = {
        "request_deserializer": handler.request_deserializer,
        "response_serializer": handler.response_serializer,
    }
    if handler.unary_unary is not None:
        return grpc.unary_unary_rpc_method_handler(unary_unary, **options)
    if handler.unary_stream is not None:
        return grpc.unary_stream_rpc_method_handler(unary_stream, **options)
    if handler.stream_unary is not None:
        return grpc.stream_unary_rpc_method_handler(stream_unary, **options)
    return grpc.stream_stream_rpc_method_handler(stream_stream, **options)


def _refusing(
    handler: grpc.RpcMethodHandler[Any, Any], status: grpc.Status
) -> grpc.RpcMethodHandler[Any, Any]:
    def refuse(_request: Any, context: grpc.ServicerContext) -> Any:
        context.abort_with_status(status)

    def refuse_stream(_request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        context.abort_with_status(status)
        yield  # pragma: no cover - abort raises

    return _handler(handler, refuse, refuse_stream, refuse, refuse_stream)


def _with_caller(
    handler: grpc.RpcMethodHandler[Any, Any], principal: Principal | None, actor: Actor | None
) -> grpc.RpcMethodHandler[Any, Any]:
    """Run the handler's behaviour with the caller set (in the worker thread that runs it)."""

    def call(behaviour: Callable[..., Any]) -> Callable[..., Any]:
        def run(request: Any, context: grpc.ServicerContext) -> Any:
            tokens = _PRINCIPAL.set(principal), _ACTOR.set(actor)
            try:
                return behaviour(request, context)
            finally:
                _ACTOR.reset(tokens[1])
                _PRINCIPAL.reset(tokens[0])

        return run

    def stream(behaviour: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        def run(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            iterator = behaviour(request, context)
            while True:
                tokens = _PRINCIPAL.set(principal), _ACTOR.set(actor)
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                finally:
                    _ACTOR.reset(tokens[1])
                    _PRINCIPAL.reset(tokens[0])
                yield item

        return run

    return _handler(
        handler,
        handler.unary_unary and call(handler.unary_unary),
        handler.unary_stream and stream(handler.unary_stream),
        handler.stream_unary and call(handler.stream_unary),
        handler.stream_stream and stream(handler.stream_stream),
    )


# --- telemetry --------------------------------------------------------------------------------

_access = logging.getLogger("safecase.rpc")
# Only W3C Trace Context is taken from the caller: baggage is the caller's free text.
_TRACE_HEADERS = frozenset({"traceparent", "tracestate"})
# The codes that mean the server failed (OpenTelemetry's rule for server spans); the others
# are the caller's mistake or a refusal by the rules, and leave the span's status unset.
_SERVER_ERRORS = frozenset(
    {
        grpc.StatusCode.UNKNOWN,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.UNIMPLEMENTED,
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DATA_LOSS,
    }
)


class TelemetryInterceptor(grpc.ServerInterceptor):
    """Traces, counts and times every call, and logs one line for it.

    The call's SERVER span continues the caller's trace (``traceparent`` metadata) and is bound
    as the unit of work's trace context, so the events the call writes carry the trace to
    their consumers. Span, metrics and log line hold the method and the status code only:
    never the peer's address (it could identify an anonymous reporter) nor anything of the
    request. Put it first, so that it also sees the calls authentication refuses.
    """

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method.lstrip("/")
        carrier = {
            key.lower(): str(value)
            for key, value in handler_call_details.invocation_metadata or ()
            if key.lower() in _TRACE_HEADERS
        }

        def call(behaviour: Callable[..., Any]) -> Callable[..., Any]:
            def run(request: Any, context: grpc.ServicerContext) -> Any:
                with _served(method, carrier, context):
                    return behaviour(request, context)

            return run

        def stream(behaviour: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
            def run(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                with _served(method, carrier, context):
                    yield from behaviour(request, context)

            return run

        return _handler(
            handler,
            handler.unary_unary and call(handler.unary_unary),
            handler.unary_stream and stream(handler.unary_stream),
            handler.stream_unary and call(handler.stream_unary),
            handler.stream_stream and stream(handler.stream_stream),
        )


@contextmanager
def _served(method: str, carrier: dict[str, str], context: grpc.ServicerContext) -> Iterator[None]:
    started = time.perf_counter()
    code = grpc.StatusCode.UNKNOWN
    attributes = {"rpc.system.name": "grpc", "rpc.method": method}
    with tracer().start_as_current_span(
        method,
        context=propagate.extract(carrier, context=Context()),
        kind=SpanKind.SERVER,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            with trace_context.bound(current_trace_context()):
                yield
            code = _code_of(context) or grpc.StatusCode.OK
        except BaseException as exc:
            set_by_abort = _code_of(context)
            code = set_by_abort or grpc.StatusCode.UNKNOWN
            if set_by_abort is None:
                span.set_attribute("error.type", type(exc).__qualname__)
            raise
        finally:
            elapsed = time.perf_counter() - started
            span.set_attribute("rpc.response.status_code", code.name)
            span.set_attribute("rpc.grpc.status_code", _number(code))
            if code in _SERVER_ERRORS:
                span.set_status(Status(StatusCode.ERROR))
            measured = {**attributes, "rpc.response.status_code": code.name}
            instruments = call_instruments()
            instruments.requests.add(1, measured)
            instruments.duration.record(elapsed, measured)
            # Health checks and reflection come every few seconds: worth a line only at DEBUG.
            level = logging.DEBUG if method.startswith("grpc.") else logging.INFO
            _access.log(level, "%s %s %.1f ms", method, code.name, elapsed * 1000)


def _code_of(context: grpc.ServicerContext) -> grpc.StatusCode | None:
    """The code the servicer set or aborted with (``None``: none yet)."""
    code: grpc.StatusCode | None = getattr(context, "code", lambda: None)()
    return code


def _number(code: grpc.StatusCode) -> int:
    value: Sequence[Any] = code.value
    return int(value[0])
