"""The organisation's side of advisory sharing (DOMAIN.md §1.7 R-AS, §1.8 R-CS, §4.3), over the
real gRPC intake service, a real NATS JetStream and each database.

The case manager records the complainant's consent, starts a request for advice, previews the
pseudonymised packet and publishes it: the share leaves through the outbox, sealed to the
support service's public key, and the share forwarder puts it on the support service's
``SHARES`` stream. The test plays the support service: it holds the private key, reads what
arrived, and answers on the organisation's ``ADVICE`` stream, sealed to the organisation's
advice key. Revocation (A4), withdrawal of consent (A4 via R-CS) and expiry (A5) each send a
revocation; advice is recorded as advice and never changes the case's state (G08); advice on an
ended share is refused and recorded (G15); a case never shared sends nothing.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import grpc
import nats
import pytest
from google.protobuf import json_format, struct_pb2
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy import select
from sqlalchemy.orm import Session

from safecase.core.case import Case
from safecase.core.consent import DataSharingAgreement
from safecase.core.persistence.schema import AuditRow
from safecase.core.plugins import Plugins, hookimpl
from safecase.core.redaction import fold
from safecase.core.share import SharePacket
from safecase.core.share_sealing import (
    SealedShare,
    SupportKey,
    generate_support_key,
    open_share,
    seal_share,
)
from safecase.core.states import CaseState, Role
from safecase.core.testing import Clock, Scenario
from safecase.core.testing.instances import migrated_instance
from safecase.events.v1 import event_pb2
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.intake.v1 import resources_pb2 as res
from safecase.plugins.scotland import hooks as scotland_hooks
from safecase.services.common.auth import TokenVerifier
from safecase.services.common.envelope import from_wire, payload_of
from safecase.services.common.handover import after_case_command
from safecase.services.common.nats_accounts import (
    advice_subject,
    ensure_advice_stream,
    ensure_shares_stream,
)
from safecase.services.common.relay import OutboxRelay, ensure_stream
from safecase.services.common.sharing import (
    ADVICE_LABEL,
    AdviceReceiver,
    ShareAttacher,
    ShareExpiry,
    ShareForwarder,
    SharingKeys,
    club_digest,
    compose,
    conflict_tokens,
)
from safecase.services.intake.app import create_server
from safecase.services.stack.network_clients import QUESTION, OrganisationClient

SECRET = "intake-sharing-test-secret-of-32-bytes"
TIMEOUT = 20
SUMMARY = "The complainant says the coach shouted at them during training."
ADVICE = "Consider supervised sessions only until the investigation concludes."


# --- the organisation and the support service ---------------------------------------------------


@dataclass
class Sharing(OrganisationClient):
    """One organisation's intake service with its share forwarder and advice receiver, on a
    NATS whose ``SHARES`` stream stands for the support service's and ``ADVICE`` for the
    organisation's; the test holds the support service's private key."""

    keys: SharingKeys = field(kw_only=True)
    support_key: SupportKey = field(kw_only=True)
    nats_url: str = field(kw_only=True)

    @property
    def org(self) -> str:
        return self.id

    @property
    def instance(self) -> Any:
        return self.scenario.instance

    def refused(self, method: str, request: Any, role: Role = Role.DSL) -> tuple[Any, str]:
        with pytest.raises(grpc.RpcError) as error:
            self.call(method, request, role)
        status = rpc_status.from_call(error.value)  # type: ignore[arg-type]
        assert status is not None
        reason = ""
        for detail in status.details:
            if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                detail.Unpack(info)
                reason = info.reason
        return error.value.code(), reason

    def expiry(self, days: float = 14) -> Timestamp:
        stamp = Timestamp()
        stamp.FromDatetime(self.scenario.clock.now + timedelta(days=days))
        return stamp

    # --- the case manager's steps -----------------------------------------------------------

    def terms(self, case: Case, kind: type, **extra: Any) -> Any:
        return kind(
            name=self.name(case),
            members=[self.scenario.cast.advisers[0].id],
            expire_time=self.expiry(),
            summary=SUMMARY,
            expertise=[res.EXPERTISE_AREA_SAFEGUARDING, res.EXPERTISE_AREA_LAW],
            **extra,
        )

    def published(self, case: Case | None = None) -> tuple[Case, pb.PublishShareResponse]:
        case = case or self.drafted()
        response = self.call("PublishShare", self.terms(case, pb.PublishShareRequest))
        return case, response

    def stored(self, case: Case) -> Case:
        with self.instance.unit() as unit:
            stored: Case = unit.store.get(case.id)
            return stored

    # --- the backbone: relay, forwarder, receiver --------------------------------------------

    def deliver(self) -> None:
        """Relay the outbox, forward share events, apply advice: until nothing is left."""

        async def run() -> None:
            nc = await nats.connect(self.nats_url, connect_timeout=2)
            js = nc.jetstream()
            try:
                await ensure_stream(js, self.org)
                while await OutboxRelay(self.instance.engine, js).publish_pending():
                    pass
                forwarder = ShareForwarder(self.org, self.instance.organisation_key)
                forwarding = await forwarder.consumer(self.instance.engine, js)
                while await forwarding.process(timeout=0.3):
                    pass
                receiving = await AdviceReceiver(self.instance, self.keys).consumer(js)
                while await receiving.process(timeout=0.3):
                    pass
            finally:
                await nc.close()

        asyncio.run(run())

    # --- the support service's end -----------------------------------------------------------

    def arrived(self) -> list[tuple[str, bytes]]:
        """(subject, data) of every message on the ``SHARES`` stream, in order."""

        async def run() -> list[tuple[str, bytes]]:
            nc = await nats.connect(self.nats_url, connect_timeout=2)
            js = nc.jetstream()
            try:
                state = (await js.stream_info("SHARES")).state
                found = []
                for seq in range(state.first_seq, state.last_seq + 1) if state.messages else ():
                    message = await js.get_msg("SHARES", seq)
                    assert message.subject is not None
                    assert message.data is not None
                    found.append((message.subject, message.data))
                return found
            finally:
                await nc.close()

        return asyncio.run(run())

    def opened(self, data: bytes) -> tuple[event_pb2.Event, dict[str, Any]]:
        """A published share as the support service opens it with its private key."""
        event = from_wire(data)
        sealed = event.sealed
        share = SealedShare(sealed.ephemeral_public, sealed.wrapped_key, sealed.ciphertext)
        return event, open_share(self.support_key, payload_of(event)["share_id"], share)

    def answer(self, share_id: str, document: dict[str, Any], copies: int = 1) -> None:
        """The support service's answer, sealed to ``reply_to_public``, on the ADVICE subject.

        Sent without ``Nats-Msg-Id``, so that every copy reaches the organisation's stream and
        only its inbox can tell them apart.
        """
        reply_to = base64.b64decode(document["reply_to_public"])
        answer = {
            "version": 1,
            "share_id": share_id,
            "answer_id": secrets.token_hex(16),
            "label": ADVICE_LABEL,
            "summary": ADVICE,
            "advice": [
                {
                    "advice_id": secrets.token_hex(16),
                    "adviser": "member-reference-1",
                    "expertise": ["SAFEGUARDING"],
                    "opinion": "A restriction is proportionate while the facts are found.",
                    "recommendations": ["Review the restriction in four weeks"],
                    "guidance_references": [],
                    "submitted_at": self.scenario.clock.now.isoformat(),
                }
            ],
            "composed_at": self.scenario.clock.now.isoformat(),
        }
        self.send_answer(share_id, seal_share(reply_to, share_id, answer), copies)

    def send_answer(self, share_id: str, sealed: SealedShare, copies: int = 1) -> None:
        payload = struct_pb2.Struct()
        payload.update({"share_id": share_id})
        event = event_pb2.Event(
            id=secrets.token_hex(16),
            type="AdvisoryAdviceGiven",
            version=1,
            organization=self.org,
            actor="system",
            actor_role="SYS",
            payload=payload,
            sealed=event_pb2.SealedDocument(
                wrapped_key=sealed.wrapped_key,
                ciphertext=sealed.ciphertext,
                ephemeral_public=sealed.ephemeral_public,
            ),
        )

        async def run() -> None:
            nc = await nats.connect(self.nats_url, connect_timeout=2)
            js = nc.jetstream()
            try:
                for _ in range(copies):
                    await js.publish(advice_subject(self.org, share_id), event.SerializeToString())
            finally:
                await nc.close()

        asyncio.run(run())

    def advice(self, case: Case) -> list[res.Advice]:
        response = self.call("ListAdvice", pb.ListAdviceRequest(parent=self.name(case)))
        return list(response.advice)

    def audited(self, case: Case, command: str) -> list[str]:
        with Session(self.instance.engine) as session:
            return list(
                session.scalars(
                    select(AuditRow.outcome)
                    .where(AuditRow.case_id == case.id, AuditRow.command == command)
                    .order_by(AuditRow.seq)
                )
            )


@pytest.fixture
def sharing(database_url: str, tmp_path: Path, nats_server: Any) -> Iterator[Sharing]:
    org = f"org-{secrets.token_hex(4)}"
    clock = Clock()
    instance = migrated_instance(
        database_url,
        tmp_path,
        organisation_id=org,
        clock=clock,
        rule_set_overrides=Scenario.default_overrides("scotland", None),
    )
    now = clock.now
    dsa = DataSharingAgreement(  # G11: the organisation shares with the support service
        counterparty="support service",
        valid_from=now - timedelta(days=30),
        valid_to=now + timedelta(days=365),
    )
    instance.organisation = instance.organisation.model_copy(
        update={"data_sharing_agreements": [dsa]}
    )
    support_key = generate_support_key(tmp_path / "support" / "support.key")
    keys = SharingKeys.in_data_dir(tmp_path, tmp_path / "support" / "support.pub")
    key = instance.organisation_key
    instance.after_command = compose(after_case_command(key), ShareAttacher(key, keys))
    scenario = Scenario("scotland", organisation_id=org, instance=instance)

    async def streams() -> None:
        nc = await nats.connect(nats_server.url, connect_timeout=2)
        js = nc.jetstream()
        try:
            await ensure_shares_stream(js)
            await ensure_advice_stream(js, org)
        finally:
            await nc.close()

    asyncio.run(streams())
    server, port = create_server(instance, TokenVerifier([SECRET]))
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        stub = intake_service_pb2_grpc.IntakeServiceStub(channel)  # type: ignore[no-untyped-call]
        yield Sharing(
            org,
            scenario,
            stub,
            SECRET,
            TIMEOUT,
            keys=keys,
            support_key=support_key,
            nats_url=nats_server.url,
        )
    finally:
        channel.close()
        server.stop(None).wait()
        instance.engine.dispose()


def identifiers(s: Scenario) -> list[str]:
    """What no packet may contain (G12, §4.3 "MUST NOT see")."""
    child, coach = s.cast.complainant, s.cast.respondent
    assert child.date_of_birth is not None
    assert child.email is not None
    assert child.phone is not None
    dob = child.date_of_birth
    return [
        child.name,
        *child.name.split(),
        coach.name,
        *coach.name.split(),
        child.email,
        child.phone,
        dob.isoformat(),
        f"{dob.day}/{dob.month}/{dob.year}",
        child.affiliations[0].club,
        "Example Swimming",  # the organisation's name (§4.3: type and size band only)
    ]


def packet_of(message: res.AdvisoryPacket) -> dict[str, Any]:
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def without_draws(packet: dict[str, Any]) -> str:
    """The packet with what publication draws afresh (packet id, pseudonym letters) blanked."""
    text = json.dumps({k: v for k, v in packet.items() if k != "packet_id"}, sort_keys=True)
    return re.sub(r"\b(Complainant|Respondent|Witness|Reporter) [A-Z]\b", r"\1 ?", text)


# --- consent, preview, publication ----------------------------------------------------------------


def test_a_consented_share_is_previewed_then_sent_sealed_to_the_support_service(
    sharing: Sharing,
) -> None:
    """G11, G12 (A2): the preview shows the pseudonymised packet; what reaches the SHARES
    stream is ciphertext that only the support service's key opens, to that packet."""
    s = sharing.scenario
    case = sharing.drafted()

    preview = sharing.call("PreviewShare", sharing.terms(case, pb.PreviewShareRequest))
    previewed = packet_of(preview.packet)
    text = fold(repr(previewed))
    for identifier in identifiers(s):
        assert fold(identifier) not in text, identifier
    persons = {p["role"]: p for p in previewed["persons"]}
    assert persons["COMPLAINANT"]["age_band"] == "12–15"  # a band, never the date of birth
    assert persons["RESPONDENT"]["age_band"] == "26+"
    assert persons["COMPLAINANT"]["pseudonym"].startswith("Complainant ")
    assert preview.question == QUESTION
    assert list(preview.expertise) == [res.EXPERTISE_AREA_SAFEGUARDING, res.EXPERTISE_AREA_LAW]
    assert sharing.arrived() == [], "a preview sends nothing"
    assert sharing.stored(case).current_share().state.value == "AS_DRAFT"  # type: ignore[union-attr]

    _, published = sharing.published(case)
    share = published.advisory_share
    assert share.state == res.ADVISORY_SHARE_STATE_SHARED
    sharing.deliver()

    (subject, data), *rest = sharing.arrived()
    assert rest == []
    share_id = share.name.rsplit("/", 1)[1]
    assert subject == f"safecase.advisory.shares.{sharing.org}.{share_id}.published"
    for canary in [*identifiers(s), QUESTION, SUMMARY, case.id, s.cast.dsl.id]:
        assert canary.encode() not in data, canary  # ciphertext only, and no case id
    event, document = sharing.opened(data)
    assert event.sealed.key_id == ""
    assert event.case == ""
    assert event.actor == "system"
    sent = packet_of(views_packet(document["packet"]))
    assert sent == packet_of(share.packet), "exactly the packet the core published"
    assert without_draws(sent) == without_draws(previewed), "the previewed packet"
    assert sent["packet_id"] != previewed["packet_id"], "drawn afresh (G12)"
    assert document["packet"]["question"] == QUESTION
    assert document["expertise"] == ["SAFEGUARDING", "LAW"]
    assert document["expires_at"] == sharing.expiry().ToDatetime().isoformat() + "+00:00"
    assert base64.b64decode(document["reply_to_public"]) == sharing.keys.advice_key().public_bytes
    clubs = {s.cast.complainant.affiliations[0].club, "Example Swimming"}
    assert document["conflict_tokens"] == conflict_tokens(share_id, clubs)
    assert document["version"] == 1
    SharePacket.model_validate(document["packet"])  # the core's own packet, whitelisted fields
    preview_document = json_format.MessageToDict(preview.document)
    assert set(preview_document) == set(document)


def views_packet(packet: dict[str, Any]) -> res.AdvisoryPacket:
    from safecase.services.intake.views import advisory_packet

    return advisory_packet(packet)


def test_a_share_without_the_complainants_consent_is_refused(sharing: Sharing) -> None:
    """G11 (A2): no ADVISORY_SHARE consent, no preview, no publication, nothing sent."""
    case = sharing.drafted(consent=False)
    for method, kind in (
        ("PreviewShare", pb.PreviewShareRequest),
        ("PublishShare", pb.PublishShareRequest),
    ):
        code, reason = sharing.refused(method, sharing.terms(case, kind))
        assert (code, reason) == (grpc.StatusCode.FAILED_PRECONDITION, "E_G11_NO_CONSENT")
    sharing.deliver()
    assert sharing.arrived() == []
    assert sharing.audited(case, "preview_advisory_packet") == ["REFUSED:E_G11_NO_CONSENT"]


def test_identifiers_in_the_question_are_scrubbed_from_what_is_sent(sharing: Sharing) -> None:
    """G12: the core replaces the case's identifiers in the DSL's question by the packet's
    pseudonyms or ``[redacted]``; the question leaves only in its scrubbed form."""
    s = sharing.scenario
    child = s.cast.complainant
    question = (
        f"Should {child.name} ({child.email}) keep training at "
        f"{child.affiliations[0].club} while the coach is suspended?"
    )
    case = sharing.drafted(question)
    _, published = sharing.published(case)
    sharing.deliver()
    ((_, data),) = sharing.arrived()
    assert child.email is not None
    for canary in (child.name, child.email, child.affiliations[0].club):
        assert canary.encode() not in data
    _, document = sharing.opened(data)
    sent = document["packet"]["question"]
    for identifier in identifiers(s):
        assert fold(identifier) not in fold(sent), identifier
    complainant = next(p for p in document["packet"]["persons"] if p["role"] == "COMPLAINANT")
    assert sent.startswith(f"Should {complainant['pseudonym']} ([redacted]) keep training")
    assert published.advisory_share.question == question, "the DSL's own text stays at home"


class LeakyPlugin:
    """A plugin whose redaction hook puts the complainant's name back into the summary."""

    def __init__(self, name: str) -> None:
        self.name = name

    @hookimpl
    def safecase_redact_share(self, ctx: object, case: Case, packet: SharePacket) -> SharePacket:
        return packet.model_copy(update={"summary": f"{packet.summary} ({self.name})"})


def test_a_packet_with_an_identifier_left_in_it_is_refused_and_nothing_is_sent(
    sharing: Sharing,
) -> None:
    """G12: whatever a plugin does, the core's scan refuses a packet with an identifier."""
    case = sharing.drafted()
    instance = sharing.instance
    leaky = LeakyPlugin(sharing.scenario.cast.complainant.name)
    instance.plugins = Plugins.from_modules({"scotland": scotland_hooks, "leaky": leaky})
    for method, kind in (
        ("PreviewShare", pb.PreviewShareRequest),
        ("PublishShare", pb.PublishShareRequest),
    ):
        code, reason = sharing.refused(method, sharing.terms(case, kind))
        assert (code, reason) == (
            grpc.StatusCode.FAILED_PRECONDITION,
            "E_G12_IDENTIFIER_IN_PACKET",
        )
    sharing.deliver()
    assert sharing.arrived() == []


def test_without_the_support_services_key_nothing_is_published(
    sharing: Sharing, tmp_path: Path
) -> None:
    """A share that could not be sealed is not published: the case stays in draft."""
    case = sharing.drafted()
    sharing.keys.support_public_key_file.unlink()
    code, reason = sharing.refused("PublishShare", sharing.terms(case, pb.PublishShareRequest))
    assert (code, reason) == (grpc.StatusCode.FAILED_PRECONDITION, "E_SHARING_NOT_CONFIGURED")
    assert sharing.stored(case).current_share().state.value == "AS_DRAFT"  # type: ignore[union-attr]


# --- the end of a share ---------------------------------------------------------------------------


def revocations(sharing: Sharing, share_id: str) -> list[event_pb2.Event]:
    subject = f"safecase.advisory.shares.{sharing.org}.{share_id}.revoked"
    return [from_wire(data) for found, data in sharing.arrived() if found == subject]


def test_withdrawing_advisory_consent_sends_a_revocation(sharing: Sharing) -> None:
    """A4 via R-CS, G15: the complainant withdraws; the live share is revoked at home and the
    support service is told to delete it."""
    case, published = sharing.published()
    share_id = published.advisory_share.name.rsplit("/", 1)[1]
    sharing.deliver()
    sharing.call(
        "WithdrawConsent",
        pb.WithdrawConsentRequest(
            name=sharing.name(case), purpose=res.CONSENT_PURPOSE_ADVISORY_SHARE
        ),
        Role.COMP,
    )
    sharing.deliver()
    (revoked,) = revocations(sharing, share_id)
    assert revoked.type == "AdvisoryShareRevoked"
    assert payload_of(revoked) == {"share_id": share_id}
    assert not revoked.HasField("sealed")
    share = sharing.stored(case).current_share()
    assert share is not None
    assert share.state.value == "AS_REVOKED"
    assert share.packet is None


def test_revoking_a_share_sends_a_revocation_once(sharing: Sharing) -> None:
    """A4 (``revoke_share`` by the DSL), G15; delivered twice, forwarded once."""
    case, published = sharing.published()
    share_id = published.advisory_share.name.rsplit("/", 1)[1]
    sharing.scenario.clock.advance(minutes=5)
    response = sharing.call(
        "RevokeShare", pb.RevokeShareRequest(name=sharing.name(case), reason="No longer needed.")
    )
    assert response.advisory_share.state == res.ADVISORY_SHARE_STATE_REVOKED
    assert not response.advisory_share.HasField("packet"), "the packet key is destroyed (G15)"
    sharing.deliver()
    sharing.deliver()
    subjects = [subject.rsplit(".", 1)[1] for subject, _ in sharing.arrived()]
    assert subjects == ["published", "revoked"], "in order, each once"
    assert len(revocations(sharing, share_id)) == 1


def test_an_expired_share_sends_a_revocation(sharing: Sharing) -> None:
    """A5: past ``expires_at`` the system expires the share; the support service is told."""
    case, published = sharing.published()
    share_id = published.advisory_share.name.rsplit("/", 1)[1]
    expiry = ShareExpiry(sharing.instance)
    assert expiry.sweep() == 0, "not yet due"
    sharing.scenario.clock.advance(days=15)
    assert expiry.sweep() == 1
    assert expiry.sweep() == 0, "an ended share is not expired again"
    sharing.deliver()
    (revoked,) = revocations(sharing, share_id)
    assert revoked.type == "AdvisoryShareExpired"
    assert sharing.stored(case).current_share().state.value == "AS_EXPIRED"  # type: ignore[union-attr]


def test_closing_the_case_sends_a_revocation(sharing: Sharing) -> None:
    """G35/G15: closure revokes every live share of the case."""
    case, published = sharing.published()
    share_id = published.advisory_share.name.rsplit("/", 1)[1]
    s = sharing.scenario
    s.run(sharing.stored(case), "withdraw_consent", purpose="FORMAL_PROCESS")
    s.run(
        sharing.stored(case),
        "withdraw_and_close",
        rationale=(
            "The complainant withdrew; the coach no longer works with children at the club, the "
            "welfare officer confirmed this in writing, and no child remains at risk."
        ),
        decided_by=[s.cast.dsl.id],
    )
    sharing.deliver()
    (revoked,) = revocations(sharing, share_id)
    assert revoked.type == "AdvisoryShareRevoked"


def test_a_case_never_shared_sends_nothing_to_the_support_service(sharing: Sharing) -> None:
    """A case with consent recorded and withdrawn, a drafted request revoked and the case
    closed: no share was ever published, so nothing crosses to the support service."""
    s = sharing.scenario
    case = sharing.drafted()
    sharing.call(
        "WithdrawConsent",
        pb.WithdrawConsentRequest(
            name=sharing.name(case), purpose=res.CONSENT_PURPOSE_ADVISORY_SHARE
        ),
    )
    sharing.call("RevokeShare", pb.RevokeShareRequest(name=sharing.name(case), reason="Not now."))
    s.run(sharing.stored(case), "withdraw_consent", purpose="FORMAL_PROCESS")
    s.run(
        sharing.stored(case),
        "withdraw_and_close",
        rationale=(
            "The complainant withdrew; the coach no longer works with children at the club, the "
            "welfare officer confirmed this in writing, and no child remains at risk."
        ),
        decided_by=[s.cast.dsl.id],
    )
    sharing.deliver()
    assert sharing.arrived() == []


# --- advice back ---------------------------------------------------------------------------------


def test_advice_is_recorded_as_advice_and_changes_no_state(sharing: Sharing) -> None:
    """A3, G08: the answer, sealed to the organisation's advice key, is attached to the case
    as advice by the named member; the case's state is what it was."""
    case, published = sharing.published()
    share_id = published.advisory_share.name.rsplit("/", 1)[1]
    sharing.deliver()
    ((_, data),) = sharing.arrived()
    _, document = sharing.opened(data)
    before = sharing.stored(case)

    sharing.answer(share_id, document)
    sharing.deliver()

    (advice,) = sharing.advice(case)
    assert advice.label == "Advice to the organisation — not a decision"
    assert ADVICE in advice.text
    assert "Review the restriction in four weeks" in advice.text
    assert advice.member == sharing.scenario.cast.advisers[0].id
    after = sharing.stored(case)
    assert after.state is before.state is CaseState.TRIAGED
    share = after.current_share()
    assert share is not None
    assert share.state.value == "AS_ADVICE_RECEIVED"
    assert sharing.audited(case, "submit_advisory_opinion") == ["ALLOWED"]
    # the advice is the organisation's to read, not every caller's (§4.2 row 16)
    code, reason = sharing.refused(
        "ListAdvice", pb.ListAdviceRequest(parent=sharing.name(case)), Role.ADV
    )
    assert (code, reason) == (grpc.StatusCode.PERMISSION_DENIED, "E_G28_ACCESS_DENIED")


def test_a_duplicate_advice_message_has_one_effect(sharing: Sharing) -> None:
    """The inbox: the same answer delivered twice is recorded once."""
    case, published = sharing.published()
    share_id = published.advisory_share.name.rsplit("/", 1)[1]
    sharing.deliver()
    ((_, data),) = sharing.arrived()
    _, document = sharing.opened(data)
    sharing.answer(share_id, document, copies=2)
    sharing.deliver()
    assert len(sharing.advice(case)) == 1
    assert sharing.audited(case, "submit_advisory_opinion") == ["ALLOWED"]


def test_advice_after_revocation_is_refused_recorded_and_not_retried(sharing: Sharing) -> None:
    """G15: a revoked share takes no more advice; the refusal is audited and the message
    acknowledged, so it does not come back."""
    case, published = sharing.published()
    share_id = published.advisory_share.name.rsplit("/", 1)[1]
    sharing.deliver()
    ((_, data),) = sharing.arrived()
    _, document = sharing.opened(data)
    sharing.call("RevokeShare", pb.RevokeShareRequest(name=sharing.name(case), reason="Done."))
    sharing.answer(share_id, document)
    sharing.deliver()
    sharing.deliver()  # nothing left to redeliver
    assert sharing.advice(case) == []
    assert sharing.audited(case, "submit_advisory_opinion") == ["REFUSED:E_G15_SHARE_REVOKED"]


def test_advice_not_sealed_to_the_organisation_is_refused_and_recorded(sharing: Sharing) -> None:
    """Only an answer sealed to the organisation's own advice key, for this share, is read."""
    case, published = sharing.published()
    share_id = published.advisory_share.name.rsplit("/", 1)[1]
    stranger = generate_support_key(Path(sharing.keys.advice_key_file).parent / "other.key")
    forged = seal_share(stranger.public_bytes, share_id, {"share_id": share_id, "summary": "x"})
    sharing.send_answer(share_id, forged)
    sharing.deliver()
    assert sharing.advice(case) == []
    assert sharing.audited(case, "submit_advisory_opinion") == ["REFUSED:E_ADVICE_UNREADABLE"]


def test_conflict_tokens_are_per_share_digests_of_normalised_names() -> None:
    """G10 without club names: the same club spelled differently gives the same token for one
    share, and different tokens for two shares."""
    assert club_digest("Riverside  Swimming club") == club_digest("riverside swimming CLUB")
    assert conflict_tokens("s1", ["Riverside Swimming Club"]) == conflict_tokens(
        "s1", [" riverside   swimming club "]
    )
    assert conflict_tokens("s1", ["Riverside"]) != conflict_tokens("s2", ["Riverside"])
