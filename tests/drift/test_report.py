"""The pure drift model: the engine's plan decides, adapters explain it."""

from __future__ import annotations

import dataclasses
import inspect

import pulumi_chime_proxy
import pytest
from pulumi.dynamic import Resource
from pulumi_chime_proxy.drift import render, report
from pulumi_chime_proxy.drift.adapters import ADAPTERS, Unmanaged
from pulumi_chime_proxy.dynamic import decode

from . import schema_check
from .findings import (
    NUMBERS,
    PROXY_TYPE,
    SESSION_TYPE,
    VC,
    build,
    masked,
    pending_delete,
    plaintext,
    pre,
    refresh_gone,
    saved_plan,
    session_inputs,
    session_outputs,
    session_pre,
    summary,
    urn,
)

STRAY = Unmanaged("ProxySession", "stray1", VC, "Open", "stray", ("+12065550180", "+12065550181"), None)


def _report(events, saved=None, live=(), fetched=None, recorded=None, policy="fail"):  # type: ignore[no-untyped-def]
    return report.build_report("dev", "proj", build(events, saved), {}, live, fetched, recorded, policy)


def _same(name: str = "s0", rid: str = "p0") -> dict:  # type: ignore[type-arg]
    return pre("same", SESSION_TYPE, name, rid, session_outputs(rid), session_inputs(), session_inputs())


def test_every_resource_type_the_package_provides_has_an_adapter() -> None:
    classes = [obj for _, obj in inspect.getmembers(pulumi_chime_proxy, inspect.isclass)
               if issubclass(obj, Resource) and obj is not Resource]
    assert len(classes) >= 2
    for cls in classes:
        token = f"pulumi-python:dynamic/chime:{cls.__name__}"
        assert token in ADAPTERS, f"{cls.__name__} has no drift adapter"


def test_in_sync_exit_0_and_schema() -> None:
    rep = _report([_same(), summary(same=2)])
    assert [f.state for f in rep.resources] == ["in_sync"]
    assert (rep.drift, rep.exit_code) == (False, 0)
    assert schema_check.errors(rep.to_dict(), schema_check.load_schema()) == []


def test_the_verdict_is_the_engines_summary() -> None:
    """A plan whose summary counts a change exits 2 even if no step explains it."""
    assert _report([_same(), summary(same=1, update=1)]).exit_code == 2
    for quiet in ("same", "read", "refresh"):
        assert _report([_same(), summary(**{quiet: 3})]).exit_code == 0


def test_update_shows_desired_and_live_per_property() -> None:
    live = session_outputs("p0", capabilities=["Voice", "SMS"], expiry_minutes=90)
    events = [session_pre("update", "s0", "p0", live), summary(update=1)]
    saved = saved_plan(s0=(SESSION_TYPE, session_inputs(), {"updates": {"capabilities": ["Voice"],
                                                                         "expiry_minutes": 60}}))
    rep = _report(events, saved)
    (finding,) = rep.resources
    assert (finding.state, finding.op, finding.kind) == ("drifted", "update", "ProxySession")
    assert finding.id == "p0"
    changes = {c.property: c for c in finding.changes}
    assert set(changes) == {"capabilities", "expiry_minutes"}
    assert (changes["capabilities"].desired, changes["capabilities"].live) == (["Voice"], ["Voice", "SMS"])
    assert (changes["expiry_minutes"].desired, changes["expiry_minutes"].live) == (60, 90)
    assert not any(c.replaces for c in finding.changes)
    assert rep.exit_code == 2


def test_secret_live_values_come_from_the_fresh_read() -> None:
    live = session_outputs("p0", participant_phone_numbers=["+12065550100", "+12065550199"])
    events = [session_pre("replace", "s0", "p0", live),
              session_pre("create-replacement", "s0", "p0", live),
              summary(replace=1)]
    diff = {"updates": {"participant_phone_numbers": NUMBERS}}
    saved = saved_plan(s0=(SESSION_TYPE, session_inputs(), diff))
    fetched = {urn(SESSION_TYPE, "s0"): live}
    (finding,) = _report(events, saved, fetched=fetched).resources
    (change,) = finding.changes
    assert change.property == "participant_phone_numbers" and change.replaces
    assert (change.desired, change.live) == (NUMBERS, ["+12065550100", "+12065550199"])
    assert finding.op == "replace"


def test_a_changed_proxy_number_is_drift_of_participants_updated_in_place() -> None:
    recorded = session_outputs("p0")  # the stack accepted ...990 and ...991
    live = session_outputs("p0", proxies=("+12065559990", "+12065559977"),
                           **{decode.ENVELOPE: recorded[decode.ENVELOPE]})
    events = [session_pre("update", "s0", "p0", live), summary(update=1)]
    saved = saved_plan(s0=(SESSION_TYPE, session_inputs(), {"deletes": ["participants"]}))
    rep = _report(events, saved, fetched={urn(SESSION_TYPE, "s0"): {
        k: v for k, v in live.items() if not k.startswith("__")}},
        recorded={urn(SESSION_TYPE, "s0"): recorded})
    (change,) = rep.resources[0].changes
    assert change.property == "participants" and not change.replaces
    assert [p["proxy_phone_number"] for p in change.desired] == ["+12065559990", "+12065559991"]
    assert [p["proxy_phone_number"] for p in change.live] == ["+12065559990", "+12065559977"]
    shown = rep.to_dict()["resources"][0]["changes"][0]["live"]
    assert shown[1] == {"phone_number": "+1******01", "proxy_phone_number": "+1******77"}


def test_closed_session_names_status() -> None:
    live = session_outputs("p0", status="Closed")
    events = [session_pre("replace", "s0", "p0", live), summary(replace=1)]
    (finding,) = _report(events).resources
    assert (finding.state, finding.status) == ("closed", "Closed")
    (change,) = finding.changes
    assert (change.property, change.desired, change.live) == ("status", "Open", "Closed")
    assert change.replaces


def test_gone_missing_and_not_in_program() -> None:
    events = [*refresh_gone(SESSION_TYPE, "s0", "p0"),
              pre("create", SESSION_TYPE, "s0", new_inputs=session_inputs()),
              pre("create", SESSION_TYPE, "s1", new_inputs=session_inputs()),
              pre("delete", SESSION_TYPE, "s2", "p2", session_outputs("p2"), session_inputs()),
              summary(create=2, delete=1)]
    rep = _report(events)
    states = {f.resource: f.state for f in rep.resources}
    assert states == {"s0": "gone", "s1": "missing", "s2": "not_in_program"}
    assert rep.resources[0].id == "p0"
    assert rep.exit_code == 2


def test_voice_connector_proxy_and_a_foreign_type_are_reported() -> None:
    proxy_live = {"voice_connector_id": VC, "default_session_expiry_minutes": 30,
                  "phone_number_pool_countries": ["US"], "fall_back_phone_number": "+12065551234",
                  "disabled": False}
    proxy_inputs = {"voice_connector_id": VC, "default_session_expiry_minutes": 60,
                    "phone_number_pool_countries": ["US"]}
    foreign = "aws:chime/voiceConnector:VoiceConnector"
    events = [pre("update", PROXY_TYPE, "px", VC, proxy_live, proxy_inputs, proxy_inputs),
              pre("update", foreign, "vc", VC, {"name": "a"}, {"name": "a"}, {"name": "b"}),
              summary(update=2)]
    saved = saved_plan(px=(PROXY_TYPE, proxy_inputs, {}),
                       vc=(foreign, {"name": "b"}, {"updates": {"name": "b"}}))
    rep = _report(events, saved, fetched={urn(PROXY_TYPE, "px"): proxy_live})
    by_name = {f.resource: f for f in rep.resources}
    px = {c.property: c for c in by_name["px"].changes}
    assert set(px) == {"default_session_expiry_minutes", "fall_back_phone_number"}
    assert (px["fall_back_phone_number"].desired, px["fall_back_phone_number"].live) == (None, "+12065551234")
    assert by_name["px"].kind == "VoiceConnectorProxy"
    assert by_name["vc"].kind is None and [c.property for c in by_name["vc"].changes] == ["name"]
    assert (by_name["vc"].changes[0].desired, by_name["vc"].changes[0].live) == ("b", "a")


@pytest.mark.parametrize(("policy", "listed", "code"), [("fail", 1, 2), ("report", 1, 0), ("ignore", 0, 0)])
def test_unmanaged_policy(policy: str, listed: int, code: int) -> None:
    owned = Unmanaged("ProxySession", "p0", VC, "Open", None, (), None)
    rep = _report([_same(), summary(same=2)], live=[owned, STRAY], policy=policy)
    assert len(rep.unmanaged) == listed and rep.exit_code == code
    assert rep.engine_changes is False
    assert schema_check.errors(rep.to_dict(), schema_check.load_schema()) == []


@pytest.mark.parametrize("value", ["tok-1234", 4321, ["+12065550140", "x"], {"ride": ["+12065550149"]}, True])
@pytest.mark.parametrize("type_token", ["pulumi:providers:pulumi-python", "aws:iam/user:User",
                                        "pulumi-python:dynamic:Thing"])
def test_whatever_the_engine_marks_secret_is_hidden_in_any_type(type_token: str, value: object) -> None:
    """A type this package has no adapter for still has its secrets masked, wholly."""
    events = [pre("update", type_token, "x", "id1", {"k": masked()}, {"k": masked()}, {"k": "stand-in"}),
              summary(update=1)]
    saved = {"resourcePlans": {urn(type_token, "x"): {
        "goal": {"type": type_token, "name": "x", "inputDiff": {"updates": {"k": {}}}},
        "state": {"k": plaintext(value), "plain": "shown"}}}}
    rep = _report(events, saved)
    (finding,) = rep.resources
    (change,) = (c for c in rep.to_dict()["resources"][0]["changes"] if c["property"] == "k")
    assert change["desired"] == "******"
    assert finding.changes[0].secret == report.HIDDEN
    revealed = rep.to_dict(show_secrets=True)["resources"][0]["changes"][0]["desired"]
    assert revealed == value


def test_a_live_pending_delete_original_is_drift_the_engine_does_not_count() -> None:
    """up deletes it; --expect-no-changes passes; the gate fails, one row per state entry."""
    original = session_outputs("p0")
    events = [pending_delete(session_pre("refresh", "s0", "p0", original)), _same("s0", "p1"),
              pending_delete(pre("delete-replaced", SESSION_TYPE, "s0", "p0", original, session_inputs())),
              summary(same=2)]
    rep = _report(events, live=[Unmanaged("ProxySession", "p0", VC, "Open", None, tuple(NUMBERS), None)])
    assert sorted((f.id, f.state, f.op) for f in rep.resources) == [
        ("p0", "not_in_program", "delete-replaced"), ("p1", "in_sync", "same")]
    assert not rep.engine_changes and rep.pending_deletes == 1 and rep.exit_code == 2
    assert rep.unmanaged == ()  # the original is in state: owned, not unmanaged
    assert schema_check.errors(rep.to_dict(), schema_check.load_schema()) == []
    from pulumi_chime_proxy.drift import render

    table = render.to_table(rep)
    assert "PENDING DELETE" in table and table.count("\ns0 ") == 2


def test_a_pending_delete_original_already_gone_is_no_finding() -> None:
    gone = [pending_delete(event) for event in refresh_gone(SESSION_TYPE, "s0", "p0")]
    rep = _report([*gone, _same("s0", "p1"), summary(same=1)])
    assert [(f.id, f.state) for f in rep.resources] == [("p1", "in_sync")]
    assert rep.exit_code == 0


@pytest.mark.parametrize("policy", ["fail", "ignore"])
def test_the_inventory_lists_every_live_session_with_its_owner_and_age(policy: str) -> None:
    owned = Unmanaged("ProxySession", "p0", VC, "Open", "alpha", ("+12065550100",),
                      "2026-12-01T00:00:00.000Z")
    rep = report.build_report("dev", "proj", build([_same(), summary(same=2)]), {}, [STRAY, owned],
                              unmanaged_policy=policy, inventory=True)
    rep = dataclasses.replace(rep, generated_at="2026-12-03T04:05:00.000Z")
    doc = rep.to_dict()
    assert doc["inventory"] == [
        {"kind": "ProxySession", "id": "p0", "voice_connector_id": VC, "status": "Open",
         "created_timestamp": "2026-12-01T00:00:00.000Z", "age_seconds": 2 * 86400 + 4 * 3600 + 300,
         "owned_by": "s0"},
        {"kind": "ProxySession", "id": "stray1", "voice_connector_id": VC, "status": "Open",
         "created_timestamp": None, "age_seconds": None, "owned_by": None}]
    assert schema_check.errors(doc, schema_check.load_schema()) == []
    table = render.to_table(rep)
    assert "p0          Open    2d 4h  s0" in table and "stray1      Open    -      -" in table
    assert "alpha" not in table and "0100" not in table and "0180" not in render.to_markdown(rep)
    assert "inventory" not in _report([_same(), summary(same=2)], live=[owned]).to_dict()
