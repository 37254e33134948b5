"""Shares arriving from organisations, and their end: the consumer's side of the store.

A share arrives on ``safecase.advisory.shares.<org>.<share>.published``; the subject, which the
NATS accounts let only that organisation publish on, says whose share it is. Its content stays
sealed under the share's data key, and the data key stays sealed to the support key, in two
rows of their own. It is allocated at once (:mod:`~safecase.services.advisory.members`).

A share ends on ``...revoked`` (the organisation revoked it, consent was withdrawn, or the
organisation's timer expired it) or when its ``expires_at`` passes (checked on every read and
by a sweep). Ending deletes the content row and the key row, the text of the advice and answers
sealed under that key, and any answer not yet sent; it leaves a tombstone of ids, codes and
times, and marks the share's JetStream messages to be purged (G15). A ``.published`` arriving
after the end (a redelivery) finds the tombstone and has no effect.

Nothing here logs content: log lines hold event ids, share ids, organisation ids and counts.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from safecase.core.crypto import DataKey, KeyUnavailable
from safecase.core.share_sealing import SealedShare, SupportKey, open_share_key
from safecase.events.v1 import event_pb2
from safecase.services.advisory import members
from safecase.services.advisory.document import ShareDocument
from safecase.services.advisory.schema import (
    AdviceRow,
    AffiliationRow,
    AllocationRow,
    AnswerRow,
    MemberRow,
    OutboxRow,
    ShareContentRow,
    ShareKeyRow,
    ShareRow,
)
from safecase.services.common.envelope import payload_of

__all__ = [
    "ENDED",
    "LIVE",
    "SHARES_ROOT",
    "ShareSubject",
    "allocate",
    "data_key",
    "end_share",
    "expire_if_due",
    "open_document",
    "parse_subject",
    "receive",
    "redelivered",
]

log = logging.getLogger("safecase.services.advisory.shares")

SHARES_ROOT = "safecase.advisory.shares"
LIVE = frozenset({"SHARED", "ADVICE_RECEIVED", "ANSWERED"})
ENDED = frozenset({"REVOKED", "EXPIRED", "REFUSED"})
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class ShareSubject:
    organisation_id: str
    share_id: str
    action: str  # "published" | "revoked"


def parse_subject(subject: str) -> ShareSubject | None:
    """``safecase.advisory.shares.<org>.<share>.<published|revoked>``, else ``None``."""
    prefix = SHARES_ROOT + "."
    if not subject.startswith(prefix):
        return None
    parts = subject[len(prefix) :].split(".")
    if len(parts) != 3 or parts[2] not in ("published", "revoked"):
        return None
    if not all(_TOKEN.fullmatch(p) for p in parts[:2]):
        return None
    return ShareSubject(parts[0], parts[1], parts[2])


def data_key(support_key: SupportKey, key: ShareKeyRow) -> DataKey:
    """The share's data key, opened with the support key (never stored opened)."""
    return open_share_key(
        support_key, key.share_id, SealedShare(key.ephemeral_public, key.wrapped_key, "")
    )


def open_document(session: Session, support_key: SupportKey, share_id: str) -> ShareDocument:
    """The share's content; :class:`KeyUnavailable` once its key was destroyed."""
    key = session.get(ShareKeyRow, share_id)
    content = session.get(ShareContentRow, share_id)
    if key is None or content is None:
        raise KeyUnavailable("the share's key was destroyed")
    opened = data_key(support_key, key).open(content.ciphertext, f"share:{share_id}")
    return ShareDocument.model_validate_json(opened)


def _tombstone(session: Session, found: ShareSubject, state: str, now: datetime) -> None:
    session.add(
        ShareRow(
            id=found.share_id,
            organisation_id=found.organisation_id,
            state=state,
            requested_expertise=[],
            received_at=now,
            expires_at=None,
            ended_at=now,
            reply_to_public=None,
            purge_pending=True,
        )
    )


def receive(
    session: Session,
    support_key: SupportKey,
    subject: str,
    event: event_pb2.Event,
    now: datetime,
    per_area: int,
) -> None:
    """Apply one message of the SHARES stream (in the consumer's transaction)."""
    found = parse_subject(subject)
    if found is None:
        log.warning("event %s on a subject that is not a share's: ignored", event.id)
        return
    named = payload_of(event).get("share_id", found.share_id)
    if event.organization != found.organisation_id or named != found.share_id:
        log.warning("event %s: envelope and subject disagree: ignored", event.id)
        return
    share = session.get(ShareRow, found.share_id)
    if share is not None and share.organisation_id != found.organisation_id:
        log.warning("event %s names a share of another organisation: ignored", event.id)
        return
    if found.action == "revoked":
        if share is None:
            _tombstone(session, found, "REVOKED", now)
        elif share.state in LIVE:
            end_share(session, share, "REVOKED", now)
        else:
            share.purge_pending = True
        log.info(
            "share %s of %s revoked (event %s)", found.share_id, found.organisation_id, event.id
        )
        return
    if share is not None:
        share.purge_pending = share.purge_pending or share.state in ENDED
        log.info("share %s already received: event %s has no effect", found.share_id, event.id)
        return
    _publish(session, support_key, found, event, now, per_area)


def redelivered(session: Session, subject: str) -> None:
    """A message applied before came again: if its share has ended, purge the new copy too."""
    found = parse_subject(subject)
    share = session.get(ShareRow, found.share_id) if found else None
    if share is not None and found is not None and share.organisation_id == found.organisation_id:
        share.purge_pending = share.purge_pending or share.state in ENDED


def _publish(
    session: Session,
    support_key: SupportKey,
    found: ShareSubject,
    event: event_pb2.Event,
    now: datetime,
    per_area: int,
) -> None:
    sealed = event.sealed
    share_id = found.share_id
    try:
        if sealed.key_id or not sealed.ephemeral_public:
            raise KeyUnavailable("not sealed to a support key")
        key = open_share_key(
            support_key, share_id, SealedShare(sealed.ephemeral_public, sealed.wrapped_key, "")
        )
        document = ShareDocument.model_validate_json(
            key.open(sealed.ciphertext, f"share:{share_id}")
        )
    except KeyUnavailable:
        log.warning("share %s (event %s) is not sealed to this support service", share_id, event.id)
        _tombstone(session, found, "REFUSED", now)
        return
    except ValidationError as invalid:  # field names only: the input may hold anything
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in invalid.errors()})
        log.warning(
            "share %s (event %s) is not a valid share document: %s", share_id, event.id, fields
        )
        _tombstone(session, found, "REFUSED", now)
        return
    if document.expires_at <= now:
        _tombstone(session, found, "EXPIRED", now)
        log.info("share %s arrived expired (event %s)", share_id, event.id)
        return
    share = ShareRow(
        id=share_id,
        organisation_id=found.organisation_id,
        state="SHARED",
        requested_expertise=list(document.expertise),
        received_at=now,
        expires_at=document.expires_at,
        ended_at=None,
        reply_to_public=document.reply_to_public,
        purge_pending=False,
    )
    session.add(share)
    session.flush()  # the share first: the content and key rows refer to it
    session.add(ShareContentRow(share_id=share_id, ciphertext=sealed.ciphertext))
    session.add(
        ShareKeyRow(
            share_id=share_id,
            ephemeral_public=sealed.ephemeral_public,
            wrapped_key=sealed.wrapped_key,
        )
    )
    session.flush()
    allocated = allocate(session, share, document, now, per_area)
    log.info(
        "share %s of %s received (event %s): %d members allocated",
        share_id,
        found.organisation_id,
        event.id,
        allocated,
    )


def _candidates(session: Session) -> list[members.Candidate]:
    live_load = dict(
        session.execute(
            select(AllocationRow.member_id, func.count())
            .join(ShareRow, ShareRow.id == AllocationRow.share_id)
            .where(AllocationRow.outcome == members.ALLOCATED, ShareRow.state.in_(LIVE))
            .group_by(AllocationRow.member_id)
        ).all()
    )
    declared: dict[str, list[members.DeclaredAffiliation]] = {}
    for row in session.scalars(select(AffiliationRow).order_by(AffiliationRow.id)):
        declared.setdefault(row.member_id, []).append(
            members.DeclaredAffiliation(row.id, row.organisation_id, row.club_digest)
        )
    return [
        members.Candidate(
            member_id=m.id,
            expertise=frozenset(m.expertise),
            available=m.available,
            affiliations=tuple(declared.get(m.id, ())),
            load=live_load.get(m.id, 0),
        )
        for m in session.scalars(select(MemberRow).order_by(MemberRow.id))
    ]


def allocate(
    session: Session, share: ShareRow, document: ShareDocument, now: datetime, per_area: int
) -> int:
    """(Re-)allocate ``share``: members allocated stay; every other member is decided anew.

    Returns how many members are allocated now.
    """
    existing = {
        a.member_id: a
        for a in session.scalars(select(AllocationRow).where(AllocationRow.share_id == share.id))
    }
    kept = {m: a for m, a in existing.items() if a.outcome == members.ALLOCATED}
    covered = Counter(a.expertise or "" for a in kept.values())
    candidates = [c for c in _candidates(session) if c.member_id not in kept]
    decisions = members.allocate(
        candidates,
        share_id=share.id,
        organisation_id=share.organisation_id,
        requested=document.expertise,
        conflict_tokens=document.conflict_tokens,
        per_area=per_area,
        covered=covered,
    )
    for decision in decisions:
        row = existing.get(decision.member_id)
        if row is None:
            row = AllocationRow(share_id=share.id, member_id=decision.member_id)
            session.add(row)
        row.outcome, row.expertise = decision.outcome, decision.expertise
        row.reason = decision.reason.value if decision.reason else None
        row.affiliation_id, row.decided_at = decision.affiliation_id, now
    session.flush()
    return len(kept) + sum(d.outcome == members.ALLOCATED for d in decisions)


def end_share(session: Session, share: ShareRow, state: str, now: datetime) -> None:
    """Revocation or expiry: content and key deleted, sealed texts gone, stream purge due."""
    share.state, share.ended_at = state, now
    share.reply_to_public, share.purge_pending = None, True
    session.execute(delete(ShareContentRow).where(ShareContentRow.share_id == share.id))
    session.execute(delete(ShareKeyRow).where(ShareKeyRow.share_id == share.id))
    session.execute(update(AdviceRow).where(AdviceRow.share_id == share.id).values(sealed=None))
    session.execute(update(AnswerRow).where(AnswerRow.share_id == share.id).values(sealed=None))
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.share_id == share.id, OutboxRow.published_at.is_(None))
        .values(envelope=None, published_at=now)
    )
    session.flush()
    log.info("share %s %s: content deleted, data key destroyed", share.id, state.lower())


def expire_if_due(session: Session, share: ShareRow, now: datetime) -> bool:
    """End ``share`` as EXPIRED if its ``expires_at`` passed; ``True`` if it did now."""
    if share.state in LIVE and share.expires_at is not None and now >= share.expires_at:
        end_share(session, share, "EXPIRED", now)
        return True
    return False
