"""docs/configuration.md is the configuration the code documents, and the chart values it names
are the chart's: an operator reads one page, so it must not drift from either."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "configuration.md"
CHART = ROOT / "charts" / "safecase"


@pytest.fixture(scope="module")
def render_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "render_docs", ROOT / "scripts" / "render_docs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_reference_is_the_one_the_code_documents(render_docs: ModuleType) -> None:
    rendered = render_docs.configuration_reference()
    assert DOC.read_text(encoding="utf-8") == rendered, "run `make docs` and commit the result"


def test_every_documented_variable_is_in_the_reference(render_docs: ModuleType) -> None:
    from safecase.core.settings import ENVIRONMENT as CORE
    from safecase.services.advisory.settings import ENVIRONMENT as ADVISORY
    from safecase.services.common.connect import ENVIRONMENT as NATS
    from safecase.services.common.logs import ENVIRONMENT as LOGS
    from safecase.services.hearings.settings import ENVIRONMENT as HEARINGS
    from safecase.services.intake.settings import ENVIRONMENT as INTAKE

    text = DOC.read_text(encoding="utf-8")
    for environment in (CORE, INTAKE, HEARINGS, ADVISORY, NATS, LOGS):
        for name in environment:
            assert f"| `{name}` |" in text, name


def _schema_has(schema: dict[str, Any], root: dict[str, Any], path: list[str]) -> bool:
    """Whether values.schema.json describes the value at ``path`` (following ``$ref``)."""
    node = schema
    for key in path:
        while "$ref" in node:
            node = root["definitions"][node["$ref"].rsplit("/", 1)[1]]
        properties = node.get("properties", {})
        if key not in properties:
            return False
        node = properties[key]
    return True


def test_every_chart_value_the_reference_names_is_a_value_of_the_chart() -> None:
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    named: set[str] = set()
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            chart_cell = line.rstrip(" |").rsplit(" | ", 1)[1]
            named |= set(re.findall(r"`([a-zA-Z][\w.]*[\w])`", chart_cell))
    named -= {"true", "false"}  # what a value makes of a variable, not a value
    assert {"nats.url", "logLevel", "services.advisory.sweepSeconds"} <= named
    missing = {n for n in named if not _schema_has(schema, schema, n.split("."))}
    assert not missing, f"not values of the chart: {sorted(missing)}"


def test_every_variable_the_chart_sets_is_in_the_reference() -> None:
    helpers = (CHART / "templates" / "_helpers.tpl").read_text(encoding="utf-8")
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`((?:SAFECASE|OTEL)_\w+)`", text))
    fixed = set(re.findall(r"- name: ((?:SAFECASE|OTEL)_\w+)", helpers))
    per_service = set(re.findall(r"- name: \{\{ \$prefix \}\}_(\w+)", helpers))
    assert fixed
    assert per_service
    assert fixed <= documented, sorted(fixed - documented)
    services = ("INTAKE", "HEARINGS", "ADVISORY")
    for suffix in per_service:
        assert any(f"SAFECASE_{s}_{suffix}" in documented for s in services), suffix
