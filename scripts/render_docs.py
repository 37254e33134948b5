"""Re-render the generated sections of docs/lifecycle.md from the code (``make docs``)."""

from __future__ import annotations

import re
from pathlib import Path

from safecase.core.reference import refusal_table, transition_table

DOC = Path(__file__).resolve().parents[1] / "docs" / "lifecycle.md"


def render() -> None:
    text = DOC.read_text(encoding="utf-8")
    for marker, table in (
        ("transition-table", transition_table()),
        ("refusal-codes", refusal_table()),
    ):
        pattern = re.compile(rf"(<!-- {marker} -->\n).*?(\n<!-- /{marker} -->)", re.DOTALL)
        text = pattern.sub(lambda m, t=table: m.group(1) + t + m.group(2), text)
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    render()
