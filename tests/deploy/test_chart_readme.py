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

from safecase.services.common.nats_accounts import (
    ADVICE_STREAM,
    SHARES_STREAM,
    SHARES_SUBJECTS,
    SUPPORT_ACCOUNT,
    ShareEvent,
    account_name,
    advice_subject,
    advice_subjects,
    shares_subject,
    shares_subjects,
)

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


def organisation_of(account: str) -> str:
    """The organisation id of a README account (its examples' ids use ``-``, never ``_``)."""
    organisation = account.lower().replace("_", "-")
    assert account_name(organisation) == account
    return organisation


def test_every_organisation_account_shares_only_with_the_support_service() -> None:
    accounts = nats_accounts()
    organisations = set(accounts) - {SUPPORT_ACCOUNT}
    assert organisations
    for account in organisations:
        organisation = organisation_of(account)
        assert accounts[account]["jetstream"] == "enabled"
        assert accounts[account]["imports"] == [
            {"service": {"account": SUPPORT_ACCOUNT, "subject": shares_subjects(organisation)}}
        ]
        assert accounts[account]["exports"] == [
            {"service": advice_subjects(organisation), "accounts": [SUPPORT_ACCOUNT]}
        ]


def test_the_support_service_sends_each_organisation_only_its_own_advice() -> None:
    accounts = nats_accounts()
    support = accounts.pop(SUPPORT_ACCOUNT)
    assert support["jetstream"] == "enabled"
    expected_exports = []
    expected_imports = []
    for account in accounts:
        organisation = organisation_of(account)
        expected_exports.append({"service": shares_subjects(organisation), "accounts": [account]})
        expected_imports.append(
            {"service": {"account": account, "subject": advice_subjects(organisation)}}
        )
    assert support["exports"] == expected_exports
    assert support["imports"] == expected_imports


def test_the_subjects_named_in_the_text_are_those_of_the_accounts() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## NATS accounts") : text.index("## Values")]

    def placeholders(subject: str) -> str:
        return subject.replace("swim-scotland", "<organisation>").replace("s1", "<share>")

    for subject in (
        shares_subject("swim-scotland", "s1", ShareEvent.PUBLISHED),
        shares_subject("swim-scotland", "s1", ShareEvent.REVOKED),
        advice_subject("swim-scotland", "s1"),
        shares_subjects("swim-scotland"),
        advice_subjects("swim-scotland"),
        SHARES_SUBJECTS,
    ):
        assert f"`{placeholders(subject)}`" in section
    assert f"`{SHARES_STREAM}`" in section
    assert f"`{ADVICE_STREAM}`" in section


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
