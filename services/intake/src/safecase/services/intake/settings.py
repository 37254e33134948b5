"""The intake service's settings: the only reader of its environment variables.

The organisation instance itself (organisation, plugin, database, keys) is configured as for
the ``safecase`` command: ``safecase.toml`` in ``SAFECASE_DATA_DIR``, overridden by the core's
``SAFECASE_*`` variables (:mod:`safecase.core.settings`). What every service reads (address,
token keys, sizes, workers, grace period) is read by
:class:`~safecase.services.common.service_settings.ServiceSettings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from safecase.services.common.service_settings import ServiceSettings, environment_of
from safecase.services.common.sharing import SharingKeys

__all__ = ["ENVIRONMENT", "IntakeSettings"]

PREFIX = "SAFECASE_INTAKE"
DEFAULT_ADDRESS = "127.0.0.1:50051"
SUPPORT_KEY = f"{PREFIX}_SUPPORT_PUBLIC_KEY_FILE"
ENVIRONMENT: dict[str, str] = {
    **environment_of(PREFIX, DEFAULT_ADDRESS),
    SUPPORT_KEY: (
        "the support service's X25519 public key that advisory shares are sealed to "
        "(default <data dir>/keys/support.pub)"
    ),
}


@dataclass(frozen=True)
class IntakeSettings(ServiceSettings):
    PREFIX = PREFIX
    DEFAULT_ADDRESS = DEFAULT_ADDRESS

    support_public_key_file: Path | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> IntakeSettings:
        env = os.environ if env is None else env
        support = env.get(SUPPORT_KEY)
        return cls(
            **cls.common_fields(env),
            support_public_key_file=Path(support) if support else None,
        )

    def sharing_keys(self) -> SharingKeys:
        """The keys of advisory sharing: the support service's public key (configured; read
        at each publication, so a key put in place later is used without a restart) and the
        organisation's advice key pair in the data directory."""
        return SharingKeys.in_data_dir(self.data_dir, self.support_public_key_file)
