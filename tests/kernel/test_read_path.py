"""One read takes one way through the code, on both fronts: each module the resource
passes through is entered once, and the whole path is at most six of them.

Measured by running a real read against the emulator with a profiler that records, in
call order, every package module a call enters. Left out, because they do not carry
the resource: helpers that take one value and give one back (value normalizers,
masks, the spec's declared readers and comparers, the model's operation lookup), the
client cache (it takes the settings), and what botocore calls back into (its
timestamp parser and retry hooks).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pulumi_chime_proxy
import pytest
from pulumi.runtime.proto import provider_pb2 as rpc
from pulumi_chime_proxy.aws.settings import ClientSettings
from pulumi_chime_proxy.native.provider import ChimeProxyProvider
from pulumi_chime_proxy.proxy_config.provider import VoiceConnectorProxyProvider
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider

from tests import support
from tests.native.test_provider import PROXY, SESSION, URN, configure

PACKAGE = Path(pulumi_chime_proxy.__file__).parent
LEAVES = frozenset({"kernel/props.py", "kernel/spec.py", "masking.py", "sessions/spec.py",
                    "proxy_config/spec.py", "servicemodel/spec.py", "aws/clients.py"})
MOST = 6
#: Code that is part of the function around it (Python before 3.12 runs a comprehension
#: as a function of its own, 3.12 inlines it).
INLINE = frozenset({"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>", "<lambda>"})


def _module(frame: FrameType | None) -> str | None:
    if frame is None:
        return None
    path = Path(frame.f_code.co_filename)
    return path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else None


def path_of(call: Callable[[], Any]) -> list[str]:
    """The package modules ``call`` passes through, in order (a run of calls in one
    module is one visit)."""
    visits: list[str] = []
    callbacks: list[FrameType] = []  # library-called frames being run, and what they call

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event == "return":
            if callbacks and callbacks[-1] is frame:
                callbacks.pop()
            return
        module = _module(frame)
        if event != "call" or module is None or frame.f_code.co_name in INLINE:
            return
        if visits and _module(frame.f_back) is None:  # called back by a library (botocore's hooks)
            callbacks.append(frame)
        if callbacks or module in LEAVES:
            return
        if not visits or visits[-1] != module:
            visits.append(module)

    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(None)
    return visits


def assert_one_way(visits: list[str]) -> None:
    returns = [module for index, module in enumerate(visits) if module in visits[:index]]
    assert not returns, f"returns to {returns}: {' -> '.join(visits)}"
    assert len(visits) <= MOST, " -> ".join(visits)


@pytest.fixture()
def live(emulator: Any) -> dict[str, Any]:
    """A live proxy configuration and a session on it, made through the API."""
    client = emulator.client()
    vc = support.voice_connector(client)
    session = client.create_proxy_session(VoiceConnectorId=vc, Capabilities=["Voice"],
                                          ParticipantPhoneNumbers=list(support.NUMBERS[0]))["ProxySession"]
    return {"vc": vc, "ps": session["ProxySessionId"]}


@pytest.mark.parametrize("kind", ["session", "proxy"])
def test_a_native_read_passes_each_module_once(emulator: Any, live: dict[str, Any], kind: str) -> None:
    provider = ChimeProxyProvider()
    configure(provider, endpoint=emulator.endpoint_url, region="us-east-1")
    vc, ps = live["vc"], live["ps"]
    token, id_ = (SESSION, f"{vc}/{ps}") if kind == "session" else (PROXY, vc)
    imported = provider.Read(rpc.ReadRequest(urn=URN.format(token, "r"), id=id_))
    request = rpc.ReadRequest(urn=URN.format(token, "r"), id=id_, properties=imported.properties,
                              inputs=imported.inputs)
    visits = path_of(lambda: provider.Read(request))
    assert visits[0] == "native/provider.py" and visits[-1] == "native/encode.py"
    assert "kernel/core.py" in visits
    assert_one_way(visits)


@pytest.mark.parametrize("kind", ["session", "proxy"])
def test_a_dynamic_read_passes_each_module_once(emulator: Any, live: dict[str, Any], kind: str) -> None:
    provider_class = ProxySessionProvider if kind == "session" else VoiceConnectorProxyProvider
    provider = provider_class.with_settings(ClientSettings(region="us-east-1",
                                                           endpoint_url=emulator.endpoint_url))
    id_ = live["ps"] if kind == "session" else live["vc"]
    recorded = provider.read(id_, {"voice_connector_id": live["vc"]}).outs
    visits = path_of(lambda: provider.read(id_, recorded))
    assert visits[0] == "dynamic/provider_base.py" and visits[-1] == "dynamic/encode.py"
    assert "kernel/core.py" in visits
    assert_one_way(visits)
