"""Re-render the generated sections of docs/lifecycle.md from the code (``make docs``)."""

from __future__ import annotations

import re
from pathlib import Path

from safecase.core.reference import event_catalogue, refusal_table, transition_table

DOCS = Path(__file__).resolve().parents[1] / "docs"
DOC = DOCS / "lifecycle.md"


def render() -> None:
    text = DOC.read_text(encoding="utf-8")
    for marker, table in (
        ("transition-table", transition_table()),
        ("refusal-codes", refusal_table()),
    ):
        pattern = re.compile(rf"(<!-- {marker} -->\n).*?(\n<!-- /{marker} -->)", re.DOTALL)
        text = pattern.sub(lambda m, t=table: m.group(1) + t + m.group(2), text)
    DOC.write_text(text, encoding="utf-8")
    events = DOCS / "events.md"
    text = events.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- event-catalogue -->\n).*?(<!-- /event-catalogue -->)", re.DOTALL)
    text = pattern.sub(lambda m: m.group(1) + event_catalogue() + "\n" + m.group(2), text)
    events.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    render()
