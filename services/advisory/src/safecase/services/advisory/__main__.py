"""``safecase-advisory`` / ``python -m safecase.services.advisory``.

- ``safecase-advisory`` (or ``serve``): serve until SIGTERM or SIGINT
  (:func:`safecase.services.common.serving.run_service`); with ``SAFECASE_NATS_URL`` set, the
  share consumer, the advice relay and the expiry sweep run beside the server.
- ``safecase-advisory migrate``: create or upgrade the advisory database.
- ``safecase-advisory keygen``: make the support key (private key file, mode 0600, and its
  ``.pub`` beside it, which organisations configure to seal their shares).
- ``safecase-advisory audit verify``: check the access log's hash chain.

Settings: :data:`safecase.services.advisory.settings.ENVIRONMENT`.
"""

from __future__ import annotations

import argparse
import sys

from safecase.core.errors import SafecaseError
from safecase.core.persistence.database import open_engine
from safecase.core.share_sealing import generate_support_key
from safecase.core.states import Role
from safecase.services.advisory import migrate
from safecase.services.advisory.app import AdvisoryContext, create_server, open_store
from safecase.services.advisory.consumers import advisory_workers
from safecase.services.advisory.settings import ENVIRONMENT, AdvisorySettings
from safecase.services.advisory.store import Caller
from safecase.services.common.serving import Serving, run_service

NAME = "safecase-advisory"


def build() -> Serving:
    settings = AdvisorySettings.from_environment()
    store = open_store(settings)
    server, port = create_server(
        store,
        settings.verifier(),
        settings.address,
        settings.max_message_bytes,
        max_workers=settings.max_workers,
    )
    workers = advisory_workers(
        store, stream=settings.shares_stream, sweep_seconds=settings.sweep_seconds
    )
    return Serving(server, port, AdvisoryContext(settings, store), settings.grace_seconds, workers)


def _migrate() -> str:
    settings = AdvisorySettings.from_environment()
    engine = open_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
        return f"advisory database at revision {migrate.current(engine)}"
    finally:
        engine.dispose()


def _keygen() -> str:
    settings = AdvisorySettings.from_environment()
    path = settings.support_key_file
    if path.exists():
        raise SystemExit(f"{NAME}: {path} exists; a support key is never overwritten")
    generate_support_key(path)
    return f"support key written to {path}; give organisations {path.with_suffix('.pub')}"


def _verify() -> str:
    settings = AdvisorySettings.from_environment()
    store = open_store(settings)
    try:
        entries, broken, _newest = store.verify_access_log(Caller("operator", Role.AUD))
    finally:
        store.engine.dispose()
    if broken is not None:
        raise SystemExit(f"{NAME}: the access log is broken at entry {broken} of {entries}")
    return f"access log intact: {entries} entries"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog=NAME,
        description="The support service's advisory service (Case Advisory Group).",
        epilog="environment:\n" + "\n".join(f"  {k}: {v}" for k, v in ENVIRONMENT.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="serve until SIGTERM (the default)")
    commands.add_parser("migrate", help="create or upgrade the advisory database")
    commands.add_parser("keygen", help="make the support key and its public half")
    audit = commands.add_parser("audit", help="the access log")
    audit.add_argument("action", choices=["verify"])
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command in (None, "serve"):
        run_service(NAME, build)
        return
    actions = {"migrate": _migrate, "keygen": _keygen, "audit": _verify}
    try:
        print(actions[args.command]())
    except SafecaseError as error:
        raise SystemExit(f"{NAME}: {error}") from None


if __name__ == "__main__":
    main()
