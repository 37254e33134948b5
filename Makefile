# One task runner for people and CI: every recipe sets up what it needs first.
UV := ./scripts/uv
PLUGIN ?= scotland

.PHONY: help setup demo lifecycle-demo test lint typecheck unit bench docs protos clean

help:
	@echo "make demo   - set up, start the stack and run the guided demo over gRPC (PLUGIN=scotland|england|singapore|usa|australia)"
	@echo "make test   - set up and run the full test suite (lint, types, tests)"
	@echo "make lifecycle-demo - the whole lifecycle, disclosure to sanction in force, without the services"

setup:
	$(UV) sync --all-packages --frozen --quiet

demo: setup
	rm -rf var/demo/stack-$(PLUGIN)
	$(UV) run --frozen safecase stack-demo --plugin $(PLUGIN) --data-dir var/demo/stack-$(PLUGIN)
	rm -rf var/demo/sharing
	$(UV) run --frozen safecase sharing-demo --data-dir var/demo/sharing

lifecycle-demo: setup
	rm -rf var/demo/$(PLUGIN)
	$(UV) run --frozen safecase demo --plugin $(PLUGIN) --data-dir var/demo/$(PLUGIN)

lint: setup
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

typecheck: setup
	$(UV) run --frozen mypy core/src plugins/scotland/src plugins/england/src plugins/singapore/src plugins/usa/src plugins/australia/src services/common/src services/intake/src services/hearings/src services/stack/src services/advisory/src

unit: setup
	$(UV) run --frozen pytest

test: lint typecheck unit

protos: setup
	$(UV) run --frozen buf lint protos
	$(UV) run --frozen python scripts/gen_protos.py

docs: setup
	$(UV) run --frozen python scripts/render_docs.py

bench: setup
	$(UV) run --frozen python tests/benchmarks/bench_intake.py
	$(UV) run --frozen python tests/benchmarks/bench_screening.py

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache
