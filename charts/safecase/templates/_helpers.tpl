{{/*
Names, labels and the pieces every workload shares. The services and the migration Job are
built from the same pieces so that the Job runs exactly as the services do.
*/}}

{{- define "safecase.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "safecase.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The name of one service's objects: <fullname>-<service>, within 63 characters. */}}
{{- define "safecase.componentName" -}}
{{- printf "%s-%s" (include "safecase.fullname" .root | trunc 50 | trimSuffix "-") .component }}
{{- end }}

{{- define "safecase.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object; takes {root, component}. */}}
{{- define "safecase.labels" -}}
helm.sh/chart: {{ include "safecase.chart" .root }}
{{ include "safecase.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: safecase
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/* The labels that select one component's pods; takes {root, component}. */}}
{{- define "safecase.selectorLabels" -}}
app.kubernetes.io/name: {{ include "safecase.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The services the mode runs, as a JSON list. */}}
{{- define "safecase.services" -}}
{{- if eq .Values.mode "support" }}
{{- list "advisory" | toJson }}
{{- else }}
{{- list "intake" "hearings" | toJson }}
{{- end }}
{{- end }}

{{- define "safecase.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "safecase.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "safecase.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
The name of an existing Secret, or a render failure naming the value to set. Takes
{value, path, holds}.
*/}}
{{- define "safecase.secretName" -}}
{{- required (printf "%s is required: the name of an existing Secret holding %s (this chart never creates secrets)" .path .holds) .value }}
{{- end }}

{{- define "safecase.organisationId" -}}
{{- required "organisation.id is required: the organisation's id (lower-case letters, digits, - and _), e.g. swim-scotland" .Values.organisation.id }}
{{- end }}

{{- define "safecase.plugin" -}}
{{- required "organisation.plugin is required: the plugin holding the organisation's rules, e.g. scotland" .Values.organisation.plugin }}
{{- end }}

{{/* Where the files of the instance appear in every container. */}}
{{- define "safecase.paths" -}}
dataDir: /etc/safecase
organisationKeyDir: /var/run/secrets/safecase/organisation
jwtDir: /var/run/secrets/safecase/jwt
sharingDir: /etc/safecase/sharing
supportKeyDir: /var/run/secrets/safecase/support
natsDir: /var/run/secrets/safecase/nats
{{- end }}

{{/* A TOML value from any values entry: strings, numbers, booleans, lists, tables. */}}
{{- define "safecase.tomlValue" -}}
{{- if kindIs "map" . -}}
{{- $items := list }}
{{- range $key, $value := . }}
{{- $items = append $items (printf "%s = %s" (toJson $key) (include "safecase.tomlValue" $value)) }}
{{- end }}
{{- printf "{ %s }" (join ", " $items) }}
{{- else if kindIs "slice" . -}}
{{- $items := list }}
{{- range . }}
{{- $items = append $items (include "safecase.tomlValue" .) }}
{{- end }}
{{- printf "[%s]" (join ", " $items) }}
{{- else if kindIs "invalid" . -}}
{{- fail "organisation.ruleSetOverrides may not hold null: TOML has no null value" }}
{{- else -}}
{{- toJson . }}
{{- end -}}
{{- end }}

{{/* The instance's safecase.toml; SAFECASE_* variables override it. */}}
{{- define "safecase.configToml" -}}
{{- $org := .Values.organisation -}}
# The configuration of this instance, rendered by the safecase chart.
[organisation]
id = {{ include "safecase.organisationId" . | toJson }}
name = {{ default (include "safecase.organisationId" .) $org.name | toJson }}
plugin = {{ include "safecase.plugin" . | toJson }}
{{- with $org.ruleSet }}
rule_set = {{ toJson . }}
{{- end }}
{{- with $org.ruleSetOverrides }}

[rule_set_overrides]
{{- range $section, $value := . }}
{{ toJson $section }} = {{ include "safecase.tomlValue" $value }}
{{- end }}
{{- end }}
{{- end }}

{{/* The instance's database: {secret, key, path of the value naming the secret}. */}}
{{- define "safecase.instanceDatabase" -}}
secret: {{ .Values.database.existingSecret | quote }}
key: {{ .Values.database.urlKey | quote }}
path: database.existingSecret
{{- end }}

{{/*
The databases the migration Jobs bring to the current schema, as a JSON list of {name, secret,
key, path}: the instance's, and the own database of each running service that has one (a
service with a `database` section and no Secret of its own uses the instance's).
*/}}
{{- define "safecase.databases" -}}
{{- $instance := include "safecase.instanceDatabase" . | fromYaml }}
{{- $databases := list (merge (dict "name" "migrate") $instance) }}
{{- range $component := include "safecase.services" . | fromJsonArray }}
{{- $service := index $.Values.services $component }}
{{- if and (hasKey $service "database") (or $service.database.existingSecret (eq $component "hearings")) }}
{{- $databases = append $databases (dict "name" (printf "migrate-%s" $component) "secret" $service.database.existingSecret "key" $service.database.urlKey "path" (printf "services.%s.database.existingSecret" $component)) }}
{{- end }}
{{- end }}
{{- toJson $databases }}
{{- end }}

{{/*
The environment of every container: the instance, its database, its key, NATS, logs and
telemetry. Takes {root, component} and, for a migration Job, {database}.
*/}}
{{- define "safecase.coreEnv" -}}
{{- $root := .root -}}
{{- $paths := include "safecase.paths" . | fromYaml -}}
{{- $database := .database | default (include "safecase.instanceDatabase" $root | fromYaml) -}}
- name: SAFECASE_DATA_DIR
  value: {{ $paths.dataDir | quote }}
- name: SAFECASE_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "safecase.secretName" (dict "value" $database.secret "path" $database.path "holds" "the database URL") }}
      key: {{ $database.key | quote }}
- name: SAFECASE_ORG_KEY_FILE
  value: {{ printf "%s/%s" $paths.organisationKeyDir $root.Values.organisationKey.key | quote }}
- name: SAFECASE_ORGANISATION_ID
  value: {{ include "safecase.organisationId" $root | quote }}
- name: SAFECASE_PLUGIN
  value: {{ include "safecase.plugin" $root | quote }}
{{- with $root.Values.organisation.ruleSet }}
- name: SAFECASE_RULE_SET
  value: {{ . | quote }}
{{- end }}
- name: SAFECASE_NATS_URL
  value: {{ required "nats.url is required: the URL of the existing NATS cluster, e.g. nats://nats.nats.svc.cluster.local:4222" $root.Values.nats.url | quote }}
- name: SAFECASE_NATS_CREDS_FILE
  value: {{ printf "%s/%s" $paths.natsDir $root.Values.nats.credsKey | quote }}
- name: SAFECASE_LOG_FORMAT
  value: {{ $root.Values.logFormat | quote }}
- name: SAFECASE_LOG_LEVEL
  value: {{ $root.Values.logLevel | quote }}
{{- include "safecase.telemetryEnv" . }}
{{- end }}

{{/* OpenTelemetry's standard variables; takes {root, component}. */}}
{{- define "safecase.telemetryEnv" -}}
{{- $telemetry := .root.Values.telemetry }}
{{- if $telemetry.enabled }}
- name: OTEL_SDK_DISABLED
  value: "false"
- name: OTEL_SERVICE_NAME
  value: {{ printf "safecase-%s" .component | quote }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ required "telemetry.otlpEndpoint is required when telemetry.enabled: the OTLP collector, e.g. http://otel-collector.observability.svc:4317" $telemetry.otlpEndpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $telemetry.otlpProtocol | quote }}
- name: OTEL_TRACES_EXPORTER
  value: {{ $telemetry.tracesExporter | quote }}
- name: OTEL_METRICS_EXPORTER
  value: {{ $telemetry.metricsExporter | quote }}
- name: OTEL_LOGS_EXPORTER
  value: {{ $telemetry.logsExporter | quote }}
- name: K8S_POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- $attributes := list "service.namespace=safecase" (printf "service.version=%s" .root.Chart.AppVersion) (printf "k8s.namespace.name=%s" .root.Release.Namespace) "k8s.pod.name=$(K8S_POD_NAME)" }}
{{- range $key, $value := $telemetry.resourceAttributes }}
{{- $attributes = append $attributes (printf "%s=%v" $key $value) }}
{{- end }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ join "," $attributes | quote }}
{{- range $name, $value := $telemetry.env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- else }}
- name: OTEL_SDK_DISABLED
  value: "true"
{{- end }}
{{- end }}

{{/* The environment of one service; takes {root, component, service}. */}}
{{- define "safecase.serviceEnv" -}}
{{- $root := .root -}}
{{- $service := .service -}}
{{- $paths := include "safecase.paths" . | fromYaml -}}
{{- $prefix := printf "SAFECASE_%s" (upper .component) -}}
- name: {{ $prefix }}_ADDRESS
  value: {{ printf "0.0.0.0:%d" (int $service.port) | quote }}
- name: {{ $prefix }}_JWT_PUBLIC_KEY_FILE
  value: {{ printf "%s/%s" $paths.jwtDir $root.Values.auth.key | quote }}
- name: {{ $prefix }}_JWT_ISSUER
  value: {{ default $root.Values.auth.issuer $service.jwtIssuer | quote }}
- name: {{ $prefix }}_MAX_MESSAGE_BYTES
  value: {{ int64 $service.maxMessageBytes | quote }}
- name: {{ $prefix }}_MAX_WORKERS
  value: {{ int $service.maxWorkers | quote }}
- name: {{ $prefix }}_GRACE_SECONDS
  value: {{ $service.graceSeconds | toString | quote }}
{{- if eq .component "advisory" }}
- name: {{ $prefix }}_ORGANISATION_ID
  value: {{ $root.Values.organisation.id | quote }}
- name: {{ $prefix }}_SUPPORT_KEY_FILE
  value: {{ printf "%s/%s" $paths.supportKeyDir $service.supportKey.key | quote }}
- name: {{ $prefix }}_MEMBERS_PER_AREA
  value: {{ int $service.membersPerArea | quote }}
- name: {{ $prefix }}_SHARES_STREAM
  value: {{ $service.sharesStream | quote }}
- name: {{ $prefix }}_SWEEP_SECONDS
  value: {{ $service.sweepSeconds | toString | quote }}
{{- end }}
{{- if eq .component "intake" }}
- name: {{ $prefix }}_SUPPORT_PUBLIC_KEY_FILE
  value: {{ printf "%s/%s" $paths.sharingDir $root.Values.sharing.supportPublicKey.key | quote }}
{{- end }}
{{- if hasKey $service "database" }}
{{- $database := include "safecase.instanceDatabase" $root | fromYaml }}
{{- if or $service.database.existingSecret (eq .component "hearings") }}
{{- /* hearings owns the hearing context: a database of its own, never the instance's tables */}}
{{- $database = dict "secret" $service.database.existingSecret "key" $service.database.urlKey "path" (printf "services.%s.database.existingSecret" .component) }}
{{- end }}
- name: {{ $prefix }}_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "safecase.secretName" (dict "value" $database.secret "path" $database.path "holds" "the database URL") }}
      key: {{ $database.key | quote }}
{{- end }}
{{- end }}

{{/* Pod-level security: the image's non-root user, the runtime's default seccomp profile. */}}
{{- define "safecase.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ int .Values.securityContext.runAsUser }}
runAsGroup: {{ int .Values.securityContext.runAsGroup }}
fsGroup: {{ int .Values.securityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security; not configurable, so that no release can weaken it. */}}
{{- define "safecase.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ int .Values.securityContext.runAsUser }}
runAsGroup: {{ int .Values.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
The volumes of every pod: the configuration, the organisation keys, the NATS credentials and
/tmp. Every key of the organisation-key Secret becomes a file: during a key rotation the older
keys (<id>.key) must sit beside the active one. Takes {root, configMap}.
*/}}
{{- define "safecase.coreVolumes" -}}
{{- $root := .root -}}
- name: config
  configMap:
    name: {{ .configMap }}
    defaultMode: 0444
- name: organisation-key
  secret:
    secretName: {{ include "safecase.secretName" (dict "value" $root.Values.organisationKey.existingSecret "path" "organisationKey.existingSecret" "holds" "the organisation key file") }}
    defaultMode: 0440
- name: nats-credentials
  secret:
    secretName: {{ include "safecase.secretName" (dict "value" $root.Values.nats.existingSecret "path" "nats.existingSecret" "holds" "the NATS credentials (.creds file)") }}
    defaultMode: 0440
    items:
      - key: {{ $root.Values.nats.credsKey | quote }}
        path: {{ $root.Values.nats.credsKey | quote }}
- name: tmp
  emptyDir:
    sizeLimit: {{ $root.Values.tmpVolume.sizeLimit | quote }}
    {{- with $root.Values.tmpVolume.medium }}
    medium: {{ . }}
    {{- end }}
{{- end }}

{{- define "safecase.coreVolumeMounts" -}}
{{- $paths := include "safecase.paths" . | fromYaml -}}
- name: config
  mountPath: {{ $paths.dataDir }}
  readOnly: true
- name: organisation-key
  mountPath: {{ $paths.organisationKeyDir }}
  readOnly: true
- name: nats-credentials
  mountPath: {{ $paths.natsDir }}
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- end }}

{{/*
Egress rules: DNS, PostgreSQL, NATS (unless {nats: false}) and, with telemetry, the OTLP
collector. Takes {root, nats}.
*/}}
{{- define "safecase.egressRules" -}}
{{- $egress := .root.Values.networkPolicy.egress -}}
- ports:
    - port: {{ $egress.dns.port }}
      protocol: UDP
    - port: {{ $egress.dns.port }}
      protocol: TCP
  {{- with $egress.dns.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
- ports:
    - port: {{ $egress.postgresql.port }}
      protocol: TCP
  {{- with $egress.postgresql.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- if .nats }}
- ports:
    - port: {{ $egress.nats.port }}
      protocol: TCP
  {{- with $egress.nats.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- with .root.Values.telemetry }}
{{- if .enabled }}
- ports:
    - port: {{ .collector.port }}
      protocol: TCP
  {{- with .collector.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
{{- end }}
