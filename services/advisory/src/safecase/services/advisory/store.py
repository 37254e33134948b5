"""The advisory store: every operation of the API as one unit of work on the advisory database.

Who may do what is decided here, once, for the gRPC servicer (which only maps protos):

- ``ADV``: a member (the token's subject is the member's ``subject``). A member sees only the
  shares allocated to them, while live (G15); any other share is "not found", worded as for a
  share that does not exist. A member gives advice (G08: advice, never a decision).
- ``DSL``: the coordinator (the support service's case manager): every share, re-allocation,
  every member's advice, the group's answer.
- ``ADMIN`` or ``DSL``: the member registry and panel offers.
- ``AUD`` or ``DSL``: verifying the access log.

Every read of a share or of advice is written to the access log, refused reads too (G31); a
refused read commits its entry and changes nothing else. A ``request_id`` (AIP-155) already
applied by the same caller returns the resource it produced and runs nothing again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from safecase.core.audit import Action
from safecase.core.crypto import DataKey, KeyUnavailable
from safecase.core.errors import CommandRefused, NotFound, SafecaseError
from safecase.core.people import new_id
from safecase.core.share import SharePacket
from safecase.core.share_sealing import SupportKey
from safecase.core.states import Role
from safecase.services.advisory import shares
from safecase.services.advisory.access_log import AccessLog
from safecase.services.advisory.schema import (
    AccessLogRow,
    AdviceRow,
    AllocationRow,
    MemberRow,
    ProcessedRequestRow,
    ShareKeyRow,
    ShareRow,
)
from safecase.services.common.aip import invalid

__all__ = ["AdvisoryStore", "Caller", "ShareView"]

T = TypeVar("T")
REVOKED = "E_G15_SHARE_REVOKED"


@dataclass(frozen=True)
class Caller:
    """Who calls: the token's subject and the acting role."""

    subject: str
    role: Role


@dataclass(frozen=True)
class ShareView:
    share: ShareRow
    packet: SharePacket | None
    allocations: Sequence[AllocationRow]


@dataclass(frozen=True)
class AdviceView:
    advice: AdviceRow
    content: dict[str, object] | None  # opinion, recommendations, guidance_references


def utcnow() -> datetime:
    return datetime.now(UTC)


def require(caller: Caller, *roles: Role) -> None:
    if caller.role not in roles:
        raise CommandRefused("E_G28_ACCESS_DENIED", f"not for role {caller.role.value}")


class AdvisoryStore:
    """The advisory database, its support key and the allocation policy."""

    def __init__(
        self,
        engine: Engine,
        support_key: SupportKey,
        organisation_id: str,
        *,
        clock: Callable[[], datetime] = utcnow,
        members_per_area: int = 2,
    ) -> None:
        self.engine = engine
        self.support_key = support_key
        self.organisation_id = organisation_id
        self.clock = clock
        self.members_per_area = members_per_area

    # --- units of work ------------------------------------------------------------------------

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def audited(
        self,
        caller: Caller,
        command: str,
        object_type: str,
        object_id: str | None,
        work: Callable[[Session, datetime], T],
        *,
        action: Action = "READ",
    ) -> T:
        """Run ``work`` and log the access; a refusal is logged, committed, then raised.

        ``work`` decides before it writes, so a refusal has nothing of its own to undo; what
        it did on the way (a share found expired is ended) is kept.
        """
        refusal: SafecaseError | None = None
        result: T | None = None
        with self.unit() as session:
            now = self.clock()
            try:
                result = work(session, now)
            except (CommandRefused, NotFound) as error:
                refusal = error
            AccessLog(session, self.organisation_id).append(
                ts=now,
                actor=caller.subject,
                role=caller.role.value,
                action=action,
                command=command,
                object_type=object_type,
                object_id=object_id,
                outcome="ALLOWED" if refusal is None else f"REFUSED:{refusal.reason}",
            )
        if refusal is not None:
            raise refusal
        return result  # type: ignore[return-value]

    def replayed(
        self, session: Session, caller: Caller, request_id: str | None, method: str
    ) -> str | None:
        """The resource a request id already produced (AIP-155), or ``None``."""
        if not request_id:
            return None
        if len(request_id) > 64:
            raise invalid("request_id", "must be at most 64 characters")
        found = session.get(ProcessedRequestRow, (caller.subject, request_id))
        if found is None:
            return None
        if found.method != method:
            raise invalid("request_id", "was used by a request of another method")
        return found.resource

    def processed(
        self, session: Session, caller: Caller, request_id: str | None, method: str, resource: str
    ) -> None:
        if request_id:
            session.add(
                ProcessedRequestRow(
                    caller=caller.subject,
                    request_id=request_id,
                    method=method,
                    resource=resource,
                    processed_at=self.clock(),
                )
            )

    # --- who the caller is --------------------------------------------------------------------

    def member_of(self, session: Session, caller: Caller) -> MemberRow | None:
        """The member a caller acting as ADV is, or ``None``."""
        if caller.role is not Role.ADV:
            return None
        return session.scalars(select(MemberRow).where(MemberRow.subject == caller.subject)).first()

    def allocated(self, session: Session, share_id: str, member_id: str) -> bool:
        row = session.get(AllocationRow, (share_id, member_id))
        return row is not None and row.outcome == "ALLOCATED"

    def visible_share(
        self, session: Session, caller: Caller, share_id: str, now: datetime
    ) -> ShareRow:
        """The share if the caller may see it at all; a share found expired is ended here.

        Not allocated (or no such share): NOT_FOUND, the same words either way. Allocated but
        revoked or expired: ``E_G15_SHARE_REVOKED`` for a member (G15 before G28, so the member
        learns why); the coordinator still sees the tombstone.
        """
        require(caller, Role.ADV, Role.DSL)
        share = session.get(ShareRow, share_id)
        if share is None:
            raise NotFound("share")
        shares.expire_if_due(session, share, now)
        if caller.role is Role.ADV:
            member = self.member_of(session, caller)
            if member is None or not self.allocated(session, share_id, member.id):
                raise NotFound("share")
            if share.state not in shares.LIVE:
                raise CommandRefused(REVOKED)
        return share

    def live_share(
        self, session: Session, caller: Caller, share_id: str, now: datetime
    ) -> ShareRow:
        share = self.visible_share(session, caller, share_id, now)
        if share.state not in shares.LIVE:
            raise CommandRefused(REVOKED)
        return share

    def data_key(self, session: Session, share_id: str) -> DataKey:
        key = session.get(ShareKeyRow, share_id)
        if key is None:
            raise CommandRefused(REVOKED)
        return shares.data_key(self.support_key, key)

    # --- shares ---------------------------------------------------------------------------------

    def _view(
        self, session: Session, caller: Caller, share: ShareRow, *, packet: bool
    ) -> ShareView:
        content: SharePacket | None = None
        if packet and share.state in shares.LIVE:
            try:
                content = shares.open_document(session, self.support_key, share.id).packet
            except KeyUnavailable:
                raise CommandRefused(REVOKED) from None
        allocations: list[AllocationRow] = []
        if caller.role is Role.DSL:
            allocations = list(
                session.scalars(
                    select(AllocationRow)
                    .where(AllocationRow.share_id == share.id)
                    .order_by(AllocationRow.member_id)
                )
            )
        return ShareView(share, content, allocations)

    def get_share(self, caller: Caller, share_id: str) -> ShareView:
        def work(session: Session, now: datetime) -> ShareView:
            share = self.visible_share(session, caller, share_id, now)
            return self._view(session, caller, share, packet=True)

        return self.audited(caller, "get_share", "share", share_id, work)

    def list_shares(self, caller: Caller, states: frozenset[str]) -> list[ShareView]:
        """The shares the caller may see, newest first; each listed share is an audited read."""
        require(caller, Role.ADV, Role.DSL)
        with self.unit() as session:
            now = self.clock()
            query = select(ShareRow).order_by(ShareRow.received_at.desc(), ShareRow.id)
            if caller.role is Role.ADV:
                member = self.member_of(session, caller)
                if member is None:
                    return []
                query = query.join(AllocationRow, AllocationRow.share_id == ShareRow.id).where(
                    AllocationRow.member_id == member.id, AllocationRow.outcome == "ALLOCATED"
                )
            found = list(session.scalars(query))
            for share in found:
                shares.expire_if_due(session, share, now)
            if caller.role is Role.ADV:
                found = [s for s in found if s.state in shares.LIVE]
            if states:
                found = [s for s in found if s.state in states]
            log = AccessLog(session, self.organisation_id)
            for share in found:
                log.append(
                    ts=now,
                    actor=caller.subject,
                    role=caller.role.value,
                    action="READ",
                    command="list_shares",
                    object_type="share",
                    object_id=share.id,
                    outcome="ALLOWED",
                )
            return [self._view(session, caller, s, packet=False) for s in found]

    def allocate_share(self, caller: Caller, share_id: str, request_id: str | None) -> ShareView:
        require(caller, Role.DSL)

        def work(session: Session, now: datetime) -> ShareView:
            replay = self.replayed(session, caller, request_id, "allocate_share")
            share = self.live_share(session, caller, share_id, now)
            if replay is None:
                document = shares.open_document(session, self.support_key, share_id)
                shares.allocate(session, share, document, now, self.members_per_area)
                self.processed(session, caller, request_id, "allocate_share", share_id)
            return self._view(session, caller, share, packet=False)

        return self.audited(caller, "allocate_share", "share", share_id, work, action="COMMAND")

    # --- advice ---------------------------------------------------------------------------------

    def submit_advice(
        self,
        caller: Caller,
        share_id: str,
        content: dict[str, object],
        request_id: str | None,
    ) -> AdviceView:
        """A member's advice on a share allocated to them, while it is live (G08, G15)."""
        require(caller, Role.ADV)

        def work(session: Session, now: datetime) -> AdviceView:
            replay = self.replayed(session, caller, request_id, "submit_advice")
            share = self.live_share(session, caller, share_id, now)
            if replay is not None:
                found = session.get(AdviceRow, replay)
                if found is None:
                    raise NotFound("advice")
                return AdviceView(found, self.advice_content(session, found))
            member = self.member_of(session, caller)
            assert member is not None  # live_share found it allocated
            advice_id = new_id()
            sealed = self.data_key(session, share_id).seal(
                json.dumps(content, sort_keys=True).encode("utf-8"), f"advice:{advice_id}"
            )
            row = AdviceRow(
                id=advice_id,
                share_id=share_id,
                member_id=member.id,
                sealed=sealed,
                submitted_at=now,
            )
            session.add(row)
            if share.state == "SHARED":
                share.state = "ADVICE_RECEIVED"
            self.processed(session, caller, request_id, "submit_advice", advice_id)
            return AdviceView(row, content)

        return self.audited(caller, "submit_advice", "share", share_id, work, action="WRITE")

    def advice_content(self, session: Session, advice: AdviceRow) -> dict[str, object] | None:
        key = session.get(ShareKeyRow, advice.share_id)
        if key is None or advice.sealed is None:
            return None
        opened = shares.data_key(self.support_key, key).open(advice.sealed, f"advice:{advice.id}")
        content: dict[str, object] = json.loads(opened)
        return content

    def list_advice(self, caller: Caller, share_id: str) -> list[AdviceView]:
        """The coordinator: all advice on the share; a member: their own, while live (G15)."""

        def work(session: Session, now: datetime) -> list[AdviceView]:
            share = self.visible_share(session, caller, share_id, now)
            query = select(AdviceRow).where(AdviceRow.share_id == share.id)
            member = self.member_of(session, caller)
            if member is not None:
                query = query.where(AdviceRow.member_id == member.id)
            rows = session.scalars(query.order_by(AdviceRow.submitted_at, AdviceRow.id))
            return [AdviceView(row, self.advice_content(session, row)) for row in rows]

        return self.audited(caller, "list_advice", "share", share_id, work)

    # --- the access log -------------------------------------------------------------------------

    def verify_access_log(self, caller: Caller) -> tuple[int, int | None, datetime | None]:
        require(caller, Role.DSL, Role.AUD)
        with self.unit() as session:
            log = AccessLog(session, self.organisation_id)
            count, broken = log.verify()
            newest = session.scalars(
                select(AccessLogRow.ts).order_by(AccessLogRow.seq.desc()).limit(1)
            ).first()
            return count, broken, newest

    # --- the sweep ------------------------------------------------------------------------------

    def expire_due(self) -> list[str]:
        """End every live share whose ``expires_at`` passed; their ids."""
        with self.unit() as session:
            now = self.clock()
            due = list(
                session.scalars(
                    select(ShareRow).where(
                        ShareRow.state.in_(shares.LIVE), ShareRow.expires_at <= now
                    )
                )
            )
            for share in due:
                shares.end_share(session, share, "EXPIRED", now)
            return [s.id for s in due]

    def pending_purges(self) -> list[tuple[str, str]]:
        """``(organisation, share)`` of ended shares whose JetStream copies are still to purge."""
        with self.unit() as session:
            rows = session.execute(
                select(ShareRow.organisation_id, ShareRow.id).where(ShareRow.purge_pending)
            ).all()
            return list(rows)

    def mark_purged(self, share_id: str) -> None:
        with self.unit() as session:
            share = session.get(ShareRow, share_id)
            if share is not None:
                share.purge_pending = False
