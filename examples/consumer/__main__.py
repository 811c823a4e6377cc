"""A second stack that acts on the sessions of another stack (../local).

It reads the ``sessions`` output (``{name: {id, status, participants}}``) through a
``StackReference`` and exports which sessions have closed, how many are still
open, and whom to notify about the closed ones.

``sessions`` is secret in the producer (it holds phone numbers). Session names and
counts carry no phone number, so they are deliberately exported in plaintext with
``Output.unsecret``; the participants to notify stay secret.
"""

from typing import Any

import pulumi

config = pulumi.Config()
producer_name = config.get("sessionsStack") or "organization/chime-proxy-local/dev"
producer = pulumi.StackReference(producer_name)


def required(items: Any) -> dict[str, Any]:
    """The producer's sessions; a producer without them stops the program in one line."""
    if not isinstance(items, dict):
        raise pulumi.RunError(
            f"stack {producer_name} has no `sessions` output: run `pulumi up` in "
            "examples/local first, or set sessionsStack to the stack that exports it")
    return items


sessions = producer.get_output("sessions").apply(required)


def closed(items: dict[str, Any]) -> list[str]:
    """Names of the sessions whose status is ``Closed``."""
    return sorted(name for name, s in items.items() if s.get("status") == "Closed")


def open_count(items: dict[str, Any]) -> int:
    """How many sessions are ``Open`` or ``InProgress``."""
    return sum(1 for s in items.values() if s.get("status") != "Closed")


def to_notify(items: dict[str, Any]) -> dict[str, list[str]]:
    """The real numbers of the participants of each closed session."""
    return {name: [p["phone_number"] for p in items[name].get("participants") or []]
            for name in closed(items)}


pulumi.export("closed_sessions", pulumi.Output.unsecret(sessions.apply(closed)))
pulumi.export("open_count", pulumi.Output.unsecret(sessions.apply(open_count)))
pulumi.export("notify", pulumi.Output.secret(sessions.apply(to_notify)))
