"""The intake service: one organisation's case context over gRPC (``safecase.intake.v1``).

``app.create_server`` wires an :class:`~safecase.core.instance.Instance` behind the
``IntakeService`` servicer with bearer-token authentication, health checking and reflection;
``python -m safecase.services.intake`` serves it until SIGTERM.
"""
