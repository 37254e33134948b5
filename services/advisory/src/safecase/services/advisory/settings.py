"""The advisory service's settings: the only reader of its environment variables.

The support service runs no organisation instance of the core: its configuration is its own.
Besides the variables every service has (address, bearer-token keys, limits), it names the
support organisation (whose tokens it accepts), its own database, the support key that opens
shares, and how many members each requested area of expertise gets.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from safecase.core.settings import ConfigurationError
from safecase.services.common.service_settings import (
    ServiceSettings,
    environment_of,
    positive_number,
)

__all__ = ["ENVIRONMENT", "AdvisorySettings"]

PREFIX = "SAFECASE_ADVISORY"
DEFAULT_ADDRESS = "127.0.0.1:50053"
ENVIRONMENT: dict[str, str] = {
    **environment_of(PREFIX, DEFAULT_ADDRESS),
    "SAFECASE_DATA_DIR": "data directory of the support service (database, keys/)",
    f"{PREFIX}_ORGANISATION_ID": (
        "id of the support organisation whose tokens the service accepts "
        "(default: SAFECASE_ORGANISATION_ID)"
    ),
    f"{PREFIX}_DATABASE_URL": (
        "SQLAlchemy URL of the advisory service's own database "
        "(default: sqlite:///<data dir>/advisory.sqlite)"
    ),
    f"{PREFIX}_SUPPORT_KEY_FILE": (
        "the support service's X25519 private key that opens shares "
        "(default: <data dir>/keys/support.key; `safecase-advisory keygen` makes one)"
    ),
    f"{PREFIX}_MEMBERS_PER_AREA": "members allocated per requested area of expertise (default 2)",
    f"{PREFIX}_SHARES_STREAM": "name of the JetStream stream of shares (default SHARES)",
    f"{PREFIX}_SWEEP_SECONDS": "how often expired shares are ended and purged (default 30)",
    "SAFECASE_NATS_URL": "NATS with JetStream of the support service's account",
    "SAFECASE_NATS_CREDS_FILE": "NATS credentials file of the support service's account",
}


@dataclass(frozen=True)
class AdvisorySettings(ServiceSettings):
    PREFIX = PREFIX
    DEFAULT_ADDRESS = DEFAULT_ADDRESS

    organisation_id: str = ""
    database_url: str = ""
    support_key_file: Path = Path()
    members_per_area: int = 2
    shares_stream: str = "SHARES"
    sweep_seconds: float = 30.0

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> AdvisorySettings:
        env = os.environ if env is None else env
        common = cls.common_fields(env)
        data_dir: Path = common["data_dir"]
        organisation = env.get(f"{PREFIX}_ORGANISATION_ID") or env.get("SAFECASE_ORGANISATION_ID")
        if not organisation:
            raise ConfigurationError(
                f"set {PREFIX}_ORGANISATION_ID to the support organisation's id"
            )
        key_file = env.get(f"{PREFIX}_SUPPORT_KEY_FILE")
        return cls(
            **common,
            organisation_id=organisation,
            database_url=env.get(f"{PREFIX}_DATABASE_URL")
            or f"sqlite:///{data_dir / 'advisory.sqlite'}",
            support_key_file=Path(key_file) if key_file else data_dir / "keys" / "support.key",
            members_per_area=int(positive_number(env, f"{PREFIX}_MEMBERS_PER_AREA", 2)),
            shares_stream=env.get(f"{PREFIX}_SHARES_STREAM") or "SHARES",
            sweep_seconds=positive_number(env, f"{PREFIX}_SWEEP_SECONDS", 30.0),
        )
