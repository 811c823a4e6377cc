"""Reading the engine's plan: events and the saved plan file."""

from __future__ import annotations

from typing import Any

import pytest

from .findings import (
    SESSION_TYPE,
    build,
    pending_delete,
    pre,
    refresh_gone,
    saved_plan,
    session_inputs,
    session_outputs,
    session_pre,
    summary,
    urn,
)


def test_a_replacement_is_one_step_named_replace() -> None:
    """The engine marks the old entry ``delete`` in the plan's own replace and
    delete-replaced steps (as a real preview does): still the resource's one step."""
    live = session_outputs("p0", status="Closed")
    plan = build([session_pre("refresh", "s0", "p0", live),
                  session_pre("create-replacement", "s0", "p0", live),
                  pending_delete(session_pre("replace", "s0", "p0", live)),
                  pending_delete(pre("delete-replaced", SESSION_TYPE, "s0", "p0", live, session_inputs())),
                  summary(replace=1)])
    assert [(s.name, s.op, s.pending_delete) for s in plan.steps.values()] == [("s0", "replace", False)]
    assert plan.has_changes


def test_refresh_that_finds_nothing_marks_the_step() -> None:
    plan = build([*refresh_gone(SESSION_TYPE, "s0", "p0"), pre("create", SESSION_TYPE, "s0",
                                                                new_inputs=session_inputs())])
    (step,) = plan.steps.values()
    assert step.refreshed_gone and step.op == "create" and step.id == "p0"


def test_saved_plan_gives_plaintext_program_inputs_and_named_properties() -> None:
    events = [session_pre("update", "s0", "p0", session_outputs("p0"))]
    plan = build(events, saved_plan(s0=(SESSION_TYPE, session_inputs(), {
        "updates": {"capabilities": ["Voice"]}, "deletes": ["status", "__internal"]})))
    step = plan.steps[urn(SESSION_TYPE, "s0")]
    assert step.engine_keys == ["capabilities", "status"]
    assert "plaintext" in step.new_inputs["participant_phone_numbers"]  # type: ignore[index]


def test_stack_resource_is_not_a_finding_and_empty_log_has_no_changes() -> None:
    meta = {"op": "same", "urn": "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
            "type": "pulumi:pulumi:Stack"}
    stack = {"resourcePreEvent": {"metadata": meta}}
    plan = build([stack, summary(same=1)])
    assert plan.steps == {} and not plan.has_changes
    assert not build([]).has_changes


def test_a_pending_delete_original_is_a_step_of_its_own_beside_its_replacement() -> None:
    """An interrupted replace leaves the original in state under the same URN: the
    engine refreshes both, keeps the replacement and deletes the original."""
    live, original = session_outputs("p1"), session_outputs("p0")
    plan = build([pending_delete(session_pre("refresh", "s0", "p0", original)),
                  session_pre("refresh", "s0", "p1", live),
                  session_pre("same", "s0", "p1", live),
                  pending_delete(pre("delete-replaced", SESSION_TYPE, "s0", "p0", original,
                                     session_inputs())),
                  summary(same=2)])
    steps = sorted(plan.steps.values(), key=lambda s: s.id)
    assert [(s.name, s.id, s.op, s.pending_delete) for s in steps] == [
        ("s0", "p0", "delete-replaced", True), ("s0", "p1", "same", False)]
    assert not plan.has_changes  # the engine's --expect-no-changes does not count it


def diagnostic(message: str, severity: str = "error") -> dict[str, Any]:
    return {"diagnosticEvent": {"message": message, "severity": severity}}


def protected(name: str) -> str:
    """The engine's refusal, wrapped as the CLI's event log carries it."""
    return (f'unable to replace resource "{urn(SESSION_TYPE, name)}"\nas it is currently marked for '
            "protection. To unprotect the resource, remove the `protect` flag from the resource in "
            "your Pulumi program and run `pulumi up`")


def test_a_protected_resource_up_must_replace_is_a_blocked_step_not_an_error() -> None:
    live = session_outputs("p0")
    plan = build([session_pre("refresh", "s0", "p0", live), session_pre("replace", "s0", "p0", live),
                  session_pre("update", "s1", "p1", session_outputs("p1")),
                  diagnostic(protected("s0")), diagnostic("preview failed"), summary(replace=1, update=1)])
    assert {s.name: (s.op, s.blocked) for s in plan.steps.values()} == {
        "s0": ("replace", "protect"), "s1": ("update", None)}
    assert plan.errors == [] and plan.has_changes


@pytest.mark.parametrize("message", [
    "GetProxySession failed for proxy session p0 on voice connector vc: ForbiddenException",
    "unable to replace resource \"urn:x\"",  # cut short: not the protect refusal
    "an error occurred while advancing the preview",
])
def test_any_other_error_stays_an_error_beside_a_blocked_step(message: str) -> None:
    live = session_outputs("p0")
    plan = build([session_pre("replace", "s0", "p0", live), diagnostic(protected("s0")),
                  diagnostic(message), diagnostic("a warning", severity="warning"), summary(replace=1)])
    assert plan.errors == [" ".join(message.split())]
