"""Re-render the generated documentation from the code (``make docs``).

The tables of docs/lifecycle.md and docs/events.md, and the whole of docs/configuration.md:
tests compare each committed file with what this renders, so the documentation cannot drift
from the code.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from safecase.core import settings as core_settings
from safecase.core.reference import event_catalogue, refusal_table, transition_table
from safecase.services.advisory import settings as advisory_settings
from safecase.services.common import connect, logs
from safecase.services.hearings import settings as hearings_settings
from safecase.services.intake import settings as intake_settings

DOCS = Path(__file__).resolve().parents[1] / "docs"
DOC = DOCS / "lifecycle.md"
CONFIGURATION = DOCS / "configuration.md"

# The chart column: a value of charts/safecase/values.yaml, SELF where the chart sets the
# variable itself, NOT_SET where it never does.
SELF = "—"
NOT_SET = "not set"

# The standard variables of the OpenTelemetry SDK that the chart sets or passes through. No
# safecase module reads them (the SDK does), so they are documented here; docs/observability.md
# has the rest.
OTEL_ENVIRONMENT: dict[str, str] = {
    "OTEL_SDK_DISABLED": "`true` turns all telemetry off, whatever else is set",
    "OTEL_SERVICE_NAME": (
        "`service.name` of the process (default: the service's own, e.g. `safecase-intake`)"
    ),
    "OTEL_EXPORTER_OTLP_ENDPOINT": (
        "where OTLP goes, e.g. `http://otel-collector:4317` (`http://` means no TLS)"
    ),
    "OTEL_EXPORTER_OTLP_PROTOCOL": "OTLP transport: `grpc` (the only one installed)",
    "OTEL_TRACES_EXPORTER": "`otlp`, `console` or `none` (default: none)",
    "OTEL_METRICS_EXPORTER": "`otlp`, `console` or `none` (default: none)",
    "OTEL_LOGS_EXPORTER": "`none`: the services write their logs to standard error",
    "OTEL_RESOURCE_ATTRIBUTES": (
        "more resource attributes, e.g. `deployment.environment.name=prod`"
    ),
    "OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG": "sampling (default `parentbased_always_on`)",
    "OTEL_METRIC_EXPORT_INTERVAL": "milliseconds between metric exports (default 60000)",
}

CORE_CHART: dict[str, str] = {
    "SAFECASE_DATA_DIR": SELF,
    "SAFECASE_DATABASE_URL": "`database.existingSecret`, `database.urlKey`",
    "SAFECASE_ORG_KEY_FILE": "`organisationKey.existingSecret`, `organisationKey.key`",
    "SAFECASE_ORGANISATION_ID": "`organisation.id`",
    "SAFECASE_PLUGIN": "`organisation.plugin`",
    "SAFECASE_RULE_SET": "`organisation.ruleSet`",
}


def service_chart(component: str, **own: str) -> dict[str, str]:
    """The chart values of a service's common variables (``services.<component>.*``)."""
    prefix = f"SAFECASE_{component.upper()}"
    values = f"services.{component}"
    return {
        f"{prefix}_ADDRESS": f"`{values}.port` (listens on 0.0.0.0)",
        "SAFECASE_DATA_DIR": SELF,
        f"{prefix}_JWT_SECRET": NOT_SET,
        f"{prefix}_JWT_PUBLIC_KEY_FILE": "`auth.existingSecret`, `auth.key`",
        f"{prefix}_JWT_ISSUER": f"`{values}.jwtIssuer`, else `auth.issuer`",
        f"{prefix}_MAX_MESSAGE_BYTES": f"`{values}.maxMessageBytes`",
        f"{prefix}_MAX_WORKERS": f"`{values}.maxWorkers`",
        f"{prefix}_GRACE_SECONDS": f"`{values}.graceSeconds`",
        **{f"{prefix}_{name}": value for name, value in own.items()},
    }


def own_database(component: str) -> str:
    values = f"services.{component}.database"
    return f"`{values}.existingSecret`, `{values}.urlKey` (else the instance's `database.*`)"


NATS_CHART: dict[str, str] = {
    connect.URL_VARIABLE: "`nats.url`",
    connect.CREDS_FILE_VARIABLE: "`nats.existingSecret`, `nats.credsKey`",
}
LOGS_CHART: dict[str, str] = {
    "SAFECASE_LOG_FORMAT": "`logFormat`",
    "SAFECASE_LOG_LEVEL": "`logLevel`",
}
OTEL_CHART: dict[str, str] = {
    "OTEL_SDK_DISABLED": "`telemetry.enabled` (`false` when enabled, else `true`)",
    "OTEL_SERVICE_NAME": SELF,
    "OTEL_EXPORTER_OTLP_ENDPOINT": "`telemetry.otlpEndpoint`",
    "OTEL_EXPORTER_OTLP_PROTOCOL": "`telemetry.otlpProtocol`",
    "OTEL_TRACES_EXPORTER": "`telemetry.tracesExporter`",
    "OTEL_METRICS_EXPORTER": "`telemetry.metricsExporter`",
    "OTEL_LOGS_EXPORTER": "`telemetry.logsExporter`",
    "OTEL_RESOURCE_ATTRIBUTES": "`telemetry.resourceAttributes`, after the chart's own",
    "OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG": "`telemetry.env`",
    "OTEL_METRIC_EXPORT_INTERVAL": "`telemetry.env`",
}


class Component(NamedTuple):
    """One table of docs/configuration.md: whose variables, where the code documents them."""

    title: str
    about: str
    source: str | None  # the module attribute that documents them, None for the SDK's own
    environment: Mapping[str, str]
    chart: Mapping[str, str]


COMPONENTS: tuple[Component, ...] = (
    Component(
        "Core and CLI",
        "The organisation instance: read by the `safecase` command, the migration Job and the "
        "intake and hearings services. They override `safecase.toml` of the data directory.",
        "safecase.core.settings.ENVIRONMENT",
        core_settings.ENVIRONMENT,
        CORE_CHART,
    ),
    Component(
        "Intake service",
        "`safecase-intake` (`python -m safecase.services.intake`), besides the core's variables.",
        "safecase.services.intake.settings.ENVIRONMENT",
        intake_settings.ENVIRONMENT,
        service_chart(
            "intake",
            SUPPORT_PUBLIC_KEY_FILE=(
                "`sharing.supportPublicKey.existingConfigMap`, `sharing.supportPublicKey.key`"
            ),
        ),
    ),
    Component(
        "Hearings service",
        "`safecase-hearings` (`python -m safecase.services.hearings`), besides the core's "
        "variables. The embedded stack (`safecase stack`) reads "
        "`SAFECASE_HEARINGS_DATABASE_URL` too.",
        "safecase.services.hearings.settings.ENVIRONMENT",
        hearings_settings.ENVIRONMENT,
        service_chart("hearings", DATABASE_URL=own_database("hearings")),
    ),
    Component(
        "Advisory service",
        "`safecase-advisory` (`python -m safecase.services.advisory`), the support service's "
        "only service: it runs no organisation instance of the core.",
        "safecase.services.advisory.settings.ENVIRONMENT",
        advisory_settings.ENVIRONMENT,
        service_chart(
            "advisory",
            ORGANISATION_ID="`organisation.id`",
            DATABASE_URL=own_database("advisory"),
            SUPPORT_KEY_FILE=(
                "`services.advisory.supportKey.existingSecret`, `services.advisory.supportKey.key`"
            ),
            MEMBERS_PER_AREA="`services.advisory.membersPerArea`",
            SHARES_STREAM="`services.advisory.sharesStream`",
            SWEEP_SECONDS="`services.advisory.sweepSeconds`",
        )
        | NATS_CHART,
    ),
    Component(
        "All services: NATS",
        "How every service and the embedded stack reach NATS (the event backbone).",
        "safecase.services.common.connect.ENVIRONMENT",
        connect.ENVIRONMENT,
        NATS_CHART,
    ),
    Component(
        "All services: logs",
        "Format and level of every service's logs, always on standard error; what they hold "
        "is in [observability.md](observability.md#logs).",
        "safecase.services.common.logs.ENVIRONMENT",
        logs.ENVIRONMENT,
        LOGS_CHART,
    ),
    Component(
        "All services: OpenTelemetry",
        "The SDK's standard variables, read by the SDK itself: telemetry is off unless they ask "
        "for it. The others (headers, certificates, timeouts, per-signal endpoints) and what is "
        "exported are in [observability.md](observability.md).",
        None,
        OTEL_ENVIRONMENT,
        OTEL_CHART,
    ),
)


def _cell(text: str) -> str:
    """Markdown table cell: ``|`` would end the cell and ``<data dir>`` would read as HTML."""
    return text.replace("|", "\\|").replace("<", "\\<")


def _paragraph(text: str) -> str:
    """Prose wrapped at 100 characters, as the hand-written documentation is."""
    return textwrap.fill(text, width=100, break_long_words=False, break_on_hyphens=False)


def _table(component: Component) -> str:
    missing = set(component.environment) - set(component.chart)
    if missing:
        raise KeyError(
            f"no chart value for {', '.join(sorted(missing))} ({component.title}): "
            f"name it in scripts/render_docs.py ({SELF!r} or {NOT_SET!r} if none)"
        )
    lines = ["| variable | meaning | chart value |", "|---|---|---|"]
    for name, meaning in component.environment.items():
        variables = ", ".join(f"`{n}`" for n in name.split(", "))
        lines.append(f"| {variables} | {_cell(meaning)} | {component.chart[name]} |")
    return "\n".join(lines)


def configuration_reference() -> str:
    """The whole of docs/configuration.md, from the ``ENVIRONMENT`` of each settings module."""
    parts = [
        "# Configuration reference",
        "",
        "<!-- Rendered by scripts/render_docs.py (`make docs`) from the ENVIRONMENT of each",
        "settings module: edit those, not this file. -->",
        "",
        _paragraph(
            "Every process of safecase is configured by environment variables; the organisation "
            "instance also by `safecase.toml` in its data directory, which the variables override. "
            "The chart column names the value of the Helm chart "
            "([values.yaml](../charts/safecase/values.yaml)) that sets the variable: "
            f"{SELF} where the chart sets it itself (the data directory is the chart's ConfigMap "
            "at `/etc/safecase`, `OTEL_SERVICE_NAME` is `safecase-<service>`), "
            f"*{NOT_SET}* where it never does."
        ),
    ]
    for component in COMPONENTS:
        parts += [
            "",
            f"## {component.title}",
            "",
            _paragraph(
                component.about
                + (f" Documented in `{component.source}`." if component.source else "")
            ),
            "",
            _table(component),
        ]
    return "\n".join(parts) + "\n"


def render() -> None:
    text = DOC.read_text(encoding="utf-8")
    for marker, table in (
        ("transition-table", transition_table()),
        ("refusal-codes", refusal_table()),
    ):
        pattern = re.compile(rf"(<!-- {marker} -->\n).*?(\n<!-- /{marker} -->)", re.DOTALL)
        text = pattern.sub(lambda m, t=table: m.group(1) + t + m.group(2), text)
    DOC.write_text(text, encoding="utf-8")
    events = DOCS / "events.md"
    text = events.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- event-catalogue -->\n).*?(<!-- /event-catalogue -->)", re.DOTALL)
    text = pattern.sub(lambda m: m.group(1) + event_catalogue() + "\n" + m.group(2), text)
    events.write_text(text, encoding="utf-8")
    CONFIGURATION.write_text(configuration_reference(), encoding="utf-8")


if __name__ == "__main__":
    render()
