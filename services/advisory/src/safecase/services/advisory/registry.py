"""The member registry of the Case Advisory Group, and members offered to hearing panels.

Members are registered by the support service's ADMIN or DSL with their expertise, their
availability and their declared affiliations: organisations by id, clubs by name, of which only
a digest is kept (:mod:`~safecase.services.advisory.conflicts`). A member may read their own
record and say whether they take new shares.

A member offered to an organisation's hearing panel (DOMAIN.md §0.1, FAQ 6) is known to that
organisation by a **member reference**: random, one per member and organisation, so that two
organisations cannot link one member. A member affiliated with the organisation is refused
(G10): a support-service member sits as an independent, external member (G26).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from safecase.core.errors import (
    CommandRefused,
    FieldViolation,
    InvalidArgument,
    NotFound,
    SafecaseError,
)
from safecase.core.people import new_id
from safecase.core.states import Role
from safecase.services.advisory.conflicts import club_digest
from safecase.services.advisory.document import EXPERTISE
from safecase.services.advisory.schema import (
    AffiliationRow,
    MemberReferenceRow,
    MemberRow,
    PanelOfferRow,
)
from safecase.services.advisory.store import AdvisoryStore, Caller, require

__all__ = ["DeclaredAffiliation", "MemberRegistry", "MemberView", "PanelOfferView"]

ORGANISATION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{1,62}$")
REGISTRARS = (Role.ADMIN, Role.DSL)


class MemberChanged(SafecaseError):
    """The member changed since the caller read it (AIP-154 etag): ABORTED."""

    reason = "E_CONFLICT"

    def __init__(self) -> None:
        super().__init__("the member was changed by someone else; read it again and retry")


@dataclass(frozen=True)
class DeclaredAffiliation:
    """An affiliation as declared: ``ORGANIZATION`` with an id, or ``CLUB`` with a name."""

    kind: str
    organisation_id: str = ""
    club: str = ""


@dataclass(frozen=True)
class MemberView:
    member: MemberRow
    affiliations: Sequence[AffiliationRow]


@dataclass(frozen=True)
class PanelOfferView:
    offer: PanelOfferRow
    reference: str
    safeguarding_knowledge: bool


def _check_member(
    subject: str, expertise: Sequence[str], affiliations: Sequence[DeclaredAffiliation]
) -> None:
    violations: list[FieldViolation] = []
    if not subject.strip() or len(subject) > 128:
        violations.append(FieldViolation("member.subject", "required, at most 128 characters"))
    if not expertise:
        violations.append(FieldViolation("member.expertise", "at least one area"))
    elif any(e not in EXPERTISE for e in expertise):
        violations.append(FieldViolation("member.expertise", "unknown area"))
    for i, declared in enumerate(affiliations):
        where = f"member.affiliations[{i}]"
        if declared.kind == "ORGANIZATION":
            if not ORGANISATION_ID.fullmatch(declared.organisation_id):
                violations.append(FieldViolation(f"{where}.organization", "not an organisation id"))
        elif declared.kind == "CLUB":
            if not declared.club.strip():
                violations.append(FieldViolation(f"{where}.club", "required for a club"))
        else:
            violations.append(FieldViolation(f"{where}.kind", "ORGANIZATION or CLUB"))
    if violations:
        raise InvalidArgument(violations)


class MemberRegistry:
    def __init__(self, store: AdvisoryStore) -> None:
        self.store = store

    def _view(self, session: Session, member: MemberRow) -> MemberView:
        rows = session.scalars(
            select(AffiliationRow)
            .where(AffiliationRow.member_id == member.id)
            .order_by(AffiliationRow.declared_at, AffiliationRow.id)
        )
        return MemberView(member, list(rows))

    def _member(self, session: Session, caller: Caller, member_id: str) -> MemberRow:
        """The member, for a registrar or for the member themself; else NOT_FOUND."""
        member = session.get(MemberRow, member_id)
        if caller.role in REGISTRARS and member is not None:
            return member
        if caller.role is Role.ADV and member is not None and member.subject == caller.subject:
            return member
        require(caller, *REGISTRARS, Role.ADV)
        raise NotFound("member")

    def create(
        self,
        caller: Caller,
        subject: str,
        expertise: Sequence[str],
        available: bool,
        affiliations: Sequence[DeclaredAffiliation],
        request_id: str | None,
    ) -> MemberView:
        require(caller, *REGISTRARS)
        store = self.store
        with store.unit() as session:
            replay = store.replayed(session, caller, request_id, "create_member")
            if replay is not None:
                return self._view(session, self._member(session, caller, replay))
            _check_member(subject, expertise, affiliations)
            taken = session.scalars(select(MemberRow.id).where(MemberRow.subject == subject))
            if taken.first() is not None:
                raise InvalidArgument(
                    [FieldViolation("member.subject", "already registered as a member")]
                )
            now = store.clock()
            member = MemberRow(
                id=new_id(),
                subject=subject,
                expertise=sorted(set(expertise), key=EXPERTISE.index),
                available=available,
                created_at=now,
                version=1,
            )
            session.add(member)
            session.flush()
            for declared in affiliations:
                session.add(
                    AffiliationRow(
                        id=new_id(),
                        member_id=member.id,
                        kind=declared.kind,
                        organisation_id=declared.organisation_id or None,
                        club_digest=club_digest(declared.club) if declared.kind == "CLUB" else None,
                        declared_at=now,
                    )
                )
            store.processed(session, caller, request_id, "create_member", member.id)
            session.flush()
            return self._view(session, member)

    def get(self, caller: Caller, member_id: str) -> MemberView:
        with self.store.unit() as session:
            return self._view(session, self._member(session, caller, member_id))

    def list(self, caller: Caller) -> list[MemberView]:
        require(caller, *REGISTRARS)
        with self.store.unit() as session:
            found = session.scalars(select(MemberRow).order_by(MemberRow.created_at, MemberRow.id))
            return [self._view(session, m) for m in found]

    def set_availability(
        self,
        caller: Caller,
        member_id: str,
        available: bool,
        expected_version: int | None,
        request_id: str | None,
    ) -> MemberView:
        store = self.store
        with store.unit() as session:
            member = self._member(session, caller, member_id)
            if store.replayed(session, caller, request_id, "set_member_availability") is None:
                if expected_version is not None and expected_version != member.version:
                    raise MemberChanged()
                member.available = available
                member.version += 1
                store.processed(session, caller, request_id, "set_member_availability", member.id)
            session.flush()
            return self._view(session, member)

    def reference(self, session: Session, member_id: str, organisation_id: str) -> str:
        """The member's reference for ``organisation_id`` (made on first use)."""
        found = session.get(MemberReferenceRow, (member_id, organisation_id))
        if found is None:
            found = MemberReferenceRow(
                member_id=member_id, organisation_id=organisation_id, reference=new_id()
            )
            session.add(found)
            session.flush()
        return found.reference

    def offer_panel(
        self,
        caller: Caller,
        member_id: str,
        organisation_id: str,
        available_from: datetime | None,
        available_until: datetime | None,
        member_type: str,
        request_id: str | None,
    ) -> PanelOfferView:
        require(caller, *REGISTRARS)
        store = self.store
        with store.unit() as session:
            member = self._member(session, caller, member_id)
            replay = store.replayed(session, caller, request_id, "offer_panel_member")
            if replay is not None:
                offer = session.get(PanelOfferRow, replay)
                if offer is None:
                    raise NotFound("panel offer")
            else:
                violations = []
                if not ORGANISATION_ID.fullmatch(organisation_id):
                    violations.append(
                        FieldViolation("panel_offer.organization", "not an organisation id")
                    )
                if available_from is None or available_until is None:
                    violations.append(FieldViolation("panel_offer.available_until", "required"))
                elif available_until <= available_from:
                    violations.append(
                        FieldViolation("panel_offer.available_until", "must be after the start")
                    )
                if len(member_type) > 64:
                    violations.append(FieldViolation("panel_offer.member_type", "too long"))
                if violations:
                    raise InvalidArgument(violations)
                assert available_from is not None
                assert available_until is not None
                conflicted = session.scalars(
                    select(AffiliationRow.id).where(
                        AffiliationRow.member_id == member.id,
                        AffiliationRow.organisation_id == organisation_id,
                    )
                ).first()
                if conflicted is not None:
                    raise CommandRefused("E_G10_CONFLICT_OF_INTEREST", f"affiliation {conflicted}")
                offer = PanelOfferRow(
                    id=new_id(),
                    member_id=member.id,
                    organisation_id=organisation_id,
                    available_from=available_from,
                    available_until=available_until,
                    member_type=member_type,
                    created_at=store.clock(),
                )
                session.add(offer)
                store.processed(session, caller, request_id, "offer_panel_member", offer.id)
            return PanelOfferView(
                offer,
                self.reference(session, member.id, offer.organisation_id),
                "SAFEGUARDING" in member.expertise,
            )
