"""The Pulumi package schema of ``chime-proxy`` (the format ``pulumi package
get-schema`` prints), generated from the resource specs.

A native provider serves it, and the CLI's codegen makes SDKs for other languages from
it. ``schema.json`` beside this file is this function's output, shipped in the wheel;
a test fails when the two differ (``python -m chime_proxy_dev generate`` rewrites it).
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import __version__
from .kernel.spec import PACKAGE, Field, Property, ResourceSpec, camel
from .proxy_config.spec import VOICE_CONNECTOR_PROXY
from .sessions.spec import PROXY_SESSION

SPECS: tuple[ResourceSpec, ...] = (PROXY_SESSION, VOICE_CONNECTOR_PROXY)
LOOKUP = f"{PACKAGE}:index:getProxySession"
#: Provider configuration: (name, schema type, doc); the dynamic resources read the same
#: keys from stack config, ``chime-proxy:<name>`` (aws/settings.py).
CONFIG: tuple[tuple[str, dict[str, Any], str], ...] = (
    ("region", {"type": "string"}, "AWS region of the Chime SDK Voice client."),
    ("profile", {"type": "string"}, "Named AWS profile."),
    ("endpoint", {"type": "string"}, "Chime SDK Voice endpoint URL (an emulator); unset: AWS."),
    ("maxAttempts", {"type": "integer"}, "Attempts per call for retryable errors, 1 to 100."),
    ("readTimeout", {"type": "number"}, "Seconds to wait for an answer, over 0, at most 600."),
    ("connectTimeout", {"type": "number"}, "Seconds to wait for a connection, over 0, at most 600."),
    ("endOfSupport", {"type": "string"}, "fail (default) or forget: what refresh and destroy do "
                                         "when AWS refuses a deprecated proxy operation "
                                         "(docs/end-of-support.md)."),
    ("concurrency", {"type": "integer"}, "Native provider: API calls in flight at once, 1 to 1024 "
                                          "(default 64); keep it at least --parallel."),
)


def type_token(name: str) -> str:
    return f"{PACKAGE}:index:{name}"


def _type_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/types/{type_token(name)}"}


def schema_names(spec: ResourceSpec, text: str) -> str:
    """``text`` with each of the kind's property names in snake case (``geo_match_params``),
    as a whole word, in its schema name (``geoMatchParams``): the specs' docs also feed the
    Python surface, where snake case is right, but the schema's descriptions are read by
    every language and name properties as the schema does."""
    names = {p.name for p in (*spec.properties, *([spec.accepted_output] if spec.accepted_output else []))
             if "_" in p.name}
    if not names:
        return text
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda match: camel(match.group(1)), text)


def _field(spec: ResourceSpec, field: Field) -> dict[str, Any]:
    return {"type": field.type, "description": schema_names(spec, field.doc)}


def _value_type(prop: Property) -> dict[str, Any]:
    if prop.type == "object" and prop.object_type:
        return _type_ref(prop.object_type)
    if prop.type == "array":
        items = _type_ref(prop.object_type) if prop.object_type else {"type": prop.items}
        return {"type": "array", "items": items}
    return {"type": prop.type}


def _property(spec: ResourceSpec, prop: Property, as_input: bool) -> dict[str, Any]:
    entry = {**_value_type(prop), "description": schema_names(spec, prop.doc)}
    if prop.name in spec.masks or prop.mask:
        entry["secret"] = True
    if as_input and prop.change == "replace":
        entry["replaceOnChanges"] = True
    return entry


def _object_types() -> dict[str, Any]:
    types: dict[str, Any] = {}
    for spec in SPECS:
        for prop in spec.properties:
            if prop.fields and prop.object_type:
                types[type_token(prop.object_type)] = {
                    "type": "object",
                    "description": schema_names(spec, prop.doc),
                    "properties": {camel(f.name): _field(spec, f) for f in prop.fields},
                    "required": [camel(f.name) for f in prop.fields if f.required],
                }
    return types


def _resource(spec: ResourceSpec) -> dict[str, Any]:
    inputs = [spec[name] for name in spec.inputs]
    outputs = [*spec.properties, *([spec.accepted_output] if spec.accepted_output else [])]
    return {
        "description": schema_names(spec, spec.doc),
        "properties": {p.schema_name: _property(spec, p, as_input=False) for p in outputs},
        "required": sorted(p.schema_name for p in outputs if p.required),
        "inputProperties": {p.schema_name: _property(spec, p, as_input=True) for p in inputs},
        "requiredInputs": sorted(p.schema_name for p in inputs if p.required),
    }


def _lookup() -> dict[str, Any]:
    spec = PROXY_SESSION
    ids = ("voice_connector_id", "proxy_session_id")
    fields = [p for p in spec.properties if p.name not in spec.own]
    return {
        "description": "Look up an existing proxy session (read-only: the stack does not manage it). "
                       "Phone numbers come back masked (`+1******01`) and the name as `******`: "
                       "a function's plain form cannot keep a secret. `ProxySession.get` reads "
                       "the full values, as secret outputs.",
        "inputs": {
            "properties": {camel(name): {"type": "string",
                                         "description": schema_names(spec, spec[name].doc)}
                           for name in ids},
            "required": [camel(name) for name in ids],
        },
        "outputs": {
            "properties": {p.schema_name: _property(spec, p, as_input=False) for p in fields},
            "required": sorted({*(camel(n) for n in ids),
                                *(p.schema_name for p in fields if p.required)}),
        },
    }


def schema() -> dict[str, Any]:
    """The package schema, as a JSON-ready dict."""
    config = {name: {**kind, "description": doc} for name, kind, doc in CONFIG}
    return {
        "name": PACKAGE,
        "displayName": "Chime SDK Voice proxy sessions",
        "version": __version__,
        "description": "Amazon Chime SDK Voice proxy sessions and Voice Connector proxy "
                       "configurations, with drift you can see.",
        "keywords": ["pulumi", "aws", "chime", "category/communications", "kind/native"],
        "license": "Apache-2.0",
        # Where `pulumi plugin install` and the SDKs fetch the plugin of a version: the
        # GitHub release v<version> of pulumi-chime-proxy/pulumi-chime-proxy, whose assets
        # are `make plugin`'s tarballs (.github/workflows/release.yml). A mirror is set with
        # PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES, or `plugin install --server URL`.
        "pluginDownloadURL": "github://api.github.com/pulumi-chime-proxy",
        # supportPack: the SDKs carry the schema's version (a pyproject.toml, a go.mod, a
        # versioned package.json) instead of a development placeholder.
        "meta": {"moduleFormat": "(.*)", "supportPack": True},
        "language": {
            "python": {"packageName": "pulumi_chime_proxy_native", "pyproject": {"enabled": True}},
            "nodejs": {"packageName": "@pulumi-chime-proxy/native"},
            "go": {"importBasePath": "github.com/pulumi-chime-proxy/sdk/go/chimeproxy"},
        },
        "config": {"variables": config},
        "provider": {"description": "The chime-proxy provider: where and how it calls the "
                                    "Chime SDK Voice API.", "inputProperties": config},
        "types": _object_types(),
        "resources": {spec.schema_token: _resource(spec) for spec in SPECS},
        "functions": {LOOKUP: _lookup()},
    }


def render() -> str:
    """The schema as ``schema.json`` holds it."""
    return json.dumps(schema(), indent=2, sort_keys=True) + "\n"
