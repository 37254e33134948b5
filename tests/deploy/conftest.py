"""The chart rendered offline with the Helm SDK: no helm binary, no cluster.

Rendering is the slow part (a Go template run per call), so the chart is loaded once per session
and the values files of ``charts/safecase/ci/`` are read once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import helm_python
import pytest
import yaml

REPOSITORY = Path(__file__).resolve().parents[2]
CHART_DIR = REPOSITORY / "charts" / "safecase"
RELEASE = "rel"
NAMESPACE = "safeguarding"

Manifest = dict[str, Any]
Render = Callable[[dict[str, Any]], list[Manifest]]


@pytest.fixture(scope="session")
def chart() -> Iterator[helm_python.Chart]:
    helm_python.disable_logging()  # lint's warnings about missing values are expected noise
    with helm_python.Chart.load(CHART_DIR) as loaded:
        yield loaded


@pytest.fixture(scope="session")
def render(chart: helm_python.Chart) -> Render:
    """Render values into the release's manifests (every YAML document, NOTES.txt left out)."""

    def manifests(values: dict[str, Any]) -> list[Manifest]:
        rendered = chart.render(values, name=RELEASE, namespace=NAMESPACE)
        return [
            document
            for path, text in sorted(rendered.items())
            if path.endswith(".yaml")
            for document in yaml.safe_load_all(text)
            if document
        ]

    return manifests


@pytest.fixture(scope="session")
def ci_values() -> dict[str, dict[str, Any]]:
    """The values files of ``ci/`` by name: ``organisation``, ``support``, ``large``."""
    return {
        path.name.removesuffix("-values.yaml"): yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((CHART_DIR / "ci").glob("*-values.yaml"))
    }
