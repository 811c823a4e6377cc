"""What the engine's ``pulumi preview --refresh`` decided, from its event log. Pure.

The gate's verdict comes from here and nowhere else: the engine's summary says whether
``preview --refresh --expect-no-changes`` fails (the CLI counts every operation but
``same`` and reads, as :data:`NO_CHANGE_OPS` does), and each resource step says what
``up`` would do to it and with which recorded (live) and program (desired) values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Operations the CLI's ``--expect-no-changes`` does not count (engine ``HasChanges``).
NO_CHANGE_OPS = frozenset({"same", "read", "discard", "read-discard", "read-replacement", "refresh"})
#: The operations of a replacement, by how much they say: ``replace`` first.
_REPLACE_OPS = ("replace", "create-replacement", "delete-replaced", "discard-replaced",
                "import-replacement")
#: The engine's refusal to plan the replace of a protected resource (pulumi 3.x wording).
_PROTECTED = re.compile(r'unable to replace resource "([^"]+)" as it is currently marked for protection')
#: The stack's own error line when a step failed: it says nothing of its own.
_FAILED = re.compile(r"^(preview|update|refresh|destroy) failed$")
#: Types the report never lists (they have no property a user declares here).
_INTERNAL_TYPES = ("pulumi:pulumi:Stack",)


@dataclass
class ResourceStep:
    """One resource of the plan: what ``up`` would do, and the states it would do it from.

    ``old_inputs``/``old_outputs`` are the state after the refresh (the live values);
    ``new_inputs`` are the program's. ``refreshed_gone`` is set when the refresh read
    found the resource deleted out of band.
    """

    urn: str
    type: str
    op: str = "same"
    id: str = ""
    old_inputs: dict[str, Any] | None = None
    old_outputs: dict[str, Any] | None = None
    new_inputs: dict[str, Any] | None = None
    engine_keys: list[str] = field(default_factory=list)
    refreshed_gone: bool = False
    #: The original of an interrupted replace, still in state (``delete: true``) beside
    #: its replacement under the same URN: the next ``up`` deletes it.
    pending_delete: bool = False
    #: What stops ``up`` from doing ``op`` ("protect": the resource is protected and
    #: must be replaced); None when nothing does.
    blocked: str | None = None

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]

    @property
    def changes(self) -> bool:
        return self.op not in NO_CHANGE_OPS


@dataclass
class Plan:
    """Every resource step of one preview, and the engine's own change summary."""

    #: By URN; a pending-delete original under a key of its own (``_step``).
    steps: dict[str, ResourceStep]
    summary: dict[str, int]
    #: The engine's error diagnostics other than a protected resource's blocked replace
    #: (which marks its step ``blocked``) and the stack's "preview failed".
    errors: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        """What ``pulumi preview --refresh --expect-no-changes`` decides."""
        return any(count and op not in NO_CHANGE_OPS for op, count in self.summary.items())


def plan_from_events(events: Iterable[Mapping[str, Any]]) -> Plan:
    """Build the plan from the engine's JSON events (``--event-log`` lines)."""
    steps: dict[str, ResourceStep] = {}
    #: (URN, id) of the state entries the refresh found marked ``delete``.
    originals: set[tuple[str, str]] = set()
    summary: dict[str, int] = {}
    blocked: set[str] = set()
    errors: list[str] = []
    for event in events:
        diagnostic = event.get("diagnosticEvent")
        if diagnostic and diagnostic.get("severity") == "error":
            message = " ".join(str(diagnostic.get("message") or "").split())
            protected = _PROTECTED.search(message)
            if protected:
                blocked.add(protected.group(1))
            elif message and not _FAILED.search(message):
                errors.append(message)
            continue
        if "summaryEvent" in event:
            changes = event["summaryEvent"].get("resourceChanges") or {}
            summary = {str(k): int(v) for k, v in changes.items()}
            continue
        pre = event.get("resourcePreEvent")
        outs = event.get("resOutputsEvent")
        if pre:
            _on_pre(steps, originals, pre["metadata"])
        elif outs:
            _on_outputs(steps, originals, outs["metadata"])
    for urn in blocked & steps.keys():
        steps[urn].blocked = "protect"
    return Plan(steps={u: s for u, s in steps.items() if s.type not in _INTERNAL_TYPES}, summary=summary,
                errors=errors)


def _step(steps: dict[str, ResourceStep], originals: set[tuple[str, str]],
          meta: Mapping[str, Any]) -> ResourceStep:
    """The step of the state entry ``meta`` is about: its URN's, or a pending-delete
    original's of its own, so it never merges with the replacement that shares its URN.

    An original is an entry the *refresh* finds marked ``delete``: it was in state
    before this plan. (A replacement the plan makes marks its old entry ``delete`` too,
    in its ``replace`` and ``delete-replaced`` steps: that is the same resource's step.)
    """
    urn = str(meta["urn"])
    old, new = _state(meta, "old"), _state(meta, "new")
    rid = str(old.get("id") or new.get("id") or "")
    if meta.get("op") == "refresh" and (old.get("delete") or new.get("delete")):
        originals.add((urn, rid))
    original = (urn, rid) in originals
    key = f"{urn} (pending delete {rid})" if original else urn
    if key not in steps:
        steps[key] = ResourceStep(urn=urn, type=str(meta.get("type") or ""), pending_delete=original)
    return steps[key]


def _state(meta: Mapping[str, Any], which: str) -> Mapping[str, Any]:
    state = meta.get(which)
    return state if isinstance(state, Mapping) else {}


def _on_pre(steps: dict[str, ResourceStep], originals: set[tuple[str, str]],
            meta: Mapping[str, Any]) -> None:
    op = str(meta.get("op") or "")
    step = _step(steps, originals, meta)
    old, new = _state(meta, "old"), _state(meta, "new")
    if op == "refresh":
        if old:
            step.id = str(old.get("id") or step.id)
        return
    if _rank(op) < _rank(step.op):
        return  # a replacement's later steps say less than its ``replace``
    step.op = op
    if old:
        step.old_inputs = dict(old.get("inputs") or {})
        step.old_outputs = dict(old.get("outputs") or {})
        step.id = str(old.get("id") or step.id)
    if new:
        step.new_inputs = dict(new.get("inputs") or {})
    step.engine_keys = sorted({*(meta.get("diffs") or []), *(meta.get("keys") or [])})


def _on_outputs(steps: dict[str, ResourceStep], originals: set[tuple[str, str]],
                meta: Mapping[str, Any]) -> None:
    """A refresh's outputs event without a new state: the read found nothing."""
    if meta.get("op") in ("refresh", "delete") and not meta.get("new"):
        step = _step(steps, originals, meta)
        if step.op in NO_CHANGE_OPS:
            step.refreshed_gone = True


def apply_plan_file(plan: Plan, document: Mapping[str, Any]) -> None:
    """Take the program's inputs and the engine's named properties from a saved plan.

    ``pulumi preview --save-plan --show-secrets`` writes, per resource, the program's
    inputs with secrets in plaintext (``state``) and the input properties whose value
    differs from the recorded (live) one (``goal.inputDiff``): the ``[diff: ...]`` list.
    """
    for urn, resource_plan in (document.get("resourcePlans") or {}).items():
        step = plan.steps.get(urn)
        if step is None or not isinstance(resource_plan, Mapping):
            continue
        state = resource_plan.get("state")
        if isinstance(state, Mapping) and step.op not in ("delete", "delete-replaced"):
            step.new_inputs = dict(state)
        goal = resource_plan.get("goal") or {}
        diff = goal.get("inputDiff") or {}
        named = {*(diff.get("adds") or {}), *(diff.get("deletes") or []), *(diff.get("updates") or {})}
        if step.op not in ("create", "create-replacement"):
            step.engine_keys = sorted(k for k in named if not k.startswith("__"))


def _rank(op: str) -> int:
    """Higher says more: a replace over its parts, any change over ``same``."""
    if op == "replace":
        return 3
    if op in _REPLACE_OPS:
        return 2
    return 0 if op in NO_CHANGE_OPS else 1
