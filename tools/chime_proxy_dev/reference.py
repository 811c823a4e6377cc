"""The reference tables of the docs, rendered from the resource specs.

A document holds each table between ``<!-- spec:KIND inputs -->`` and
``<!-- end spec -->``; ``python -m chime_proxy_dev generate`` rewrites what is between
them, and a test fails when a document and the spec differ.
"""

from __future__ import annotations

import re

from pulumi_chime_proxy.kernel.spec import Property, ResourceSpec

CHANGES = {"replace": "replace", "update": "update in place", "record": "in place (no API call)"}
_BLOCK = re.compile(r"(<!-- spec:(?P<kind>\w+) inputs -->\n)(?P<body>.*?)(<!-- end spec -->)", re.S)


def rule(spec: ResourceSpec, prop: Property) -> str:
    parts = []
    if prop.api is not None:
        parts.append("required" if prop.required else "optional")
    parts.append(prop.rule)
    if prop.default:
        parts.append(f"default: {prop.default}")
    if prop.name in spec.masks:
        parts.append("**secret**")
    return "; ".join(part for part in parts if part)


def inputs_table(spec: ResourceSpec) -> str:
    """The ``input | rule | on change`` table of ``spec``."""
    rows = ["| input | rule | on change |", "|---|---|---|"]
    for name in spec.inputs:
        prop = spec[name]
        rows.append(f"| `{name}` | {rule(spec, prop)} | {prop.on_change or CHANGES[prop.change]} |")
    return "\n".join(rows) + "\n"


def render(text: str, specs: dict[str, ResourceSpec]) -> str:
    """``text`` with every spec block rendered from ``specs`` (by kind)."""
    def block(match: re.Match[str]) -> str:
        spec = specs[match.group("kind")]
        return f"{match.group(1)}{inputs_table(spec)}{match.group(4)}"
    return _BLOCK.sub(block, text)


def kinds_in(text: str) -> list[str]:
    return [m.group("kind") for m in _BLOCK.finditer(text)]
