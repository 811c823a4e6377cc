"""The pure drift model: verdicts from recorded state, refresh results and listings."""

from __future__ import annotations

from typing import Any

from pulumi_chime_proxy.drift import report as R

from . import schema_check

VC = "vc1"
SIG = "4dabf18193072939515e22adb298388d"
URN = "urn:pulumi:dev::proj::pulumi-python:dynamic/chime:ProxySession::"
NUMBERS = ["+12065550100", "+12065550101"]


def _inputs(**over: Any) -> dict[str, Any]:
    return {"voice_connector_id": VC, "participant_phone_numbers": NUMBERS, "capabilities": ["Voice"],
            "name": "alpha", "expiry_minutes": 60, "__provider": "x"} | over


def _outputs(ps: str, **over: Any) -> dict[str, Any]:
    return {"proxy_session_id": ps, "voice_connector_id": VC, "status": "Open", "capabilities": ["Voice"],
            "expiry_minutes": 60, "name": "alpha", "participant_phone_numbers": NUMBERS,
            "participants": [{"phone_number": n, "proxy_phone_number": "+12065559999"} for n in NUMBERS],
            "keep_closed": False} | over


def _listing(ps: str, numbers: list[str] = NUMBERS, **over: Any) -> dict[str, Any]:
    return {"ProxySessionId": ps, "VoiceConnectorId": VC, "Status": "Open", "Capabilities": ["Voice"],
            "ExpiryMinutes": 60, "Name": "alpha",
            "Participants": [{"PhoneNumber": n, "ProxyPhoneNumber": "+12065559999"} for n in numbers]} | over


def _masked() -> dict[str, str]:
    return {SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "[secret]"}


def _rec(name: str, ps: str, **inputs: Any) -> R.RecordedSession:
    return R.RecordedSession(URN + name, ps, _inputs(**inputs), _outputs(ps))


def test_in_sync_session_and_exit_0() -> None:
    live = _outputs("p1") | {"name": _masked(), "participants": _masked(),
                             "participant_phone_numbers": _masked()}
    rep = R.build_report("dev", "proj", [_rec("a", "p1")], {URN + "a": R.unwrap_secrets(live)},
                         {VC: [_listing("p1")]})
    assert [f.state for f in rep.sessions] == ["in_sync"]
    assert rep.drift is False and rep.exit_code == 0


def test_masked_secrets_are_filled_from_the_listing() -> None:
    live = R.unwrap_secrets(_outputs("p1") | {"participant_phone_numbers": _masked()})
    rep = R.build_report("dev", None, [_rec("a", "p1")], {URN + "a": live},
                         {VC: [_listing("p1", ["+12065550100", "+12065550199"])]})
    (finding,) = rep.sessions
    assert finding.state == "drifted"
    (change,) = finding.changes
    assert change.property == "participant_phone_numbers" and change.replaces
    assert change.live == ["+12065550100", "+12065550199"]
    assert rep.exit_code == 2


def test_masked_secret_without_listing_is_not_counted_as_drift() -> None:
    live = R.unwrap_secrets(_outputs("p1") | {"name": _masked()})
    rep = R.build_report("dev", None, [_rec("a", "p1")], {URN + "a": live}, {})
    assert rep.sessions[0].state == "in_sync"


def test_gone_closed_and_kept_closed() -> None:
    recs = [_rec("gone", "p1"), _rec("closed", "p2"), _rec("kept", "p3", keep_closed=True)]
    refreshed = {
        URN + "gone": None,
        URN + "closed": _outputs("p2", status="Closed"),
        URN + "kept": _outputs("p3", status="Closed", keep_closed=True),
    }
    rep = R.build_report("dev", None, recs, refreshed, {})
    states = {f.resource: (f.state, f.status) for f in rep.sessions}
    assert states == {"gone": ("gone", None), "closed": ("closed", "Closed"), "kept": ("in_sync", "Closed")}
    closed = next(f for f in rep.sessions if f.resource == "closed")
    assert [(c.property, c.recorded, c.live) for c in closed.changes] == [("status", "Open", "Closed")]


def test_without_refresh_result_the_listing_decides() -> None:
    recs = [_rec("a", "p1"), _rec("b", "p2")]
    rep = R.build_report("dev", None, recs, {}, {VC: [_listing("p1", Capabilities=["SMS"])]})
    states = {f.resource: f.state for f in rep.sessions}
    assert states == {"a": "drifted", "b": "gone"}


def test_unmanaged_sessions_are_those_no_resource_tracks() -> None:
    rep = R.build_report("dev", None, [_rec("a", "p1")], {URN + "a": _outputs("p1")},
                         {VC: [_listing("p1"), _listing("x9", Name="stray")]})
    (u,) = rep.unmanaged
    assert (u.proxy_session_id, u.name, u.participants) == ("x9", "stray", tuple(NUMBERS))
    assert rep.drift and rep.counts()["unmanaged"] == 1


def test_mask_text() -> None:
    assert R.mask_text("+12065550101") == "+1206*****01"
    assert R.mask_text("alpha") == "a****"
    assert R.mask_value([{"phone_number": "+12065550101"}]) == [{"phone_number": "+1206*****01"}]


def test_unwrap_secrets_decrypted_export() -> None:
    exported = {"name": {SIG: "1b47061264138c4ac30d75fd1eb44270", "plaintext": '"alpha"'}, "n": [1]}
    assert R.unwrap_secrets(exported) == {"name": "alpha", "n": [1]}


def test_to_dict_masks_secrets_and_matches_schema() -> None:
    live = _outputs("p1", name="omega", capabilities=["SMS"])
    rep = R.build_report("dev", "proj", [_rec("a", "p1")], {URN + "a": live},
                         {VC: [_listing("p1"), _listing("x9")]})
    doc = rep.to_dict()
    schema = schema_check.load_schema()
    assert schema_check.errors(doc, schema) == []
    changes = {c["property"]: c for c in doc["sessions"][0]["changes"]}
    assert changes["name"]["recorded"] == "a****" and changes["name"]["live"] == "o****"
    assert changes["capabilities"]["live"] == ["SMS"]  # not a secret
    assert doc["unmanaged"][0]["participants"] == ["+1206*****00", "+1206*****01"]
    shown = rep.to_dict(show_secrets=True)
    assert shown["secrets_shown"] is True
    assert shown["unmanaged"][0]["participants"] == NUMBERS
    assert schema_check.errors(shown, schema) == []


def test_schema_checker_rejects_bad_documents() -> None:
    schema = schema_check.load_schema()
    doc = R.DriftReport("dev", None, ()).to_dict()
    assert schema_check.errors(doc, schema) == []
    assert schema_check.errors(doc | {"schema": "v0"}, schema)
    assert schema_check.errors(doc | {"extra": 1}, schema)
    bad_session = {"resource": "a", "urn": "u", "proxy_session_id": "p", "voice_connector_id": VC,
                   "state": "weird", "status": None, "changes": []}
    assert schema_check.errors(doc | {"sessions": [bad_session]}, schema)


def test_schema_md_example_is_valid() -> None:
    import json
    import re
    from importlib import resources

    text = resources.files("pulumi_chime_proxy.drift").joinpath("SCHEMA.md").read_text()
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))  # type: ignore[union-attr]
    assert schema_check.errors(example, schema_check.load_schema()) == []
