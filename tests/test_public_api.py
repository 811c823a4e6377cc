"""The names users import from ``pulumi_chime_proxy`` (README, examples): all there,
though each is loaded only on first use."""

from __future__ import annotations

import subprocess
import sys

import pulumi_chime_proxy
import pytest

PUBLIC = {
    "GeoMatchParamsArgs", "GetProxySessionResult", "Participant", "ProxySession",
    "ProxySessionArgs", "VoiceConnectorProxy", "VoiceConnectorProxyArgs", "get_proxy_session",
}


def test_every_public_name_resolves_and_is_listed() -> None:
    assert set(pulumi_chime_proxy.__all__) == PUBLIC
    for name in PUBLIC:
        value = getattr(pulumi_chime_proxy, name)
        assert value.__name__ == name
        assert value.__module__.startswith("pulumi_chime_proxy.")
    assert set(dir(pulumi_chime_proxy)) >= PUBLIC


def test_star_import_binds_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from pulumi_chime_proxy import *", namespace)  # noqa: S102 (a fixed string)
    assert set(namespace) >= PUBLIC


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'ProxySessions'"):
        pulumi_chime_proxy.ProxySessions  # noqa: B018
    with pytest.raises(ImportError):
        exec("from pulumi_chime_proxy import Nope", {})  # noqa: S102


def test_importing_the_package_loads_no_resource_module() -> None:
    code = ("import sys, pulumi_chime_proxy; "
            "print(sorted(m for m in sys.modules if m.startswith('pulumi_chime_proxy.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    assert out.strip() == "[]"
