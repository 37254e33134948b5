"""Store results -> protos of ``safecase.advisory.v1``, and resource names -> ids.

What a caller sees was decided by the store; here only the shape changes. Club names are never
rendered (only digests are kept), and an ended share has no packet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from safecase.advisory.v1 import resources_pb2 as res
from safecase.core.errors import FieldViolation, InvalidArgument
from safecase.core.share import SharePacket
from safecase.services.advisory.answers import AnswerView
from safecase.services.advisory.document import ADVICE_LABEL
from safecase.services.advisory.registry import MemberView, PanelOfferView
from safecase.services.advisory.store import AdviceView, ShareView
from safecase.services.common import aip

__all__ = [
    "advice",
    "answer",
    "expertise_codes",
    "member",
    "panel_offer",
    "parse",
    "share",
    "state_codes",
]

SINGULAR = {"members": "member", "shares": "share", "answers": "answer"}
SHARE_STATES = {
    "SHARED": res.SHARE_STATE_SHARED,
    "ADVICE_RECEIVED": res.SHARE_STATE_ADVICE_RECEIVED,
    "ANSWERED": res.SHARE_STATE_ANSWERED,
    "REVOKED": res.SHARE_STATE_REVOKED,
    "EXPIRED": res.SHARE_STATE_EXPIRED,
    "REFUSED": res.SHARE_STATE_REFUSED,
}


def _stamp(when: datetime | None) -> Timestamp | None:
    if when is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(when)
    return stamp


def _expertise(code: str | None) -> Any:
    return res.Expertise.Value(f"EXPERTISE_{code}") if code else res.EXPERTISE_UNSPECIFIED


def expertise_codes(values: Iterable[int], field: str) -> list[str]:
    """Expertise enum values -> codes; UNSPECIFIED or unknown values are violations."""
    codes = []
    for value in values:
        if value == res.EXPERTISE_UNSPECIFIED or value not in res.Expertise.values():
            raise InvalidArgument([FieldViolation(field, "an area of expertise is required")])
        codes.append(res.Expertise.Name(value).removeprefix("EXPERTISE_"))
    return codes


def state_codes(values: Iterable[int]) -> frozenset[str]:
    names: dict[int, str] = {int(v): k for k, v in SHARE_STATES.items()}
    codes = set()
    for value in values:
        if value not in names:
            raise InvalidArgument([FieldViolation("states", "not a share state")])
        codes.add(names[value])
    return frozenset(codes)


def parse(name: str, field: str, *collections: str) -> list[str]:
    """The ids of ``name`` = ``<collection>/{id}/...``; a violation on ``field`` otherwise."""
    parts = name.split("/")
    ok = len(parts) == 2 * len(collections) and all(
        parts[2 * i] == c and parts[2 * i + 1] and len(parts[2 * i + 1]) <= 64
        for i, c in enumerate(collections)
    )
    if not ok:
        pattern = "/".join(f"{c}/{{{SINGULAR.get(c, c)}}}" for c in collections)
        raise aip.invalid(field, f"must be {pattern}")
    return parts[1::2]


def member(view: MemberView) -> res.Member:
    row = view.member
    return res.Member(
        name=f"members/{row.id}",
        subject=row.subject,
        expertise=[_expertise(e) for e in row.expertise],
        available=row.available,
        affiliations=[
            res.Affiliation(
                id=a.id,
                kind=res.AFFILIATION_KIND_CLUB
                if a.kind == "CLUB"
                else res.AFFILIATION_KIND_ORGANIZATION,
                organization=a.organisation_id or "",
            )
            for a in view.affiliations
        ],
        create_time=_stamp(row.created_at),
        etag=aip.etag_for(row.version),
    )


def _packet(packet: SharePacket) -> res.Packet:
    return res.Packet(
        packet_id=packet.packet_id,
        sharing_organization=packet.sharing_organisation,
        question=packet.question,
        persons=[
            res.PacketPerson(
                pseudonym=p.pseudonym,
                role=p.role,
                age_band=p.age_band or "",
                flags=list(p.flags),
                generic_role=p.generic_role or "",
            )
            for p in packet.persons
        ],
        sport=packet.sport,
        geography=packet.geography,
        categories=list(packet.categories),
        summary=packet.summary,
        chronology=packet.chronology,
        stage_history=list(packet.stage_history),
        referral_types=list(packet.referral_types),
        findings_summary=packet.findings_summary,
        options_under_consideration=packet.options_under_consideration,
        rule_set_excerpts=list(packet.rule_set_excerpts),
    )


def share(view: ShareView, *, coordinator: bool) -> res.Share:
    row = view.share
    return res.Share(
        name=f"shares/{row.id}",
        state=SHARE_STATES.get(row.state, res.SHARE_STATE_UNSPECIFIED),
        requested_expertise=[_expertise(e) for e in row.requested_expertise],
        receive_time=_stamp(row.received_at),
        expire_time=_stamp(row.expires_at),
        packet=_packet(view.packet) if view.packet else None,
        allocations=[
            res.Allocation(
                member=f"members/{a.member_id}",
                outcome=res.ALLOCATION_OUTCOME_ALLOCATED
                if a.outcome == "ALLOCATED"
                else res.ALLOCATION_OUTCOME_EXCLUDED,
                expertise=_expertise(a.expertise),
                reason=a.reason or "",
                affiliation=a.affiliation_id or "",
                decide_time=_stamp(a.decided_at),
            )
            for a in view.allocations
        ],
        organization=row.organisation_id if coordinator else "",
        label=ADVICE_LABEL,
    )


def advice(view: AdviceView) -> res.Advice:
    row, content = view.advice, view.content or {}
    recommendations = content.get("recommendations") or []
    references = content.get("guidance_references") or []
    return res.Advice(
        name=f"shares/{row.share_id}/advice/{row.id}",
        member=f"members/{row.member_id}",
        opinion=str(content.get("opinion", "")),
        recommendations=[str(r) for r in recommendations],  # type: ignore[attr-defined]
        guidance_references=[str(r) for r in references],  # type: ignore[attr-defined]
        submit_time=_stamp(row.submitted_at),
        label=ADVICE_LABEL,
    )


def answer(view: AnswerView) -> res.Answer:
    row = view.answer
    return res.Answer(
        name=f"shares/{row.share_id}/answers/{row.id}",
        summary=view.summary or "",
        advice=[f"shares/{row.share_id}/advice/{a}" for a in row.advice_ids],
        compose_time=_stamp(row.composed_at),
        event_id=row.event_id,
    )


def panel_offer(view: PanelOfferView) -> res.PanelOffer:
    row = view.offer
    return res.PanelOffer(
        name=f"members/{row.member_id}/panelOffers/{row.id}",
        organization=row.organisation_id,
        member_reference=view.reference,
        available_from=_stamp(row.available_from),
        available_until=_stamp(row.available_until),
        member_type=row.member_type,
        external=True,
        safeguarding_knowledge=view.safeguarding_knowledge,
        create_time=_stamp(row.created_at),
    )
