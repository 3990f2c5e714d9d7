# EnterpriseHub developer commands. Everything runs inside .venv, created on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench eval install clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON)"; exit 1; }
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# API :8000 (with the GHL worker) and the dashboard :8501 together; Ctrl-C stops both.
run: $(STAMP)
	$(BIN)/enterprisehub migrate
	$(BIN)/enterprisehub demo --key-file var/demo-api-key
	$(BIN)/enterprisehub up --api-port 8000 --dashboard-port 8501 --key-file var/demo-api-key

lint: $(STAMP)
	$(BIN)/ruff check ghl_real_estate_ai tests benchmarks scripts
	$(BIN)/ruff format --check ghl_real_estate_ai tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy ghl_real_estate_ai

test: lint typecheck
	$(BIN)/pytest -q

# BASELINE=/path/to/another/checkout also measures that checkout's engine and HTTP coaching, alternately, in the same run.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.http_coaching $(if $(BASELINE),--baseline $(BASELINE))
	$(BIN)/python -m benchmarks.engine_batching $(if $(BASELINE),--baseline $(BASELINE))
	$(BIN)/python -m benchmarks.claude_degradation
	$(BIN)/python -m benchmarks.ghl_webhooks
	$(BIN)/python -m benchmarks.realtime_hub
	$(BIN)/python -m benchmarks.realtime_capacity
	$(BIN)/python -m benchmarks.batching_overhead
	$(BIN)/python -m benchmarks.cold_start
	$(BIN)/python -m benchmarks.observability
	$(BIN)/python -m benchmarks.encryption_overhead

eval: $(STAMP)
	$(BIN)/enterprisehub eval --data ../shared/data/conversations/dev.jsonl

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
