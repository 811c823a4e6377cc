"""The native provider's methods, called as the engine calls them, against the emulator:
the same checks, drift and reconciliation as the dynamic resources, on schema names,
with ids an import can use and nothing hidden in state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pulumi.provider.experimental import provider as api
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi_chime_proxy.aws import clients, diagnostics
from pulumi_chime_proxy.aws.errors import NotOwnedRetiredError
from pulumi_chime_proxy.native import values
from pulumi_chime_proxy.native.kinds import PROXY_SESSION, IdError
from pulumi_chime_proxy.native.provider import ChimeProxyProvider

from tests import support
from tests.native.calls import run

SESSION = "chime-proxy:index:ProxySession"
PROXY = "chime-proxy:index:VoiceConnectorProxy"
URN = "urn:pulumi:dev::proj::{}::{}"


def props(**plain: Any) -> dict[str, PropertyValue]:
    return {key: values.wire(value) for key, value in plain.items()}


def unwrap(properties: dict[str, PropertyValue]) -> dict[str, Any]:
    return {key: values.plain(value) for key, value in properties.items()}


@pytest.fixture()
def native(emulator: Any) -> Iterator[ChimeProxyProvider]:
    clients.clear()
    provider = ChimeProxyProvider()
    run(provider.configure(api.ConfigureRequest({}, props(endpoint=emulator.endpoint_url,
                                                           region="us-east-1"), True, True)))
    yield provider
    provider.executor.shutdown(wait=True)


@pytest.fixture()
def vc(emulator: Any) -> str:
    return support.voice_connector(emulator.client())


def session_inputs(vc: str, **extra: Any) -> dict[str, PropertyValue]:
    return props(voiceConnectorId=vc, participantPhoneNumbers=list(support.NUMBERS[0]),
                 capabilities=["Voice", "SMS"], **extra)


def create(native: ChimeProxyProvider, vc: str, **extra: Any) -> api.CreateResponse:
    request = api.CheckRequest(URN.format(SESSION, "s"), {}, session_inputs(vc, **extra), b"")
    checked = run(native.check(request))
    assert not checked.failures
    return run(native.create(api.CreateRequest(URN.format(SESSION, "s"), checked.inputs, 60, False)))


def test_check_names_each_bad_property_in_schema_names_and_never_a_number(vc: str,
                                                                       native: ChimeProxyProvider) -> None:
    bad = props(voiceConnectorId=vc, participantPhoneNumbers=["+12065550100", "not a number"],
                capabilities=["Fax"], expiryMinutes=0.5, colour="red")
    failures = run(native.check(api.CheckRequest(URN.format(SESSION, "s"), {}, bad, b""))).failures
    text = [(f.property, f.reason) for f in failures]
    assert ("", "colour: not a property of ProxySession") in text
    assert ("", "capabilities[0]: 'Fax' is not one of Voice, SMS (enum)") in text
    assert any(prop == "expiryMinutes" for prop, _ in text)
    # sensitive: named in the reason, so the engine prints no value next to it
    assert any(prop == "" and reason.startswith("participantPhoneNumbers") for prop, reason in text)
    assert all("not a number" not in reason and "2065550100" not in reason for _, reason in text)


def test_checked_inputs_mark_phone_numbers_secret(vc: str, native: ChimeProxyProvider) -> None:
    checked = run(native.check(api.CheckRequest(URN.format(SESSION, "s"), {}, session_inputs(vc), b"")))
    assert checked.inputs["participantPhoneNumbers"].is_secret
    assert not checked.inputs["capabilities"].is_secret


def test_create_read_import_and_delete_a_session(emulator: Any, vc: str, native: ChimeProxyProvider) -> None:
    created = create(native, vc, expiryMinutes=60)
    vc_id, ps = created.resource_id.split("/")
    assert vc_id == vc
    state = created.properties
    assert state["participants"].is_secret and state["acceptedParticipants"].is_secret
    assert not any(key.startswith("__") for key in state)
    assert unwrap(state)["proxySessionId"] == ps
    assert {p["phoneNumber"] for p in unwrap(state)["acceptedParticipants"]} == set(support.NUMBERS[0])

    urn = URN.format(SESSION, "s")
    inputs = session_inputs(vc, expiryMinutes=60)
    read = run(native.read(api.ReadRequest(urn, created.resource_id, state, inputs)))
    assert unwrap(read.inputs) == unwrap(inputs)  # no drift: the live inputs are the program's
    diff = run(native.diff(api.DiffRequest(urn, created.resource_id, read.properties, inputs, [])))
    assert not diff.changes

    emulator.client().update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps, Capabilities=["SMS"])
    drifted = run(native.read(api.ReadRequest(urn, created.resource_id, read.properties, inputs)))
    assert unwrap(drifted.inputs)["capabilities"] == ["SMS"]
    diff = run(native.diff(api.DiffRequest(urn, created.resource_id, drifted.properties, inputs, [])))
    assert diff.changes and diff.diffs == ["capabilities"]
    assert diff.detailed_diff["capabilities"].kind == api.PropertyDiffKind.UPDATE

    imported = run(native.read(api.ReadRequest(URN.format(SESSION, "i"), created.resource_id, {}, {})))
    assert imported.resource_id == created.resource_id
    # The engine prints an import's inputs as code: no secret input among them; the
    # outputs keep every value, secret.
    assert set(unwrap(imported.inputs)) >= {"voiceConnectorId", "capabilities"}
    assert not set(unwrap(imported.inputs)) & {"participantPhoneNumbers", "name"}
    # An import is a takeover: it declares the input that takes over on create.
    session_id = created.resource_id.split("/")[1]
    assert unwrap(imported.inputs)["adoptProxySessionId"] == session_id
    assert unwrap(imported.properties)["adoptProxySessionId"] == session_id
    assert imported.properties["participantPhoneNumbers"].is_secret
    assert imported.properties["participants"].is_secret

    run(native.delete(api.DeleteRequest(urn, created.resource_id, drifted.properties, 60)))
    gone = run(native.read(api.ReadRequest(urn, created.resource_id, drifted.properties, inputs)))
    assert gone.resource_id == ""


def test_a_changed_proxy_number_is_drift_of_participants(emulator: Any, vc: str,
                                                         native: ChimeProxyProvider) -> None:
    created = create(native, vc)
    _vc, ps = created.resource_id.split("/")
    inputs = session_inputs(vc)
    urn = URN.format(SESSION, "s")
    emulator.admin.set_participant(vc, ps, 0, proxy_phone_number="+12065559999")
    first = run(native.read(api.ReadRequest(urn, created.resource_id, created.properties, inputs)))
    again = run(native.read(api.ReadRequest(urn, created.resource_id, first.properties, inputs)))
    for read in (first, again):  # still drift after the refresh recorded it
        diff = run(native.diff(api.DiffRequest(urn, created.resource_id, read.properties, inputs, [])))
        assert "participants" in diff.diffs


@pytest.mark.parametrize("bad_id", ["", "vc-only", "/ps", "vc/", "a/b/c"])
def test_a_session_id_must_name_the_connector_and_the_session(bad_id: str) -> None:
    with pytest.raises(IdError, match="<voiceConnectorId>/<proxySessionId>"):
        PROXY_SESSION.split_id(bad_id)


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
        run(native.read(api.ReadRequest(URN.format(SESSION, "ghost"), bad_id, {}, {})))
    assert emulator.admin.calls()["Total"] == 0


@pytest.mark.parametrize("bad_id", ["VC", "..", "%2e%2e", VC.upper(), f"{VC} "])
def test_a_proxy_configuration_id_must_be_a_voice_connector_id(bad_id: str, emulator: Any,
                                                            native: ChimeProxyProvider) -> None:
    with pytest.raises(IdError, match="^VoiceConnectorProxy id: voiceConnectorId"):
        run(native.read(api.ReadRequest(URN.format(PROXY, "ghost"), bad_id, {}, {})))
    assert emulator.admin.calls()["Total"] == 0


def test_import_or_get_of_an_object_that_does_not_exist_fails_in_one_line(
    emulator: Any, vc: str, native: ChimeProxyProvider,
) -> None:
    bare = support.bare_voice_connector(emulator.client())
    for urn, id_ in ((URN.format(SESSION, "ghost"), f"{vc}/{'q' * 22}"),
                     (URN.format(PROXY, "ghost"), bare)):
        with pytest.raises(LookupError, match="does not exist: nothing to import or read") as gone:
            run(native.read(api.ReadRequest(urn, id_, {}, {})))
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
    checked = run(provider.check_config(api.CheckRequest("urn", {}, props(**{key: value}), b"")))
    (failure,) = checked.failures
    assert failure.property == "" and failure.reason.startswith(rule)


def test_concurrency_sizes_the_thread_pool() -> None:
    provider = ChimeProxyProvider()
    run(provider.configure(api.ConfigureRequest({}, props(concurrency=128.0), True, True)))
    assert provider.settings.concurrency == 128
    assert provider.executor._max_workers == 128  # noqa: SLF001 - reading, not patching


def test_proxy_configuration_id_is_the_connector(emulator: Any, native: ChimeProxyProvider) -> None:
    vc = emulator.client().create_voice_connector(
        Name="bare", RequireEncryption=False)["VoiceConnector"]["VoiceConnectorId"]
    urn = URN.format(PROXY, "p")
    inputs = props(voiceConnectorId=vc, defaultSessionExpiryMinutes=90.0, phoneNumberPoolCountries=["US"])
    checked = run(native.check(api.CheckRequest(urn, {}, inputs, b"")))
    assert not checked.failures
    created = run(native.create(api.CreateRequest(urn, checked.inputs, 60, False)))
    assert created.resource_id == vc
    imported = run(native.read(api.ReadRequest(urn, vc, {}, {})))
    assert unwrap(imported.inputs)["defaultSessionExpiryMinutes"] == 90
    assert unwrap(imported.inputs)["adoptExisting"] is True  # an import is a takeover
    refreshed = run(native.read(api.ReadRequest(urn, vc, created.properties, checked.inputs)))
    assert "adoptExisting" not in unwrap(refreshed.inputs)  # a refresh takes nothing over


def test_a_failure_on_a_value_the_engine_marked_secret_names_it_without_the_value(
        native: ChimeProxyProvider) -> None:
    """The engine prints a named property's value, secret or not: name it in the reason."""
    bad = {"voiceConnectorId": values.wire("not-a-connector", secret=True),
           **props(participantPhoneNumbers=list(support.NUMBERS[0]), capabilities=["Voice"])}
    failures = run(native.check(api.CheckRequest(URN.format(SESSION, "s"), {}, bad, b""))).failures
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
    run(native.configure(api.ConfigureRequest({}, props(endpoint=emulator.endpoint_url, region="us-east-1",
                                                        endOfSupport="forget"), True, True)))
    try:
        created = create(native, vc)
        urn = URN.format(SESSION, "s")
        emulator.admin.end_of_support("forbidden")
        # An import or .get() adopts nothing, and says how to stop reading what AWS refuses.
        with pytest.raises(NotOwnedRetiredError, match="remove the import or .get.. from the program"):
            run(native.read(api.ReadRequest(URN.format(SESSION, "i"), created.resource_id, {}, {})))
        read = run(native.read(api.ReadRequest(urn, created.resource_id, created.properties,
                                               session_inputs(vc))))
        assert read.resource_id == ""
        run(native.delete(api.DeleteRequest(urn, created.resource_id, created.properties, 60)))
        assert said == [urn, urn]
    finally:
        native.executor.shutdown(wait=True)


def lookup(native: ChimeProxyProvider, vc: str, ps: str) -> dict[str, Any]:
    found = run(native.invoke(api.InvokeRequest("chime-proxy:index:getProxySession",
                                                props(voiceConnectorId=vc, proxySessionId=ps))))
    return unwrap(found.return_value)


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
