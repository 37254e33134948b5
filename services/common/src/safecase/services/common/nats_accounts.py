"""NATS accounts that keep organisations apart on one NATS deployment.

Every organisation is a NATS account of its own and so is the support service (``SUPPORT``):
what is published in one account is invisible in every other, JetStream included, unless an
account exports a subject and another imports it. Exactly two kinds of subject cross:

- shares and revocations, ``safecase.advisory.shares.<org>.<share id>.published|revoked``: the
  support account exports them as a *service* to that organisation only, the organisation
  imports it, and they land in the support account's ``SHARES`` stream;
- advice, ``safecase.advisory.advice.<org>.<share id>``: the organisation exports it as a
  service to the support account only, the support account imports it, and it lands in the
  organisation's own ``ADVICE`` stream.

Both are services rather than streams because a service import carries the reply back: the
publisher gets JetStream's acknowledgement (and its duplicate detection) from a stream in
another account, which is what lets the outbox relay mark a row sent. An organisation's own
events (``safecase.<org>.>``, stream ``SAFECASE_<ORG>``) never leave its account.

The embedded stack renders a ``nats-server`` configuration from this model, with one generated
user and password per account. The rendered text holds no password: it names an environment
variable per account, which the server resolves when it reads the file, so the configuration
may be shown and compared while the passwords stay in their own files (mode 0600). Production
uses NATS credentials files (nkeys and JWT) made with ``nsc`` for the same accounts, exports
and imports.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import BadRequestError

from safecase.core.errors import SafecaseError

__all__ = [
    "ADVICE_STREAM",
    "ORGANISATION_ID",
    "SHARES_STREAM",
    "SHARES_SUBJECTS",
    "SUPPORT_ACCOUNT",
    "Account",
    "InvalidNatsAccounts",
    "NatsAccounts",
    "Password",
    "ServiceExport",
    "ServiceImport",
    "ShareEvent",
    "account_name",
    "account_passwords",
    "account_url",
    "advice_subject",
    "advice_subjects",
    "check_organisation_id",
    "ensure_advice_stream",
    "ensure_shares_stream",
    "events_subjects",
    "new_password",
    "render_config",
    "server_environment",
    "shares_subject",
    "shares_subjects",
]

ORGANISATION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# ``safecase.advisory.>`` is the tree that crosses accounts: an organisation called "advisory"
# would capture it in its own events stream.
RESERVED_ORGANISATION_IDS = frozenset({"advisory"})
SUPPORT_ACCOUNT = "SUPPORT"
SHARES_STREAM = "SHARES"
ADVICE_STREAM = "ADVICE"
SHARES_SUBJECTS = "safecase.advisory.shares.>"
PASSWORD_VARIABLE_PREFIX = "SAFECASE_NATS_PASSWORD_"  # noqa: S105  (a variable name)
PASSWORD_SUFFIX = ".password"  # noqa: S105  (a file name)
# Like the organisation's own stream: a relay retrying within a day is recognised as a duplicate.
DUPLICATE_WINDOW_SECONDS = 24 * 3600.0
# A subject token: no separators, wildcards or white space.
_TOKEN = re.compile(r"^[^.*>\s]+$")


class InvalidNatsAccounts(SafecaseError, ValueError):
    """An organisation id or account set that cannot be turned into isolated NATS accounts."""

    reason = "E_NATS_ACCOUNTS"


class ShareEvent(StrEnum):
    """The last token of a share subject: what happened to the share."""

    PUBLISHED = "published"
    REVOKED = "revoked"


def check_organisation_id(organisation_id: str) -> str:
    """``organisation_id`` if it can name an account and a subject token, else a clear error.

    The id is a subject token as it is (``safecase.<org>.>``), so a dot, a wildcard or a space
    in it would widen what an account exports.
    """
    if not ORGANISATION_ID.fullmatch(organisation_id):
        raise InvalidNatsAccounts(
            f"organisation id {organisation_id!r} does not match {ORGANISATION_ID.pattern}: "
            "lower-case letters, digits, '-' and '_', starting with a letter or digit"
        )
    if organisation_id in RESERVED_ORGANISATION_IDS:
        raise InvalidNatsAccounts(
            f"organisation id {organisation_id!r} is reserved: safecase.{organisation_id}.> "
            "carries what crosses accounts"
        )
    return organisation_id


def account_name(organisation_id: str) -> str:
    """The organisation's account: its id in upper case with ``-`` as ``_`` (``ORG_A``)."""
    return check_organisation_id(organisation_id).upper().replace("-", "_")


def _token(value: str, what: str) -> str:
    if not _TOKEN.fullmatch(value):
        raise InvalidNatsAccounts(
            f"{what} {value!r} is not one subject token (no '.', '*', '>' or spaces)"
        )
    return value


def events_subjects(organisation_id: str) -> str:
    """Every event of the organisation's own stream; they never leave its account."""
    return f"safecase.{check_organisation_id(organisation_id)}.>"


def shares_subjects(organisation_id: str) -> str:
    """The shares and revocations of one organisation: exported by the support account to it."""
    return f"safecase.advisory.shares.{check_organisation_id(organisation_id)}.>"


def shares_subject(organisation_id: str, share_id: str, kind: ShareEvent | str) -> str:
    """Where the organisation publishes that a share was published or revoked."""
    event = ShareEvent(kind)
    share = _token(share_id, "share id")
    return f"safecase.advisory.shares.{check_organisation_id(organisation_id)}.{share}.{event}"


def advice_subjects(organisation_id: str) -> str:
    """The advice for one organisation: exported by it to the support account only."""
    return f"safecase.advisory.advice.{check_organisation_id(organisation_id)}.>"


def advice_subject(organisation_id: str, share_id: str) -> str:
    """Where the support service publishes advice on one of the organisation's shares."""
    share = _token(share_id, "share id")
    return f"safecase.advisory.advice.{check_organisation_id(organisation_id)}.{share}"


@dataclass(frozen=True)
class ServiceExport:
    """``subject`` offered as a service to one account only."""

    subject: str
    to_account: str


@dataclass(frozen=True)
class ServiceImport:
    """``subject`` of another account's service, usable in this account."""

    subject: str
    from_account: str


@dataclass(frozen=True)
class Account:
    """One NATS account with JetStream, its one user, and what crosses its boundary."""

    name: str
    organisation_id: str | None  # None for the support account
    exports: tuple[ServiceExport, ...]
    imports: tuple[ServiceImport, ...]

    @property
    def user(self) -> str:
        return self.name.lower()

    @property
    def password_variable(self) -> str:
        """The environment variable the rendered configuration reads the password from."""
        return PASSWORD_VARIABLE_PREFIX + self.name


class NatsAccounts:
    """The organisations on one NATS deployment and the support service that advises them.

    Built from organisation ids; two ids that would name the same account are refused, since
    they would then read each other's events.
    """

    __slots__ = ("_by_name", "_ids")

    def __init__(self, organisation_ids: Iterable[str]) -> None:
        ids = tuple(sorted(set(organisation_ids)))
        taken: dict[str, str] = {SUPPORT_ACCOUNT: "the support service"}
        for organisation_id in ids:
            name = account_name(organisation_id)
            if name in taken:
                raise InvalidNatsAccounts(
                    f"organisation id {organisation_id!r} would share the account {name} with "
                    f"{taken[name]}"
                )
            taken[name] = repr(organisation_id)
        self._ids = ids
        accounts = [self._organisation(organisation_id) for organisation_id in ids]
        accounts.append(self._support(ids))
        self._by_name = {account.name: account for account in accounts}

    def __repr__(self) -> str:
        return f"NatsAccounts({list(self._ids)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NatsAccounts) and self._ids == other._ids

    def __hash__(self) -> int:
        return hash(self._ids)

    @property
    def organisation_ids(self) -> tuple[str, ...]:
        return self._ids

    @staticmethod
    def _organisation(organisation_id: str) -> Account:
        return Account(
            name=account_name(organisation_id),
            organisation_id=organisation_id,
            exports=(ServiceExport(advice_subjects(organisation_id), SUPPORT_ACCOUNT),),
            imports=(ServiceImport(shares_subjects(organisation_id), SUPPORT_ACCOUNT),),
        )

    @staticmethod
    def _support(organisation_ids: tuple[str, ...]) -> Account:
        return Account(
            name=SUPPORT_ACCOUNT,
            organisation_id=None,
            exports=tuple(
                ServiceExport(shares_subjects(o), account_name(o)) for o in organisation_ids
            ),
            imports=tuple(
                ServiceImport(advice_subjects(o), account_name(o)) for o in organisation_ids
            ),
        )

    @property
    def accounts(self) -> tuple[Account, ...]:
        """The organisations' accounts in order of their ids, then the support account."""
        return tuple(self._by_name.values())

    @property
    def support(self) -> Account:
        return self._by_name[SUPPORT_ACCOUNT]

    def organisation(self, organisation_id: str) -> Account:
        """The account of ``organisation_id``, which must be one of these organisations."""
        account = self._by_name.get(account_name(organisation_id))
        if account is None or account.organisation_id != organisation_id:
            raise InvalidNatsAccounts(f"organisation {organisation_id!r} has no account here")
        return account


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render_config(
    accounts: NatsAccounts, *, store_dir: Path, port: int, host: str = "127.0.0.1"
) -> str:
    """The ``nats-server`` configuration of ``accounts``: the same input gives the same text.

    It holds no password; each user's password is the environment variable
    ``SAFECASE_NATS_PASSWORD_<ACCOUNT>`` of the server process (:func:`server_environment`).
    """
    lines = [
        "# safecase: one NATS account per organisation and one for the support service.",
        "# Passwords come from the server's environment (SAFECASE_NATS_PASSWORD_<ACCOUNT>).",
        f"listen: {_quoted(f'{host}:{port}')}",
        "jetstream {",
        f"  store_dir: {_quoted(str(store_dir))}",
        "}",
        "accounts {",
    ]
    for account in accounts.accounts:
        lines += [
            f"  {account.name} {{",
            "    jetstream: enabled",
            "    users: [",
            f"      {{user: {_quoted(account.user)}, password: ${account.password_variable}}}",
            "    ]",
        ]
        if account.exports:
            lines.append("    exports: [")
            lines += [
                f"      {{service: {_quoted(e.subject)}, accounts: [{e.to_account}]}}"
                for e in account.exports
            ]
            lines.append("    ]")
        if account.imports:
            lines.append("    imports: [")
            lines += [
                f"      {{service: {{account: {i.from_account}, subject: {_quoted(i.subject)}}}}}"
                for i in account.imports
            ]
            lines.append("    ]")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


class Password:
    """An account's password: shown as asterisks by ``repr`` and ``str``, so that a log line
    or a traceback that prints it reveals nothing; :meth:`reveal` gives the text."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Password('********')"

    def __str__(self) -> str:
        return "********"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Password) and secrets.compare_digest(self._value, other._value)

    def __hash__(self) -> int:
        return hash(self._value)


def account_passwords(directory: Path, accounts: NatsAccounts) -> dict[str, Password]:
    """Each account's password by account name, from ``<directory>/<ACCOUNT>.password``.

    A missing one is generated (random) and written readable by its owner only; an existing
    file is kept, so that services started earlier keep connecting, and its mode is narrowed
    to 0600 if it was wider.
    """
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    directory.chmod(0o700)
    passwords: dict[str, Password] = {}
    for account in accounts.accounts:
        path = directory / f"{account.name}{PASSWORD_SUFFIX}"
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            if stat.S_IMODE(path.stat().st_mode) != 0o600:
                path.chmod(0o600)
            if not _readable_by_the_server(path.read_text(encoding="ascii").strip()):
                path.write_text(new_password(), encoding="ascii")  # it never started with it
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(new_password())
        passwords[account.name] = Password(path.read_text(encoding="ascii").strip())
    return passwords


def new_password() -> str:
    """A random account password that ``nats-server`` reads back as a string.

    The server parses the value of ``$SAFECASE_NATS_PASSWORD_<ACCOUNT>`` like any value of its
    configuration: one starting with ``-``, or with a digit and ``-``, is read as a number or a
    date and the server does not start. So the password starts with a letter; the rest is 32
    random URL-safe bytes.
    """
    return "s" + secrets.token_urlsafe(32)


def _readable_by_the_server(password: str) -> bool:
    return password[:1].isascii() and password[:1].isalpha()


def server_environment(accounts: NatsAccounts, passwords: Mapping[str, Password]) -> dict[str, str]:
    """The environment variables through which the server reads the rendered config's passwords."""
    return {
        account.password_variable: passwords[account.name].reveal() for account in accounts.accounts
    }


def account_url(server_url: str, account: Account, password: Password) -> str:
    """``server_url`` with the account's user and password, for :func:`connect`.

    The result holds the password: pass it on, never log it (``connect`` logs it redacted).
    """
    parts = urlsplit(server_url)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{quote(account.user, safe='')}:{quote(password.reveal(), safe='')}@{host}"
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme or "nats", netloc, parts.path, parts.query, parts.fragment))


async def _ensure(js: JetStreamContext, config: StreamConfig) -> str:
    try:
        await js.add_stream(config)
    except BadRequestError:
        await js.update_stream(config)
    assert config.name is not None
    return config.name


async def ensure_shares_stream(js: JetStreamContext) -> str:
    """The support account's ``SHARES`` stream: every organisation's shares and revocations.

    Call it with a JetStream context of the support account.
    """
    return await _ensure(
        js,
        StreamConfig(
            name=SHARES_STREAM,
            subjects=[SHARES_SUBJECTS],
            storage=StorageType.FILE,
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
        ),
    )


async def ensure_advice_stream(js: JetStreamContext, organisation_id: str) -> str:
    """The organisation's ``ADVICE`` stream: the advice the support service sent it.

    Call it with a JetStream context of the organisation's account.
    """
    return await _ensure(
        js,
        StreamConfig(
            name=ADVICE_STREAM,
            subjects=[advice_subjects(organisation_id)],
            storage=StorageType.FILE,
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
        ),
    )
