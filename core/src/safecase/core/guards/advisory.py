"""Rules on advisory shares: preconditions (G11), pseudonymisation (G12), access ending with
consent, expiry or closure (G15)."""

from __future__ import annotations

from safecase.core.case import PartyRole
from safecase.core.commands import PublishAdvisoryPacket
from safecase.core.consent import ConsentPurpose
from safecase.core.guards.context import GuardContext, Refusal, rule
from safecase.core.guards.intake import consent_giver_allowed
from safecase.core.redaction import build_packet, scan_packet
from safecase.core.states import Role, ShareState


def _advisory_consent_active(ctx: GuardContext) -> bool:
    """An active ADVISORY_SHARE consent for every complainant, from whom the rule set allows."""
    case = ctx.case
    complainants = case.party_ids(PartyRole.COMPLAINANT)
    previous = [s.ended_at for s in case.shares if s.ended_at is not None]
    for subject in complainants or {""}:
        consent = next(
            (
                c
                for c in reversed(case.consents)
                if c.purpose is ConsentPurpose.ADVISORY_SHARE
                and c.subject_person_id == subject
                and c.active(ctx.now)
            ),
            None,
        )
        if consent is None or not consent_giver_allowed(ctx, subject, consent.given_by):
            return False
        if previous and consent.given_at <= max(previous):
            return False  # A6: a new request after revocation or expiry needs fresh consent
    return True


@rule("G11")
def advisory_share_preconditions(ctx: GuardContext) -> Refusal | None:
    command, name = ctx.command, ctx.step.command
    if ctx.rule_set.advisory.requires_dsa and ctx.organisation.active_dsa(ctx.now) is None:
        return Refusal("E_G11_NO_DSA")
    if name == "start_advisory_request":
        share = ctx.case.current_share()
        if share is not None and share.state in {ShareState.AS_DRAFT, *_live()}:
            return Refusal("E_G11_SHARE_TERMS", "a request is already open")
        return None
    if not isinstance(command, PublishAdvisoryPacket):
        return None
    share = ctx.case.current_share()
    if share is None or share.state is not ShareState.AS_DRAFT:
        return Refusal("E_G11_SHARE_TERMS", "start an advisory request first")
    if not _advisory_consent_active(ctx):
        return Refusal("E_G11_NO_CONSENT")
    for member in command.members:
        if member not in ctx.people or not ctx.people.get(member).advisory_member:
            return Refusal("E_G11_SHARE_TERMS", "every member must belong to the advisory service")
    latest = ctx.calendar.deadline(ctx.now, ctx.rule_set.advisory.max_share_duration.period)
    if not ctx.now < command.expires_at <= latest:
        return Refusal("E_G11_SHARE_TERMS", f"expiry must be by {latest:%Y-%m-%d}")
    return None


def _live() -> set[ShareState]:
    return {ShareState.AS_SHARED, ShareState.AS_ADVICE_RECEIVED}


@rule("G12")
def advisory_packets_are_pseudonymised(ctx: GuardContext) -> Refusal | None:
    command, case = ctx.command, ctx.case
    if not isinstance(command, PublishAdvisoryPacket):
        return None
    share = case.current_share()
    if share is None:
        return None
    packet, identifiers = build_packet(
        case,
        ctx.people,
        ctx.organisation,
        question=share.question,
        now=ctx.now,
        summary=command.summary,
        chronology=command.chronology,
        options=command.options_under_consideration,
    )
    packet = ctx.plugins.redact_share(case, packet)
    hits = scan_packet(packet, identifiers)
    if hits:
        field, kind = hits[0]
        # A stable code (services map it to ErrorInfo.reason); where and what kind go in the
        # detail, never the identifier itself.
        return Refusal("E_G12_IDENTIFIER_IN_PACKET", f"{field}, {kind}")
    ctx.derived["packet"] = packet
    return None


def share_revoked_for_member(ctx: GuardContext) -> Refusal | None:
    """G15, evaluated before G28 for a named member so that they learn why."""
    if ctx.actor.role is not Role.ADV:
        return None
    share = ctx.case.current_share()
    if share is None or ctx.actor.person_id not in share.members:
        return None
    consent_live = ctx.case.active_consent(ConsentPurpose.ADVISORY_SHARE, ctx.now) is not None
    if not share.readable(ctx.now) or not consent_live:
        return Refusal("E_G15_SHARE_REVOKED")
    return None


@rule("G15")
def advisory_access_ends(ctx: GuardContext) -> Refusal | None:
    return share_revoked_for_member(ctx)
