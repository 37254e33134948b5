"""The plugin guide's example is real: it is built from docs/writing-a-plugin.md and run."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from safecase.core.errors import CommandRefused
from safecase.core.plugins import Plugins
from safecase.core.states import Role
from safecase.core.testing import Scenario
from safecase.core.testing.conformance import CHECKS

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "writing-a-plugin.md"
FILE_BLOCK = re.compile(r"<!-- file: (?P<name>[\w.]+) -->\n```\w+\n(?P<body>.*?)```", re.DOTALL)


def guide_files() -> dict[str, str]:
    return {m["name"]: m["body"] for m in FILE_BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))}


@pytest.fixture
def example_plugin(tmp_path: Path) -> ModuleType:
    files = guide_files()
    for name in ("rule_set.yaml", "hooks.py"):
        (tmp_path / name).write_text(files[name], encoding="utf-8")
    spec = importlib.util.spec_from_file_location("example_rowing_hooks", tmp_path / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_the_guide_declares_a_safecase_entry_point_in_a_namespace_package() -> None:
    project = tomllib.loads(guide_files()["pyproject.toml"])
    assert project["project"]["entry-points"]["safecase"] == {
        "example-rowing": "safecase.plugins.example_rowing.hooks"
    }
    assert (
        project["tool"]["uv"]["build-backend"]["module-name"] == "safecase.plugins.example_rowing"
    )


def test_the_guide_plugin_passes_every_conformance_check(example_plugin: ModuleType) -> None:
    plugins = Plugins.from_modules({"example-rowing": example_plugin})
    assert plugins.rule_set.id == "example-rowing@1"
    assert {name: check(plugins) for name, check in CHECKS.items()} == {name: [] for name in CHECKS}


def test_the_guide_plugin_refuses_emergency_interim_measures_as_its_board_decided(
    example_plugin: ModuleType,
) -> None:
    s = Scenario(
        plugins=Plugins.from_modules({"example-rowing": example_plugin}, organisation_id="org-a")
    )
    case = s.investigating(s.triaged(s.reported("ER.CONDUCT")))
    with pytest.raises(CommandRefused) as refused:
        s.run(
            case,
            "impose_interim_measure",
            Role.DSL,
            type="TEMPORARY_SUSPENSION",
            reason="Risk to juniors while the investigation runs",
            emergency=True,
            ratify_by=s.clock.now.isoformat(),
            next_review_at=s.clock.advance(days=0).replace(day=20).isoformat(),
            notify_plan="Respondent told in writing",
        )
    assert refused.value.reason == "E_ER_CMG_DECIDES_INTERIM_MEASURES"
