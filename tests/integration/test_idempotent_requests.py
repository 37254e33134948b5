"""A retried request (same ``request_id``, AIP-155) has one effect and the first result."""

from __future__ import annotations

import grpc
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safecase.core.persistence.schema import CaseRow, OutboxRow
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import resources_pb2 as res
from tests.integration.conftest import NARRATIVE, PARENT, IntakeStack


def count(stack: IntakeStack, table: type) -> int:
    with Session(stack.instance.engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_retried_anonymous_report_opens_one_case_and_shows_its_receipt_once(
    intake: IntakeStack,
) -> None:
    request = pb.SubmitReportRequest(
        parent=PARENT,
        request_id="retry-1",
        intake_type=res.INTAKE_TYPE_FORMAL_REPORT,
        anonymous=True,
        narrative=NARRATIVE,
    )
    first = intake.stub.SubmitReport(request, timeout=20)
    again = intake.stub.SubmitReport(request, timeout=20)
    assert first.receipt_code
    assert not again.receipt_code  # shown once: the first response is the one to keep
    assert count(intake, CaseRow) == 1


def test_a_retried_command_runs_once(intake: IntakeStack) -> None:
    case = intake.named_case()
    events = count(intake, OutboxRow)
    declare = {"person_id": intake.cast.investigator.id}
    request_id = "declare-1"
    for _ in range(2):
        from google.protobuf import struct_pb2

        arguments = struct_pb2.Struct()
        arguments.update(declare)
        response = intake.call(
            "RunCaseCommand",
            pb.RunCaseCommandRequest(
                name=case.name,
                command="sign_coi_declaration",
                arguments=arguments,
                request_id=request_id,
            ),
            intake.cast.dsl,
        )
    assert response.case.state == res.CASE_STATE_RECEIVED_REPORT
    assert count(intake, OutboxRow) == events + 1  # one CoiDeclarationSigned, not two


def test_a_request_id_cannot_be_reused_for_another_command(intake: IntakeStack) -> None:
    case = intake.named_case()
    from google.protobuf import struct_pb2

    arguments = struct_pb2.Struct()
    arguments.update({"person_id": intake.cast.investigator.id})
    intake.call(
        "RunCaseCommand",
        pb.RunCaseCommandRequest(
            name=case.name, command="sign_coi_declaration", arguments=arguments, request_id="same"
        ),
        intake.cast.dsl,
    )
    hold = struct_pb2.Struct()
    hold.update({"reason": "An inquiry asked to keep the record"})
    with pytest.raises(grpc.RpcError) as error:
        intake.call(
            "RunCaseCommand",
            pb.RunCaseCommandRequest(
                name=case.name, command="place_legal_hold", arguments=hold, request_id="same"
            ),
            intake.cast.dsl,
        )
    code, _reason, fields = IntakeStack.refusal(error)
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert fields == {"request_id"}
