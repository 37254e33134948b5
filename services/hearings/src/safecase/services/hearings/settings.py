"""The hearings service's settings: the only reader of its environment variables.

The organisation instance (organisation, plugin, keys) is configured as for the ``safecase``
command: ``safecase.toml`` in ``SAFECASE_DATA_DIR``, overridden by the core's ``SAFECASE_*``
variables (:mod:`safecase.core.settings`). The hearing context owns its own database
(DESIGN.md "Data ownership"), so the instance's database is replaced by
``SAFECASE_HEARINGS_DATABASE_URL`` (default: ``hearings.sqlite`` in the data directory), never
the case context's.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass

from safecase.core.settings import Settings
from safecase.services.common.service_settings import ServiceSettings, environment_of

__all__ = ["ENVIRONMENT", "HearingsSettings"]

PREFIX = "SAFECASE_HEARINGS"
DEFAULT_ADDRESS = "127.0.0.1:50052"
ENVIRONMENT: dict[str, str] = {
    **environment_of(PREFIX, DEFAULT_ADDRESS),
    f"{PREFIX}_DATABASE_URL": (
        "SQLAlchemy URL of the hearing context's own database "
        "(default: sqlite:///<data dir>/hearings.sqlite)"
    ),
}


@dataclass(frozen=True)
class HearingsSettings(ServiceSettings):
    PREFIX = PREFIX
    DEFAULT_ADDRESS = DEFAULT_ADDRESS

    database_url: str | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> HearingsSettings:
        env = os.environ if env is None else env
        return cls(
            **cls.common_fields(env),
            database_url=env.get(f"{PREFIX}_DATABASE_URL") or None,
        )

    def instance_settings(self) -> Settings:
        """The instance's configuration with the hearing context's database."""
        settings = super().instance_settings()
        url = self.database_url or f"sqlite:///{self.data_dir / 'hearings.sqlite'}"
        return dataclasses.replace(settings, database_url=url)
