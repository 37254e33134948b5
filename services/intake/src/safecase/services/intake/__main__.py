"""``safecase-intake`` / ``python -m safecase.services.intake``: serve until SIGTERM or SIGINT.

On a signal the server stops taking calls and lets those in flight finish for
``SAFECASE_INTAKE_GRACE_SECONDS``.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from safecase.core.errors import SafecaseError
from safecase.core.instance import Instance
from safecase.services.intake.app import create_server
from safecase.services.intake.settings import IntakeSettings

log = logging.getLogger("safecase.services.intake")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # the schema check's chatter
    try:
        settings = IntakeSettings.from_environment()
        instance = Instance(settings.instance_settings())
        server, port = create_server(
            instance,
            settings.verifier(),
            settings.address,
            settings.max_message_bytes,
            max_workers=settings.max_workers,
        )
    except (SafecaseError, OSError) as error:
        raise SystemExit(f"safecase-intake: {error}") from None
    stopping = threading.Event()

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping", signal.Signals(signum).name)
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.start()
    log.info("intake service of %s listening on port %d", instance.settings.organisation_id, port)
    stopping.wait()
    server.stop(settings.grace_seconds).wait()
    instance.engine.dispose()
    log.info("stopped")


if __name__ == "__main__":
    main()
