"""The hooks a safecase plugin may implement.

A plugin is a module registered under the entry-point group ``safecase``; an instance loads
only its organisation's plugin (configuration ``plugin = "<name>"``) beside the core's own
defaults (:mod:`safecase.core.defaults`), which are registered as a plugin too, with
``trylast=True``, so a plugin's answer to a "pick one" hook wins over the default.

Hooks are grouped by the phase in which the core calls them. Every hook receives a
:class:`~safecase.core.plugins.HookContext` (the active rule set, organisation id and clock)
rather than many positional arguments. Unless a hook says otherwise it must not do I/O and
must not modify its arguments.

Two kinds of hook:

* "pick one" hooks are ``firstresult``: the first non-``None`` result is used and later
  implementations are not called; return ``None`` to leave the decision to the next plugin
  (ultimately the core default).
* "collect" hooks call every implementation and the core concatenates the results.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from safecase.core.case import Case
    from safecase.core.commands import Command
    from safecase.core.events import DomainEvent
    from safecase.core.plugins import HookContext, SeverityAssessment, Violation
    from safecase.core.ruleset import Category, Figure, RuleSet, StatutoryCheck
    from safecase.core.share import SharePacket

PROJECT = "safecase"
hookspec = pluggy.HookspecMarker(PROJECT)

# --- Registration: called once when the plugin manager is built ---------------------------


@hookspec
def safecase_rule_sets() -> Sequence[RuleSet]:
    """Return the rule sets (DOMAIN.md §3) this plugin provides.

    Every implementation is called and the results are concatenated; rule-set ids must be
    unique across the instance. The instance's configuration selects one of them (a plugin
    with a single rule set makes it the default). Load rule sets from data files with
    :func:`safecase.core.ruleset.load_rule_set` so that they are validated at start-up.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


# --- Triage: called while a case is assessed ---------------------------------------------


@hookspec(firstresult=True)
def safecase_code_of_conduct(ctx: HookContext) -> Sequence[Category] | None:
    """Return the code-of-conduct categories a concern may be recorded under.

    Stop at first non-``None`` result (``firstresult``). The default returns the rule set's
    ``categories``; an organisation's plugin may add its own codes, each with ``parent`` set
    to a rule-set category (§3.9). Called when concerns are recorded and by ``record_triage``.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def safecase_classify_severity(ctx: HookContext, assessment: SeverityAssessment) -> str | None:
    """Return the severity code for a concern being triaged.

    Stop at first non-``None`` result (``firstresult``). ``assessment`` carries the
    categories, the severity the DSL proposes and the aggravating/mitigating factors. The
    default takes the highest of the proposal and the categories' ``default_severity_floor``.
    The returned code must be one of the rule set's ``severities``.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def safecase_statutory_agencies(ctx: HookContext) -> Sequence[StatutoryCheck] | None:
    """Return the statutory checks (questions, agencies, deadlines) the DSL answers at triage.

    Stop at first non-``None`` result (``firstresult``). The default returns the rule set's
    ``statutory_checks``. Every ``true`` answer creates a ``DUE`` referral (G17).

    .. versionadded:: 0.1
    """
    raise NotImplementedError


# --- Deadlines: called whenever a deadline is computed -------------------------------------


@hookspec(firstresult=True)
def safecase_timeline(ctx: HookContext, name: str) -> Figure | None:
    """Return the figure for the named timeline, e.g. ``appeal.window``.

    Stop at first non-``None`` result (``firstresult``). Names are dotted rule-set paths:
    ``intake.acknowledge_within``, ``interim.max_review_interval``, ``interim.ratify_within``,
    ``hearing.min_notice``, ``appeal.window``, ``advisory.max_share_duration``,
    ``return.assessment_window``, ``withdrawal.decide_within``, ``statutory.<check id>``.
    The default reads the rule set. Deadlines are then computed in the rule set's calendar
    (G39).

    .. versionadded:: 0.1
    """
    raise NotImplementedError


# --- Hearings: called when panels are convened and sanctions chosen ------------------------


@hookspec(firstresult=True)
def safecase_sanction_options(
    ctx: HookContext, severity: str, minor_respondent: bool
) -> Sequence[str] | None:
    """Return the sanction types a decision may impose for ``severity``.

    Stop at first non-``None`` result (``firstresult``). The default returns
    ``sanctions_by_severity[severity]``, without the types not allowed for a minor respondent
    when ``minor_respondent`` is true (G13). A plugin may narrow the list, never widen it:
    the core refuses a type outside the rule set regardless (G38).

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def safecase_independent_panel_required(ctx: HookContext, case: Case) -> bool | None:
    """Return whether the case's panel must be independent of the organisation.

    Stop at first non-``None`` result (``firstresult``). The default reads
    ``panel[case.severity].independent_required`` (§3.8).

    .. versionadded:: 0.1
    """
    raise NotImplementedError


# --- Retention: called by the retention job --------------------------------------------------


@hookspec(firstresult=True)
def safecase_retention_until(ctx: HookContext, case: Case) -> datetime | None:
    """Return the instant from which the closed case may be deleted or anonymised (G32).

    Stop at first non-``None`` result (``firstresult``). The default applies the rule set's
    ``retention`` (allegations: the later of the respondent's pension age and
    ``allegation_years`` after the allegation; disclosure-only cases: ``disclosure_only``
    after closure).

    .. versionadded:: 0.1
    """
    raise NotImplementedError


# --- Advisory sharing: called when a share is previewed and published ---------------------


@hookspec(firstresult=True)
def safecase_redact_share(ctx: HookContext, case: Case, packet: SharePacket) -> SharePacket | None:
    """Return the packet to send to the advisory group, redacted further if needed.

    Stop at first non-``None`` result (``firstresult``). ``packet`` has already been built by
    the core from the whitelist of DOMAIN.md §4.3 with pseudonyms for every person; a plugin
    may generalise more (sport, geography) or scrub organisation-specific identifiers. The
    core's identifier scan (G12) runs on the result, so a plugin cannot put identifiers back.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


# --- Lifecycle: called for every command attempt and after every change ------------------


@hookspec
def safecase_validate_transition(
    ctx: HookContext, case: Case, command: Command
) -> Sequence[Violation]:
    """Return the reasons why ``command`` must not run on ``case``; empty allows it.

    Every implementation runs and the violations are concatenated. Called only after every
    core guard allowed the command, so a plugin can only refuse: it cannot allow what a core
    rule refuses. Must not do I/O and must not modify ``case``.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def safecase_case_event(ctx: HookContext, event: DomainEvent) -> None:
    """Observe an event after the change that produced it was applied.

    Every implementation is called. An exception raised here is logged (without event
    payload) and never reaches the caller or undoes the change.

    .. versionadded:: 0.1
    """
    raise NotImplementedError
