"""Adopting what no resource owns: a ``pulumi import --file`` document for the unmanaged
objects a check found, as native resources (the dynamic ones cannot be imported:
pulumi/pulumi#16175).

Each entry has the native token, a name derived from the object's id (made unique
against the stack's own resource names), and the native id
(``<voiceConnectorId>/<proxySessionId>`` for a session). Nothing else: the phone numbers
and the session's name come from ``Read`` when the engine imports, into encrypted state;
the code ``pulumi import`` writes leaves them out for the program to take from secret
config (docs/native-provider.md). Pure but for writing the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..proxy_config.spec import VOICE_CONNECTOR_PROXY
from ..sessions.spec import PROXY_SESSION
from .report import DriftReport

#: Each kind's spec, by the name a report gives the kind.
_SPECS = {spec.kind: spec for spec in (PROXY_SESSION, VOICE_CONNECTOR_PROXY)}

#: What a derived name may hold: the id's letters and digits, lower-case, joined by ``-``.
_NOT_IN_A_NAME = re.compile(r"[^a-z0-9]+")


def _name(kind: str, object_id: str) -> str:
    """``proxy-session-<id>`` for a ProxySession: readable, and unique per object."""
    words = re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower()
    return f"{words}-{_NOT_IN_A_NAME.sub('-', object_id.lower()).strip('-')}"


def document(report: DriftReport) -> dict[str, Any]:
    """The ``pulumi import --file`` document for ``report``'s unmanaged objects."""
    taken = {finding.resource for finding in report.resources}
    resources: list[dict[str, str]] = []
    for item in report.unmanaged:
        name, n = _name(item.kind, item.id), 2
        while name in taken:
            name, n = f"{_name(item.kind, item.id)}-{n}", n + 1
        taken.add(name)
        spec = _SPECS[item.kind]
        native_id = f"{item.voice_connector_id}/{item.id}" if spec.id_member else item.id
        resources.append({"type": spec.schema_token, "name": name, "id": native_id})
    return {"resources": resources}


def write(path: Path, report: DriftReport) -> int:
    """Write the import document for ``report`` to ``path``; how many objects it names."""
    found = document(report)
    path.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    return len(found["resources"])
