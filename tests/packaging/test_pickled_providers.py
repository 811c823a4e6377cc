"""Stacks made with an earlier release keep working: the ``__provider`` blobs recorded in
their state load with this code. A blob names its provider class by module path, so moving
or renaming one of these classes breaks every existing stack (docs/pickled-providers.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RECORDED = sorted((Path(__file__).parents[1] / "data").glob("provider_blobs-*.json"))
LOAD = """
import base64, sys, dill
from pulumi.dynamic import ResourceProvider
provider = dill.loads(base64.b64decode(sys.argv[1]))  # as pulumi.dynamic's host does
cls = type(provider)
assert isinstance(provider, ResourceProvider)
own = [m for m in ("check", "diff", "create", "read", "update", "delete", "configure")
       if getattr(cls, m) is not getattr(ResourceProvider, m)]
print(f"{cls.__module__}.{cls.__qualname__}", ",".join(own))
print(",".join(sorted(m for m in sys.modules if m.startswith("pulumi_chime_proxy."))))
"""


def _blobs() -> list[tuple[str, str, str]]:
    cases = []
    for path in RECORDED:
        doc = json.loads(path.read_text())
        cases += [(doc["release"], name, blob) for name, blob in doc["providers"].items()]
    return cases


def test_every_release_has_recorded_blobs_for_both_resources() -> None:
    assert {name for _release, name, _blob in _blobs()} == {
        "pulumi_chime_proxy.sessions.provider.ProxySessionProvider",
        "pulumi_chime_proxy.proxy_config.provider.VoiceConnectorProxyProvider",
    }


@pytest.mark.parametrize(("release", "name", "blob"), _blobs(), ids=lambda v: str(v)[:60])
def test_a_recorded_blob_loads_in_a_fresh_provider_process(release: str, name: str, blob: str) -> None:
    proc = subprocess.run([sys.executable, "-c", LOAD, blob], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, f"a {release} stack's provider no longer loads:\n{proc.stderr}"
    loaded, own, modules = proc.stdout.split()
    assert loaded == name
    assert set(own.split(",")) >= {"check", "diff", "create", "read", "update", "delete", "configure"}
    # Every provider host process pays for what the blob imports, at each start: a
    # resource's provider does not drag in the other resource's modules.
    other = "proxy_config" if "sessions" in name else "sessions"
    assert not [m for m in modules.split(",") if m.startswith(f"pulumi_chime_proxy.{other}")]
