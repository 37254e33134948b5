"""The organisation's side of consented, pseudonymised sharing with a support service's Case
Advisory Group (DOMAIN.md §1.7 R-AS, §1.8 R-CS, §4.3; docs/sharing.md).

The core decides everything about a share: whether it may be published (G04, G10, G11, G12),
what the packet holds, when it ends (G15). This module carries it across the organisation's
boundary and brings the advice back:

- :class:`ShareAttacher` (an ``Instance.after_command``) seals the share document to the
  support service's public key in the transaction of ``publish_advisory_packet`` (A2), so the
  share is sent if and only if the publication committed. The organisation keeps no copy it
  can read back: only the support service's private key opens it.
- :class:`ShareForwarder` consumes the organisation's own events and publishes every share
  event on the subjects the NATS accounts let cross (``safecase.advisory.shares.<org>.<share
  id>.published|revoked``), with ``Nats-Msg-Id`` = the event id: a publication, and a
  revocation for every end of a live share the core reports (``revoke_share``, withdrawn
  consent, closure of the case, expiry).
- :class:`AdviceReceiver` opens the advice sealed to the organisation's own advice key and
  records it through the core's ``submit_advisory_opinion`` (A3), in the transaction of its
  inbox row. Advice never changes the case's state (G08); advice on a share that has ended is
  refused by the core (G15), recorded, and not retried.
- :class:`ShareExpiry` runs the A5 timer: a share past its expiry is expired by the system.

Nothing here reads or logs content: log lines carry event, share and case ids only.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from google.protobuf import struct_pb2
from nats.js import JetStreamContext
from sqlalchemy import select
from sqlalchemy.orm import Session

from safecase.core.case import Case
from safecase.core.commands import Actor, SubmitAdvisoryOpinion
from safecase.core.crypto import KeyUnavailable, OrganisationKey
from safecase.core.errors import CaseErased, CommandRefused, NotFound, SafecaseError
from safecase.core.events import DomainEvent
from safecase.core.handover import open_snapshot, seal_snapshot
from safecase.core.instance import AfterCommand, Instance, Unit
from safecase.core.organisation import Organisation
from safecase.core.people import PersonRegistry
from safecase.core.persistence.schema import InboxRow, OutboxRow
from safecase.core.redaction import fold
from safecase.core.share import AdvisoryOpinion, AdvisoryShare
from safecase.core.share_sealing import (
    SealedShare,
    SupportKey,
    generate_support_key,
    open_share,
    read_support_key,
    read_support_public_key,
    seal_share,
)
from safecase.core.states import Role
from safecase.events.v1 import event_pb2
from safecase.services.common.envelope import from_wire, payload_of
from safecase.services.common.inbox import InboxConsumer
from safecase.services.common.nats_accounts import (
    ADVICE_STREAM,
    ShareEvent,
    advice_subjects,
    ensure_advice_stream,
    shares_subject,
)
from safecase.services.common.relay import ensure_stream

__all__ = [
    "ADVICE_LABEL",
    "EXPERTISE",
    "AdviceReceiver",
    "ShareAttacher",
    "ShareExpiry",
    "ShareForwarder",
    "SharingKeys",
    "SharingNotConfigured",
    "Worker",
    "club_digest",
    "compose",
    "conflict_tokens",
    "sealed_share_of",
    "share_document",
    "share_terms",
    "sharing_workers",
]

log = logging.getLogger("safecase.sharing")

Worker = Callable[[JetStreamContext, asyncio.Event], Awaitable[None]]
"""One long-running part of a service's event backbone; returns once the stop event is set."""

PUBLISHED = "AdvisoryPacketPublished"
REVOKED = "AdvisoryShareRevoked"
EXPIRED = "AdvisoryShareExpired"
# The core's events that end a share: A4 (revoke_share, and the follow-up of a withdrawn
# consent or of a closure, G15) and A5 (expire_share).
ENDING = frozenset({REVOKED, EXPIRED})
SHARE_EVENTS = frozenset({PUBLISHED}) | ENDING
EXPERTISE = ("HR", "LAW", "SPORTS_GOVERNANCE", "SAFEGUARDING", "LIVED_EXPERIENCE")
ADVICE_LABEL: str = AdvisoryOpinion.model_fields["label"].default
DOCUMENT_VERSION = 1
# Club names become digests, then per-share tokens: the support service can match its members'
# declared clubs without ever receiving a club name, and two shares cannot be linked by them.
DIGEST_PREFIX = b"safecase club v1\x00"
SYSTEM = "system"
PUBLISH_TIMEOUT = 10.0  # seconds: JetStream's acknowledgement of a forwarded share event


class SharingNotConfigured(CommandRefused):
    """A share cannot leave: the support service's public key is not configured.

    Raised inside the publication's transaction, so nothing is published that cannot be sent.
    """

    def __init__(self, detail: str) -> None:
        super().__init__("E_SHARING_NOT_CONFIGURED", detail)
        self.message = f"advisory sharing is not configured: {detail}"
        self.args = (self.message,)


# --- keys ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharingKeys:
    """Where the two keys of sharing live.

    ``support_public_key_file``: the support service's X25519 public key, to which every share
    is sealed. ``advice_key_file``: the organisation's own key pair for advice (the public half
    travels in every share as ``reply_to_public``); created on first use, kept in the data
    directory's ``keys/`` beside the organisation key, and backed up with it.
    """

    support_public_key_file: Path
    advice_key_file: Path

    @classmethod
    def in_data_dir(
        cls, data_dir: Path, support_public_key_file: Path | None = None
    ) -> SharingKeys:
        keys = Path(data_dir) / "keys"
        return cls(support_public_key_file or keys / "support.pub", keys / "advice.key")

    def support_public_key(self) -> bytes:
        try:
            return read_support_public_key(self.support_public_key_file)
        except KeyUnavailable:
            raise SharingNotConfigured(
                f"no support service public key at {self.support_public_key_file} "
                "(SAFECASE_INTAKE_SUPPORT_PUBLIC_KEY_FILE)"
            ) from None

    def advice_key(self) -> SupportKey:
        """The organisation's advice key pair, created the first time it is needed."""
        if not self.advice_key_file.exists():
            try:
                return generate_support_key(self.advice_key_file)
            except FileExistsError:  # created meanwhile by a concurrent publication
                pass
        return read_support_key(self.advice_key_file)

    def advice_public(self) -> str:
        """``reply_to_public``: the advice key's public half, base64."""
        return base64.b64encode(self.advice_key().public_bytes).decode("ascii")


# --- the share document -------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Two spellings of one club: case and diacritics folded, white space collapsed."""
    return " ".join(fold(name).split())


def club_digest(name: str) -> str:
    """SHA-256 (hex) of a normalised club or organisation name."""
    return hashlib.sha256(DIGEST_PREFIX + normalise_name(name).encode("utf-8")).hexdigest()


def conflict_tokens(share_id: str, names: Iterable[str]) -> list[str]:
    """``HMAC-SHA256(key=share id, digest)`` per name: sorted, without duplicates."""
    return sorted(
        {
            hmac.new(
                share_id.encode("utf-8"), bytes.fromhex(club_digest(n)), hashlib.sha256
            ).hexdigest()
            for n in names
            if n.strip()
        }
    )


def conflict_names(case: Case, people: PersonRegistry, organisation: Organisation) -> list[str]:
    """The sharing organisation and every club a party of the case is affiliated with (G10)."""
    names = [organisation.name]
    for party in case.parties:
        if party.person_id in people:
            names += [a.club for a in people.get(party.person_id).affiliations]
    return names


def share_document(
    share: AdvisoryShare,
    *,
    expertise: Sequence[str],
    reply_to_public: str,
    conflict_names: Iterable[str],
) -> dict[str, Any]:
    """What is sealed to the support service (docs/sharing.md): the core's packet and what the
    support service needs to route it, none of it a direct identifier (G12)."""
    if share.packet is None or share.expires_at is None:
        raise ValueError("only a published share has a document")
    return {
        "version": DOCUMENT_VERSION,
        "packet": share.packet.model_dump(mode="json"),
        "expertise": list(dict.fromkeys(expertise)),
        "expires_at": share.expires_at.isoformat(),
        "reply_to_public": reply_to_public,
        "conflict_tokens": conflict_tokens(share.id, conflict_names),
    }


@dataclass
class ShareTerms:
    """What a publication asks for beyond the core's command (the areas of expertise), and the
    document the attacher sealed for it."""

    expertise: tuple[str, ...] = ()
    document: dict[str, Any] | None = None


_TERMS: ContextVar[ShareTerms | None] = ContextVar("safecase_share_terms", default=None)


@contextmanager
def share_terms(expertise: Iterable[str] = ()) -> Iterator[ShareTerms]:
    """The terms of the publication run inside this block (the attacher reads them)."""
    terms = ShareTerms(tuple(expertise))
    token = _TERMS.set(terms)
    try:
        yield terms
    finally:
        _TERMS.reset(token)


# --- in the publication's transaction -----------------------------------------------------------


def compose(*after_commands: AfterCommand | None) -> AfterCommand:
    """One ``Instance.after_command`` running each of ``after_commands`` in order.

    Put the :class:`ShareAttacher` after the hand-over's: it keeps a snapshot already on the
    event and adds the share to it.
    """
    steps = [a for a in after_commands if a is not None]

    def run(unit: Unit, before: Case, outcome: Any) -> None:
        for step in steps:
            step(unit, before, outcome)

    return run


@dataclass(frozen=True)
class ShareAttacher:
    """Seals the share to the support service in the transaction of its publication (A2).

    The sealed share rides on the ``AdvisoryPacketPublished`` event inside the organisation's
    own sealed document (``Event.sealed``, organisation key): the events stream of the
    organisation holds nothing another account could read, and a hand-over snapshot on the
    same event is kept beside it (its receiver ignores a document that is not its own).
    """

    organisation_key: OrganisationKey
    keys: SharingKeys

    def __call__(self, unit: Unit, before: Case, outcome: Any) -> None:
        events: tuple[DomainEvent, ...] = outcome.events
        published = [e for e in events if e.type == PUBLISHED]
        if not published:
            return
        case: Case = outcome.case
        share = case.current_share()
        assert share is not None
        assert share.packet is not None
        terms = _TERMS.get()
        document = share_document(
            share,
            expertise=terms.expertise if terms else (),
            reply_to_public=self.keys.advice_public(),
            conflict_names=conflict_names(case, unit.people, unit.lifecycle.organisation),
        )
        sealed = seal_share(self.keys.support_public_key(), share.id, document)
        event_id = published[-1].id
        unit.session.flush()
        row = unit.session.get(OutboxRow, event_id)
        if row is None:
            raise NotFound("event")
        existing = row.envelope.get("sealed")
        carrier: dict[str, Any] = (
            open_snapshot(self.organisation_key, event_id, existing)
            if existing
            else {"from": "share", "case_id": case.id}
        )
        carrier["share"] = sealed.as_dict()
        unit.store.seal_into_event(
            event_id, seal_snapshot(self.organisation_key, event_id, carrier)
        )
        if terms is not None:
            terms.document = document


def sealed_share_of(key: OrganisationKey, event: event_pb2.Event) -> SealedShare | None:
    """The share sealed to the support service that a publication event carries, if any."""
    if event.type != PUBLISHED or not event.HasField("sealed") or event.sealed.ephemeral_public:
        return None
    carried = open_snapshot(
        key,
        event.id,
        {
            "key_id": event.sealed.key_id,
            "wrapped_key": event.sealed.wrapped_key,
            "ciphertext": event.sealed.ciphertext,
        },
    )
    share = carried.get("share")
    return SealedShare.from_dict(share) if isinstance(share, dict) else None


# --- to the support service ---------------------------------------------------------------------


def _wire(event: event_pb2.Event, payload: dict[str, Any], sealed: SealedShare | None) -> bytes:
    """The share event as it crosses to the support account: ids, codes and times only.

    The case, the actor and the named members stay behind (G12: a packet cannot be linked to
    its case); the forwarder is the sender.
    """
    body = struct_pb2.Struct()
    body.update(payload)
    message = event_pb2.Event(
        id=event.id,
        type=event.type,
        version=event.version,
        organization=event.organization,
        occurred_at=event.occurred_at,
        trace=event.trace,
        actor=SYSTEM,
        actor_role=Role.SYS.value,
        step=event.step,
        payload=body,
    )
    if sealed is not None:
        message.sealed.CopyFrom(
            event_pb2.SealedDocument(
                key_id="",
                wrapped_key=sealed.wrapped_key,
                ciphertext=sealed.ciphertext,
                ephemeral_public=sealed.ephemeral_public,
            )
        )
    return message.SerializeToString()


@dataclass
class ShareForwarder:
    """Publishes the organisation's share events to the support service's ``SHARES`` stream.

    One durable, ordered consumer of the organisation's case events (a revocation never
    overtakes its publication); each event is forwarded once per inbox entry, and a
    redelivery after a crash is dropped by JetStream's duplicate detection (``Nats-Msg-Id`` =
    the event id). A case that was never shared produces no share event, hence no message.
    """

    organisation_id: str
    organisation_key: OrganisationKey
    durable: str = "share-forwarder"
    _loop: asyncio.AbstractEventLoop | None = field(default=None, init=False, repr=False)
    _js: JetStreamContext | None = field(default=None, init=False, repr=False)

    @property
    def subject(self) -> str:
        return f"safecase.{self.organisation_id}.cases.>"

    async def consumer(self, engine: Any, js: JetStreamContext) -> InboxConsumer:
        self._loop, self._js = asyncio.get_running_loop(), js
        stream = await ensure_stream(js, self.organisation_id)
        return InboxConsumer(
            engine,
            js,
            stream=stream,
            subject=self.subject,
            durable=self.durable,
            handler=self.forward,
            inbox_row=InboxRow,
            ordered=True,
        )

    def forward(self, session: Session, event: event_pb2.Event) -> None:
        """Publish one share event (on the consumer's worker thread, in its transaction)."""
        if event.organization != self.organisation_id or event.type not in SHARE_EVENTS:
            return
        share_id = payload_of(event).get("share_id")
        if not isinstance(share_id, str) or not share_id:
            return  # a revocation or an expiry that found no live share
        sealed = None
        payload: dict[str, Any] = {"share_id": share_id}
        if event.type == PUBLISHED:
            sealed = sealed_share_of(self.organisation_key, event)
            if sealed is None:
                log.error(
                    "share %s (event %s) was published without a sealed share: the intake "
                    "instance's after_command must include the ShareAttacher",
                    share_id,
                    event.id,
                )
                return
            payload["expires_at"] = payload_of(event).get("expires_at")
        kind = ShareEvent.PUBLISHED if event.type == PUBLISHED else ShareEvent.REVOKED
        subject = shares_subject(self.organisation_id, share_id, kind)
        self._publish(subject, _wire(event, payload, sealed), event)
        log.info("share %s %s (event %s)", share_id, kind.value, event.id)

    def _publish(self, subject: str, data: bytes, event: event_pb2.Event) -> None:
        assert self._loop is not None, "call consumer() first"
        assert self._js is not None
        headers = {"Nats-Msg-Id": event.id}
        if event.trace.traceparent:
            headers["traceparent"] = event.trace.traceparent
        publication = self._js.publish(subject, data, headers=headers)
        asyncio.run_coroutine_threadsafe(publication, self._loop).result(PUBLISH_TIMEOUT)


# --- from the support service -------------------------------------------------------------------


class _UnitInbox(InboxConsumer):
    """An inbox consumer whose handler runs in one of the instance's units of work, so that a
    core command and its inbox row commit (or roll back) together."""

    def __init__(
        self,
        instance: Instance,
        js: JetStreamContext,
        *,
        stream: str,
        subject: str,
        durable: str,
        handler: Callable[[Unit, event_pb2.Event], None],
    ) -> None:
        super().__init__(
            instance.engine,
            js,
            stream=stream,
            subject=subject,
            durable=durable,
            handler=lambda _session, _event: None,
            inbox_row=InboxRow,
        )
        self.instance = instance
        self.unit_handler = handler

    def apply(self, data: bytes) -> bool:
        event = from_wire(data)
        with self.instance.unit() as unit:
            if not self._claim(unit.session, event.id):
                return False
            self.unit_handler(unit, event)
        return True


def advice_text(document: dict[str, Any]) -> str:
    """The advisory group's answer as one text: the summary, then each member's advice."""
    parts = [str(document.get("summary") or "").strip()]
    for advice in document.get("advice") or ():
        if not isinstance(advice, dict):
            continue
        areas = ", ".join(str(a) for a in advice.get("expertise") or ())
        lines = [f"[{areas}] " if areas else ""]
        lines[0] += str(advice.get("opinion") or "").strip()
        lines += [f"- {r}" for r in advice.get("recommendations") or ()]
        guidance = advice.get("guidance_references") or ()
        if guidance:
            lines.append("Guidance: " + "; ".join(str(g) for g in guidance))
        parts.append("\n".join(lines))
    return "\n\n".join(p for p in parts if p)


@dataclass
class AdviceReceiver:
    """Records the advisory group's answers as advice on the case (A3), once per message.

    The answer is opened with the organisation's advice key (it is sealed to ``reply_to_public``
    and bound to the share id) and submitted by the share's named advisory member in role ADV;
    the core refuses it once the share has ended (G15) or if it would be anything but advice
    (G08). A refusal, or a message that does not open, is audited and acknowledged: it is never
    retried.
    """

    instance: Instance
    keys: SharingKeys
    stream: str = ADVICE_STREAM
    durable: str = "advice-receiver"

    @property
    def organisation_id(self) -> str:
        return self.instance.settings.organisation_id

    @property
    def subject(self) -> str:
        return advice_subjects(self.organisation_id)

    async def consumer(self, js: JetStreamContext) -> InboxConsumer:
        return _UnitInbox(
            self.instance,
            js,
            stream=self.stream,
            subject=self.subject,
            durable=self.durable,
            handler=self.apply,
        )

    def apply(self, unit: Unit, event: event_pb2.Event) -> None:
        share_id = payload_of(event).get("share_id")
        if event.organization != self.organisation_id or not isinstance(share_id, str):
            log.warning("advice event %s names no share of this organisation: ignored", event.id)
            return
        case_id = _case_of_share(unit.session, self.organisation_id, share_id)
        if case_id is None:
            log.warning("advice event %s: share %s is unknown here: ignored", event.id, share_id)
            return
        try:
            case = unit.store.get(case_id)
        except (CaseErased, NotFound):
            log.info("advice event %s: the case of share %s is gone", event.id, share_id)
            return
        share = next((s for s in case.shares if s.id == share_id), None)
        member = share.members[0] if share is not None and share.members else SYSTEM
        actor = Actor(person_id=member, role=Role.ADV, organisation_id=self.organisation_id)
        text = self._open(event, share_id)
        if text is None:
            self._refused(unit, case_id, actor, "E_ADVICE_UNREADABLE")
            return
        if share is None or case.current_share() is not share:
            # a later request replaced this share, so it has ended: G15, as the core would say
            self._refused(unit, case_id, actor, "E_G15_SHARE_REVOKED")
            return
        try:
            outcome = unit.lifecycle.execute(case, SubmitAdvisoryOpinion(text=text), actor)
        except SafecaseError as refused:  # audited by the lifecycle; committed with the inbox
            log.info("advice event %s on share %s refused: %s", event.id, share_id, refused.reason)
            return
        unit.store.save(outcome.case, case.version, outcome.events)
        if self.instance.after_command is not None:
            self.instance.after_command(unit, case, outcome)
        log.info("advice event %s recorded on share %s", event.id, share_id)

    def _open(self, event: event_pb2.Event, share_id: str) -> str | None:
        sealed = event.sealed
        if not event.HasField("sealed") or not sealed.ephemeral_public:
            return None
        try:
            document = open_share(
                self.keys.advice_key(),
                share_id,
                SealedShare(sealed.ephemeral_public, sealed.wrapped_key, sealed.ciphertext),
            )
        except (KeyUnavailable, ValueError):
            return None
        if document.get("share_id", share_id) != share_id:
            return None
        text = advice_text(document)
        return text or None

    def _refused(self, unit: Unit, case_id: str, actor: Actor, code: str) -> None:
        unit.audit.append(
            ts=self.instance.clock(),
            org_id=self.organisation_id,
            actor_person_id=actor.person_id,
            acting_role=actor.role.value,
            case_id=case_id,
            action="COMMAND",
            command=SubmitAdvisoryOpinion.name,
            outcome=f"REFUSED:{code}",
        )
        log.info("advice on case %s refused: %s", case_id, code)


def _published_rows(session: Session, organisation_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(case id, payload) of every share publication of the organisation, oldest first."""
    rows = session.execute(
        select(OutboxRow.case_id, OutboxRow.envelope)
        .where(OutboxRow.organisation_id == organisation_id, OutboxRow.type == PUBLISHED)
        .order_by(OutboxRow.occurred_at)
    )
    for case_id, envelope in rows:
        yield case_id, dict(envelope.get("payload") or {})


def _case_of_share(session: Session, organisation_id: str, share_id: str) -> str | None:
    """The case a share belongs to, from its publication event (the support service knows the
    share id only)."""
    for case_id, payload in _published_rows(session, organisation_id):
        if payload.get("share_id") == share_id:
            return case_id
    return None


# --- the A5 timer -------------------------------------------------------------------------------


@dataclass
class ShareExpiry:
    """Expires every share past its ``expires_at`` (A5, by the system); the forwarder then
    tells the support service, which has stopped showing it already (G15)."""

    instance: Instance
    interval: float = 60.0

    def due(self) -> list[str]:
        """Ids of the cases whose live share is past its expiry."""
        now = self.instance.clock()
        organisation = self.instance.settings.organisation_id
        with self.instance.unit() as unit:
            ended = {
                str(dict(envelope.get("payload") or {}).get("share_id"))
                for (envelope,) in unit.session.execute(
                    select(OutboxRow.envelope).where(
                        OutboxRow.organisation_id == organisation,
                        OutboxRow.type.in_(sorted(ENDING)),
                    )
                )
            }
            due = []
            for case_id, payload in _published_rows(unit.session, organisation):
                expires = payload.get("expires_at")
                if payload.get("share_id") in ended or not isinstance(expires, str):
                    continue
                if datetime.fromisoformat(expires) <= now:
                    due.append(case_id)
        return list(dict.fromkeys(due))

    def sweep(self) -> int:
        """Run ``expire_share`` on every case due; returns how many shares it expired."""
        actor = Actor(
            person_id=SYSTEM, role=Role.SYS, organisation_id=self.instance.settings.organisation_id
        )
        expired = 0
        for case_id in self.due():
            try:
                outcome = self.instance.execute_outcome(case_id, "expire_share", {}, actor)
            except SafecaseError as error:
                log.info("share of case %s not expired: %s", case_id, error.reason)
                continue
            expired += sum(1 for e in outcome.events if e.type == EXPIRED)
        return expired

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.sweep)
            except Exception as exc:  # the database is away: try again at the next tick
                log.warning("share expiry waiting: %s", type(exc).__name__)
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)


# --- the workers of an organisation's intake process --------------------------------------------


def sharing_workers(
    instance: Instance, keys: SharingKeys, *, advice_stream: str = ADVICE_STREAM
) -> list[Worker]:
    """The share forwarder, the advice receiver and the expiry timer of ``instance``.

    Run them on a JetStream context of the organisation's NATS account, whose ``ADVICE``
    stream receives the support service's answers (``ensure_advice_stream``).
    """

    async def forward(js: JetStreamContext, stop: asyncio.Event) -> None:
        forwarder = ShareForwarder(instance.settings.organisation_id, instance.organisation_key)
        consumer = await forwarder.consumer(instance.engine, js)
        await consumer.run(stop)

    async def receive(js: JetStreamContext, stop: asyncio.Event) -> None:
        if advice_stream == ADVICE_STREAM:  # the organisation account's own stream
            await ensure_advice_stream(js, instance.settings.organisation_id)
        receiver = AdviceReceiver(instance, keys, stream=advice_stream)
        consumer = await receiver.consumer(js)
        await consumer.run(stop)

    async def expire(js: JetStreamContext, stop: asyncio.Event) -> None:
        await ShareExpiry(instance).run(stop)

    return [forward, receive, expire]
