"""Per-stack ``chime-proxy.drift/v2`` documents for unit tests of the fleet summary, and
the fleet schema with the per-stack schema it refers to, for ``jsonschema``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

SESSION = "pulumi-python:dynamic/chime:ProxySession"


def _schema(name: str) -> dict[str, Any]:
    return dict(json.loads(resources.files("pulumi_chime_proxy.drift").joinpath(name).read_text()))


def fleet_validator() -> Any:
    """A validator of ``fleet.schema.json`` that resolves its references to ``schema.json``
    (``jsonschema``: a dev-only tool, imported here so that the module loads without it)."""
    import jsonschema
    from referencing import Registry, Resource

    stack_schema = _schema("schema.json")
    registry: Registry = Registry().with_resource(stack_schema["$id"], Resource.from_contents(stack_schema))
    return jsonschema.Draft202012Validator(_schema("fleet.schema.json"), registry=registry)


def resource(name: str, session_id: str, state: str = "in_sync",
             changes: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"resource": name, "urn": f"urn:pulumi:x::p::{SESSION}::{name}", "type": SESSION,
            "kind": "ProxySession", "id": session_id, "op": "same" if state == "in_sync" else "update",
            "state": state, "status": "Open",
            "changes": [{"property": p, "desired": 1, "live": 2, "replaces": False} for p in changes]}


def unmanaged(session_id: str, vc: str = "vc1") -> dict[str, Any]:
    return {"kind": "ProxySession", "id": session_id, "voice_connector_id": vc, "status": "Open",
            "name": "******", "participants": ["+1******00", "+1******01"],
            "created_timestamp": "2026-11-23T10:00:00Z"}


def stack_report(stack: str, resources_: list[dict[str, Any]],
                 unmanaged_: Sequence[dict[str, Any]] = (),
                 policy: str = "report") -> dict[str, Any]:
    """A drift/v2 document as ``check_stack`` would embed it (unmanaged only reported)."""
    engine_changes = any(r["state"] != "in_sync" for r in resources_)
    counts = {s: sum(r["state"] == s for r in resources_)
              for s in ("in_sync", "drifted", "closed", "gone", "missing", "not_in_program")}
    return {
        "schema": "chime-proxy.drift/v2", "stack": stack, "project": "p",
        "generated_at": "2026-11-23T10:00:00.000Z", "drift": engine_changes,
        "engine_changes": engine_changes, "unmanaged_policy": policy, "secrets_shown": False,
        "endpoint": {"source": "state", "region": "us-east-1", "url": "http://127.0.0.1:1"},
        "warnings": [], "summary": {"resources": len(resources_), **counts, "unmanaged": len(unmanaged_)},
        "resources": resources_, "unmanaged": list(unmanaged_),
    }
