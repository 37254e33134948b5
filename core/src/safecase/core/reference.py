"""Markdown reference tables rendered from the code (transitions, events, refusal codes),
so the documentation cannot drift from what the engine executes: a test compares them."""

from __future__ import annotations

from safecase.core.errors import REFUSAL_MESSAGES
from safecase.core.lifecycle.table import OPENING, STEPS, Step
from safecase.core.states import STATE_NUMBER, CaseState

__all__ = ["event_catalogue", "refusal_table", "transition_table"]


def _states(states: frozenset[CaseState]) -> str:
    if not states:
        return "—"
    if len(states) == len(CaseState):
        return "any"
    numbers = sorted(STATE_NUMBER[s] for s in states)
    if len(numbers) > 4 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"states {numbers[0]}–{numbers[-1]}"
    return ", ".join(f"`{s.value}`" for s in sorted(states, key=STATE_NUMBER.__getitem__))


def _row(step: Step) -> str:
    target = f"`{step.target.value}`" if step.target else "(unchanged)"
    if step.closure:
        target += f" ({step.closure.value})"
    actors = ", ".join(sorted(r.value for r in step.actors))
    guards = ", ".join(step.guards) or "—"
    cells = (step.id, f"`{step.command}`", _states(step.sources), target, actors, guards)
    return "| " + " | ".join(cells) + " |"


def transition_table() -> str:
    lines = [
        "| step | command | from | to | who | guards |",
        "|---|---|---|---|---|---|",
        *(_row(step) for step in OPENING.values()),
        *(_row(step) for step in STEPS),
    ]
    return "\n".join(lines)


def refusal_table() -> str:
    lines = ["| code | meaning |", "|---|---|"]
    lines += [f"| `{code}` | {message} |" for code, message in sorted(REFUSAL_MESSAGES.items())]
    return "\n".join(lines)


def event_catalogue() -> str:
    """Every event type: the steps whose own event it is, and the follow-ups effects raise."""
    from safecase.core.lifecycle.effects import FOLLOW_UP_EVENTS

    raised: dict[str, list[Step]] = {}
    for step in (*OPENING.values(), *STEPS):
        raised.setdefault(step.event, []).append(step)
    lines = ["| event | raised by | commands |", "|---|---|---|"]
    for event, steps in sorted(raised.items()):
        ids = ", ".join(sorted({s.id for s in steps}))
        commands = ", ".join(sorted({f"`{s.command}`" for s in steps}))
        lines.append(f"| `{event}` | {ids} | {commands} |")
    lines += [
        f"| `{event}` | {why} | (follow-up) |" for event, why in sorted(FOLLOW_UP_EVENTS.items())
    ]
    return "\n".join(lines)
