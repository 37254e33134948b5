"""What every gRPC service of an organisation instance reads from its environment.

Each service has its own ``SAFECASE_<SERVICE>_*`` variables (address, bearer-token keys,
message size, workers, grace period on SIGTERM); their meaning and validation are the same for
all services, so they are read here once. A service's settings class subclasses
:class:`ServiceSettings`, names its prefix and default address, and adds what only it has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from safecase.core.settings import ConfigurationError, Settings, default_data_dir
from safecase.services.common.auth import TokenVerifier

__all__ = ["MIB", "ServiceSettings", "environment_of", "positive_number"]

MIB = 1024 * 1024


def positive_number(env: Mapping[str, str], name: str, default: float) -> float:
    """``env[name]`` as a positive number, or ``default`` when unset."""
    try:
        value = float(env.get(name, default))
    except ValueError:
        raise ConfigurationError(f"{name} must be a number") from None
    if value <= 0:
        raise ConfigurationError(f"{name} must be positive")
    return value


def environment_of(prefix: str, default_address: str) -> dict[str, str]:
    """The documentation of a service's common variables (for its README and ``--help``)."""
    return {
        f"{prefix}_ADDRESS": f"host:port to listen on (default {default_address})",
        "SAFECASE_DATA_DIR": "data directory of the organisation instance (safecase.toml, keys/)",
        f"{prefix}_JWT_SECRET": "HS256 secret of bearer tokens (embedded stack dev tokens)",
        f"{prefix}_JWT_PUBLIC_KEY_FILE": "PEM public key of RS256/ES256 bearer tokens",
        f"{prefix}_JWT_ISSUER": "required `iss` claim of bearer tokens, if any",
        f"{prefix}_MAX_MESSAGE_BYTES": "largest request or response in bytes (default 4 MiB)",
        f"{prefix}_MAX_WORKERS": "threads serving calls (default two per core, at least four)",
        f"{prefix}_GRACE_SECONDS": "how long calls in flight may finish on SIGTERM (default 10)",
    }


@dataclass(frozen=True)
class ServiceSettings:
    """The settings every service has; ``PREFIX`` names its variables (``SAFECASE_INTAKE``)."""

    PREFIX: ClassVar[str] = "SAFECASE_SERVICE"
    DEFAULT_ADDRESS: ClassVar[str] = "127.0.0.1:0"

    data_dir: Path
    address: str
    jwt_secret: str | None = None
    jwt_public_key_file: Path | None = None
    jwt_issuer: str | None = None
    max_message_bytes: int = 4 * MIB
    max_workers: int | None = None  # None: two per core, at least four
    grace_seconds: float = 10.0

    @classmethod
    def common_fields(cls, env: Mapping[str, str]) -> dict[str, Any]:
        """The common fields' values from ``env`` (keyword arguments of the constructor)."""
        prefix = cls.PREFIX
        key_file = env.get(f"{prefix}_JWT_PUBLIC_KEY_FILE")
        return {
            "data_dir": Path(env["SAFECASE_DATA_DIR"])
            if "SAFECASE_DATA_DIR" in env
            else default_data_dir(),
            "address": env.get(f"{prefix}_ADDRESS", cls.DEFAULT_ADDRESS),
            "jwt_secret": env.get(f"{prefix}_JWT_SECRET") or None,
            "jwt_public_key_file": Path(key_file) if key_file else None,
            "jwt_issuer": env.get(f"{prefix}_JWT_ISSUER") or None,
            "max_message_bytes": int(positive_number(env, f"{prefix}_MAX_MESSAGE_BYTES", 4 * MIB)),
            "max_workers": int(positive_number(env, f"{prefix}_MAX_WORKERS", 1))
            if f"{prefix}_MAX_WORKERS" in env
            else None,
            "grace_seconds": positive_number(env, f"{prefix}_GRACE_SECONDS", 10.0),
        }

    def instance_settings(self) -> Settings:
        """The organisation instance's configuration, from the data directory."""
        return Settings.load(self.data_dir)

    def verifier(self) -> TokenVerifier:
        """The bearer-token verifier: one kind of key, never both (no algorithm confusion)."""
        prefix = self.PREFIX
        if self.jwt_secret and self.jwt_public_key_file:
            raise ConfigurationError(
                f"set {prefix}_JWT_SECRET or {prefix}_JWT_PUBLIC_KEY_FILE, not both"
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
            f"no token verification key: set {prefix}_JWT_SECRET (dev) or "
            f"{prefix}_JWT_PUBLIC_KEY_FILE"
        )
