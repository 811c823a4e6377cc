# The two commands a newcomer runs (see README):  make demo   and   make test
# Each bootstraps what it needs, idempotently: .venv, the editable install, the generated SDK, the development
# tree (tools/, on the venv's path, not in the wheel) and the Pulumi CLI.
#
# Two virtualenvs test the dependency ranges of pyproject.toml: .venv holds the newest
# releases they allow (upgraded eagerly whenever pyproject.toml changes) plus the dev tools;
# .venv-lowest holds the oldest (constraints/lowest.txt) and only the test tools.
#
# Interpreters (CONTRIBUTING.md, "Python interpreters"): .venv runs on Python 3.13 or 3.12 and
# .venv-lowest on requires-python's floor, 3.10, found on PATH or in pyenv by
# tools/chime_proxy_dev/interpreters.py; PYTHON=... and PYTHON_LOWEST=... choose others.
# A virtualenv made from another interpreter is re-created.

INTERPRETERS := python3 tools/chime_proxy_dev/interpreters.py
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell $(INTERPRETERS) newest)
endif
ifeq ($(origin PYTHON_LOWEST),undefined)
PYTHON_LOWEST := $(shell $(INTERPRETERS) floor)
endif
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SDK_STAMP := $(VENV)/.sdk-installed
SDK_FILES := $(shell find sdk/python -name '*.py' -o -name '*.toml' -o -name '*.json' 2>/dev/null | grep -v egg-info)
LOWEST := .venv-lowest
LOWEST_STAMP := $(LOWEST)/.installed
# --no-compile: Python compiles a module when it is first imported; pip would compile every
# module of every wheel (pulumi-aws alone is 265 MB), which took most of a fresh setup's CPU
# (.venv: 44-62 s with, 34-40 s without).
PIP_QUIET := --quiet --disable-pip-version-check --no-compile
DEV    := $(BIN)/python -m chime_proxy_dev
# The versions under test in a virtualenv.
VERSIONS = $(1)/bin/python -c 'from importlib.metadata import version; print(", ".join(f"{n} {version(n)}" for n in ("pulumi", "boto3", "botocore")))'
# Puts the development tree on a virtualenv's path (a .pth file in its site-packages).
ADD_TOOLS = echo "$(CURDIR)/tools" > "$$($(1)/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/chime_proxy_dev.pth"
# The pinned Pulumi CLI's directory leads PATH, so the package's `pulumi` lookups find it.
WITH_CLI = PATH="$$($(DEV) engine ensure):$$PATH"

.PHONY: FORCE demo test test-newest test-lowest test-fast lint bench setup engine clean plugin

setup: $(STAMP) engine

# The record of the interpreter a virtualenv was made from: rewritten (and the virtualenv
# re-created) only when the chosen interpreter changes.
$(VENV)/.interpreter: FORCE
	@test -n "$(PYTHON)" || { echo "error: no interpreter for $(VENV); set PYTHON=..."; exit 1; }
	@$(INTERPRETERS) venv $(VENV) "$(PYTHON)"

$(LOWEST)/.interpreter: FORCE
	@test -n "$(PYTHON_LOWEST)" || { echo "error: no interpreter for $(LOWEST); set PYTHON_LOWEST=..."; exit 1; }
	@$(INTERPRETERS) venv $(LOWEST) "$(PYTHON_LOWEST)"

$(STAMP): pyproject.toml $(SDK_STAMP) $(VENV)/.interpreter
	@echo "==> [setup] packages in $(VENV) on Python $$(cut -d' ' -f1 $(VENV)/.interpreter) (first run takes a minute or two)"
	@$(BIN)/python -m pip install $(PIP_QUIET) --upgrade pip
	@$(BIN)/python -m pip install $(PIP_QUIET) --upgrade --upgrade-strategy eager -e '.[dev]'
	@$(call ADD_TOOLS,$(VENV))
	@touch $(STAMP)
	@echo "==> [setup] packages ready: $$($(call VERSIONS,$(VENV)))"

# The native provider's generated Python SDK (sdk/python): its engine test runs a program on
# it, and it needs a newer pulumi than the floor, so only in .venv. Installed as a user
# installs it, not editable (setuptools prints a warning for an editable flat layout), and
# again whenever its files change.
$(SDK_STAMP): $(SDK_FILES) $(VENV)/.interpreter
	@echo "==> [setup] the generated Python SDK (sdk/python) in $(VENV)"
	@$(BIN)/python -m pip install $(PIP_QUIET) ./sdk/python
	@touch $(SDK_STAMP)

$(LOWEST_STAMP): pyproject.toml constraints/lowest.txt $(LOWEST)/.interpreter
	@echo "==> [setup] $(LOWEST) on Python $$(cut -d' ' -f1 $(LOWEST)/.interpreter): the oldest releases the dependency ranges allow"
	@$(LOWEST)/bin/python -m pip install $(PIP_QUIET) --upgrade pip
	@$(LOWEST)/bin/python -m pip install $(PIP_QUIET) -e '.[test]' -c constraints/lowest.txt
	@$(call ADD_TOOLS,$(LOWEST))
	@touch $(LOWEST_STAMP)
	@echo "==> [setup] $(LOWEST) ready: $$($(call VERSIONS,$(LOWEST)))"

FORCE:

engine: $(STAMP)
	@echo "==> [setup] Pulumi CLI and YAML language host"
	@$(DEV) engine ensure >/dev/null

demo: setup
	@$(WITH_CLI) $(DEV) demo

# What CI runs (.ci/run): lint, the full suite at the newest releases, and at the oldest
# what could turn out otherwise there (its virtualenv is made in its log). The three run at
# once: engine tests wait on subprocesses, sockets and retry backoff, and the lint and the
# oldest-releases run fill those waits (measured: 17:29 at once against 18:44 one after
# another). The newest run prints as it goes; the other two write to .test-logs/ and are
# printed when it ends.
# Each pytest run lists its slowest tests, so the CI budget (CONTRIBUTING.md) is read off
# every log, and writes a JUnit XML beside it: python -m chime_proxy_dev durations
# .test-logs/newest.xml groups its time by kind of test and by file.
TEST_LOGS := .test-logs
test: setup
	@mkdir -p $(TEST_LOGS)
	@echo "==> [test] lint and the oldest-releases run start beside the newest run; their output follows it ($(TEST_LOGS)/)"
	@$(MAKE) --no-print-directory lint > $(TEST_LOGS)/lint.log 2>&1 & lint=$$!; \
	 $(MAKE) --no-print-directory test-lowest > $(TEST_LOGS)/lowest.log 2>&1 & lowest=$$!; \
	 $(MAKE) --no-print-directory test-newest; newest_rc=$$?; \
	 wait $$lint; lint_rc=$$?; wait $$lowest; lowest_rc=$$?; \
	 cat $(TEST_LOGS)/lint.log $(TEST_LOGS)/lowest.log; \
	 echo "==> [test] exit codes: newest $$newest_rc, lint $$lint_rc, oldest $$lowest_rc"; \
	 [ $$newest_rc -eq 0 ] && [ $$lint_rc -eq 0 ] && [ $$lowest_rc -eq 0 ]

# Both runs use every core (pytest-xdist), with one worker more than there are cores: the
# engine scenarios spend much of their time in retry backoff and waiting on subprocesses,
# and the extra worker fills those waits (make test on 2 cores: 663 s with 2 workers each,
# 632 s with 3). loadfile keeps each test file on one worker, so
# a module's fixtures (a stack its tests share, the wheel, the READMEs' fixed port) are
# made once and never raced; files start in the order tests/conftest.py gives (long
# scenarios first), not reordered. (xdist_group cannot be used: xdist 3.8 renames a
# grouped test through a private attribute that pytest 9 no longer reads.)
XDIST := -n $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 ))) --dist loadfile --no-loadscope-reorder

test-newest: setup
	@echo "==> [test] pytest, the full suite, newest releases ($(VENV), Python $$(cut -d" " -f1 $(VENV)/.interpreter))"
	@$(WITH_CLI) $(BIN)/python -m pytest $(XDIST) --durations=15 --junitxml=$(TEST_LOGS)/newest.xml

# The rule for the oldest releases: every test that does not drive the engine and is not
# `slow` (they call botocore's model and retries, the SDK's dynamic and provider types and
# the package's own code at those versions, in seconds), and of the others only those
# marked `floor` (the plugin's fault fuzz, tests/native/test_server.py, is one):
# one smoke per front (dynamic: tests/engine/test_smoke.py; native: the YAML program on
# the plugin) and each test whose outcome rests on what the SDK's hosts do at that release
# (how the dynamic host reports check failures, config and provider errors, its Log
# warnings, and the read inputs that name drift). The other engine scenarios go through
# the same SDK calls with the same pinned CLI, so they run at the newest releases only.
# `--floor-run` (tests/conftest.py) sends the native smoke down its short path (every
# provider method once, the gate once each way); its full walk runs at the newest.
test-lowest: setup $(LOWEST_STAMP)
	@echo "==> [test] pytest -m '(not engine and not slow) or floor', oldest releases ($(LOWEST), Python $$(cut -d" " -f1 $(LOWEST)/.interpreter))"
	@$(WITH_CLI) $(LOWEST)/bin/python -m pytest $(XDIST) -m "(not engine and not slow) or floor" --floor-run -p no:cacheprovider --durations=15 --junitxml=$(TEST_LOGS)/lowest.xml

# The inner loop: no engine and no `slow` tests, on every core (pytest-xdist).
test-fast: $(STAMP)
	@echo "==> [test-fast] pytest without the engine and slow tests, on every core"
	@$(BIN)/python -m pytest -m "not engine and not slow" -n auto

lint: $(STAMP)
	@echo "==> [lint] ruff, and mypy (strict for the package)"
	@$(BIN)/ruff check .
	@$(BIN)/mypy

# The self-contained plugin, as a release ships it: dist/pulumi-resource-chime-proxy-v<version>-<os>-<arch>.tar.gz
plugin: $(STAMP)
	@$(DEV) plugin --out dist

# Options go in ARGS, e.g. make bench ARGS="--n 1000 --repeat 1 --variants ours,floor"
bench: setup
	@$(WITH_CLI) $(DEV) bench $(ARGS)

clean:
	rm -rf $(VENV) $(LOWEST) .pulumi-state $(TEST_LOGS)
