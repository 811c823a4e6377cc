"""What ``read`` reports as a resource's inputs: the live value of each input.

The engine records the inputs ``read`` returns (``ReadResult.inputs``) and prints the
difference between recorded and program inputs as ``[diff: ~capabilities,...]``, in
``pulumi refresh`` and in the plan that follows. So ``read`` returns, for every input
the program declared, the value the service has now: drifted properties are named in
the plan, and one that did not drift compares equal and is not.

Which inputs the program declared is part of the resource's :class:`.state.State`.
Pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .spec import ResourceSpec
from .state import State


def declared(inputs: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    """The input names among ``names`` that ``inputs`` sets."""
    return sorted(name for name in names if inputs.get(name) is not None)


def recorded_declared(state: State, names: Iterable[str]) -> list[str]:
    """The declared inputs, as ``state`` records them.

    A state written before they were recorded does not have them: every input with a
    recorded value other than an empty one or ``False`` counts as declared then (until
    the next ``up`` records them).
    """
    if state.declared is not None:
        return state.declared
    return sorted(name for name in names if state.outputs.get(name) not in (None, False, "", []))


def live_inputs(
    live: Mapping[str, Any],
    declared_names: Iterable[str],
    undeclared_counts: Callable[[str, Any], bool] | None = None,
    names: Iterable[str] = (),
) -> dict[str, Any]:
    """The inputs ``read`` returns: the live value of each declared input.

    ``undeclared_counts(name, live_value)`` says whether an input the program left
    unset (one of ``names``) drifted all the same, for a resource whose unset inputs
    mean a default such as "no fallback number"; those are returned too.
    """
    wanted = set(declared_names)
    inputs = {name: live.get(name) for name in wanted if live.get(name) is not None}
    if undeclared_counts is not None:
        for name in names:
            if name not in wanted and undeclared_counts(name, live.get(name)):
                inputs[name] = live.get(name)
    return inputs


def imported(spec: ResourceSpec, live: State, object_id: str) -> State:
    """The state of an import, which takes over what exists as create takes over with the
    spec's takeover input: that input declared (its value the object's id, or True),
    beside every input the service has a value for but the secret ones. So a program
    that imports without the takeover input fails the engine's import check, and destroy
    of what was imported warns as after any takeover. ``pulumi import`` prints the
    declared inputs as code, a secret's value included; so the code it writes leaves the
    phone numbers and the name out, for the program to add from secret config
    (docs/native-provider.md)."""
    takeover = spec.takeover
    found = {**live.outputs, takeover.name: object_id if takeover.type == "string" else True}
    declared_names = sorted(name for name in spec.inputs if name not in spec.masks
                            and (name not in spec.own or name == takeover.name)
                            and found.get(name) not in (None, "", [], {}))
    return State(found, declared_names, live.accepted)
