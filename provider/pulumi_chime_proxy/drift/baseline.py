"""New drift only: today's findings against a previous report of the same stack.

A finding is keyed by its resource's URN and the property that drifted (or, for a
finding with no property, such as a session gone out of band, its state); a session no
resource owns by its id. A key of today's report that the baseline holds is ``still``,
one it does not is ``new``, and a key of the baseline that today's report lacks is
``resolved``. Only new findings make the check exit 2. Pure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .report import SCHEMA_ID

NEW, STILL = "new", "still"
#: A finding's key: (URN, or "unmanaged"; a property, a state, or a session's id).
Key = tuple[str, str]


class BaselineError(ValueError):
    """The baseline cannot be used; the message is one line saying why."""


def finding_keys(urn: str, state: str, properties: list[str]) -> list[Key]:
    """The keys of one finding: one per property, else its state."""
    return [(urn, prop) for prop in properties] or [(urn, state)]


def unmanaged_key(object_id: str) -> Key:
    return ("unmanaged", object_id)


def keys_of(document: Mapping[str, Any]) -> dict[Key, str]:
    """The keys of a report's JSON document, each with the resource it names."""
    found: dict[Key, str] = {}
    for item in document.get("resources") or []:
        if item.get("state") == "in_sync":
            continue
        properties = [str(c.get("property")) for c in item.get("changes") or []]
        for key in finding_keys(str(item.get("urn")), str(item.get("state")), properties):
            found[key] = str(item.get("resource"))
    for item in document.get("unmanaged") or []:
        found[unmanaged_key(str(item.get("id")))] = f"unmanaged session {item.get('id')}"
    return found


def read(path: Path) -> dict[str, Any]:
    """The ``--json`` report at ``path``; BaselineError when it is not one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"--baseline {path}: cannot be read as JSON ({type(exc).__name__})") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA_ID:
        raise BaselineError(f"--baseline {path}: not a `chime-proxy drift --json` report ({SCHEMA_ID})")
    return document


def keys_for(document: Mapping[str, Any], stack: str, path: Path) -> dict[Key, str]:
    """The keys of ``document``, which must be a report of ``stack``."""
    if document.get("stack") != stack:
        raise BaselineError(f"--baseline {path}: a report of stack {document.get('stack')!r}, "
                            f"not of {stack!r}")
    return keys_of(document)
