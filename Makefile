# The two commands a newcomer runs (see README):  make demo   and   make test
# Each bootstraps what it needs, idempotently: .venv, the editable install, the development
# tree (tools/, on the venv's path, not in the wheel) and the Pulumi CLI.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := $(BIN)/python -m chime_proxy_dev
# The pinned Pulumi CLI's directory leads PATH, so the package's `pulumi` lookups find it.
WITH_CLI = PATH="$$($(DEV) engine ensure):$$PATH"

.PHONY: demo test test-fast lint bench setup engine clean

setup: $(STAMP) engine

$(STAMP): pyproject.toml
	@echo "==> [setup] virtualenv and packages in $(VENV) (first run takes a minute or two)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@echo "$(CURDIR)/tools" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/chime_proxy_dev.pth"
	@touch $(STAMP)
	@echo "==> [setup] packages ready"

engine: $(STAMP)
	@echo "==> [setup] Pulumi CLI"
	@$(DEV) engine ensure >/dev/null

demo: setup
	@$(WITH_CLI) $(DEV) demo

test: setup
	@echo "==> [test] pytest (the full suite, as CI runs it)"
	@$(WITH_CLI) $(BIN)/python -m pytest

test-fast: $(STAMP)
	@echo "==> [test-fast] pytest without the engine tests"
	@$(BIN)/python -m pytest -m "not engine"

lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/mypy

# Options go in ARGS, e.g. make bench ARGS="--n 1000 --repeat 1 --variants ours,floor"
bench: setup
	@$(WITH_CLI) $(DEV) bench $(ARGS)

clean:
	rm -rf $(VENV) .pulumi-state
