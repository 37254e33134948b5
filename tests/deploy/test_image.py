"""The container image, read from the Dockerfile: no Docker engine runs where the suite runs.

The image is what the chart's security settings rely on (a numeric non-root user, nothing to
compile code with at run time) and what its commands and ports assume.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml

REPOSITORY = Path(__file__).resolve().parents[2]
DOCKERFILE = REPOSITORY / "Dockerfile"
DOCKERIGNORE = REPOSITORY / ".dockerignore"
VALUES = REPOSITORY / "charts" / "safecase" / "values.yaml"
COMPILERS = re.compile(
    r"\b(build-essential|gcc|g\+\+|clang|cc|make|cmake|pip install|uv (sync|pip|build))\b"
    r"|\b[\w.+]+-dev\b"
)


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def arguments(self, keyword: str) -> list[str]:
        return [arguments for kw, arguments in self.instructions if kw == keyword]


def instructions(text: str) -> list[tuple[str, str]]:
    """(keyword, arguments) of each instruction, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n(\s*#[^\n]*\n)*", " ", text)
    found = []
    for line in joined.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, arguments = stripped.partition(" ")
            found.append((keyword.upper(), arguments.strip()))
    return found


def stages() -> list[Stage]:
    """The build stages, each base image with the global ARG defaults filled in."""
    defaults: dict[str, str] = {}
    found: list[Stage] = []
    for keyword, arguments in instructions(DOCKERFILE.read_text(encoding="utf-8")):
        if keyword == "ARG" and not found and "=" in arguments:
            name, _, default = arguments.partition("=")
            defaults[name] = default
        elif keyword == "FROM":
            words = arguments.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: defaults[m.group(1)], words[0])
            alias = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            found.append(Stage(base, alias))
        elif found:
            found[-1].instructions.append((keyword, arguments))
    return found


@pytest.fixture(scope="module")
def final() -> Stage:
    return stages()[-1]


@pytest.fixture(scope="module")
def defaults() -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    return loaded


def test_the_image_is_built_in_stages_and_runs_from_slim_python(final: Stage) -> None:
    built = stages()
    assert len(built) >= 2
    assert final.base.startswith("python:3.12-slim")
    assert any(stage.name == "builder" for stage in built[:-1])


def test_the_builder_installs_the_locked_environment_without_development_tools() -> None:
    (builder,) = [stage for stage in stages() if stage.name == "builder"]
    syncs = [shlex.split(run) for run in builder.arguments("RUN") if "uv sync" in run]
    assert len(syncs) == 1
    assert {"--frozen", "--no-dev", "--no-editable"} <= set(syncs[0])


def test_the_final_stage_takes_only_the_virtual_environment_from_the_builder(
    final: Stage,
) -> None:
    copies = [shlex.split(arguments) for arguments in final.arguments("COPY")]
    assert copies == [["--from=builder", "/opt/venv", "/opt/venv"]]
    assert any("PATH=/opt/venv/bin:" in env for env in final.arguments("ENV"))


def test_the_final_stage_runs_as_the_non_root_user_the_chart_expects(
    final: Stage, defaults: dict[str, object]
) -> None:
    users = final.arguments("USER")
    assert users, "the final stage sets no USER: it would run as root"
    user, _, group = users[-1].partition(":")
    assert re.fullmatch(r"[1-9][0-9]*", user)  # numeric, so runAsNonRoot can verify it
    assert re.fullmatch(r"[1-9][0-9]*", group)
    assert defaults["securityContext"] == {
        "runAsUser": int(user),
        "runAsGroup": int(group),
        "fsGroup": int(group),
    }


def test_the_final_stage_installs_no_compiler(final: Stage) -> None:
    for run in final.arguments("RUN"):
        assert not COMPILERS.search(run), run


def test_the_compilers_of_the_builder_are_seen_by_the_check() -> None:
    (builder,) = [stage for stage in stages() if stage.name == "builder"]
    assert any(COMPILERS.search(run) for run in builder.arguments("RUN"))


def test_the_image_exposes_the_ports_of_the_services(
    final: Stage, defaults: dict[str, object]
) -> None:
    services = defaults["services"]
    assert isinstance(services, dict)
    exposed = {int(port) for ports in final.arguments("EXPOSE") for port in ports.split()}
    assert exposed == {settings["port"] for settings in services.values()}


def test_the_build_context_leaves_out_local_state() -> None:
    ignored = {
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", "var", "**/__pycache__", ".env"} <= ignored


COMMANDS = ["safecase", "safecase-intake", "safecase-hearings", "safecase-advisory"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_the_chart_runs_is_installed_by_the_workspace(command: str) -> None:
    assert command in {script.name for script in entry_points(group="console_scripts")}
