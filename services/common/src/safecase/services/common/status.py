"""safecase errors as ``google.rpc.Status``: a gRPC code, ``ErrorInfo.reason`` = the refusal code,
and ``BadRequest`` field violations for bad input. Messages carry ids and codes only."""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from safecase.core.errors import CommandRefused, InvalidArgument, SafecaseError

__all__ = ["DOMAIN", "invalid_argument", "to_status"]

DOMAIN = "safecase.org"
CODES: dict[str, int] = {
    "E_NOT_FOUND": code_pb2.NOT_FOUND,
    "E_ERASED": code_pb2.NOT_FOUND,
    "E_CONFLICT": code_pb2.ABORTED,
    "E_UNAUTHENTICATED": code_pb2.UNAUTHENTICATED,
    "E_G28_ACCESS_DENIED": code_pb2.PERMISSION_DENIED,
    "E_G14_THROTTLED": code_pb2.RESOURCE_EXHAUSTED,
    "E_INVALID_ARGUMENT": code_pb2.INVALID_ARGUMENT,
    "E_DATABASE": code_pb2.UNAVAILABLE,
}


def _pack(message: object) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)  # type: ignore[arg-type]
    return packed


def to_status(error: SafecaseError) -> grpc.Status:
    """The rich status for an error; refusals by a guard are FAILED_PRECONDITION."""
    code = CODES.get(
        error.reason,
        code_pb2.FAILED_PRECONDITION if isinstance(error, CommandRefused) else code_pb2.INTERNAL,
    )
    details = [_pack(error_details_pb2.ErrorInfo(reason=error.reason, domain=DOMAIN))]
    if isinstance(error, InvalidArgument):
        details.append(
            _pack(
                error_details_pb2.BadRequest(
                    field_violations=[
                        error_details_pb2.BadRequest.FieldViolation(
                            field=v.field, description=v.description
                        )
                        for v in error.violations
                    ]
                )
            )
        )
    return rpc_status.to_status(
        status_pb2.Status(code=code, message=error.message, details=details)
    )


def invalid_argument(field: str, description: str) -> grpc.Status:
    from safecase.core.errors import FieldViolation

    return to_status(InvalidArgument([FieldViolation(field, description)]))
