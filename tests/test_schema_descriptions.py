"""The schema's descriptions name properties as the schema does (``geoMatchParams``), never
in Python's snake case (``geo_match_params``): every SDK and the docs read them. Checked on
the shipped schema.json itself, whatever makes it."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

from chime_proxy_dev import generate


def snake(name: str) -> str:
    """``geoMatchParams`` -> ``geo_match_params``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def descriptions(node: Any) -> Iterator[str]:
    """Every ``description`` anywhere in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from descriptions(item)


def property_names(schema: dict[str, Any]) -> dict[str, set[str]]:
    """Each resource's and function's input and output property names (schema names)."""
    names: dict[str, set[str]] = {}
    for token, resource in schema.get("resources", {}).items():
        names[token] = {*resource.get("properties", {}), *resource.get("inputProperties", {})}
    for token, function in schema.get("functions", {}).items():
        names[token] = {*function.get("inputs", {}).get("properties", {}),
                        *function.get("outputs", {}).get("properties", {})}
    return names


def snake_case_mentions(schema: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(resource, snake name, description) for each description in the schema that names one
    of a resource's properties in snake case, as a word."""
    texts = list(descriptions(schema))
    found = []
    for token, names in sorted(property_names(schema).items()):
        for name in sorted(snake(name) for name in names):
            if "_" not in name:
                continue
            word = re.compile(rf"\b{re.escape(name)}\b")
            found += [(token, name, text) for text in texts if word.search(text)]
    return found


def shipped() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(generate.SCHEMA_FILE.read_text())
    return schema


def test_no_schema_description_names_a_property_in_snake_case() -> None:
    schema = shipped()
    assert property_names(schema), "schema.json has no resources to check"
    assert snake_case_mentions(schema) == []


def test_the_check_finds_a_snake_case_name_in_any_description() -> None:
    schema = copy.deepcopy(shipped())
    session = schema["resources"]["chime-proxy:index:ProxySession"]
    session["inputProperties"]["geoMatchLevel"]["description"] = "needs geo_match_params."
    schema["types"]["chime-proxy:index:GeoMatchParams"]["description"] = "see keep_closed"
    schema["description"] = "not voice_connector_idx, nor a_geo_match_params"  # not as words
    assert snake_case_mentions(schema) == [
        ("chime-proxy:index:ProxySession", "geo_match_params", "needs geo_match_params."),
        ("chime-proxy:index:ProxySession", "keep_closed", "see keep_closed"),
        ("chime-proxy:index:getProxySession", "geo_match_params", "needs geo_match_params."),
    ]
