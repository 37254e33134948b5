"""What every release of the safecase chart promises, checked on the rendered manifests.

The chart is rendered once per values file of ``charts/safecase/ci/`` (one organisation, one
support service, a large autoscaled organisation) and every manifest is validated against the
Kubernetes 1.31 schemas; the tests then read the manifests as an operator would.
"""

from __future__ import annotations

import copy
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import helm_python
import kubernetes_validate
import pytest

CHART_DIR = Path(__file__).resolve().parents[2] / "charts" / "safecase"
Manifest = dict[str, Any]
Render = Callable[[dict[str, Any]], list[Manifest]]
RELEASES = ("organisation", "support", "large")
SERVICES_BY_MODE = {"organisation": {"intake", "hearings"}, "support": {"advisory"}}
HOOK_PHASES = {"pre-install", "pre-upgrade"}
SECRET_VALUES = {
    "database.existingSecret": "the database URL",
    "organisationKey.existingSecret": "the organisation key file",
    "auth.existingSecret": "the PEM public key of bearer tokens",
    "nats.existingSecret": "the NATS credentials (.creds file)",
    "services.hearings.database.existingSecret": "the database URL",
}


@dataclass(frozen=True)
class Release:
    """A rendered release: the values it was given, the values it used, its manifests."""

    name: str
    values: dict[str, Any]
    merged: dict[str, Any]
    manifests: list[Manifest]

    def of_kind(self, kind: str) -> list[Manifest]:
        return [m for m in self.manifests if m["kind"] == kind]

    def one(self, kind: str, component: str) -> Manifest:
        found = [m for m in self.of_kind(kind) if component_of(m) == component]
        assert len(found) == 1, f"{len(found)} {kind} objects of {component}"
        return found[0]

    @property
    def services(self) -> set[str]:
        return {component_of(m) for m in self.of_kind("Deployment")}

    @property
    def workloads(self) -> list[Manifest]:
        return self.of_kind("Deployment") + self.of_kind("Job")


def component_of(manifest: Manifest) -> str:
    return str(manifest["metadata"]["labels"]["app.kubernetes.io/component"])


def pod_spec(workload: Manifest) -> dict[str, Any]:
    spec: dict[str, Any] = workload["spec"]["template"]["spec"]
    return spec


def containers(workload: Manifest) -> list[dict[str, Any]]:
    pod = pod_spec(workload)
    return [*pod.get("initContainers", []), *pod["containers"]]


def env_of(container: dict[str, Any]) -> dict[str, Any]:
    """Each variable's value, or its ``valueFrom`` when it comes from elsewhere."""
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env", [])}


def lookup(values: dict[str, Any], dotted: str) -> Any:
    found: Any = values
    for key in dotted.split("."):
        found = found[key]
    return found


def with_value(values: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(values)
    *parents, last = dotted.split(".")
    target = changed
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value
    return changed


def without(values: dict[str, Any], dotted: str) -> dict[str, Any]:
    changed = copy.deepcopy(values)
    *parents, last = dotted.split(".")
    target = changed
    for key in parents:
        target = target[key]
    del target[last]
    return changed


def secret_references(node: Any) -> Iterator[str]:
    """Every Secret a manifest names: env, envFrom, volumes, projections, pull secrets."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("secretKeyRef", "secretRef") and isinstance(value, dict):
                yield value["name"]
            elif key == "secret" and isinstance(value, dict) and "secretName" in value:
                yield value["secretName"]
            elif key == "imagePullSecrets":
                yield from (secret["name"] for secret in value)
            else:
                yield from secret_references(value)
    elif isinstance(node, list):
        for item in node:
            yield from secret_references(item)


@pytest.fixture(scope="module")
def releases(
    chart: helm_python.Chart, render: Render, ci_values: dict[str, dict[str, Any]]
) -> dict[str, Release]:
    assert set(ci_values) == set(RELEASES)
    return {
        name: Release(name, values, chart.merge_values(values), render(values))
        for name, values in ci_values.items()
    }


@pytest.fixture(params=RELEASES)
def release(request: pytest.FixtureRequest, releases: dict[str, Release]) -> Release:
    return releases[request.param]


# --- the chart as a whole ---------------------------------------------------------------------


def test_the_chart_passes_helm_lint_with_its_own_defaults() -> None:
    report = helm_python.lint(CHART_DIR)
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []


@pytest.mark.parametrize("name", RELEASES)
def test_the_chart_passes_helm_lint_with_each_example_release(
    name: str, ci_values: dict[str, dict[str, Any]]
) -> None:
    report = helm_python.lint(CHART_DIR, ci_values[name])
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []


def test_every_manifest_is_a_valid_kubernetes_1_31_object(release: Release) -> None:
    invalid = []
    for manifest in release.manifests:
        try:
            kubernetes_validate.validate(manifest, "1.31", strict=True)
        except kubernetes_validate.ValidationError as error:
            invalid.append(f"{manifest['kind']} {manifest['metadata']['name']}: {error}")
    assert release.manifests
    assert invalid == []


def test_an_organisation_instance_runs_intake_and_hearings(releases: dict[str, Release]) -> None:
    assert releases["organisation"].services == {"intake", "hearings"}
    assert releases["large"].services == {"intake", "hearings"}


def test_a_support_service_instance_runs_only_the_advisory_service(
    releases: dict[str, Release],
) -> None:
    assert releases["support"].services == {"advisory"}


def test_each_service_runs_its_own_command_from_the_one_image(release: Release) -> None:
    for deployment in release.of_kind("Deployment"):
        (container,) = pod_spec(deployment)["containers"]
        assert container["command"] == [f"safecase-{component_of(deployment)}"]


def test_the_image_tag_defaults_to_the_charts_app_version(
    chart: helm_python.Chart, releases: dict[str, Release]
) -> None:
    app_version = chart.metadata["appVersion"]
    images = {c["image"] for w in releases["organisation"].workloads for c in containers(w)}
    assert images == {f"safecase:{app_version}"}


def test_a_digest_pins_the_image_of_every_workload(releases: dict[str, Release]) -> None:
    large = releases["large"]
    image = large.values["image"]
    expected = f"{image['repository']}@{image['digest']}"
    assert {c["image"] for w in large.workloads for c in containers(w)} == {expected}
    assert {c["imagePullPolicy"] for w in large.workloads for c in containers(w)} == {"Always"}


# --- security --------------------------------------------------------------------------------


def test_every_container_of_every_workload_runs_as_a_non_root_user_with_a_read_only_root(
    release: Release,
) -> None:
    assert {w["kind"] for w in release.workloads} == {"Deployment", "Job"}
    for workload in release.workloads:
        pod = pod_spec(workload).get("securityContext", {})
        for container in containers(workload):
            own = container.get("securityContext", {})
            where = f"{workload['kind']} {workload['metadata']['name']} {container['name']}"
            assert own.get("runAsNonRoot", pod.get("runAsNonRoot")) is True, where
            assert own.get("runAsUser", pod.get("runAsUser", 0)) > 0, where
            assert own.get("allowPrivilegeEscalation") is False, where
            assert own.get("privileged", False) is False, where
            assert own.get("readOnlyRootFilesystem") is True, where
            assert own.get("capabilities", {}).get("drop") == ["ALL"], where
            assert not own.get("capabilities", {}).get("add"), where
            seccomp = own.get("seccompProfile", pod.get("seccompProfile", {}))
            assert seccomp.get("type") == "RuntimeDefault", where


def test_every_workload_writes_only_to_an_empty_dir_at_tmp(release: Release) -> None:
    for workload in release.workloads:
        volumes = {v["name"]: v for v in pod_spec(workload)["volumes"]}
        for container in containers(workload):
            writable = [m for m in container["volumeMounts"] if not m.get("readOnly")]
            assert [m["mountPath"] for m in writable] == ["/tmp"]
            assert "emptyDir" in volumes[writable[0]["name"]]


def test_no_pod_gets_a_kubernetes_api_token(release: Release) -> None:
    for workload in release.workloads:
        assert pod_spec(workload)["automountServiceAccountToken"] is False
    for account in release.of_kind("ServiceAccount"):
        assert account["automountServiceAccountToken"] is False


def test_every_container_declares_resource_requests_and_limits(release: Release) -> None:
    for workload in release.workloads:
        for container in containers(workload):
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"])
            assert "memory" in resources["limits"]


# --- secrets ---------------------------------------------------------------------------------


def test_the_chart_renders_no_secret(release: Release) -> None:
    assert release.of_kind("Secret") == []


def test_every_secret_reference_names_a_secret_from_the_values(release: Release) -> None:
    named = {lookup(release.merged, path) for path in SECRET_VALUES}
    for service in release.services:
        settings = release.merged["services"][service]
        named.add(settings.get("database", {}).get("existingSecret"))
        named.add(settings.get("supportKey", {}).get("existingSecret"))
    named.discard("")
    named.discard(None)
    named |= {s["name"] for s in release.merged.get("imagePullSecrets", [])}
    referenced = {name for m in release.manifests for name in secret_references(m)}
    assert referenced == named


def test_values_yaml_holds_no_secret(chart: helm_python.Chart) -> None:
    defaults = chart.values
    assert {path: lookup(defaults, path) for path in SECRET_VALUES} == dict.fromkeys(
        SECRET_VALUES, ""
    )

    def strings(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
        elif isinstance(node, str):
            yield node

    for text in strings(defaults):
        assert "-----BEGIN" not in text
        assert not re.search(r"://[^/\s@]+:[^/\s@]+@", text), text


@pytest.mark.parametrize("path", sorted(SECRET_VALUES))
def test_a_release_without_a_secret_name_fails_and_names_the_missing_value(
    path: str, render: Render, ci_values: dict[str, dict[str, Any]]
) -> None:
    with pytest.raises(helm_python.HelmRenderError) as failure:
        render(with_value(ci_values["organisation"], path, ""))
    assert (
        f"{path} is required: the name of an existing Secret holding {SECRET_VALUES[path]}"
        in str(failure.value)
    )


@pytest.mark.parametrize("path", ["organisation.id", "organisation.plugin", "nats.url"])
def test_a_release_without_its_organisation_or_nats_fails_and_names_the_missing_value(
    path: str, render: Render, ci_values: dict[str, dict[str, Any]]
) -> None:
    with pytest.raises(helm_python.HelmRenderError, match=re.escape(f"{path} is required")):
        render(without(ci_values["organisation"], path))


def test_secret_files_are_mounted_read_only_where_the_variables_point(release: Release) -> None:
    pointers = {
        "organisation-key": "SAFECASE_ORG_KEY_FILE",
        "nats-credentials": "SAFECASE_NATS_CREDS_FILE",
        "jwt-public-key": "_JWT_PUBLIC_KEY_FILE",
        "support-key": "_SUPPORT_KEY_FILE",
    }
    for workload in release.workloads:
        secrets = {
            v["name"] for v in pod_spec(workload)["volumes"] if "secret" in v
        }  # every Secret volume must be one the services read
        for container in containers(workload):
            env = env_of(container)
            mounts = {m["name"]: m for m in container["volumeMounts"]}
            for volume in secrets:
                assert mounts[volume]["readOnly"] is True
                (variable,) = [n for n in env if n.endswith(pointers[volume])]
                assert Path(env[variable]).parent == Path(mounts[volume]["mountPath"])


# --- the values schema -----------------------------------------------------------------------

INVALID_VALUES = [
    ("organisation.id", "Swim Scotland", "/organisation/id", "does not match pattern"),
    ("organisation.id", "-swim", "/organisation/id", "does not match pattern"),
    ("services.intake.replicas", 0, "/services/intake/replicas", "minimum: got 0, want 1"),
    ("services.hearings.replicas", "2", "/services/hearings/replicas", "got string"),
    ("mode", "both", "/mode", "value must be one of 'organisation', 'support'"),
    ("services.intake.port", 443, "/services/intake/port", "minimum"),
    ("securityContext.runAsUser", 0, "/securityContext/runAsUser", "minimum"),
    ("image.pullPolicy", "Sometimes", "/image/pullPolicy", "value must be one of"),
    ("database.existingSecret", "Not_A_Name", "/database/existingSecret", "pattern"),
    (
        "networkPolicy.ingressFrom",
        [{"namespaceSelecter": {}}],
        "/networkPolicy/ingressFrom/0",
        "additional properties 'namespaceSelecter' not allowed",
    ),
    ("services.intake.graceSeconds", 0, "/services/intake/graceSeconds", "exclusiveMinimum"),
    ("telemetry.env", {"PATH": "/bin"}, "/telemetry/env", "additional properties 'PATH'"),
    ("replicas", 3, "", "additional properties 'replicas' not allowed"),
]


@pytest.mark.parametrize(
    ("path", "value", "pointer", "complaint"),
    INVALID_VALUES,
    ids=[f"{path}={value!r}" for path, value, *_ in INVALID_VALUES],
)
def test_a_value_the_schema_refuses_fails_the_render_naming_its_path(
    path: str,
    value: Any,
    pointer: str,
    complaint: str,
    render: Render,
    ci_values: dict[str, dict[str, Any]],
) -> None:
    with pytest.raises(helm_python.HelmValuesError) as failure:
        render(with_value(ci_values["organisation"], path, value))
    message = str(failure.value)
    assert "values don't meet the specifications of the schema" in message
    (line,) = [line for line in message.splitlines() if line.startswith(f"- at '{pointer}'")]
    assert complaint in line


def test_more_minimum_than_maximum_replicas_fails_the_render(
    render: Render, ci_values: dict[str, dict[str, Any]]
) -> None:
    autoscaling = {
        "enabled": True,
        "minReplicas": 5,
        "maxReplicas": 2,
        "targetCPUUtilizationPercentage": 70,
    }
    values = with_value(ci_values["organisation"], "services.intake.autoscaling", autoscaling)
    with pytest.raises(
        helm_python.HelmRenderError,
        match=re.escape("services.intake.autoscaling.maxReplicas (2) is below its minReplicas"),
    ):
        render(values)


# --- services: probes, shutdown, Service, disruption budget, autoscaling -----------------------


def test_every_service_is_probed_on_the_standard_grpc_health_service_of_its_port(
    release: Release,
) -> None:
    for deployment in release.of_kind("Deployment"):
        (container,) = pod_spec(deployment)["containers"]
        (port,) = [p["containerPort"] for p in container["ports"] if p["name"] == "grpc"]
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            handler = {k: v for k, v in container[probe].items() if isinstance(v, dict)}
            assert handler == {"grpc": {"port": port}}, probe


def test_every_service_listens_on_all_interfaces_of_its_port(release: Release) -> None:
    for deployment in release.of_kind("Deployment"):
        service = component_of(deployment)
        (container,) = pod_spec(deployment)["containers"]
        port = release.merged["services"][service]["port"]
        assert env_of(container)[f"SAFECASE_{service.upper()}_ADDRESS"] == f"0.0.0.0:{port}"
        assert container["ports"] == [{"name": "grpc", "containerPort": port, "protocol": "TCP"}]


def test_a_pod_is_given_longer_to_stop_than_its_calls_in_flight_and_its_pre_stop_pause(
    release: Release,
) -> None:
    for deployment in release.of_kind("Deployment"):
        pod = pod_spec(deployment)
        (container,) = pod["containers"]
        grace = float(
            env_of(container)[f"SAFECASE_{component_of(deployment).upper()}_GRACE_SECONDS"]
        )
        pause = container["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert pod["terminationGracePeriodSeconds"] > grace + pause


def test_each_service_has_a_deployment_a_service_a_disruption_budget_and_a_network_policy(
    release: Release,
) -> None:
    for service in SERVICES_BY_MODE[release.merged["mode"]]:
        pod_labels = release.one("Deployment", service)["spec"]["template"]["metadata"]["labels"]
        port = release.merged["services"][service]["port"]
        kube_service = release.one("Service", service)
        assert kube_service["spec"]["selector"].items() <= pod_labels.items()
        assert [(p["port"], p["targetPort"]) for p in kube_service["spec"]["ports"]] == [
            (port, "grpc")
        ]
        budget = release.one("PodDisruptionBudget", service)
        assert budget["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
        policy = release.one("NetworkPolicy", service)
        assert policy["spec"]["podSelector"]["matchLabels"].items() <= pod_labels.items()


def test_a_disruption_budget_keeps_the_minimum_asked_for_instead_of_the_default(
    releases: dict[str, Release],
) -> None:
    large = releases["large"]
    assert large.one("PodDisruptionBudget", "intake")["spec"]["minAvailable"] == 3
    assert "maxUnavailable" not in large.one("PodDisruptionBudget", "intake")["spec"]
    assert large.one("PodDisruptionBudget", "hearings")["spec"]["maxUnavailable"] == 1


def test_without_autoscaling_a_service_runs_the_replicas_of_its_values(
    releases: dict[str, Release],
) -> None:
    for name in ("organisation", "support"):
        release = releases[name]
        assert release.of_kind("HorizontalPodAutoscaler") == []
        for deployment in release.of_kind("Deployment"):
            replicas = release.merged["services"][component_of(deployment)]["replicas"]
            assert deployment["spec"]["replicas"] == replicas


def test_with_autoscaling_the_autoscaler_owns_the_replica_count(
    releases: dict[str, Release],
) -> None:
    large = releases["large"]
    for service in ("intake", "hearings"):
        scaling = large.merged["services"][service]["autoscaling"]
        autoscaler = large.one("HorizontalPodAutoscaler", service)
        deployment = large.one("Deployment", service)
        assert autoscaler["apiVersion"] == "autoscaling/v2"
        assert autoscaler["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": deployment["metadata"]["name"],
        }
        assert autoscaler["spec"]["minReplicas"] == scaling["minReplicas"]
        assert autoscaler["spec"]["maxReplicas"] == scaling["maxReplicas"]
        assert "replicas" not in deployment["spec"]


# --- network policies ------------------------------------------------------------------------


def allowed_egress(merged: dict[str, Any], *, nats: bool = True) -> set[tuple[int, str]]:
    egress = merged["networkPolicy"]["egress"]
    allowed = {(egress["dns"]["port"], "UDP"), (egress["dns"]["port"], "TCP")}
    allowed.add((egress["postgresql"]["port"], "TCP"))
    if nats:
        allowed.add((egress["nats"]["port"], "TCP"))
    if merged["telemetry"]["enabled"]:
        allowed.add((merged["telemetry"]["collector"]["port"], "TCP"))
    return allowed


def egress_ports(policy: Manifest) -> set[tuple[int, str]]:
    rules = policy["spec"]["egress"]
    assert all(rule.get("ports") for rule in rules), "a rule without ports lets everything out"
    return {(p["port"], p["protocol"]) for rule in rules for p in rule["ports"]}


def test_a_service_admits_only_grpc_on_its_port_from_the_peers_in_the_values(
    release: Release,
) -> None:
    for service in release.services:
        policy = release.one("NetworkPolicy", service)
        settings = release.merged["services"][service]
        peers = release.merged["networkPolicy"]["ingressFrom"]
        peers = peers + settings["networkPolicy"]["ingressFrom"]
        assert policy["spec"]["policyTypes"] == ["Ingress", "Egress"]
        assert policy["spec"]["ingress"] == [
            {"from": peers, "ports": [{"port": settings["port"], "protocol": "TCP"}]}
        ]


def test_a_service_without_allowed_peers_admits_nobody(
    render: Render, ci_values: dict[str, dict[str, Any]]
) -> None:
    manifests = render(with_value(ci_values["organisation"], "networkPolicy.ingressFrom", []))
    policies = [m for m in manifests if m["kind"] == "NetworkPolicy"]
    assert {component_of(p) for p in policies} >= {"intake", "hearings"}
    for policy in policies:
        assert "Ingress" in policy["spec"]["policyTypes"]
        assert policy["spec"]["ingress"] == []


def test_a_service_reaches_only_dns_postgresql_and_nats(release: Release) -> None:
    for service in release.services:
        policy = release.one("NetworkPolicy", service)
        assert egress_ports(policy) == allowed_egress(release.merged)


def test_egress_goes_only_to_the_destinations_named_in_the_values(
    releases: dict[str, Release],
) -> None:
    organisation = releases["organisation"]
    egress = organisation.merged["networkPolicy"]["egress"]
    rules = organisation.one("NetworkPolicy", "intake")["spec"]["egress"]
    by_port = {rule["ports"][0]["port"]: rule.get("to") for rule in rules}
    assert by_port == {
        egress["dns"]["port"]: egress["dns"]["to"],
        egress["postgresql"]["port"]: egress["postgresql"]["to"],
        egress["nats"]["port"]: egress["nats"]["to"],
    }


def test_telemetry_opens_only_the_collectors_port(releases: dict[str, Release]) -> None:
    large = releases["large"]
    collector = large.merged["telemetry"]["collector"]
    organisation_ports = egress_ports(releases["organisation"].one("NetworkPolicy", "intake"))
    large_ports = egress_ports(large.one("NetworkPolicy", "intake"))
    assert large_ports - organisation_ports == {(collector["port"], "TCP")}


# --- the migration Job -----------------------------------------------------------------------


def hook(manifest: Manifest) -> tuple[set[str], int, set[str]]:
    annotations = manifest["metadata"].get("annotations", {})
    return (
        set(annotations.get("helm.sh/hook", "").split(",")) - {""},
        int(annotations.get("helm.sh/hook-weight", "0")),
        set(annotations.get("helm.sh/hook-delete-policy", "").split(",")) - {""},
    )


def instance_job(release: Release) -> Manifest:
    (job,) = [j for j in release.of_kind("Job") if j["metadata"]["name"].endswith("-migrate")]
    return job


def test_migrations_run_as_a_pre_install_and_pre_upgrade_hook_job(release: Release) -> None:
    assert instance_job(release)
    for job in release.of_kind("Job"):
        phases, _weight, deletion = hook(job)
        assert phases == HOOK_PHASES
        assert "helm.sh/hook-weight" in job["metadata"]["annotations"]
        assert "before-hook-creation" in deletion
        (container,) = pod_spec(job)["containers"]
        migrate = "safecase-advisory" if release.merged["mode"] == "support" else "safecase"
        assert container["command"] == [migrate, "migrate"]
        assert pod_spec(job)["restartPolicy"] == "Never"


def test_everything_the_migration_jobs_need_exists_before_they_run(release: Release) -> None:
    policy = release.one("NetworkPolicy", "migrate")
    assert egress_ports(policy) == allowed_egress(release.merged, nats=False)
    assert policy["spec"]["ingress"] == []
    for job in release.of_kind("Job"):
        _phases, job_weight, _deletion = hook(job)
        pod = pod_spec(job)
        (config,) = [v["configMap"]["name"] for v in pod["volumes"] if "configMap" in v]
        (config_map,) = [m for m in release.of_kind("ConfigMap") if m["metadata"]["name"] == config]
        for needed in (config_map, policy):
            phases, weight, _ = hook(needed)
            assert phases == HOOK_PHASES
            assert weight < job_weight
        assert policy["spec"]["podSelector"]["matchLabels"].items() <= (
            job["spec"]["template"]["metadata"]["labels"].items()
        )


def test_the_migration_jobs_run_like_the_services(release: Release) -> None:
    own = {"OTEL_SERVICE_NAME", "SAFECASE_DATABASE_URL", "SAFECASE_ADVISORY_DATABASE_URL"}
    for job in release.of_kind("Job"):
        (migrate,) = pod_spec(job)["containers"]
        for deployment in release.of_kind("Deployment"):
            (service,) = pod_spec(deployment)["containers"]
            prefix = f"SAFECASE_{component_of(deployment).upper()}_"
            shared = [e for e in service["env"] if not e["name"].startswith(prefix)]
            assert [e for e in shared if e["name"] not in own] == [
                e for e in migrate["env"] if e["name"] not in own
            ]
            assert migrate["image"] == service["image"]
            assert migrate["securityContext"] == service["securityContext"]
            assert pod_spec(job)["securityContext"] == pod_spec(deployment)["securityContext"]
            service_mounts = {m["mountPath"]: m for m in service["volumeMounts"]}
            for mount in migrate["volumeMounts"]:
                assert service_mounts[mount["mountPath"]] == mount


def database_urls(release: Release) -> dict[str, Any]:
    """The database each workload's containers use, by variable, per workload name."""
    return {
        w["metadata"]["name"]: {
            name: value
            for c in containers(w)
            for name, value in env_of(c).items()
            if name.endswith("DATABASE_URL")
        }
        for w in release.workloads
    }


def from_secret(name: str, key: str) -> dict[str, Any]:
    return {"secretKeyRef": {"name": name, "key": key}}


def test_intake_and_hearings_never_share_a_database(releases: dict[str, Release]) -> None:
    """The hearing context has a database of its own (DESIGN "Data ownership"), migrated by a
    Job of its own; a release without one fails to render, naming the value."""
    organisation = releases["organisation"]
    database = organisation.merged["database"]
    instance = from_secret(database["existingSecret"], database["urlKey"])
    hearings = organisation.merged["services"]["hearings"]["database"]
    own = from_secret(hearings["existingSecret"], hearings["urlKey"])
    assert own != instance
    urls = database_urls(organisation)
    assert urls["rel-safecase-hearings"]["SAFECASE_HEARINGS_DATABASE_URL"] == own
    assert urls["rel-safecase-migrate-hearings"]["SAFECASE_DATABASE_URL"] == own


def test_a_context_with_its_own_database_gets_its_own_migration_job(
    releases: dict[str, Release],
) -> None:
    large = releases["large"]
    database = large.merged["database"]
    instance = from_secret(database["existingSecret"], database["urlKey"])
    hearings = large.merged["services"]["hearings"]["database"]
    own = from_secret(hearings["existingSecret"], hearings["urlKey"])
    assert database_urls(large) == {
        "rel-safecase-intake": {"SAFECASE_DATABASE_URL": instance},
        "rel-safecase-hearings": {
            "SAFECASE_DATABASE_URL": instance,
            "SAFECASE_HEARINGS_DATABASE_URL": own,
        },
        "rel-safecase-migrate": {"SAFECASE_DATABASE_URL": instance},
        "rel-safecase-migrate-hearings": {"SAFECASE_DATABASE_URL": own},
    }


def test_the_migration_job_reads_the_same_configuration_as_the_services(
    release: Release,
) -> None:
    tomls = {
        m["metadata"]["name"]: m["data"]["safecase.toml"] for m in release.of_kind("ConfigMap")
    }
    volumes = [
        v["configMap"]["name"]
        for w in release.workloads
        for v in pod_spec(w)["volumes"]
        if "configMap" in v
    ]
    assert len(set(volumes)) == 2  # the services' ConfigMap and the Job's hook copy
    assert len({tomls[name] for name in volumes}) == 1


# --- what the code reads ---------------------------------------------------------------------

# Read by the services but documented in no settings module's ENVIRONMENT.
UNDOCUMENTED = {
    "SAFECASE_NATS_URL",
    "SAFECASE_NATS_CREDS_FILE",
    "SAFECASE_LOG_FORMAT",
    "SAFECASE_LOG_LEVEL",
}


def settings_read_by(service: str) -> set[str]:
    """The variables a service documents; one not built yet follows the intake service's."""
    prefix = f"SAFECASE_{service.upper()}_"
    try:
        module = importlib.import_module(f"safecase.services.{service}.settings")
    except ModuleNotFoundError:
        module = importlib.import_module("safecase.services.intake.settings")
        return {n.replace("SAFECASE_INTAKE_", prefix) for n in module.ENVIRONMENT}
    return set(module.ENVIRONMENT)


def test_every_container_gets_every_instance_setting_the_core_reads(
    releases: dict[str, Release],
) -> None:
    from safecase.core.settings import ENVIRONMENT

    large = releases["large"]  # the one with a rule set: SAFECASE_RULE_SET is set only then
    for workload in large.workloads:
        for container in containers(workload):
            assert set(ENVIRONMENT) <= set(env_of(container))


def test_every_service_gets_every_setting_it_reads_except_development_tokens(
    release: Release,
) -> None:
    for deployment in release.of_kind("Deployment"):
        service = component_of(deployment)
        development = f"SAFECASE_{service.upper()}_JWT_SECRET"
        (container,) = pod_spec(deployment)["containers"]
        names = set(env_of(container))
        assert settings_read_by(service) - {development} <= names
        assert development not in names


def test_every_safecase_variable_the_chart_sets_is_one_the_code_reads(release: Release) -> None:
    from safecase.core.settings import ENVIRONMENT

    for deployment in release.of_kind("Deployment"):
        known = set(ENVIRONMENT) | settings_read_by(component_of(deployment)) | UNDOCUMENTED
        (container,) = pod_spec(deployment)["containers"]
        assert {n for n in env_of(container) if n.startswith("SAFECASE_")} <= known


def test_the_service_settings_come_from_the_values(releases: dict[str, Release]) -> None:
    large = releases["large"]
    for service in ("intake", "hearings"):
        settings = large.merged["services"][service]
        (container,) = pod_spec(large.one("Deployment", service))["containers"]
        env = env_of(container)
        prefix = f"SAFECASE_{service.upper()}_"
        assert int(env[f"{prefix}MAX_MESSAGE_BYTES"]) == settings["maxMessageBytes"]
        assert int(env[f"{prefix}MAX_WORKERS"]) == settings["maxWorkers"]
        assert float(env[f"{prefix}GRACE_SECONDS"]) == settings["graceSeconds"]
        issuer = settings["jwtIssuer"] or large.merged["auth"]["issuer"]
        assert env[f"{prefix}JWT_ISSUER"] == issuer
    assert (
        env_of(pod_spec(large.one("Deployment", "hearings"))["containers"][0])[
            "SAFECASE_HEARINGS_JWT_ISSUER"
        ]
        == large.values["services"]["hearings"]["jwtIssuer"]
    )


def test_logs_are_json_and_telemetry_is_off_unless_enabled(releases: dict[str, Release]) -> None:
    for name in ("organisation", "support"):
        for workload in releases[name].workloads:
            for container in containers(workload):
                env = env_of(container)
                assert env["SAFECASE_LOG_FORMAT"] == "json"
                assert env["OTEL_SDK_DISABLED"] == "true"
                assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in env


def test_enabled_telemetry_exports_to_the_collector_under_each_components_name(
    releases: dict[str, Release],
) -> None:
    large = releases["large"]
    telemetry = large.merged["telemetry"]
    for workload in large.workloads:
        for container in containers(workload):
            env = env_of(container)
            assert env["OTEL_SDK_DISABLED"] == "false"
            assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == telemetry["otlpEndpoint"]
            assert env["OTEL_SERVICE_NAME"] == f"safecase-{component_of(workload)}"
            assert env["OTEL_TRACES_EXPORTER"] == telemetry["tracesExporter"]
            for variable, value in telemetry["env"].items():
                assert env[variable] == str(value)
            attributes = dict(a.split("=", 1) for a in env["OTEL_RESOURCE_ATTRIBUTES"].split(","))
            assert attributes["service.namespace"] == "safecase"
            assert attributes["deployment.environment"] == "production"


def test_the_instance_configuration_is_what_the_core_loads(
    releases: dict[str, Release], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safecase.core.settings import Settings

    large = releases["large"]
    (container,) = pod_spec(large.one("Deployment", "intake"))["containers"]
    env = env_of(container)
    (config_map,) = [m for m in large.of_kind("ConfigMap") if component_of(m) == "config"]
    (tmp_path / "safecase.toml").write_text(config_map["data"]["safecase.toml"], encoding="utf-8")
    for variable in ("SAFECASE_DATABASE_URL", "SAFECASE_ORG_KEY_FILE"):
        monkeypatch.delenv(variable, raising=False)
    for variable in ("SAFECASE_ORGANISATION_ID", "SAFECASE_PLUGIN", "SAFECASE_RULE_SET"):
        monkeypatch.setenv(variable, env[variable])

    settings = Settings.load(tmp_path)

    organisation = large.values["organisation"]
    assert settings.organisation_id == organisation["id"]
    assert settings.organisation_name == organisation["name"]
    assert settings.plugin == organisation["plugin"]
    assert settings.rule_set == organisation["ruleSet"]
    assert settings.rule_set_overrides == organisation["ruleSetOverrides"]
