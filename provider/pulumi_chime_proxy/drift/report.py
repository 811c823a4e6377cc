"""The findings of a drift check: a pure model built from the engine's plan.

Whether the stack drifted is the engine's answer (:attr:`Plan.has_changes`: what
``pulumi preview --refresh --expect-no-changes`` decides), plus, under the default
``--unmanaged fail``, live sessions that no resource owns. Each resource the plan
would change is explained by its kind's adapter: the properties that differ, with
the program's (desired) and the service's (live) value of each.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import masking
from ..kernel.core import iso
from ..kernel.props import anywhere
from .adapters import ADAPTERS, Adapter, Unmanaged
from .plan import Plan, ResourceStep

SCHEMA_ID = "chime-proxy.drift/v2"

#: ``ResourceFinding.state`` values.
IN_SYNC, DRIFTED, CLOSED, GONE, MISSING, NOT_IN_PROGRAM = (
    "in_sync", "drifted", "closed", "gone", "missing", "not_in_program")
STATES = (IN_SYNC, DRIFTED, CLOSED, GONE, MISSING, NOT_IN_PROGRAM)
#: ``--unmanaged`` policies: whether sessions no resource owns fail the gate.
UNMANAGED_POLICIES = ("fail", "report", "ignore")

_SECRET_SIG = "4dabf18193072939515e22adb298388d"
#: The mask of a secret whose kind this package does not know: nothing of it is shown.
HIDDEN = "hidden"
_CREATES = frozenset({"create", "create-replacement"})
_DELETES = frozenset({"delete", "delete-replaced", "discard"})
#: The engine's operation on the original of a replacement: ``delete original``.
PENDING_DELETE_OP = "delete-replaced"


@dataclass(frozen=True)
class PropertyDrift:
    """A property whose live value is not what the program declares."""

    property: str
    desired: Any
    live: Any
    replaces: bool = False
    #: How to mask it: "phone", "name", "hidden" (a secret of a kind this package does
    #: not know: nothing of it is shown), or None (not secret).
    secret: str | None = None
    #: The reason of the ignore-file entry that mutes it (:mod:`.ignore`), or None.
    ignored: str | None = None
    #: Against a baseline report (:mod:`.baseline`): "new" or "still"; None without one.
    baseline: str | None = None

    def counts(self) -> bool:
        """Whether it makes the check fail: neither muted nor already in the baseline."""
        return self.ignored is None and self.baseline != "still"


@dataclass(frozen=True)
class ResourceFinding:
    """What ``up`` would do to one resource, and why."""

    resource: str
    urn: str
    type: str
    kind: str | None
    id: str
    op: str
    state: str
    status: str | None = None
    changes: tuple[PropertyDrift, ...] = ()
    #: What stops ``up`` from doing ``op`` ("protect"), or None.
    blocked: str | None = None
    #: For a finding with no property (gone, missing, ...): the ignore-file reason that
    #: mutes it, and "new" or "still" against a baseline, as :class:`PropertyDrift` has.
    ignored: str | None = None
    baseline: str | None = None

    @property
    def drifted(self) -> bool:
        return self.state != IN_SYNC

    @property
    def counts(self) -> bool:
        """Whether it makes the check fail: drifted, and some cause of it neither muted nor
        already in the baseline."""
        if not self.drifted:
            return False
        if self.changes:
            return any(change.counts() for change in self.changes)
        return self.ignored is None and self.baseline != "still"


@dataclass(frozen=True)
class Endpoint:
    """Where the live listing went, and where its settings came from."""

    source: str  # "state": the provider configuration the refresh used; "config": stack config
    region: str | None
    url: str | None  # the URL the calls went to, as the client resolved it
    #: What chose ``url``: the config key, the environment variable, the AWS config
    #: file, or ``AWS`` (the region's own endpoint).
    url_from: str | None = None


@dataclass(frozen=True)
class Held:
    """A live object on the stack's voice connectors, and the resource of the stack that
    owns it (None: no resource of this stack does): a line of the inventory."""

    item: Unmanaged
    owned_by: str | None


@dataclass(frozen=True)
class Resolved:
    """A finding of the baseline report that this check no longer makes."""

    resource: str
    urn: str
    what: str


@dataclass(frozen=True)
class DriftReport:
    stack: str
    project: str | None
    resources: tuple[ResourceFinding, ...]
    engine_changes: bool
    unmanaged: tuple[Unmanaged, ...] = ()
    unmanaged_policy: str = "fail"
    endpoint: Endpoint | None = None
    warnings: tuple[str, ...] = ()
    generated_at: str = field(default_factory=lambda: now())
    #: Whether an ignore file or a baseline judged the findings (:mod:`.triage`).
    triaged: bool = False
    #: Against a baseline: its findings this check no longer makes.
    resolved: tuple[Resolved, ...] = ()
    #: With ``--inventory``: every live object on the stack's voice connectors, owned or
    #: not (None: not asked for).
    inventory: tuple[Held, ...] | None = None

    @property
    def unmanaged_fails(self) -> bool:
        return bool(self.unmanaged) and self.unmanaged_policy == "fail"

    @property
    def pending_deletes(self) -> int:
        """Originals of an interrupted replace that ``up`` deletes: the engine's
        ``--expect-no-changes`` does not count them, the gate does (docs/drift.md)."""
        return sum(finding.op == PENDING_DELETE_OP for finding in self.resources)

    @property
    def drift(self) -> bool:
        """The gate's verdict: the engine would change something, ``up`` would delete a
        pending-delete original, or (policy ``fail``) a session no resource owns exists.
        An ignore file or a baseline can only clear it: when each cause is muted or was
        already in the baseline (an engine change no finding explains always counts)."""
        found = self.engine_changes or bool(self.pending_deletes) or self.unmanaged_fails
        if not found or not self.triaged:
            return found
        unexplained = self.engine_changes and not any(f.drifted for f in self.resources)
        unmanaged = self.unmanaged_policy == "fail" and any(
            u.ignored is None and u.baseline != "still" for u in self.unmanaged)
        return unexplained or unmanaged or any(f.counts for f in self.resources)

    @property
    def exit_code(self) -> int:
        """0 no drift, 2 drift (as ``terraform plan -detailed-exitcode``)."""
        return 2 if self.drift else 0

    def counts(self) -> dict[str, int]:
        counts = {state: 0 for state in STATES}
        for finding in self.resources:
            counts[finding.state] += 1
        return {"resources": len(self.resources), **counts, "unmanaged": len(self.unmanaged)}

    def to_dict(self, show_secrets: bool = False) -> dict[str, Any]:
        """The ``chime-proxy.drift/v2`` document (see SCHEMA.md and schema.json)."""
        return {
            "schema": SCHEMA_ID,
            "stack": self.stack,
            "project": self.project,
            "generated_at": self.generated_at,
            "drift": self.drift,
            "engine_changes": self.engine_changes,
            "unmanaged_policy": self.unmanaged_policy,
            "secrets_shown": show_secrets,
            "endpoint": None if self.endpoint is None else {
                "source": self.endpoint.source, "region": self.endpoint.region,
                "url": self.endpoint.url, "url_from": self.endpoint.url_from},
            "warnings": list(self.warnings),
            "summary": self.counts(),
            "resources": [_finding_dict(f, show_secrets) for f in self.resources],
            "unmanaged": [_unmanaged_dict(u, show_secrets) for u in self.unmanaged],
            "resolved": [{"resource": r.resource, "urn": r.urn, "what": r.what} for r in self.resolved],
            **({} if self.inventory is None else {
                "inventory": [_held_dict(h, self.generated_at) for h in self.inventory]}),
        }


def owned_session_ids(resource_ids: Iterable[str | None]) -> set[str]:
    """The ids a live listing can match, of resources a stack owns: each id as the state
    records it, and a native session's ``<voiceConnectorId>/<proxySessionId>`` also as the
    bare session id the service lists."""
    ids = {str(i) for i in resource_ids if i}
    return ids | {i.rpartition("/")[2] for i in ids}


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """``s2`` before ``s10``: digit runs compare as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", text) if part)


def reading_order(finding: ResourceFinding) -> tuple[Any, ...]:
    """Problems first, then by type and name in natural order."""
    return (finding.state == IN_SYNC, finding.type, natural_key(finding.resource), finding.urn)


def now() -> str:
    """The report's time, as every timestamp in it is written (:func:`kernel.spec.iso`)."""
    return str(iso(dt.datetime.now(dt.timezone.utc)))


# -- masking -----------------------------------------------------------------------------


def shown(value: Any, secret: str | None, show_secrets: bool) -> Any:
    """``value`` as printed: masked by its kind unless secrets are shown."""
    if _has_masked(value):
        return "[secret]"
    if show_secrets or secret is None or value is None:
        return value
    if secret == HIDDEN:
        return masking.STARS
    return masking.mask_value(value, names=secret == "name")


#: A finding's fields as the JSON report spells them, in its order; ``changes`` follows.
_FINDING_FIELDS = ("resource", "urn", "type", "kind", "id", "op", "blocked", "state", "status",
                   "ignored", "baseline")
#: An unmanaged object's fields that are never secret, in the report's order.
_UNMANAGED_FIELDS = ("kind", "id", "voice_connector_id", "status", "ignored", "baseline")


def _finding_dict(f: ResourceFinding, show: bool) -> dict[str, Any]:
    return {
        **{name: getattr(f, name) for name in _FINDING_FIELDS},
        "changes": [
            {
                "property": c.property,
                "desired": shown(c.desired, c.secret, show),
                "live": shown(c.live, c.secret, show),
                "replaces": c.replaces,
                "ignored": c.ignored,
                "baseline": c.baseline,
            }
            for c in f.changes
        ],
    }


def _unmanaged_dict(u: Unmanaged, show: bool) -> dict[str, Any]:
    return {
        **{name: getattr(u, name) for name in _UNMANAGED_FIELDS},
        "name": shown(u.name, "name", show),
        "participants": shown(list(u.phone_numbers), "phone", show),
        "created_timestamp": u.created_timestamp,
    }


def age_seconds(created: str | None, at: str) -> int | None:
    """Whole seconds from ``created`` to ``at`` (both ISO-8601), or None when unknown."""
    if not created:
        return None
    try:
        start = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
        end = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return None
    if start.tzinfo is None:
        start = start.replace(tzinfo=dt.timezone.utc)
    return max(0, int((end - start).total_seconds()))


def _held_dict(held: Held, at: str) -> dict[str, Any]:
    item = held.item
    return {"kind": item.kind, "id": item.id, "voice_connector_id": item.voice_connector_id,
            "status": item.status, "created_timestamp": item.created_timestamp,
            "age_seconds": age_seconds(item.created_timestamp, at), "owned_by": held.owned_by}


# -- building ----------------------------------------------------------------------------


class _Masked:
    """A secret the engine's events carry only as ``[secret]``."""

    def __repr__(self) -> str:
        return "[secret]"


MASKED: Any = _Masked()


def unwrap_secrets(value: Any) -> Any:
    """Plain values from state, plan or event JSON: decrypted secrets unwrapped, the
    engine's masked ones as :data:`MASKED`."""
    if isinstance(value, dict):
        if value.get(_SECRET_SIG) is not None:
            if "plaintext" in value:
                return unwrap_secrets(json.loads(value["plaintext"]))
            if "value" in value:
                return unwrap_secrets(value["value"])
            return MASKED
        return {k: unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v) for v in value]
    return value


def marked_secret(value: Any) -> bool:
    """Whether the engine marks ``value``, or anything inside it, secret (state, plan or
    event JSON, before :func:`unwrap_secrets`)."""
    if isinstance(value, dict):
        return value.get(_SECRET_SIG) is not None or any(marked_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(marked_secret(v) for v in value)
    return value is MASKED


def _secret_kind(step: ResourceStep, adapter: Adapter | None, prop: str) -> str | None:
    """How ``prop`` of ``step`` is masked: by the adapter's kind, or wholly when the engine
    marks it secret on either side (any resource type: providers, config, other
    packages' resources)."""
    kind = adapter.secret_kind(prop) if adapter else None
    if kind is not None:
        return kind
    sides = (step.new_inputs, step.old_inputs, step.old_outputs)
    return HIDDEN if any(marked_secret((side or {}).get(prop)) for side in sides) else None


def _has_masked(value: Any) -> bool:
    return anywhere(value, lambda v: v is MASKED)


def live_outputs(step: ResourceStep, fetched: Mapping[str, Any] | None,
                 recorded: Mapping[str, Any] | None) -> tuple[dict[str, Any], set[str]]:
    """The live outputs after the refresh, as the engine's events carry them, with each
    masked secret taken from a fresh read (``fetched``) or else from the state; and the
    keys that stay unknown (masked, and neither source has them)."""
    outputs = unwrap_secrets(step.old_outputs or {})
    recorded = unwrap_secrets(recorded or {})
    unknown: set[str] = set()
    for key, value in list(outputs.items()):
        if not _has_masked(value):
            continue
        if fetched is not None and key in fetched:
            outputs[key] = fetched[key]
        elif key in recorded:
            outputs[key] = recorded[key]
        else:
            unknown.add(key)
    return dict(outputs), unknown


def explain(step: ResourceStep, adapter: Adapter | None, recorded_ids: Mapping[str, str],
            fetched: Mapping[str, Any] | None = None,
            recorded_outputs: Mapping[str, Any] | None = None) -> ResourceFinding:
    """The finding for one step of the plan."""
    base: dict[str, Any] = dict(
        resource=step.name, urn=step.urn, type=step.type,
        kind=adapter.kind if adapter else None,
        id=step.id or recorded_ids.get(step.urn, ""), op=step.op, blocked=step.blocked)
    if step.pending_delete:
        # The original of an interrupted replace: whatever it holds, up deletes it.
        return ResourceFinding(**{**base, "op": PENDING_DELETE_OP}, state=NOT_IN_PROGRAM)
    outputs, unknown = live_outputs(step, fetched, recorded_outputs)
    status = outputs.get(adapter.status_output) if adapter and adapter.status_output else None
    if step.op in _CREATES and not step.old_outputs:
        gone = step.refreshed_gone
        return ResourceFinding(**base, state=GONE if gone else MISSING)
    if step.op in _DELETES:
        return ResourceFinding(**base, state=NOT_IN_PROGRAM, status=status)
    if not step.changes:
        return ResourceFinding(**base, state=IN_SYNC, status=status)
    inputs = unwrap_secrets(step.new_inputs or {})
    if adapter is None:
        changes = tuple(PropertyDrift(k, inputs.get(k), unwrap_secrets(step.old_inputs or {}).get(k),
                                      secret=_secret_kind(step, None, k))
                        for k in step.engine_keys or _changed_keys(step))
        return ResourceFinding(**base, state=DRIFTED, changes=changes)
    # A secret that could not be read is not compared (the engine's names still count).
    changed, replaces = adapter.diff(outputs, {k: v for k, v in inputs.items() if k not in unknown})
    changed += [k for k in step.engine_keys if k not in changed]  # named by the engine too
    changes = tuple(
        PropertyDrift(prop, adapter.desired(prop, inputs, outputs), adapter.live(prop, inputs, outputs),
                      prop in replaces, _secret_kind(step, adapter, prop))
        for prop in changed)
    state = CLOSED if "status" in changed and adapter.status_output else DRIFTED
    return ResourceFinding(**base, state=state, status=status, changes=changes)


def _changed_keys(step: ResourceStep) -> list[str]:
    old = {k: v for k, v in (step.old_inputs or {}).items() if not k.startswith("__")}
    new = {k: v for k, v in (step.new_inputs or {}).items() if not k.startswith("__")}
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


def build_report(
    stack: str,
    project: str | None,
    plan: Plan,
    recorded_ids: Mapping[str, str],
    live: Iterable[Unmanaged],
    fetched: Mapping[str, Mapping[str, Any]] | None = None,
    recorded_outputs: Mapping[str, Mapping[str, Any]] | None = None,
    unmanaged_policy: str = "fail",
    endpoint: Endpoint | None = None,
    warnings: Iterable[str] = (),
    inventory: bool = False,
) -> DriftReport:
    """Explain every resource of the plan; sessions in ``live`` that no resource owns
    (neither by the id the refresh found nor by the id state records) are unmanaged.
    With ``inventory``, every object of ``live`` is listed with the resource that owns it."""
    findings = sorted(
        (explain(step, ADAPTERS.get(step.type), recorded_ids, (fetched or {}).get(step.urn),
                 (recorded_outputs or {}).get(step.urn))
         for step in plan.steps.values()
         if (not step.type.startswith("pulumi:providers:") or step.changes)
         and not (step.pending_delete and step.refreshed_gone)),
        key=reading_order)
    live = sorted(live, key=lambda u: (u.voice_connector_id, u.id))
    owners = {key: urn.rsplit("::", 1)[-1] for urn, object_id in recorded_ids.items()
              for key in owned_session_ids([object_id])}
    owners |= {key: f.resource for f in findings for key in owned_session_ids([f.id])}
    unmanaged = () if unmanaged_policy == "ignore" else tuple(u for u in live if u.id not in owners)
    held = tuple(Held(u, owners.get(u.id)) for u in live) if inventory else None
    return DriftReport(stack=stack, project=project, resources=tuple(findings),
                       engine_changes=plan.has_changes, unmanaged=unmanaged,
                       unmanaged_policy=unmanaged_policy, endpoint=endpoint,
                       warnings=tuple(warnings), inventory=held)
