# The two commands a newcomer runs (see README):  make demo   and   make test
# Each bootstraps what it needs, idempotently: .venv, the editable install, the Pulumi CLI.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench setup engine clean

setup: $(STAMP) engine

$(STAMP): pyproject.toml
	@echo "==> [setup] virtualenv and packages in $(VENV) (first run takes a minute or two)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)
	@echo "==> [setup] packages ready"

engine: $(STAMP)
	@echo "==> [setup] Pulumi CLI"
	@$(BIN)/chime-proxy engine ensure >/dev/null

demo: setup
	@$(BIN)/chime-proxy demo

test: setup
	@echo "==> [test] pytest"
	@$(BIN)/python -m pytest

lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/mypy

bench: setup
	@$(BIN)/chime-proxy bench

clean:
	rm -rf $(VENV) .pulumi-state
