"""A sharing network as its people reach it over gRPC: a governing body's staff on its intake
API, and the support service's coordinator, administrator and members on the advisory API,
each call with a dev token of the caller's organisation and role.

The sharing demo walks a request for advice with these clients, and the network tests drive
the same steps, so that what the demo shows is what the tests check.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from google.protobuf import struct_pb2
from google.protobuf.timestamp_pb2 import Timestamp

from safecase.advisory.v1 import advisory_service_pb2 as apb
from safecase.advisory.v1 import advisory_service_pb2_grpc
from safecase.advisory.v1 import resources_pb2 as ares
from safecase.core.case import Case
from safecase.core.states import Role
from safecase.core.testing.scenario import Scenario
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.common.auth import TokenIssuer
from safecase.services.stack.network import SUPPORT_ID

__all__ = [
    "ADMIN",
    "COORDINATOR",
    "QUESTION",
    "SUMMARY",
    "TIMEOUT",
    "OrganisationClient",
    "SupportClient",
]

TIMEOUT = 15.0  # seconds: the deadline of every call
QUESTION = "Should we restrict the adult to supervised sessions while we investigate?"
SUMMARY = "The complainant says the coach shouted at them during training."
COORDINATOR, ADMIN = "coordinator-1", "admin-1"  # the support service's people


@dataclass
class OrganisationClient:
    """A governing body as its staff reach it: the intake API with their dev tokens."""

    id: str
    scenario: Scenario
    stub: intake_service_pb2_grpc.IntakeServiceStub
    secret: str
    timeout: float = TIMEOUT

    def name(self, case: Case) -> str:
        return f"organizations/{self.id}/cases/{case.id}"

    def call(self, method: str, request: Any, role: Role = Role.DSL) -> Any:
        who = self.scenario.actor(role)
        token = TokenIssuer(self.secret).issue(who.person_id, self.id, [role])
        metadata = (("authorization", f"Bearer {token}"), ("x-safecase-role", role.value))
        return getattr(self.stub, method)(request, timeout=self.timeout, metadata=metadata)

    def consent(self, case: Case) -> None:
        """The complainant (a child: in Scotland their own consent counts) agrees to a share."""
        self.call(
            "RecordConsent",
            pb.RecordConsentRequest(
                name=self.name(case),
                purpose=res.CONSENT_PURPOSE_ADVISORY_SHARE,
                consent=res.ComplainantConsent(
                    subject_person=self.scenario.cast.complainant.id,
                    given_by=res.CONSENT_GIVER_SELF,
                    method="WRITTEN",
                ),
            ),
        )

    def drafted(self, question: str = QUESTION, *, consent: bool = True) -> Case:
        """A triaged case with the complainant's consent (unless not ``consent``), a request
        for advice (A1) and the named adviser's declaration of interests (G10): all that
        publication needs but the publication itself."""
        s = self.scenario
        case = s.triaged()
        if consent:
            self.consent(case)
        self.call(
            "StartAdvisoryRequest",
            pb.StartAdvisoryRequestRequest(name=self.name(case), question=question),
        )
        arguments = struct_pb2.Struct()
        arguments.update({"person_id": s.cast.advisers[0].id})
        self.call(
            "RunCaseCommand",
            pb.RunCaseCommandRequest(
                name=self.name(case), command="sign_coi_declaration", arguments=arguments
            ),
        )
        return case

    def terms(self, case: Case, kind: type) -> Any:
        """A preview or publish request of ``kind``: the named adviser, two weeks, the summary."""
        expiry = Timestamp()
        expiry.FromDatetime(self.scenario.clock.now + timedelta(days=14))
        return kind(
            name=self.name(case),
            members=[self.scenario.cast.advisers[0].id],
            expire_time=expiry,
            summary=SUMMARY,
            expertise=[res.EXPERTISE_AREA_SAFEGUARDING],
        )

    def advice(self, case: Case) -> list[res.Advice]:
        return list(self.call("ListAdvice", pb.ListAdviceRequest(parent=self.name(case))).advice)

    def identifiers(self) -> list[str]:
        """What must never leave the organisation in a packet (G12, DOMAIN §4.3)."""
        cast = self.scenario.cast
        found = [self.scenario.organisation.name]
        for person in (cast.complainant, cast.respondent, cast.dsl, *cast.advisers):
            found += [person.name, *person.name.split()]
            found += [x for x in (person.email, person.phone) if x]
            found += [a.club for a in person.affiliations]
        return found


@dataclass
class SupportClient:
    """The support service's advisory API, as its coordinator, administrator and members call
    it."""

    stub: advisory_service_pb2_grpc.AdvisoryServiceStub
    secret: str
    timeout: float = TIMEOUT

    def call(self, method: str, request: Any, who: str, role: Role) -> Any:
        token = TokenIssuer(self.secret).issue(who, SUPPORT_ID, [role])
        metadata = (("authorization", f"Bearer {token}"), ("x-safecase-role", role.value))
        return getattr(self.stub, method)(request, timeout=self.timeout, metadata=metadata)

    def coordinator(self, method: str, request: Any) -> Any:
        return self.call(method, request, COORDINATOR, Role.DSL)

    def member(self, subject: str, method: str, request: Any) -> Any:
        return self.call(method, request, subject, Role.ADV)

    def register(self, subject: str, *affiliations: ares.Affiliation) -> ares.Member:
        """A member with safeguarding expertise, available, declaring ``affiliations``."""
        request = apb.CreateMemberRequest(
            member=ares.Member(
                subject=subject,
                expertise=[ares.EXPERTISE_SAFEGUARDING],
                available=True,
                affiliations=list(affiliations),
            ),
            request_id=secrets.token_hex(8),
        )
        member: ares.Member = self.call("CreateMember", request, ADMIN, Role.ADMIN).member
        return member
