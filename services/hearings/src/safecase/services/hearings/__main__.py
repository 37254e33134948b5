"""``safecase-hearings`` / ``python -m safecase.services.hearings``: serve until SIGTERM or SIGINT
(:func:`safecase.services.common.serving.run_service`), with ``SAFECASE_HEARINGS_GRACE_SECONDS``
for the calls in flight."""

from __future__ import annotations

from safecase.services.common.backbone import context_workers
from safecase.services.common.serving import Serving, run_service
from safecase.services.hearings.app import create_server
from safecase.services.hearings.context import hearing_context
from safecase.services.hearings.settings import HearingsSettings


def build() -> Serving:
    settings = HearingsSettings.from_environment()
    instance = hearing_context(settings.instance_settings())
    server, port = create_server(
        instance,
        settings.verifier(),
        settings.address,
        settings.max_message_bytes,
        max_workers=settings.max_workers,
    )
    workers = context_workers(instance, "hearing")
    return Serving(server, port, instance, settings.grace_seconds, workers)


def main() -> None:
    run_service("safecase-hearings", build)


if __name__ == "__main__":
    main()
