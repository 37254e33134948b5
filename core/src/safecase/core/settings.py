"""The configuration of an organisation instance: the only reader of environment variables.

An instance lives in a data directory holding ``safecase.toml``; environment variables override
it (the container way). Every setting is documented in :data:`ENVIRONMENT`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from safecase.core.errors import SafecaseError

__all__ = ["ENVIRONMENT", "ConfigurationError", "Settings", "default_data_dir"]

CONFIG_FILE = "safecase.toml"
ENVIRONMENT: dict[str, str] = {
    "SAFECASE_DATA_DIR": "data directory holding safecase.toml, keys/ and the SQLite database",
    "SAFECASE_DATABASE_URL": (
        "SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (default: SQLite in the data dir)"
    ),
    "SAFECASE_ORG_KEY_FILE": (
        "file holding the organisation key (default: <data dir>/keys/organisation.key)"
    ),
    "SAFECASE_ORGANISATION_ID": "the organisation's id (lower case, digits, - and _)",
    "SAFECASE_PLUGIN": "the organisation's plugin (entry-point name, e.g. scotland)",
    "SAFECASE_RULE_SET": "the rule-set id when the plugin offers several",
}


class ConfigurationError(SafecaseError):
    reason = "E_CONFIGURATION"


def default_data_dir() -> Path:
    return Path(os.environ.get("SAFECASE_DATA_DIR", "var/safecase"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    organisation_id: str
    organisation_name: str
    plugin: str
    rule_set: str | None = None
    database_url: str = ""
    key_file: Path = Path()
    rule_set_overrides: dict[str, Any] = field(default_factory=dict)
    # G11: the organisation's data sharing agreements with an advisory service, as written in
    # ``[[organisation.data_sharing_agreements]]`` (counterparty, valid_from, valid_to).
    data_sharing_agreements: tuple[dict[str, Any], ...] = ()

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Settings:
        """Read ``safecase.toml`` of the data directory, then apply environment overrides."""
        directory = data_dir or default_data_dir()
        path = directory / CONFIG_FILE
        if not path.is_file():
            raise ConfigurationError(
                f"no safecase instance in {directory}: "
                f"run `safecase init --data-dir {directory}` first"
            )
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(f"{path} is not valid TOML: {exc}") from None
        organisation = data.get("organisation", {})
        env = os.environ
        try:
            return cls(
                data_dir=directory,
                organisation_id=env.get("SAFECASE_ORGANISATION_ID", organisation["id"]),
                organisation_name=organisation.get("name", organisation["id"]),
                plugin=env.get("SAFECASE_PLUGIN", organisation["plugin"]),
                rule_set=env.get("SAFECASE_RULE_SET", organisation.get("rule_set")),
                database_url=env.get(
                    "SAFECASE_DATABASE_URL",
                    data.get("database", {}).get("url", f"sqlite:///{directory / 'safecase.db'}"),
                ),
                key_file=Path(
                    env.get(
                        "SAFECASE_ORG_KEY_FILE",
                        directory
                        / data.get("keys", {}).get(
                            "organisation_key_file", "keys/organisation.key"
                        ),
                    )
                ),
                rule_set_overrides=data.get("rule_set_overrides", {}),
                data_sharing_agreements=tuple(organisation.get("data_sharing_agreements", ())),
            )
        except KeyError as missing:
            raise ConfigurationError(
                f"{path} lacks the setting organisation.{missing.args[0]}"
            ) from None

    @staticmethod
    def add_data_sharing_agreement(
        directory: Path, counterparty: str, valid_from: datetime, valid_to: datetime
    ) -> None:
        """Record a data sharing agreement (G11) in the instance's ``safecase.toml``."""
        path = directory / CONFIG_FILE
        with path.open("a", encoding="utf-8") as config:
            config.write(
                "\n[[organisation.data_sharing_agreements]]\n"
                f'counterparty = "{counterparty}"\n'
                f'valid_from = "{valid_from.isoformat()}"\n'
                f'valid_to = "{valid_to.isoformat()}"\n'
            )

    @staticmethod
    def write(
        directory: Path,
        *,
        organisation_id: str,
        organisation_name: str,
        plugin: str,
        rule_set: str | None = None,
        database_url: str | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> Path:
        """Write a new ``safecase.toml`` (refuses to overwrite an existing instance)."""
        path = directory / CONFIG_FILE
        if path.exists():
            raise ConfigurationError(f"{directory} already holds a safecase instance")
        directory.mkdir(parents=True, exist_ok=True)
        lines = [
            "# safecase instance configuration; environment variables SAFECASE_* override it.",
            "[organisation]",
            f'id = "{organisation_id}"',
            f'name = "{organisation_name}"',
            f'plugin = "{plugin}"',
        ]
        if rule_set:
            lines.append(f'rule_set = "{rule_set}"')
        if database_url:
            lines += ["", "[database]", f'url = "{database_url}"']
        lines += ["", "[keys]", 'organisation_key_file = "keys/organisation.key"']
        for section, values in (overrides or {}).items():
            lines += ["", f"[rule_set_overrides.{section}]"]
            lines += [f'{k} = "{v}"' for k, v in values.items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
