"""Domain -> proto: a case as its reader may see it, and the resources inside it.

The input is the JSON-able view of :func:`safecase.core.policy.case_view` (through
``Instance.read_case``), so a field the caller may not read is simply absent here and stays
unset in the proto. Deadlines and ``overdue`` are derived from the visible fields and the
clock, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from google.protobuf.timestamp_pb2 import Timestamp

from safecase.core.persistence.store import StoredMessage
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.intake.names import case_name, etag_for, message_name

if TYPE_CHECKING:
    from safecase.services.intake.commands import ReceiptStatus

__all__ = [
    "advice",
    "advisory_packet",
    "advisory_share",
    "assigned_to",
    "case",
    "deadlines",
    "evidence",
    "expertise_areas",
    "interim_measure",
    "measure_overdue",
    "message",
    "receipt_status",
    "referral",
    "timestamp",
]

View = Mapping[str, Any]


def instant(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def timestamp(value: object) -> Timestamp | None:
    when = instant(value)
    if when is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(when.astimezone(UTC))
    return stamp


def _set_time(message: Any, field: str, value: object) -> None:
    stamp = timestamp(value)
    if stamp is not None:
        getattr(message, field).CopyFrom(stamp)


def _enum(enum: Any, prefix: str, value: object) -> Any:
    """The proto enum number of a domain value (``0`` when unknown or absent).

    Typed ``Any``: each generated enum has its own value type.
    """
    if not value:
        return 0
    try:
        return enum.Value(f"{prefix}{value}")
    except ValueError:
        return 0


# --- parts of a case ------------------------------------------------------------------------


def measure_overdue(measure: View, now: datetime) -> bool:
    """The derived ``IM_OVERDUE``: in force and the review date has passed."""
    due = instant(measure.get("next_review_at"))
    return measure.get("state") == "IM_IN_FORCE" and due is not None and now > due


def interim_measure(org: str, case_id: str, measure: View, now: datetime) -> res.InterimMeasure:
    name = case_name(org, case_id)
    out = res.InterimMeasure(
        name=f"{name}/interimMeasures/{measure.get('id', '')}",
        type=measure.get("type") or "",
        state=_enum(
            res.InterimMeasureState,
            "INTERIM_MEASURE_STATE_",
            str(measure.get("state", "")).removeprefix("IM_"),
        ),
        scope=measure.get("scope") or "",
        authority=measure.get("authority") or "",
        overdue=measure_overdue(measure, now),
        not_a_finding=measure.get("not_a_finding", True),
        case=name,
    )
    reviews = measure.get("reviews") or []
    _set_time(out, "impose_time", measure.get("imposed_at"))
    _set_time(out, "next_review_time", measure.get("next_review_at"))
    _set_time(out, "last_review_time", reviews[-1].get("reviewed_at") if reviews else None)
    _set_time(out, "ratify_by_time", measure.get("ratify_by"))
    _set_time(out, "ratify_time", measure.get("ratified_at"))
    _set_time(out, "end_time", measure.get("ended_at"))
    return out


def _referral_overdue(item: View, now: datetime) -> bool:
    due = instant(item.get("deadline_at"))
    return item.get("status") == "DUE" and due is not None and now > due


def referral(org: str, case_id: str, item: View, now: datetime) -> res.Referral:
    scopes = sorted({s for c in item.get("consents") or [] for s in c.get("scopes") or []})
    release = item.get("release") or {}
    out = res.Referral(
        name=f"{case_name(org, case_id)}/referrals/{item.get('id', '')}",
        agency=item.get("agency") or "",
        status=_enum(res.ReferralStatus, "REFERRAL_STATUS_", item.get("status")),
        made_by=item.get("made_by") or "",
        reference=item.get("reference") or "",
        hold_requested=bool(item.get("hold_requested")),
        consent_scopes=[_enum(res.AgencyConsentScope, "AGENCY_CONSENT_SCOPE_", s) for s in scopes],
        release_type=_enum(res.AgencyReleaseType, "AGENCY_RELEASE_TYPE_", release.get("type")),
        overdue=_referral_overdue(item, now),
    )
    _set_time(out, "deadline_time", item.get("deadline_at"))
    _set_time(out, "make_time", item.get("made_at"))
    return out


def evidence(org: str, case_id: str, item: View) -> res.Evidence:
    out = res.Evidence(
        name=f"{case_name(org, case_id)}/evidence/{item.get('id', '')}",
        kind=item.get("kind") or "",
        description=item.get("description") or "",
        sha256=item.get("sha256") or "",
        scanned_clean=bool(item.get("scanned_clean")),
        added_by=item.get("added_by") or "",
    )
    _set_time(out, "add_time", item.get("added_at"))
    return out


def deadlines(org: str, view: View, now: datetime) -> list[res.Deadline]:
    """The open deadlines visible in ``view``, earliest first."""
    name = case_name(org, str(view.get("id", "")))
    found: list[tuple[datetime, str, str]] = []
    for item in view.get("referrals") or []:
        due = instant(item.get("deadline_at"))
        if item.get("status") == "DUE" and due is not None:
            found.append((due, "AGENCY_REFERRAL", f"{name}/referrals/{item.get('id')}"))
    for measure in view.get("interim_measures") or []:
        if measure.get("state") != "IM_IN_FORCE":
            continue
        subject = f"{name}/interimMeasures/{measure.get('id')}"
        review = instant(measure.get("next_review_at"))
        if review is not None:
            found.append((review, "INTERIM_REVIEW", subject))
        ratify_by = instant(measure.get("ratify_by"))
        if ratify_by is not None and not measure.get("ratified_at"):
            found.append((ratify_by, "INTERIM_RATIFICATION", subject))
    found.sort()
    return [
        res.Deadline(kind=kind, subject=subject, due_time=timestamp(due), overdue=now > due)
        for due, kind, subject in found
    ]


def _categories(view: View) -> Iterable[str]:
    if "categories" in view:
        return sorted(view["categories"])
    return sorted({c["category"] for c in view.get("concerns") or [] if c.get("category")})


def case(org: str, view: View, now: datetime) -> res.Case:
    """The proto ``Case`` of a case view: only what the view holds is set."""
    case_id = str(view.get("id", ""))
    out = res.Case(
        name=case_name(org, case_id) if case_id else "",
        state=_enum(res.CaseState, "CASE_STATE_", view.get("state")),
        closure_reason=_enum(res.ClosureReason, "CLOSURE_REASON_", view.get("closure_reason")),
        intake_type=_enum(res.IntakeType, "INTAKE_TYPE_", view.get("intake_type")),
        anonymous=bool(view.get("anonymous")),
        severity=view.get("severity") or "",
        categories=list(_categories(view)),
        owner=view.get("owner_id") or "",
        rule_set=view.get("rule_set_id") or "",
        transferred_to=view.get("transferred_to") or "",
    )
    if "version" in view:
        out.version = int(view["version"])
        out.etag = etag_for(out.version)
    if view.get("merged_into"):
        out.merged_into = case_name(org, str(view["merged_into"]))
    for assignment in view.get("assignments") or []:
        until = instant(assignment.get("until"))
        if assignment.get("suspended") or (until is not None and now >= until):
            continue
        item = out.assignments.add(
            person=assignment.get("person_id", ""), role=assignment.get("role", "")
        )
        _set_time(item, "start_time", assignment.get("since"))
    report = (view.get("investigation") or {}).get("report") or {}
    out.conclusion = _enum(res.Conclusion, "CONCLUSION_", report.get("conclusion"))
    _set_time(out, "create_time", view.get("created_at"))
    _set_time(out, "update_time", view.get("updated_at"))
    out.interim_measures.extend(
        interim_measure(org, case_id, m, now) for m in view.get("interim_measures") or []
    )
    out.referrals.extend(referral(org, case_id, r, now) for r in view.get("referrals") or [])
    due = deadlines(org, view, now)
    out.deadlines.extend(due)
    if due:
        out.next_due_time.CopyFrom(due[0].due_time)
        out.overdue = any(d.overdue for d in due)
    return out


def message(org: str, stored: StoredMessage, *, for_reporter: bool = False) -> res.Message:
    """A message; a receipt holder sees neither its resource name nor its sender."""
    out = res.Message(
        direction=_enum(res.MessageDirection, "MESSAGE_DIRECTION_", stored.direction),
        text=stored.text,
    )
    if not for_reporter:
        out.name = message_name(org, stored.case_id, stored.id)
        out.sender = stored.sender_id or ""
    _set_time(out, "create_time", stored.created_at)
    _set_time(out, "read_time", stored.read_at)
    return out


def assigned_to(view: View, person: str, now: datetime) -> bool:
    """Whether ``person`` owns the case or holds an active assignment in ``view``."""
    if view.get("owner_id") == person:
        return True
    return any(a.person == person for a in case("", view, now).assignments)


_STAGES = {
    "received": res.REPORT_STAGE_RECEIVED,
    "concluded": res.REPORT_STAGE_CLOSED,
    "action taken": res.REPORT_STAGE_CLOSED,
}


def receipt_status(status: ReceiptStatus) -> res.ReceiptStatus:
    """What a receipt holder sees: a public label and stage, never the internal state."""
    out = res.ReceiptStatus(
        receipt_code=status.code,
        stage=_STAGES.get(status.label, res.REPORT_STAGE_IN_PROGRESS),
        label=status.label,
        unread_message_count=status.unread,
    )
    _set_time(out, "submit_time", status.submitted_at)
    _set_time(out, "update_time", status.updated_at)
    return out


# --- advisory shares (R-AS) ---------------------------------------------------------------------


def share_name(org: str, case_id: str, share_id: str) -> str:
    return f"{case_name(org, case_id)}/advisoryShares/{share_id}"


def expertise_areas(codes: Iterable[str]) -> list[Any]:
    """The ``ExpertiseArea`` numbers of expertise codes (``SAFEGUARDING`` ...)."""
    return [_enum(res.ExpertiseArea, "EXPERTISE_AREA_", code) for code in codes]


def advisory_packet(packet: View) -> res.AdvisoryPacket:
    """The packet exactly as the core built it (the whitelist of DOMAIN §4.3)."""
    return res.AdvisoryPacket(
        packet_id=packet.get("packet_id") or "",
        sharing_organisation=packet.get("sharing_organisation") or "",
        question=packet.get("question") or "",
        persons=[
            res.PacketPerson(
                pseudonym=p.get("pseudonym") or "",
                role=p.get("role") or "",
                age_band=p.get("age_band") or "",
                flags=list(p.get("flags") or ()),
                generic_role=p.get("generic_role") or "",
            )
            for p in packet.get("persons") or ()
        ],
        sport=packet.get("sport") or "",
        geography=packet.get("geography") or "",
        categories=list(packet.get("categories") or ()),
        summary=packet.get("summary") or "",
        chronology=packet.get("chronology") or "",
        stage_history=list(packet.get("stage_history") or ()),
        referral_types=list(packet.get("referral_types") or ()),
        findings_summary=packet.get("findings_summary") or "",
        options_under_consideration=packet.get("options_under_consideration") or "",
        rule_set_excerpts=list(packet.get("rule_set_excerpts") or ()),
    )


def advisory_share(
    org: str, case_id: str, share: View, expertise: Iterable[str] = ()
) -> res.AdvisoryShare:
    out = res.AdvisoryShare(
        name=share_name(org, case_id, str(share.get("id", ""))),
        state=_enum(
            res.AdvisoryShareState,
            "ADVISORY_SHARE_STATE_",
            str(share.get("state") or "").removeprefix("AS_"),
        ),
        question=share.get("question") or "",
        members=list(share.get("members") or ()),
        expertise=expertise_areas(expertise),
        advice_count=len(share.get("opinions") or ()),
    )
    if share.get("packet"):
        out.packet.CopyFrom(advisory_packet(share["packet"]))
    _set_time(out, "create_time", share.get("started_at"))
    _set_time(out, "publish_time", share.get("published_at"))
    _set_time(out, "expire_time", share.get("expires_at"))
    _set_time(out, "end_time", share.get("ended_at"))
    return out


def advice(org: str, case_id: str, share_id: str, opinion: View) -> res.Advice:
    """One advisory opinion: advice to the organisation, labelled as such (G08(d))."""
    out = res.Advice(
        name=f"{share_name(org, case_id, share_id)}/advice/{opinion.get('id', '')}",
        text=opinion.get("text") or "",
        label=opinion.get("label") or "",
        member=opinion.get("member_id") or "",
    )
    _set_time(out, "submit_time", opinion.get("submitted_at"))
    return out
