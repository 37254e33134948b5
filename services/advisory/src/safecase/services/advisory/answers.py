"""The group's answer: the members' advice collected into one response, sent to the organisation.

The coordinator (DSL) composes it from the advice on a live share, with a summary of the
group's collaborative feedback. The answer document (:class:`~.document.AnswerDocument`) names
each adviser by their reference for that organisation only, and is sealed with
:func:`safecase.core.share_sealing.seal_share` to the **organisation's reply key** that came in
the share: the organisation opens it with its private reply key and ``open_share``; nobody on
the way can. It travels as an ``AdvisoryAdviceGiven`` event on
``safecase.advisory.advice.<org>.<share>``, written to the advisory outbox in the same
transaction as the answer, and published by the advice relay (``Nats-Msg-Id`` = event id).
The event's ``organization`` is the organisation it is for (the account its subject lands
in, which its receiver checks); the payload holds ids and counts only (the share, the answer,
how many advice, the support organisation); its ``case`` is empty: the support service never
knows the organisation's case (G12).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from google.protobuf import struct_pb2, timestamp_pb2
from sqlalchemy import select
from sqlalchemy.orm import Session

from safecase.core.errors import CommandRefused, FieldViolation, InvalidArgument, NotFound
from safecase.core.people import new_id
from safecase.core.share_sealing import seal_share
from safecase.core.states import Role
from safecase.events.v1 import event_pb2
from safecase.services.advisory.document import AnswerAdvice, AnswerDocument
from safecase.services.advisory.registry import MemberRegistry
from safecase.services.advisory.schema import AdviceRow, AnswerRow, MemberRow, OutboxRow
from safecase.services.advisory.store import AdvisoryStore, Caller, require
from safecase.services.common.nats_accounts import advice_subject

__all__ = ["ADVICE_GIVEN", "AnswerView", "Answers"]

ADVICE_GIVEN = "AdvisoryAdviceGiven"
MAX_SUMMARY = 20_000


@dataclass(frozen=True)
class AnswerView:
    answer: AnswerRow
    summary: str | None


class Answers:
    def __init__(self, store: AdvisoryStore) -> None:
        self.store = store
        self.registry = MemberRegistry(store)

    def compose(
        self,
        caller: Caller,
        share_id: str,
        summary: str,
        advice_ids: Sequence[str],
        request_id: str | None,
    ) -> AnswerView:
        require(caller, Role.DSL)
        if not summary.strip() or len(summary) > MAX_SUMMARY:
            raise InvalidArgument(
                [FieldViolation("summary", f"required, at most {MAX_SUMMARY} characters")]
            )
        store = self.store

        def work(session: Session, now: datetime) -> AnswerView:
            replay = store.replayed(session, caller, request_id, "compose_answer")
            share = store.live_share(session, caller, share_id, now)
            if replay is not None:
                found = session.get(AnswerRow, replay)
                if found is None or found.sealed is None:
                    raise NotFound("answer")
                opened = store.data_key(session, share_id).open(found.sealed, f"answer:{found.id}")
                return AnswerView(found, opened.decode("utf-8"))
            chosen = self._advice(session, share_id, advice_ids)
            answer_id, event_id = new_id(), new_id()
            document = AnswerDocument(
                share_id=share_id,
                answer_id=answer_id,
                summary=summary,
                advice=tuple(self._item(session, share.organisation_id, a) for a in chosen),
                composed_at=now,
            )
            key = store.data_key(session, share_id)
            answer = AnswerRow(
                id=answer_id,
                share_id=share_id,
                composed_by=caller.subject,
                advice_ids=[a.id for a in chosen],
                sealed=key.seal(summary.encode("utf-8"), f"answer:{answer_id}"),
                event_id=event_id,
                composed_at=now,
            )
            session.add(answer)
            assert share.reply_to_public is not None  # live shares keep it
            sealed = seal_share(
                base64.b64decode(share.reply_to_public), share_id, document.model_dump(mode="json")
            )
            subject = advice_subject(share.organisation_id, share_id)
            session.add(
                OutboxRow(
                    id=event_id,
                    organisation_id=share.organisation_id,
                    share_id=share_id,
                    subject=subject,
                    envelope=self._event(
                        event_id, caller, share.organisation_id, answer, sealed.as_dict(), now
                    ),
                    occurred_at=now,
                    published_at=None,
                )
            )
            share.state = "ANSWERED"
            store.processed(session, caller, request_id, "compose_answer", answer_id)
            return AnswerView(answer, summary)

        return store.audited(caller, "compose_answer", "share", share_id, work, action="COMMAND")

    def _advice(
        self, session: Session, share_id: str, advice_ids: Sequence[str]
    ) -> list[AdviceRow]:
        rows = list(
            session.scalars(
                select(AdviceRow)
                .where(AdviceRow.share_id == share_id)
                .order_by(AdviceRow.submitted_at, AdviceRow.id)
            )
        )
        if advice_ids:
            known = {a.id for a in rows}
            unknown = [i for i, a in enumerate(advice_ids) if a not in known]
            if unknown:
                raise InvalidArgument(
                    [FieldViolation(f"advice[{i}]", "not advice on this share") for i in unknown]
                )
            rows = [a for a in rows if a.id in set(advice_ids)]
        if not rows:
            raise CommandRefused("E_NO_ADVICE", "no member has given advice on this share yet")
        return rows

    def _item(self, session: Session, organisation_id: str, advice: AdviceRow) -> AnswerAdvice:
        content = self.store.advice_content(session, advice) or {}
        member = session.get(MemberRow, advice.member_id)
        assert member is not None
        return AnswerAdvice(
            advice_id=advice.id,
            adviser=self.registry.reference(session, member.id, organisation_id),
            expertise=tuple(member.expertise),
            opinion=str(content.get("opinion", "")),
            recommendations=tuple(str(r) for r in content.get("recommendations", []) or []),  # type: ignore[attr-defined]
            guidance_references=tuple(
                str(r)
                for r in content.get("guidance_references", []) or []  # type: ignore[attr-defined]
            ),
            submitted_at=advice.submitted_at,
        )

    def _event(
        self,
        event_id: str,
        caller: Caller,
        organisation_id: str,
        answer: AnswerRow,
        sealed: dict[str, str],
        now: datetime,
    ) -> bytes:
        occurred = timestamp_pb2.Timestamp()
        occurred.FromDatetime(now)
        payload = struct_pb2.Struct()
        payload.update(
            {
                "share_id": answer.share_id,
                "answer_id": answer.id,
                "advice_count": len(answer.advice_ids),
                "support_organization": self.store.organisation_id,
            }
        )
        event = event_pb2.Event(
            id=event_id,
            type=ADVICE_GIVEN,
            version=1,
            organization=organisation_id,
            occurred_at=occurred,
            case="",
            actor=caller.subject,
            actor_role=caller.role.value,
            step="A3",
            payload=payload,
            sealed=event_pb2.SealedDocument(key_id="", **sealed),
        )
        return event.SerializeToString()
