"""Bearer-token authentication: a JWT carrying organisation, roles and subject.

Tokens are verified with keys from configuration (a shared secret for the embedded stack's
dev tokens, or public keys / a JWKS URL in production). A verified token becomes a
:class:`Principal`; the need-to-know decision itself is always the core's policy (G28), never
re-written here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import jwt

from safecase.core.commands import Actor
from safecase.core.errors import SafecaseError
from safecase.core.states import Role

__all__ = ["AuthError", "Principal", "TokenIssuer", "TokenVerifier"]

AUDIENCE = "safecase"


class AuthError(SafecaseError):
    reason = "E_UNAUTHENTICATED"


@dataclass(frozen=True)
class Principal:
    subject: str
    organisation: str
    roles: tuple[Role, ...]

    def acting_as(self, role: Role | None = None) -> Actor:
        """The actor for one call: the requested role, which the token must grant."""
        chosen = role or (self.roles[0] if self.roles else None)
        if chosen is None or chosen not in self.roles:
            raise AuthError("the token does not grant that role")
        return Actor(person_id=self.subject, role=chosen, organisation_id=self.organisation)


class TokenVerifier:
    """Verifies tokens signed with one of the configured keys (HS256 secret or RS/ES keys)."""

    def __init__(
        self,
        keys: Sequence[str | bytes],
        algorithms: Sequence[str] = ("HS256",),
        issuer: str | None = None,
    ) -> None:
        if not keys:
            raise AuthError("no token verification key is configured")
        self.keys = list(keys)
        self.algorithms = list(algorithms)
        self.issuer = issuer

    def verify(self, token: str) -> Principal:
        last: Exception | None = None
        for key in self.keys:
            try:
                claims = jwt.decode(
                    token,
                    key,
                    algorithms=self.algorithms,
                    audience=AUDIENCE,
                    issuer=self.issuer,
                    options={"require": ["exp", "sub", "org"]},
                )
            except jwt.InvalidSignatureError as exc:
                last = exc
                continue
            except jwt.PyJWTError as exc:
                raise AuthError(f"invalid token: {type(exc).__name__}") from None
            try:
                roles = tuple(Role(r) for r in claims.get("roles", []))
            except ValueError:
                raise AuthError("the token names an unknown role") from None
            return Principal(
                subject=str(claims["sub"]), organisation=str(claims["org"]), roles=roles
            )
        raise AuthError(f"invalid token: {type(last).__name__ if last else 'no key'}")


class TokenIssuer:
    """Issues dev tokens for the embedded stack (``safecase token``); never used in production."""

    def __init__(self, secret: str | bytes, issuer: str | None = None) -> None:
        self.secret = secret
        self.issuer = issuer

    def issue(
        self, subject: str, organisation: str, roles: Sequence[Role], ttl_seconds: int = 3600
    ) -> str:
        now = int(time.time())
        claims: dict[str, object] = {
            "sub": subject,
            "org": organisation,
            "roles": [r.value for r in roles],
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + ttl_seconds,
        }
        if self.issuer:
            claims["iss"] = self.issuer
        return jwt.encode(claims, self.secret, algorithm="HS256")
