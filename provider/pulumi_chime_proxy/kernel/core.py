"""What every resource kind does, written once over its spec (:mod:`.spec`): the API
mapping both ways, the state after a create or update, and the one read that both
fronts and the drift check make.

A kind brings only what its spec cannot state (:class:`Kind`): its checks, its diff,
how messages name it, and what its read reports beyond the live value of each input
the program declared.

Why ``read`` reports inputs: the engine records the inputs a read returns and prints
the difference between them and the program's as ``[diff: ~<property>,...]``, in
``pulumi refresh`` and in the plan that follows. So a read returns, for every input
the program declared, the value the service has now: a drifted property is named, one
that did not drift compares equal and is not. Pure but for :meth:`Kind.fetch`, the one
call to the service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..aws import errors
from .check import Failure
from .diff import ResourceDiff
from .spec import Property, ResourceSpec
from .state import Observed, State

#: Recorded values that do not count as declared in a state that does not say which
#: inputs the program declared (one written before it was recorded).
_UNSET: tuple[Any, ...] = (None, False, "", [])


def iso(value: Any) -> str | None:
    """ISO-8601 (UTC, ``Z``) for a boto3 datetime or an ISO string; None stays None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        text: str = value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")
        return text.replace("+00:00", "Z")
    return str(value)


def _live(prop: Property, structure: Mapping[str, Any]) -> Any:
    """The live value of ``prop`` in the API's structure (botocore has parsed the model's
    integers and timestamps; a timestamp is kept as ISO-8601 text, as state can hold it)."""
    if prop.read is not None:
        return prop.read(structure)
    value = structure.get(prop.api) if prop.api else None
    if prop.fields and prop.type == "array":
        return [{f.name: item.get(f.api) for f in prop.fields} for item in value or []]
    if prop.fields:
        if not value:
            return None
        names = {f.api: f.name for f in prop.fields}
        return {names.get(k, k): v for k, v in value.items()}
    if isinstance(value, dt.datetime):
        return iso(value)
    if prop.type == "array":
        return list(value or [])
    return value


def _sent(prop: Property, value: Any) -> Any:
    """``value`` as the API member takes it."""
    if prop.fields and isinstance(value, dict):
        names = {f.name: f.api for f in prop.fields}
        return {names.get(k, k): v for k, v in value.items() if v is not None}
    return prop.to_api(value)


def request(spec: ResourceSpec, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The create (or put) request for checked inputs; unset inputs are omitted."""
    return {api: _sent(spec[name], inputs[name])
            for name, api in spec.api_names.items() if inputs.get(name) is not None}


def update_request(spec: ResourceSpec, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The members an in-place update sends: each set input whose change is ``update``."""
    return {spec[name].api: _sent(spec[name], inputs[name])  # type: ignore[misc]
            for name in spec.updated_by_api if inputs.get(name) is not None}


def outputs(spec: ResourceSpec, structure: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Every property's live value from the API's structure; the stack's own settings
    (:attr:`.ResourceSpec.own`) are kept from ``inputs``, in their comparable form."""
    found: dict[str, Any] = {}
    for prop in spec.properties:
        found[prop.name] = prop.compare(inputs.get(prop.name)) if prop.api is None else _live(prop, structure)
    return found


def _nothing_accepted(_recorded: State, _live: dict[str, Any]) -> None:
    return None


@dataclass(frozen=True)
class Kind:
    """A resource kind: its spec, and the few functions in which kinds differ. Both
    fronts and the drift check call these; nothing else knows a kind."""

    spec: ResourceSpec
    #: (normalized inputs, failures) for the program's inputs, before any API call.
    check_inputs: Callable[[dict[str, Any]], tuple[dict[str, Any], list[Failure]]]
    #: What differs between the live state and desired inputs, and what that costs.
    diff: Callable[[State, dict[str, Any]], ResourceDiff]
    #: How messages name one object: (voice connector id, the object's id).
    subject: Callable[[str, str], str]
    #: The inputs a read reports beyond each declared input's live value: drift the
    #: engine would not name otherwise (a Closed session, a moved proxy number).
    drift_inputs: Callable[[State], dict[str, Any]]
    #: What the stack accepts, from the recorded state and the live outputs (None: the
    #: kind records nothing of the kind).
    accepted: Callable[[State, dict[str, Any]], list[dict[str, str | None]] | None] = _nothing_accepted

    def fetch(self, client: Any, vc: str, object_id: str) -> dict[str, Any] | None:
        """The read operation's object (its connector id included), or None when it does
        not exist (NotFound). Any other failure is a :class:`errors.ChimeProxyError`
        naming it, and an answer about another object a LookupError. Every read of one
        object (refresh, drift, adopt, lookups, import) goes through here."""
        spec = self.spec
        params = {"VoiceConnectorId": vc}
        if spec.id_member is not None:
            params[spec.id_member] = object_id
        try:
            answer: dict[str, Any] = getattr(client, spec.read_method)(**params)[spec.read_member]
        except Exception as exc:
            if errors.is_not_found(exc):
                return None
            raise errors.ChimeProxyError(spec.read_operation, self.subject(vc, object_id), exc) from exc
        if spec.id_member is not None and answer.get(spec.id_member) != object_id:
            raise LookupError(f"{spec.read_operation} for {self.subject(vc, object_id)} answered "
                              "with another one; nothing was read")
        return {"VoiceConnectorId": vc, **answer}

    def applied(self, structure: Mapping[str, Any], inputs: Mapping[str, Any]) -> State:
        """The state after a create or update: the live object, which inputs the program
        declared, and what the stack now accepts."""
        live = outputs(self.spec, structure, inputs)
        declared = sorted(name for name in self.spec.inputs if inputs.get(name) is not None)
        return State(live, declared, self.accepted(State(), live))

    def observe(self, structure: Mapping[str, Any], recorded: State,
                takeover: str | None = None) -> Observed:
        """What a read finds in the API's ``structure``: the state to record (what the
        stack declared and accepted carried over from ``recorded``) and the inputs it
        reports. ``takeover``: the id of an object being imported, which the state then
        takes over as create does with the spec's takeover input: that input declared,
        beside every input the service has a value for but the secret ones (``pulumi
        import`` prints declared inputs as code, secrets included)."""
        spec = self.spec
        declared = recorded.declared
        if declared is None:  # written before they were recorded: every input with a value
            declared = sorted(name for name in spec.inputs if recorded.outputs.get(name) not in _UNSET)
        live = outputs(spec, structure, recorded.outputs)
        if takeover is not None:
            live[spec.takeover.name] = takeover if spec.takeover.type == "string" else True
            declared = sorted(name for name in spec.inputs if name not in spec.masks
                              and (name not in spec.own or name == spec.takeover.name)
                              and live.get(name) not in (None, "", [], {}))
        reported = {name: live[name] for name in declared if live.get(name) is not None}
        state = State(live, declared, self.accepted(recorded, live))
        if takeover is not None:  # an import's inputs are code to write: no drift markers
            return Observed(state, reported)
        return Observed(state, reported | self.drift_inputs(state))

    def read(self, client: Any, vc: str, object_id: str, recorded: State,
             takeover: str | None = None) -> Observed | None:
        """The one read every front and the drift check make: what :meth:`observe` finds
        in the live object, or None when it is gone."""
        structure = self.fetch(client, vc, object_id)
        return None if structure is None else self.observe(structure, recorded, takeover)
