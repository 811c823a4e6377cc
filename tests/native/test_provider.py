"""The native provider's methods, called as the engine calls them, against the emulator:
the same checks, drift and reconciliation as the dynamic resources, on schema names,
with ids an import can use and nothing hidden in state."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from google.protobuf import struct_pb2
from pulumi.runtime.proto import provider_pb2 as rpc
from pulumi_chime_proxy.aws import clients, diagnostics
from pulumi_chime_proxy.aws.errors import NotOwnedRetiredError
from pulumi_chime_proxy.native import decode, encode
from pulumi_chime_proxy.native.decode import IdError, resource_id
from pulumi_chime_proxy.native.kinds import PROXY_SESSION
from pulumi_chime_proxy.native.provider import ChimeProxyProvider

from tests import support

SESSION = "chime-proxy:index:ProxySession"
PROXY = "chime-proxy:index:VoiceConnectorProxy"
URN = "urn:pulumi:dev::proj::{}::{}"


def props(**plain: Any) -> struct_pb2.Struct:
    return encode.struct(plain)


def unwrap(properties: struct_pb2.Struct) -> dict[str, Any]:
    return decode.plain(properties)[0]


def is_secret(properties: struct_pb2.Struct, key: str) -> bool:
    return key in decode.plain(properties)[1]


def configure(provider: ChimeProxyProvider, **config: Any) -> None:
    provider.Configure(rpc.ConfigureRequest(args=props(**config), acceptSecrets=True, acceptResources=True))


@pytest.fixture()
def native(emulator: Any) -> Iterator[ChimeProxyProvider]:
    clients.clear()
    provider = ChimeProxyProvider()
    configure(provider, endpoint=emulator.endpoint_url, region="us-east-1")
    yield provider


@pytest.fixture()
def vc(emulator: Any) -> str:
    return support.voice_connector(emulator.client())


def session_inputs(vc: str, **extra: Any) -> struct_pb2.Struct:
    return props(voiceConnectorId=vc, participantPhoneNumbers=list(support.NUMBERS[0]),
                 capabilities=["Voice", "SMS"], **extra)


def create(native: ChimeProxyProvider, vc: str, **extra: Any) -> rpc.CreateResponse:
    urn = URN.format(SESSION, "s")
    checked = native.Check(rpc.CheckRequest(urn=urn, news=session_inputs(vc, **extra)))
    assert not checked.failures
    return native.Create(rpc.CreateRequest(urn=urn, properties=checked.inputs, timeout=60))


def test_check_names_each_bad_property_in_schema_names_and_never_a_number(vc: str,
                                                                       native: ChimeProxyProvider) -> None:
    bad = props(voiceConnectorId=vc, participantPhoneNumbers=["+12065550100", "not a number"],
                capabilities=["Fax"], expiryMinutes=0.5, colour="red")
    failures = native.Check(rpc.CheckRequest(urn=URN.format(SESSION, "s"), news=bad)).failures
    text = [(f.property, f.reason) for f in failures]
    assert ("", "colour: not a property of ProxySession") in text
    assert ("", "capabilities[0]: 'Fax' is not one of Voice, SMS (enum)") in text
    assert any(prop == "expiryMinutes" for prop, _ in text)
    # sensitive: named in the reason, so the engine prints no value next to it
    assert any(prop == "" and reason.startswith("participantPhoneNumbers") for prop, reason in text)
    assert all("not a number" not in reason and "2065550100" not in reason for _, reason in text)


def test_checked_inputs_mark_phone_numbers_secret(vc: str, native: ChimeProxyProvider) -> None:
    checked = native.Check(rpc.CheckRequest(urn=URN.format(SESSION, "s"), news=session_inputs(vc)))
    assert is_secret(checked.inputs, "participantPhoneNumbers")
    assert not is_secret(checked.inputs, "capabilities")


def test_create_read_import_and_delete_a_session(emulator: Any, vc: str, native: ChimeProxyProvider) -> None:
    created = create(native, vc, expiryMinutes=60)
    vc_id, ps = created.id.split("/")
    assert vc_id == vc
    state = created.properties
    assert is_secret(state, "participants") and is_secret(state, "acceptedParticipants")
    assert not any(key.startswith("__") for key in unwrap(state))
    assert unwrap(state)["proxySessionId"] == ps
    assert {p["phoneNumber"] for p in unwrap(state)["acceptedParticipants"]} == set(support.NUMBERS[0])

    urn = URN.format(SESSION, "s")
    inputs = session_inputs(vc, expiryMinutes=60)
    read = native.Read(rpc.ReadRequest(urn=urn, id=created.id, properties=state, inputs=inputs))
    assert unwrap(read.inputs) == unwrap(inputs)  # no drift: the live inputs are the program's
    diff = native.Diff(rpc.DiffRequest(urn=urn, id=created.id, olds=read.properties, news=inputs))
    assert diff.changes == rpc.DiffResponse.DIFF_NONE

    emulator.client().update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps, Capabilities=["SMS"])
    drifted = native.Read(rpc.ReadRequest(urn=urn, id=created.id, properties=read.properties, inputs=inputs))
    assert unwrap(drifted.inputs)["capabilities"] == ["SMS"]
    diff = native.Diff(rpc.DiffRequest(urn=urn, id=created.id, olds=drifted.properties, news=inputs))
    assert diff.changes == rpc.DiffResponse.DIFF_SOME and diff.diffs == ["capabilities"]
    assert diff.detailedDiff["capabilities"].kind == rpc.PropertyDiff.UPDATE

    imported = native.Read(rpc.ReadRequest(urn=URN.format(SESSION, "i"), id=created.id))
    assert imported.id == created.id
    # The engine prints an import's inputs as code: no secret input among them; the
    # outputs keep every value, secret.
    assert set(unwrap(imported.inputs)) >= {"voiceConnectorId", "capabilities"}
    assert not set(unwrap(imported.inputs)) & {"participantPhoneNumbers", "name"}
    # An import is a takeover: it declares the input that takes over on create.
    session_id = created.id.split("/")[1]
    assert unwrap(imported.inputs)["adoptProxySessionId"] == session_id
    assert unwrap(imported.properties)["adoptProxySessionId"] == session_id
    assert is_secret(imported.properties, "participantPhoneNumbers")
    assert is_secret(imported.properties, "participants")

    native.Delete(rpc.DeleteRequest(urn=urn, id=created.id, properties=drifted.properties))
    gone = native.Read(rpc.ReadRequest(urn=urn, id=created.id, properties=drifted.properties, inputs=inputs))
    assert gone.id == ""


def test_a_changed_proxy_number_is_drift_of_participants(emulator: Any, vc: str,
                                                         native: ChimeProxyProvider) -> None:
    created = create(native, vc)
    _vc, ps = created.id.split("/")
    inputs = session_inputs(vc)
    urn = URN.format(SESSION, "s")
    emulator.admin.set_participant(vc, ps, 0, proxy_phone_number="+12065559999")
    first = native.Read(rpc.ReadRequest(urn=urn, id=created.id, properties=created.properties, inputs=inputs))
    again = native.Read(rpc.ReadRequest(urn=urn, id=created.id, properties=first.properties, inputs=inputs))
    for read in (first, again):  # still drift after the refresh recorded it
        diff = native.Diff(rpc.DiffRequest(urn=urn, id=created.id, olds=read.properties, news=inputs))
        assert "participants" in diff.diffs


@pytest.mark.parametrize("bad_id", ["", "vc-only", "/ps", "vc/", "a/b/c"])
def test_a_session_id_must_name_the_connector_and_the_session(bad_id: str) -> None:
    with pytest.raises(IdError, match="<voiceConnectorId>/<proxySessionId>"):
        resource_id(PROXY_SESSION, bad_id)


VC = "abcdefghij0123456789ab"


@pytest.mark.parametrize("bad_id", [
    "VC/abc", "ABCDEFGHIJ0123456789AB/abc",  # not the model's VoiceConnectorId
    f"{VC}/.", f"{VC}/..", f"{VC}/%2e%2e", f"{VC}/a%2Fb", f"{VC}/a?b", f"{VC}/a#b", f"{VC}/a b",
    f"{VC}/\t", f"{VC}/a\x00", f"{VC}/a\x7f", f"{VC}/ ", f"{VC}/" + "x" * 129,
])
def test_an_id_part_the_model_or_a_url_would_refuse_fails_before_any_call(
    bad_id: str, emulator: Any, native: ChimeProxyProvider,
) -> None:
    with pytest.raises(IdError, match=r"^ProxySession id: (voiceConnectorId|proxySessionId)"):
        native.Read(rpc.ReadRequest(urn=URN.format(SESSION, "ghost"), id=bad_id))
    assert emulator.admin.calls()["Total"] == 0


@pytest.mark.parametrize("bad_id", ["VC", "..", "%2e%2e", VC.upper(), f"{VC} "])
def test_a_proxy_configuration_id_must_be_a_voice_connector_id(bad_id: str, emulator: Any,
                                                            native: ChimeProxyProvider) -> None:
    with pytest.raises(IdError, match="^VoiceConnectorProxy id: voiceConnectorId"):
        native.Read(rpc.ReadRequest(urn=URN.format(PROXY, "ghost"), id=bad_id))
    assert emulator.admin.calls()["Total"] == 0


def test_import_or_get_of_an_object_that_does_not_exist_fails_in_one_line(
    emulator: Any, vc: str, native: ChimeProxyProvider,
) -> None:
    bare = support.bare_voice_connector(emulator.client())
    for urn, id_ in ((URN.format(SESSION, "ghost"), f"{vc}/{'q' * 22}"),
                     (URN.format(PROXY, "ghost"), bare)):
        with pytest.raises(LookupError, match="does not exist: nothing to import or read") as gone:
            native.Read(rpc.ReadRequest(urn=urn, id=id_))
        assert "\n" not in str(gone.value) and id_ in str(gone.value)


@pytest.mark.parametrize(("key", "value", "rule"), [
    ("endpoint", "ftp://x", "chime-proxy:endpoint: must be an http:// or https:// URL"),
    ("maxAttempts", 0.0, "chime-proxy:maxAttempts: must be a whole number from 1 to 100"),
    ("concurrency", 5000.0, "chime-proxy:concurrency: must be a whole number from 1 to 1024"),
    ("readTimeout", "soon", "chime-proxy:readTimeout: must be a number of seconds"),
    ("region", "us east", "chime-proxy:region: must be an AWS region name"),
])
def test_provider_config_fails_one_line_naming_the_key(key: str, value: Any, rule: str) -> None:
    provider = ChimeProxyProvider()
    checked = provider.CheckConfig(rpc.CheckRequest(urn="urn", news=props(**{key: value})))
    (failure,) = checked.failures
    assert failure.property == "" and failure.reason.startswith(rule)


def test_concurrency_bounds_the_calls_in_flight() -> None:
    provider = ChimeProxyProvider()
    configure(provider, concurrency=2.0)
    assert provider.settings.concurrency == 2
    lock = threading.Lock()
    in_flight = [0]
    peak = [0]

    def call() -> None:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1

    with ThreadPoolExecutor(max_workers=6) as pool:
        for _ in range(6):
            pool.submit(provider._call, call)  # noqa: SLF001 - the provider's own bound
    assert peak[0] == 2


def test_proxy_configuration_id_is_the_connector(emulator: Any, native: ChimeProxyProvider) -> None:
    vc = emulator.client().create_voice_connector(
        Name="bare", RequireEncryption=False)["VoiceConnector"]["VoiceConnectorId"]
    urn = URN.format(PROXY, "p")
    inputs = props(voiceConnectorId=vc, defaultSessionExpiryMinutes=90.0, phoneNumberPoolCountries=["US"])
    checked = native.Check(rpc.CheckRequest(urn=urn, news=inputs))
    assert not checked.failures
    created = native.Create(rpc.CreateRequest(urn=urn, properties=checked.inputs, timeout=60))
    assert created.id == vc
    imported = native.Read(rpc.ReadRequest(urn=urn, id=vc))
    assert unwrap(imported.inputs)["defaultSessionExpiryMinutes"] == 90
    assert unwrap(imported.inputs)["adoptExisting"] is True  # an import is a takeover
    refreshed = native.Read(rpc.ReadRequest(urn=urn, id=vc, properties=created.properties,
                                            inputs=checked.inputs))
    assert "adoptExisting" not in unwrap(refreshed.inputs)  # a refresh takes nothing over


def test_a_failure_on_a_value_the_engine_marked_secret_names_it_without_the_value(
        native: ChimeProxyProvider) -> None:
    """The engine prints a named property's value, secret or not: name it in the reason."""
    bad = encode.struct({"voiceConnectorId": "not-a-connector", "capabilities": ["Voice"],
                       "participantPhoneNumbers": list(support.NUMBERS[0])}, secret={"voiceConnectorId"})
    failures = native.Check(rpc.CheckRequest(urn=URN.format(SESSION, "s"), news=bad)).failures
    (failure,) = failures
    assert failure.property == "" and failure.reason.startswith("voiceConnectorId: ")
    assert "not-a-connector" not in failure.reason


def test_end_of_support_forget_drops_a_refused_resource_on_refresh_and_destroy_never_on_import(
    emulator: Any, vc: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    said: list[str] = []
    monkeypatch.setattr(diagnostics, "warn", lambda message, urn="", address=None: said.append(urn))
    clients.clear()
    native = ChimeProxyProvider()
    configure(native, endpoint=emulator.endpoint_url, region="us-east-1", endOfSupport="forget")
    created = create(native, vc)
    urn = URN.format(SESSION, "s")
    emulator.admin.end_of_support("forbidden")
    # An import or .get() adopts nothing, and says how to stop reading what AWS refuses.
    with pytest.raises(NotOwnedRetiredError, match="remove the import or .get.. from the program"):
        native.Read(rpc.ReadRequest(urn=URN.format(SESSION, "i"), id=created.id))
    read = native.Read(rpc.ReadRequest(urn=urn, id=created.id, properties=created.properties,
                                       inputs=session_inputs(vc)))
    assert read.id == ""
    native.Delete(rpc.DeleteRequest(urn=urn, id=created.id, properties=created.properties))
    assert said == [urn, urn]


def lookup(native: ChimeProxyProvider, vc: str, ps: str) -> dict[str, Any]:
    found = native.Invoke(rpc.InvokeRequest(tok="chime-proxy:index:getProxySession",
                                            args=props(voiceConnectorId=vc, proxySessionId=ps)))
    return unwrap(getattr(found, "return"))


def test_the_lookup_masks_every_number_and_the_name(emulator: Any, vc: str,
                                                    native: ChimeProxyProvider) -> None:
    """A function's plain form keeps no secret mark, so nothing secret is in its answer."""
    ps = emulator.client().create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(support.NUMBERS[0]), Name="Alice Ride",
        Capabilities=["Voice"])["ProxySession"]["ProxySessionId"]
    found = lookup(native, vc, ps)
    assert found["status"] == "Open" and found["capabilities"] == ["Voice"]
    assert found["name"] == "******"
    for participant in found["participants"]:
        assert participant["phoneNumber"].startswith("+1******")
        assert participant["proxyPhoneNumber"].startswith("+1******")
    text = repr(found)
    assert not any(n.lstrip("+") in text for n in support.NUMBERS[0]) and "Alice" not in text


@pytest.mark.parametrize("ps", ["..", "%2e%2e", "a b", "x" * 129])
def test_the_lookup_refuses_a_malformed_id_before_any_call(ps: str, emulator: Any, vc: str,
                                                          native: ChimeProxyProvider) -> None:
    emulator.admin.reset_calls()
    with pytest.raises(IdError, match="proxySessionId"):
        lookup(native, vc, ps)
    assert emulator.admin.calls()["Total"] == 0


@pytest.mark.parametrize("urn", [
    "urn:pulumi:dev::proj::my:app:Ride$chime-proxy:index:ProxySession::ride",  # under a component
    "urn:pulumi:dev::proj::chime-proxy:index:ProxySession::ride::1001",  # a name holding '::'
])
def test_the_kind_is_the_urns_own_type_when_the_engine_sends_none(urn: str) -> None:
    checked = ChimeProxyProvider().Check(rpc.CheckRequest(urn=urn, news=props(capabilities=["Fax"])))
    assert any("'Fax' is not one of" in f.reason for f in checked.failures), checked.failures


def test_an_import_of_a_closed_session_declares_no_output_as_an_input(
        emulator: Any, vc: str, native: ChimeProxyProvider) -> None:
    """A read names a Closed session's drift with a ``status`` input, for refresh; an
    import's inputs are the code the engine writes and checks, where ``status`` is no input."""
    created = create(native, vc, expiryMinutes=5)
    emulator.admin.advance_clock(10 * 60)
    imported = native.Read(rpc.ReadRequest(urn=URN.format(SESSION, "i"), id=created.id))
    assert unwrap(imported.properties)["status"] == "Closed"
    assert "status" not in unwrap(imported.inputs)
    checked = native.Check(rpc.CheckRequest(urn=URN.format(SESSION, "i"), news=imported.inputs))
    assert [f.reason for f in checked.failures] == ["participantPhoneNumbers: is required"]
