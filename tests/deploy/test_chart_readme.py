"""The chart's README is executed: its examples render, agree with each other and its error
messages are the ones Helm prints."""

from __future__ import annotations

import copy
import itertools
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import helm_python
import kubernetes_validate
import pytest
import yaml

Manifest = dict[str, Any]
Render = Callable[[dict[str, Any]], list[Manifest]]
README = Path(__file__).resolve().parents[2] / "charts" / "safecase" / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    return [body for lang, body in FENCE.findall(text) if lang == language]


def release_examples() -> dict[str, dict[str, Any]]:
    """The values files of the README, by the name in their first line ``# safecase: <name>``."""
    found = {}
    for body in blocks("yaml"):
        first, _, _ = body.partition("\n")
        if first.startswith("# safecase: "):
            found[first.removeprefix("# safecase: ")] = yaml.safe_load(body)
    return found


def nats_accounts() -> dict[str, Any]:
    (values,) = [yaml.safe_load(b) for b in blocks("yaml") if b.startswith("# nats-values.yaml")]
    accounts: dict[str, Any] = values["config"]["merge"]["accounts"]
    return accounts


def console_errors() -> list[tuple[str, str]]:
    """(command, what Helm printed after ``Error: INSTALLATION FAILED: ``) of each example."""
    found = []
    for body in blocks("console"):
        command, _, printed = body.partition("\n")
        _, _, error = printed.partition("Error: INSTALLATION FAILED: ")
        found.append((command.removeprefix("$ "), error.rstrip("\n")))
    return found


def test_every_yaml_example_is_yaml() -> None:
    examples = blocks("yaml")
    assert len(examples) >= 4
    for body in examples:
        assert yaml.safe_load(body) is not None


@pytest.mark.parametrize("name", ["swim-scotland.yaml", "cmss.yaml"])
def test_each_install_example_renders_valid_manifests(name: str, render: Render) -> None:
    manifests = render(release_examples()[name])
    assert any(m["kind"] == "Deployment" for m in manifests)
    for manifest in manifests:
        kubernetes_validate.validate(manifest, "1.31", strict=True)


def test_the_postgresql_example_provides_the_secret_and_labels_the_organisation_example_uses() -> (
    None
):
    (cluster,) = [
        yaml.safe_load(b) for b in blocks("yaml") if "kind: Cluster" in b and "cnpg.io" in b
    ]
    organisation = release_examples()["swim-scotland.yaml"]
    assert organisation["database"]["existingSecret"] == f"{cluster['metadata']['name']}-app"
    (peer,) = organisation["networkPolicy"]["egress"]["postgresql"]["to"]
    assert peer["podSelector"]["matchLabels"] == {"cnpg.io/cluster": cluster["metadata"]["name"]}


def test_every_organisation_account_shares_only_with_the_support_service() -> None:
    accounts = nats_accounts()
    support = "CMSS"
    organisations = set(accounts) - {support}
    assert organisations
    for account in organisations:
        organisation = "-".join(account.lower().split("_"))
        assert accounts[account]["jetstream"] == "enabled"
        assert accounts[account]["exports"] == [
            {"stream": f"safecase.{organisation}.shares.>", "accounts": [support]},
            {"stream": f"safecase.{organisation}.revocations.>", "accounts": [support]},
        ]
        assert accounts[account]["imports"] == [
            {"stream": {"account": support, "subject": f"safecase.advice.{organisation}.>"}}
        ]


def test_the_support_service_sends_each_organisation_only_its_own_advice() -> None:
    accounts = nats_accounts()
    support = accounts.pop("CMSS")
    assert support["jetstream"] == "enabled"
    expected_exports = []
    expected_imports = []
    for account in accounts:
        organisation = "-".join(account.lower().split("_"))
        expected_exports.append(
            {"stream": f"safecase.advice.{organisation}.>", "accounts": [account]}
        )
        for collection in ("shares", "revocations"):
            subject = f"safecase.{organisation}.{collection}.>"
            expected_imports.append({"stream": {"account": account, "subject": subject}})
    assert support["exports"] == expected_exports
    assert support["imports"] == expected_imports


def set_option(values: dict[str, Any], assignment: str, *, as_string: bool) -> None:
    path, _, raw = assignment.partition("=")
    value: Any = raw if as_string or not raw else yaml.safe_load(raw)
    *parents, last = path.split(".")
    for key in parents:
        values = values.setdefault(key, {})
    values[last] = value


def values_of(command: str) -> dict[str, Any]:
    """The values ``helm install ... -f <example> --set ...`` of a README command would use."""
    words = shlex.split(command)
    values = copy.deepcopy(release_examples()[words[words.index("-f") + 1]])
    for option, assignment in itertools.pairwise(words):
        if option in ("--set", "--set-string"):
            set_option(values, assignment, as_string=option == "--set-string")
    return values


def test_the_errors_shown_are_those_helm_prints(render: Render) -> None:
    examples = console_errors()
    assert len(examples) >= 3
    for command, shown in examples:
        with pytest.raises(helm_python.HelmError) as failure:
            render(values_of(command))
        printed = str(failure.value).rstrip("\n")
        if isinstance(failure.value, helm_python.HelmValuesError):
            # one line per refused value, in no fixed order
            assert sorted(shown.splitlines()) == sorted(printed.splitlines())
        else:  # the template position moves as templates change; the message does not
            assert shown.partition("): ")[2] == printed.partition("): ")[2]
            assert shown.partition("): ")[2]
