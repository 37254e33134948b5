# syntax=docker/dockerfile:1
#
# One image for every safecase service: safecase-intake, safecase-hearings, safecase-advisory
# and the `safecase` command (e.g. `safecase migrate`). The chart in charts/safecase picks the
# command of each container.
#
#   docker build -t safecase:0.1.0 .
#
# The builder installs the locked environment (uv.lock) into /opt/venv; the runtime stage gets
# that virtual environment and the ICU runtime library, and nothing that compiles code.

ARG PYTHON_IMAGE=python:3.12-slim-trixie
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

FROM ${PYTHON_IMAGE} AS builder
# PyICU (needed by followthemoney, the sanction registry's export format) publishes no
# wheels: it is compiled here against the distribution's ICU.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential pkg-config libicu-dev \
    && rm -rf /var/lib/apt/lists/*
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /src
COPY . .
# The workspace members are installed as built wheels (--no-editable): the runtime stage
# needs the virtual environment only, never /src.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable

FROM ${PYTHON_IMAGE} AS runtime
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="safecase" \
      org.opencontainers.image.description="Case management for safeguarding concerns in sport: intake, hearings and advisory gRPC services" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
# The ICU runtime library of the distribution PyICU was compiled against (same base image).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libicu76 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 safecase \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin safecase
COPY --from=builder /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SAFECASE_DATA_DIR=/etc/safecase
# intake, hearings, advisory
EXPOSE 50051 50052 50053
USER 10001:10001
CMD ["safecase-intake"]
