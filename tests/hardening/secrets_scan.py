"""The one place that decides whether a stack's stored state leaks a secret.

Every engine scenario in ``tests/hardening`` ends with :func:`assert_no_plaintext`
over ``workspace.encrypted_state(stack)`` (the state as an attacker with the file
would see it: secrets stay ciphertext).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from pulumi import automation as auto
from pulumi_chime_proxy.engine import workspace


def credentials() -> list[str]:
    """The access key id and secret key the test's provider runs with."""
    return [v for v in (os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY"))
            if v]


def needles(numbers: Iterable[str] = (), names: Iterable[str] = (),
            extra: Iterable[str] = ()) -> set[str]:
    """Every plaintext form that must not appear: numbers with and without ``+``,
    names, and the credentials."""
    found: set[str] = set()
    for number in numbers:
        found |= {number, number.lstrip("+")}
    found |= {n for n in names if n}
    found |= set(credentials()) | set(extra)
    return found


def leaks(state: str, numbers: Iterable[str] = (), names: Iterable[str] = (),
          extra: Iterable[str] = ()) -> list[str]:
    """The needles present in ``state`` (empty: clean)."""
    return sorted(n for n in needles(numbers, names, extra) if n in state)


def assert_no_plaintext(stack: auto.Stack, numbers: Iterable[str] = (),
                        names: Iterable[str] = (), extra: Iterable[str] = ()) -> str:
    """Fail if the encrypted state of ``stack`` holds any needle; returns the state."""
    state = workspace.encrypted_state(stack)
    found = leaks(state, numbers, names, extra)
    assert not found, f"plaintext secrets in the stored state of {stack.name}: {found}"
    return state
