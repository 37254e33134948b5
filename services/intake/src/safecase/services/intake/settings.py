"""The intake service's settings: the only reader of its environment variables.

The organisation instance itself (organisation, plugin, database, keys) is configured as for
the ``safecase`` command: ``safecase.toml`` in ``SAFECASE_DATA_DIR``, overridden by the core's
``SAFECASE_*`` variables (:mod:`safecase.core.settings`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from safecase.core.settings import ConfigurationError, Settings, default_data_dir
from safecase.services.common.auth import TokenVerifier
from safecase.services.common.sharing import SharingKeys

__all__ = ["ENVIRONMENT", "IntakeSettings"]

MIB = 1024 * 1024
SUPPORT_KEY = "SAFECASE_INTAKE_SUPPORT_PUBLIC_KEY_FILE"
ENVIRONMENT: dict[str, str] = {
    "SAFECASE_INTAKE_ADDRESS": "host:port to listen on (default 127.0.0.1:50051)",
    "SAFECASE_DATA_DIR": "data directory of the organisation instance (safecase.toml, keys/)",
    "SAFECASE_INTAKE_JWT_SECRET": "HS256 secret of bearer tokens (embedded stack dev tokens)",
    "SAFECASE_INTAKE_JWT_PUBLIC_KEY_FILE": "PEM public key of RS256/ES256 bearer tokens",
    "SAFECASE_INTAKE_JWT_ISSUER": "required `iss` claim of bearer tokens, if any",
    "SAFECASE_INTAKE_MAX_MESSAGE_BYTES": "largest request or response in bytes (default 4 MiB)",
    "SAFECASE_INTAKE_MAX_WORKERS": "threads serving calls (default 16)",
    "SAFECASE_INTAKE_GRACE_SECONDS": "how long calls in flight may finish on SIGTERM (default 10)",
    "SAFECASE_INTAKE_SUPPORT_PUBLIC_KEY_FILE": (
        "the support service's X25519 public key that advisory shares are sealed to "
        "(default <data dir>/keys/support.pub)"
    ),
}


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        value = float(env.get(name, default))
    except ValueError:
        raise ConfigurationError(f"{name} must be a number") from None
    if value <= 0:
        raise ConfigurationError(f"{name} must be positive")
    return value


@dataclass(frozen=True)
class IntakeSettings:
    data_dir: Path
    address: str = "127.0.0.1:50051"
    jwt_secret: str | None = None
    jwt_public_key_file: Path | None = None
    jwt_issuer: str | None = None
    max_message_bytes: int = 4 * MIB
    max_workers: int = 16
    grace_seconds: float = 10.0
    support_public_key_file: Path | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> IntakeSettings:
        env = os.environ if env is None else env
        key_file = env.get("SAFECASE_INTAKE_JWT_PUBLIC_KEY_FILE")
        return cls(
            data_dir=Path(env["SAFECASE_DATA_DIR"])
            if "SAFECASE_DATA_DIR" in env
            else default_data_dir(),
            address=env.get("SAFECASE_INTAKE_ADDRESS", cls.address),
            jwt_secret=env.get("SAFECASE_INTAKE_JWT_SECRET") or None,
            jwt_public_key_file=Path(key_file) if key_file else None,
            jwt_issuer=env.get("SAFECASE_INTAKE_JWT_ISSUER") or None,
            max_message_bytes=int(_number(env, "SAFECASE_INTAKE_MAX_MESSAGE_BYTES", 4 * MIB)),
            max_workers=int(_number(env, "SAFECASE_INTAKE_MAX_WORKERS", 16)),
            grace_seconds=_number(env, "SAFECASE_INTAKE_GRACE_SECONDS", 10.0),
            support_public_key_file=Path(support) if (support := env.get(SUPPORT_KEY)) else None,
        )

    def instance_settings(self) -> Settings:
        """The organisation instance's configuration, from the data directory."""
        return Settings.load(self.data_dir)

    def sharing_keys(self) -> SharingKeys:
        """The keys of advisory sharing: the support service's public key (configured; read
        at each publication, so a key put in place later is used without a restart) and the
        organisation's advice key pair in the data directory."""
        return SharingKeys.in_data_dir(self.data_dir, self.support_public_key_file)

    def verifier(self) -> TokenVerifier:
        """The bearer-token verifier: one kind of key, never both (no algorithm confusion)."""
        if self.jwt_secret and self.jwt_public_key_file:
            raise ConfigurationError(
                "set SAFECASE_INTAKE_JWT_SECRET or SAFECASE_INTAKE_JWT_PUBLIC_KEY_FILE, not both"
            )
        if self.jwt_public_key_file:
            try:
                key = self.jwt_public_key_file.read_text(encoding="ascii")
            except OSError as exc:
                raise ConfigurationError(
                    f"cannot read the token public key {self.jwt_public_key_file}: {exc.strerror}"
                ) from None
            return TokenVerifier([key], algorithms=("RS256", "ES256"), issuer=self.jwt_issuer)
        if self.jwt_secret:
            return TokenVerifier([self.jwt_secret], algorithms=("HS256",), issuer=self.jwt_issuer)
        raise ConfigurationError(
            "no token verification key: set SAFECASE_INTAKE_JWT_SECRET (dev) or "
            "SAFECASE_INTAKE_JWT_PUBLIC_KEY_FILE"
        )
