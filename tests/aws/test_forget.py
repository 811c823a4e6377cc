"""``chime-proxy:endOfSupport``: with ``forget``, refresh (read) and destroy (delete) take a
resource out of state, with a warning, when AWS refuses a retired operation; any other
failure still fails, so a live session is never dropped from state on a guess."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import pytest
from pulumi_chime_proxy.aws import diagnostics, errors
from pulumi_chime_proxy.aws.errors import ChimeProxyError
from pulumi_chime_proxy.aws.settings import FAIL, FORGET, ClientSettings
from pulumi_chime_proxy.dynamic.provider_base import ChimeProvider
from pulumi_chime_proxy.proxy_config.provider import VoiceConnectorProxyProvider
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider

from tests import support as helpers
from tests.aws.hung_server import hung_server

Resource = tuple[type[ChimeProvider], str, dict[str, Any]]


@pytest.fixture()
def resources(emulator: Any) -> dict[str, Resource]:
    """A live proxy configuration and a live session, as a stack's state names them."""
    client = emulator.client()
    vc = helpers.voice_connector(client)
    session = client.create_proxy_session(VoiceConnectorId=vc, Capabilities=["Voice"],
                                          ParticipantPhoneNumbers=list(helpers.NUMBERS[0]))
    return {
        "session": (ProxySessionProvider, session["ProxySession"]["ProxySessionId"],
                    {"voice_connector_id": vc}),
        "proxy": (VoiceConnectorProxyProvider, vc, {"voice_connector_id": vc}),
    }


@pytest.fixture()
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(diagnostics, "warn", lambda message, urn="", address=None: said.append(message))
    return said


def settings(emulator: Any, end_of_support: str) -> ClientSettings:
    return ClientSettings(region="us-east-1", endpoint_url=emulator.endpoint_url, max_attempts=1,
                          read_timeout=0.5, end_of_support=end_of_support)


def run(provider: ChimeProvider, hook: str, id_: str, props: dict[str, Any]) -> Any:
    return provider.read(id_, props) if hook == "read" else provider.delete(id_, props)


def still_live(emulator: Any, kind: str, id_: str, props: dict[str, Any]) -> bool:
    client = emulator.client()
    vc = props["voice_connector_id"]
    if kind == "session":
        return bool(client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=id_)["ProxySession"])
    return bool(client.get_voice_connector_proxy(VoiceConnectorId=vc)["Proxy"])


@pytest.mark.parametrize("mode", ["bad-request", "forbidden"])
@pytest.mark.parametrize("hook", ["read", "delete"])
@pytest.mark.parametrize("kind", ["session", "proxy"])
def test_forget_takes_a_refused_resource_out_of_state_with_one_warning(
    emulator: Any, resources: dict[str, Resource], warnings: list[str], mode: str, hook: str, kind: str,
) -> None:
    provider_class, id_, props = resources[kind]
    emulator.admin.end_of_support(mode)
    result = run(provider_class.with_settings(settings(emulator, FORGET)), hook, id_, props)
    if hook == "read":
        assert result.id == ""  # the engine drops a resource read with no id
    assert len(warnings) == 1
    assert "left the stack's state without being deleted" in warnings[0]
    assert "chime-proxy:endOfSupport is forget" in warnings[0] and id_ in warnings[0]
    assert "+1206" not in warnings[0]
    emulator.admin.end_of_support("off")
    assert still_live(emulator, kind, id_, props)  # forgotten, not deleted


@pytest.mark.parametrize("hook", ["read", "delete"])
@pytest.mark.parametrize("kind", ["session", "proxy"])
def test_without_forget_the_refusal_fails_naming_the_setting(
    emulator: Any, resources: dict[str, Resource], warnings: list[str], hook: str, kind: str,
) -> None:
    provider_class, id_, props = resources[kind]
    emulator.admin.end_of_support("forbidden")
    with pytest.raises(ChimeProxyError) as failure:
        run(provider_class.with_settings(settings(emulator, FAIL)), hook, id_, props)
    text = str(failure.value)
    assert "\n" not in text and "end of support" in text
    assert "set chime-proxy:endOfSupport to forget, then destroy or refresh" in text
    assert warnings == []


def fault(error: str | None = None, **options: Any) -> Callable[[Any, ExitStack], str]:
    """A failure of the next call; the endpoint the provider then calls."""
    def inject(emulator: Any, _cleanup: ExitStack) -> str:
        emulator.admin.inject_fault("*", error=error, count=1, **options)
        return str(emulator.endpoint_url)
    return inject


def hung(_emulator: Any, cleanup: ExitStack) -> str:
    """An endpoint that takes the request and never answers."""
    return cleanup.enter_context(hung_server()).endpoint_url


#: Each class of failure that is not a retired API: throttling, 5xx, credentials, an
#: endpoint that never answers, a dropped connection. (A 400 or 403 from an operation
#: the model does not retire is tested in test_errors.py.)
OTHER_FAILURES: dict[str, Callable[[Any, ExitStack], str]] = {
    "throttled": fault("ThrottledClientException"),
    "service-failure": fault("ServiceFailureException"),
    "unavailable": fault("ServiceUnavailableException"),
    "unauthorized": fault("UnauthorizedClientException"),
    "hung": hung,
    "dropped": fault(drop=True),
}


@pytest.mark.parametrize("failure", sorted(OTHER_FAILURES))
@pytest.mark.parametrize("hook", ["read", "delete"])
@pytest.mark.parametrize("kind", ["session", "proxy"])
def test_forget_never_covers_any_other_failure(
    emulator: Any, resources: dict[str, Resource], warnings: list[str], failure: str, hook: str,
    kind: str,
) -> None:
    provider_class, id_, props = resources[kind]
    with ExitStack() as cleanup:
        endpoint = OTHER_FAILURES[failure](emulator, cleanup)
        forgetting = dataclasses.replace(settings(emulator, FORGET), endpoint_url=endpoint)
        with pytest.raises(ChimeProxyError) as raised:
            run(provider_class.with_settings(forgetting), hook, id_, props)
    assert not raised.value.retired
    assert warnings == []
    emulator.admin.clear_faults()
    assert still_live(emulator, kind, id_, props)


@pytest.mark.parametrize("code", errors.RETIREMENT_CODES)
@pytest.mark.parametrize("hook", ["read", "delete"])
@pytest.mark.parametrize("kind", ["session", "proxy"])
def test_forget_keeps_a_resource_refused_without_the_end_of_support_notice(
    emulator: Any, resources: dict[str, Resource], warnings: list[str], code: str, hook: str,
    kind: str,
) -> None:
    """A 400 or 403 of a retired operation whose message is not the notice (a missing
    permission, a bad request): the resource stays, and the one line says why."""
    provider_class, id_, props = resources[kind]
    emulator.admin.inject_fault("*", error=code, count=1)
    with pytest.raises(errors.KeptInStateError) as raised:
        run(provider_class.with_settings(settings(emulator, FORGET)), hook, id_, props)
    text = str(raised.value)
    assert "\n" not in text and code in text
    assert "chime-proxy:endOfSupport is forget, but this answer does not quote AWS's end-of-support " \
           "notice, so the resource stays in the stack's state" in text
    assert warnings == []
    emulator.admin.clear_faults()
    assert still_live(emulator, kind, id_, props)


def test_a_native_provider_warns_on_the_resource_it_serves(
    emulator: Any, resources: dict[str, Resource], monkeypatch: pytest.MonkeyPatch,
) -> None:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(diagnostics, "warn",
                        lambda message, urn="", address=None: said.append((message, urn)))
    provider_class, id_, props = resources["session"]
    emulator.admin.end_of_support("bad-request")
    urn = "urn:pulumi:dev::p::chime-proxy:index:ProxySession::s0"
    provider_class.with_settings(settings(emulator, FORGET), urn).delete(id_, props)
    assert [found for _message, found in said] == [urn]


@pytest.mark.parametrize(("argv", "address"), [
    (["plugin", "127.0.0.1:43349"], "127.0.0.1:43349"),
    (["plugin", "--logtostderr", "-v=9", "127.0.0.1:1"], "127.0.0.1:1"),
    (["plugin", "--tracing", "file:/tmp/t", "localhost:50051"], "localhost:50051"),
    (["pytest", "-q", "tests/aws"], None),
    (["plugin"], None),
    (["plugin", "127.0.0.1:notaport"], None),
])
def test_the_engine_address_is_the_plugins_last_positional_argument(
    argv: list[str], address: str | None,
) -> None:
    assert diagnostics.engine_address(argv) == address
