"""The Hypothesis profiles of the suite, loaded by tests/conftest.py before any test
module is imported (a test's own ``@settings`` inherits what it does not set).

- ``ci`` (when ``CI`` is set, as in .ci/run): every run replays the same examples
  (``derandomize``) and reads and writes no example database, so a CI run cannot pass
  or fail by chance, and two runs of one commit agree.
- ``dev`` (otherwise): randomized, with the local example database, so each run tries
  new examples and a failure found once is replayed first next time.

``HYPOTHESIS_PROFILE=ci`` (or ``dev``) chooses one explicitly.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE_ENV = "HYPOTHESIS_PROFILE"

#: Hypothesis's own defaults, whatever profile it loaded itself on import.
DEFAULTS = settings.get_profile("default")

settings.register_profile(
    "ci", DEFAULTS, derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", DEFAULTS)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def chosen() -> str:
    return os.environ.get(PROFILE_ENV) or ("ci" if in_ci() else "dev")


def load() -> str:
    """Load the profile for this run and return its name."""
    name = chosen()
    settings.load_profile(name)
    return name
