"""What a program writes, through the real engine: keyword-argument constructors, the
typed participant output, and the ``get_proxy_session`` lookup (secret, typed, and a
one-line error for a session that does not exist)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto
from pulumi_chime_proxy import ProxySession, VoiceConnectorProxy, get_proxy_session
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.hardening import secrets_scan

pytestmark = pytest.mark.engine

PAIR = ["+12065550170", "+12065550171"]
NAME = "Ride 7"


def test_keyword_constructors_typed_participants_and_lookup(
    emulator: Any, pulumi_install: PulumiCli, backend_dir: Path
) -> None:
    vc = support.bare_voice_connector(emulator.client())

    def program() -> None:
        proxy_config = VoiceConnectorProxy(
            "proxy-config", voice_connector_id=vc, default_session_expiry_minutes=90,
            phone_number_pool_countries=["US"])
        session = ProxySession(
            "ride", voice_connector_id=proxy_config.voice_connector_id,
            participant_phone_numbers=PAIR, capabilities=["Voice"], name=NAME)
        pulumi.export("participant", session.participants.apply(lambda people: {
            "type": type(people[0]).__name__, "number": people[0].phone_number,
            "proxy": people[0].proxy_phone_number, "by_key": people[1]["phone_number"]}))
        found = get_proxy_session(session.voice_connector_id, session.proxy_session_id)
        pulumi.export("found", found.apply(lambda s: {
            "type": type(s).__name__, "id": s.proxy_session_id, "status": s.status,
            "numbers": s.participant_phone_numbers, "name": s.name,
            "participant_type": type(s.participants[0]).__name__}))
        pulumi.export("found_status", pulumi.Output.unsecret(found.apply(lambda s: s.status)))
        pulumi.export("session_id", session.proxy_session_id)
        if pulumi.Config().get_bool("lookMissing"):
            missing = get_proxy_session(vc, "nosuchsession0000000000")
            pulumi.export("missing", missing.apply(lambda s: s.status))

    stack = support.stack("ergonomics", program, pulumi_install, backend_dir, emulator.endpoint_url)
    try:
        up = stack.up(show_secrets=False)
        outputs = up.outputs
        participant = outputs["participant"]
        assert participant.secret
        assert participant.value["type"] == "Participant"
        assert participant.value["number"] == PAIR[0] and participant.value["by_key"] == PAIR[1]
        assert participant.value["proxy"]  # the proxy number the emulator assigned
        found = outputs["found"]
        assert found.secret  # numbers and the name stay secret
        assert found.value == {"type": "GetProxySessionResult", "id": outputs["session_id"].value,
                               "status": "Open", "numbers": PAIR, "name": NAME,
                               "participant_type": "Participant"}
        assert outputs["found_status"].value == "Open" and not outputs["found_status"].secret
        secrets_scan.assert_no_plaintext(stack, PAIR, [NAME])

        stack.set_config("lookMissing", auto.ConfigValue("true"))
        with pytest.raises(auto.errors.CommandError) as info:
            stack.preview()
        # One line, as the program's own error (pulumi.RunError): no traceback, no gRPC
        # prefix. (Automation's inline host may repeat it once more, prefixed, when its
        # own shutdown races the engine; that line is the host's, not ours.)
        lines = str(info.value).splitlines()
        ours = [line.strip() for line in lines if "get_proxy_session:" in line]
        assert (f"error: get_proxy_session: proxy session nosuchsession0000000000 on voice "
                f"connector {vc} does not exist") in ours
        assert not any("Traceback" in line for line in lines)
    finally:
        stack.destroy(show_secrets=False)
        assert emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []
