"""Reading the engine's plan: events and the saved plan file."""

from __future__ import annotations

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
