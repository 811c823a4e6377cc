"""Synthetic plans for the pure drift tests: engine events and saved-plan documents as
the CLI writes them (checked against a real run: secrets in events are
``{sig, ciphertext: "[secret]"}``, a refresh that finds nothing has no ``new`` state)."""

from __future__ import annotations

from typing import Any

from pulumi_chime_proxy.drift import plan as plan_module
from pulumi_chime_proxy.dynamic import decode
from pulumi_chime_proxy.proxy_config.props import TYPE_TOKEN as PROXY_TYPE
from pulumi_chime_proxy.sessions.props import TYPE_TOKEN as SESSION_TYPE

SIG = "4dabf18193072939515e22adb298388d"
VC = "vc1"
NUMBERS = ["+12065550100", "+12065550101"]
PREFIX = "urn:pulumi:dev::proj::"


def masked() -> dict[str, str]:
    return {SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "[secret]"}


def plaintext(value: Any) -> dict[str, str]:
    import json

    return {SIG: "1b47061264138c4ac30d75fd1eb44270", "plaintext": json.dumps(value)}


def urn(type_token: str, name: str) -> str:
    return f"{PREFIX}{type_token}::{name}"


def session_inputs(**over: Any) -> dict[str, Any]:
    return {"voice_connector_id": VC, "participant_phone_numbers": NUMBERS, "capabilities": ["Voice"],
            "name": "alpha", "expiry_minutes": 60, "__provider": "x"} | over


def session_outputs(ps: str, proxies: tuple[str, str] = ("+12065559990", "+12065559991"),
                    **over: Any) -> dict[str, Any]:
    participants = [{"phone_number": n, "proxy_phone_number": p}
                    for n, p in zip(NUMBERS, proxies, strict=True)]
    return {"proxy_session_id": ps, "voice_connector_id": VC, "status": "Open", "capabilities": ["Voice"],
            "expiry_minutes": 60, "name": "alpha", "participant_phone_numbers": NUMBERS,
            "participants": participants, "keep_closed": False,
            decode.ENVELOPE: {"version": decode.VERSION, "declared": [], "accepted": sorted(
                [n.lstrip("+"), p.lstrip("+")] for n, p in zip(NUMBERS, proxies, strict=True))}} | over


def masked_secrets(outputs: dict[str, Any]) -> dict[str, Any]:
    """Outputs as the engine's events carry them."""
    return {k: masked() if k in ("name", "participants", "participant_phone_numbers",
                                  decode.ENVELOPE, "fall_back_phone_number") and v is not None
            else v for k, v in outputs.items()}


def pre(op: str, type_token: str, name: str, rid: str = "", old: dict[str, Any] | None = None,
        old_inputs: dict[str, Any] | None = None, new_inputs: dict[str, Any] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"op": op, "urn": urn(type_token, name), "type": type_token}
    if old is not None:
        meta["old"] = {"id": rid, "inputs": old_inputs or {}, "outputs": masked_secrets(old)}
    if new_inputs is not None:
        meta["new"] = {"inputs": {k: masked() if k in ("name", "participant_phone_numbers") else v
                                  for k, v in new_inputs.items()}, "outputs": {}}
    return {"resourcePreEvent": {"metadata": meta}}


def session_pre(op: str, name: str, rid: str, live: dict[str, Any]) -> dict[str, Any]:
    """A ProxySession step whose program inputs are :func:`session_inputs`."""
    return pre(op, SESSION_TYPE, name, rid, live, session_inputs(), session_inputs())


def refresh_gone(type_token: str, name: str, rid: str) -> list[dict[str, Any]]:
    meta = {"op": "refresh", "urn": urn(type_token, name), "type": type_token,
            "old": {"id": rid, "inputs": {}, "outputs": {}}}
    return [{"resourcePreEvent": {"metadata": meta}}, {"resOutputsEvent": {"metadata": meta}}]


def pending_delete(event: dict[str, Any]) -> dict[str, Any]:
    """An event about a state entry marked ``delete`` (an interrupted replace's original),
    as the engine writes it: ``delete: true`` in the old state (and the new, on refresh)."""
    (body,) = event.values()
    meta = body["metadata"]
    for which in ("old", "new"):
        if which in meta:
            meta[which] = {**meta[which], "delete": True}
    return event


def summary(**ops: int) -> dict[str, Any]:
    return {"summaryEvent": {"resourceChanges": ops}}


def saved_plan(**resources: tuple[str, dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    """``name=(type_token, program inputs, inputDiff)`` as ``--save-plan --show-secrets`` writes."""
    return {"resourcePlans": {
        urn(t, name): {"goal": {"type": t, "name": name, "inputDiff": diff},
                       "state": {k: plaintext(v) if k in ("name", "participant_phone_numbers") else v
                                 for k, v in inputs.items()}}
        for name, (t, inputs, diff) in resources.items()}}


def build(events: list[dict[str, Any]], saved: dict[str, Any] | None = None) -> plan_module.Plan:
    plan = plan_module.plan_from_events(events)
    if saved:
        plan_module.apply_plan_file(plan, saved)
    return plan


__all__ = ["PROXY_TYPE", "SESSION_TYPE"]
