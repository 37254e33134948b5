"""``safecase-intake`` / ``python -m safecase.services.intake``: serve until SIGTERM or SIGINT
(:func:`safecase.services.common.serving.run_service`), with ``SAFECASE_INTAKE_GRACE_SECONDS``
for the calls in flight."""

from __future__ import annotations

from safecase.core.instance import Instance
from safecase.services.common.serving import Serving, run_service
from safecase.services.intake.app import create_server
from safecase.services.intake.context import case_context
from safecase.services.intake.settings import IntakeSettings


def build() -> Serving:
    settings = IntakeSettings.from_environment()
    instance = Instance(settings.instance_settings())
    workers = case_context(instance, settings.sharing_keys())
    server, port = create_server(
        instance,
        settings.verifier(),
        settings.address,
        settings.max_message_bytes,
        max_workers=settings.max_workers,
    )
    return Serving(server, port, instance, settings.grace_seconds, workers)


def main() -> None:
    run_service("safecase-intake", build)


if __name__ == "__main__":
    main()
