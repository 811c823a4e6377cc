"""The dynamic resources' typed Python surface, written from the resource specs.

A property is declared once, in its kind's spec (``sessions/spec.py``,
``proxy_config/spec.py``); the classes a program and an editor see (``ProxySessionArgs``,
``ProxySession`` and its outputs, ``VoiceConnectorProxyArgs``, ``VoiceConnectorProxy``,
the lookup's ``Participant`` and ``GetProxySessionResult``) are rendered from it here and
committed, as ``sdk/`` is, so ``python -m chime_proxy_dev generate --check`` (and its
test) say when a spec changed and the surface did not. The prose that is not about one
property (module and class docstrings, how ``__init__`` declares the resource) is kept
per kind in :data:`SURFACES`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pulumi_chime_proxy.kernel.spec import Field, Property, ResourceSpec
from pulumi_chime_proxy.proxy_config.spec import VOICE_CONNECTOR_PROXY
from pulumi_chime_proxy.sessions.spec import PROXY_SESSION

WIDTH = 96
_PY = {"string": "str", "integer": "int", "boolean": "bool"}
_MARK = "Generated from {spec} by ``python -m chime_proxy_dev generate``:\nedit the spec, not this file."


@dataclass(frozen=True)
class Surface:
    """One kind's resource module: what is not derived from its properties."""

    spec: ResourceSpec
    package: str  # sessions, proxy_config
    provider: str
    summary: str
    args_doc: str
    resource_doc: str
    #: Lines of ``__init__`` after ``declared, options = resource_args(...)``.
    declare: tuple[str, ...]
    imports: tuple[str, ...]


SURFACES = (
    Surface(
        PROXY_SESSION, "sessions", "ProxySessionProvider",
        "``ProxySession`` and ``ProxySessionArgs``: what a Pulumi program declares.",
        "Inputs of a ``ProxySession`` (see the README's reference for every rule).",
        """An Amazon Chime SDK Voice proxy session, kept in sync with the live service.

``pulumi refresh`` reads the session back with GetProxySession, so ``status``,
``participants`` and the timestamps in state (and in stack outputs, with
``--run-program``) are what AWS reports. A ``Closed`` session is drift that the
next ``up`` heals by replacing it, unless ``keep_closed`` is set.

With the stack config ``chime-proxy:shards`` = k, sessions are spread over k
provider host processes by a hash of their name (kernel/shards.py).""",
        ("props, options = resource_props(declared.to_props(), COMPUTED, (*SECRET_OUTPUTS, ENVELOPE),",
         "                                sharded_options(resource_name, options))"),
        ("from ..dynamic.decode import ENVELOPE", "from ..kernel.shards import sharded_options"),
    ),
    Surface(
        VOICE_CONNECTOR_PROXY, "proxy_config", "VoiceConnectorProxyProvider",
        "``VoiceConnectorProxy`` and ``VoiceConnectorProxyArgs``: what a Pulumi program declares.",
        "Inputs of a ``VoiceConnectorProxy`` (PutVoiceConnectorProxy).",
        """The proxy configuration of an Amazon Chime SDK Voice connector.

A Voice Connector needs one before proxy sessions can be created on it. Every
input but ``voice_connector_id`` updates in place (PutVoiceConnectorProxy
replaces the whole configuration); a new connector id replaces the resource.
``pulumi refresh`` reads the configuration back with GetVoiceConnectorProxy, so a
change made outside Pulumi shows as drift (``pulumi preview --refresh``) and
``pulumi up --refresh`` puts the declared configuration back; a configuration
deleted outside Pulumi leaves the state on refresh and the next ``up`` recreates
it. ``pulumi destroy`` deletes it (DeleteVoiceConnectorProxy).

Wire sessions to ``proxy_config.voice_connector_id`` so they are created after,
and deleted before, the proxy configuration::

    proxy_config = VoiceConnectorProxy(
        "proxy-config", voice_connector_id=vc.id, default_session_expiry_minutes=60,
        phone_number_pool_countries=["US"])
    ProxySession("s", voice_connector_id=proxy_config.voice_connector_id, ...)""",
        ("props, options = resource_props(declared.to_props(), COMPUTED, SECRET_OUTPUTS, options)",),
        (),
    ),
)


def _wrapped(text: str, indent: str, first: str) -> list[str]:
    """``first`` + ``text`` wrapped, continuation lines indented four more."""
    return textwrap.wrap(first + text, WIDTH, initial_indent=indent, subsequent_indent=indent + "    ",
                         break_on_hyphens=False)


def _docstring(text: str, indent: str) -> list[str]:
    if len(indent) + len(text) + 6 <= WIDTH:
        return [f'{indent}"""{text}"""']
    return [f'{indent}"""', *textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                                            break_on_hyphens=False), f'{indent}"""']


def _input_type(prop: Property) -> str:
    if prop.type == "array":
        item = _PY.get(str(prop.items), f"{prop.object_type}Args")
        inner = f"Sequence[pulumi.Input[{item}]]"
    elif prop.type == "object":
        inner = f"{prop.object_type}Args"
    else:
        inner = _PY[prop.type]
    return f"pulumi.Input[{inner}]" + ("" if prop.required else " | None = None")


def _output_type(prop: Property) -> str:
    """What the engine resolves an output to: lists and flags are never unset."""
    if prop.type == "array":
        return f"list[{_PY.get(str(prop.items), str(prop.object_type))}]"
    if prop.type == "boolean":
        return "bool"
    value = "dict[str, str]" if prop.type == "object" else _PY[prop.type]
    return value if prop.required else f"{value} | None"


def _about(spec: ResourceSpec, prop: Property, rule: bool = False) -> str:
    """A property's doc, with (``rule``) its rule, its default, how a change applies, and
    whether it is secret; escaped for a docstring."""
    parts = [prop.doc.rstrip(".") + "."]
    if rule and prop.rule:
        parts.append(f"Rule: {prop.rule.replace('`', '``')}.")
    if prop.default:
        parts.append(f"Unset: {prop.default.replace('`', '``')}.")
    if prop.input:
        replace = f"Changing it: {prop.on_change or 'replaces the resource'}."
        parts.append({"update": "Updates in place.",
                      "record": "Changes are recorded in place, with no API call."}.get(prop.change, replace))
    if prop.name in spec.masks:
        parts.append("Secret.")
    return " ".join(parts).replace("\\", "\\\\")


def _typed_dict(name: str, doc: str, fields: Iterable[Field]) -> list[str]:
    lines = [f"class {name}(TypedDict):", *_docstring(doc, "    "), ""]
    lines += [f"    {f.name}: pulumi.Input[{_PY[f.type]}]" for f in fields]
    return lines


def _signature(spec: ResourceSpec, indent: str) -> list[str]:
    return [f"{indent}{name}: {_input_type(spec[name])}," for name in spec.inputs]


def render_resource(surface: Surface) -> str:
    spec = surface.spec
    args, resource = f"{spec.kind}Args", spec.kind
    inputs = [spec[name] for name in spec.inputs]
    objects = [p for p in inputs if p.type == "object" or p.items == "object"]
    output_objects = sorted({str(p.object_type) for p in spec.properties if p.items == "object"})
    typing = sorted({"Any", "overload", *(["TypedDict"] if objects else [])})
    lines = [f'"""{surface.summary}', "",
             _MARK.format(spec=f"``{surface.package}/spec.py``"), '"""', "",
             "from __future__ import annotations", "", "import dataclasses"]
    if any(p.type == "array" for p in inputs):
        lines.append("from collections.abc import Sequence")
    lines += [f"from typing import {', '.join(typing)}", "", "import pulumi",
              "from pulumi.dynamic import Resource", ""]
    imports = ["from ..dynamic.provider_base import resource_props", *surface.imports,
               "from ..kernel.arguments import input_props, resource_args"]
    if output_objects:
        imports.append(f"from .outputs import {', '.join(output_objects)}")
    imports += ["from .props import COMPUTED, SECRET_OUTPUTS, SPEC",
                f"from .provider import {surface.provider}"]
    lines += sorted(imports, key=lambda line: (line.startswith("from ."), line.startswith("from .p"), line))
    lines += ["", ""]
    for prop in objects:
        lines += _typed_dict(f"{prop.object_type}Args", prop.doc, prop.fields) + ["", ""]

    # No repr or equality of its own: an args object holds phone numbers, and compares as
    # the object it is.
    lines += ["@dataclasses.dataclass(repr=False, eq=False)", f"class {args}:",
              f'    """{surface.args_doc}', ""]
    for prop in inputs:
        lines += _wrapped(_about(spec, prop, rule=True), "    ", f":param {prop.name}: ")
    lines += ['    """', ""]
    lines += [f"    {name}: {_input_type(spec[name])}" for name in spec.inputs]
    lines += ["", "    def to_props(self) -> dict[str, Any]:",
              '        """Inputs as provider props; secret inputs wrapped as secrets."""',
              "        return input_props(SPEC, self)", "", ""]

    lines += [f'class {resource}(Resource, module="chime", name="{resource}"):']
    lines += ['    """' + surface.resource_doc.splitlines()[0]]
    lines += [f"    {line}" if line else "" for line in surface.resource_doc.splitlines()[1:]]
    lines += ['    """', ""]
    for prop in spec.properties:
        lines.append(f"    {prop.name}: pulumi.Output[{_output_type(prop)}]")
        lines += _docstring(_about(spec, prop), "    ")
    lines += ["", "    @overload", f"    def __init__(self, resource_name: str, args: {args},",
              "                 opts: pulumi.ResourceOptions | None = None) -> None: ...", "",
              "    @overload", "    def __init__(", "        self,", "        resource_name: str,",
              "        opts: pulumi.ResourceOptions | None = None,", "        *,",
              *_signature(spec, "        "), "    ) -> None: ...", "",
              "    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:",
              f'        """Declare ``resource_name`` from a :class:`{args}` or from its fields as',
              '        keyword arguments."""',
              f"        declared, options = resource_args({args}, args, kwargs)",
              *[f"        {line}" for line in surface.declare],
              f"        super().__init__({surface.provider}(), resource_name, props, options)", ""]
    return "\n".join(lines)


_OUTPUTS_DOC = """What ``participants`` and :func:`~pulumi_chime_proxy.get_proxy_session` resolve
to. They are Pulumi output types (``@pulumi.output_type``, dict subclasses declared by
annotations: the SDK makes their getters and ``__init__``), so a program reads
``participant.phone_number`` (typed) and ``participant["phone_number"]`` alike, and
stack outputs serialize them as plain maps."""

def _output_class(name: str, doc: str, members: list[tuple[str, str, str, bool]]) -> list[str]:
    """An output type of ``members`` (name, type, doc, required), in the SDK's annotated
    form (``@pulumi.output_type`` makes the getters from the annotations). Its keyword
    ``__init__`` (required members first) keeps every member, an unset one as None, so
    ``participant["proxy_phone_number"]`` reads as it always has."""
    ordered = sorted(members, key=lambda m: not m[3])
    lines = ["@pulumi.output_type", f"class {name}(dict):  # type: ignore[type-arg]",
             *_docstring(doc, "    "), ""]
    for n, t, d, _required in ordered:
        lines += [f"    {n}: {t}", *_docstring(d, "    ")]
    lines += ["", "    def __init__(", "        self,", "        *,"]
    lines += [f"        {n}: {t}" + ("," if required else " = None,") for n, t, _d, required in ordered]
    lines += ["    ) -> None:", "        super().__init__(",
              *(f"            {n}={n}," for n, _t, _d, _r in members), "        )"]
    return lines


def render_outputs(spec: ResourceSpec) -> str:
    """``Participant`` (the participants' items) and the lookup's result: every property
    the service reports, the stack's own settings left out."""
    (participants,) = [p for p in spec.properties if p.items == "object"]
    fields = [(f.name, _PY[f.type] + ("" if f.required else " | None"), f.doc, f.required)
              for f in participants.fields]
    reported = [(p.name, _output_type(p), p.doc, p.required or p.type == "array")
                for p in spec.properties if p.name not in spec.own]
    lines = ['"""Typed output values of a proxy session.', "", _MARK.format(spec="``sessions/spec.py``"),
             "", _OUTPUTS_DOC, '"""', "",
             "from __future__ import annotations", "", "import pulumi", "", ""]
    lines += _output_class(str(participants.object_type), participants.doc, fields) + ["", ""]
    lines += _output_class(f"Get{spec.kind}Result", f"A {spec.kind} as {spec.read_operation} "
                           "reports it (the read-only lookup's result).", reported)
    return "\n".join(lines) + "\n"


def files(package_dir: Path) -> dict[Path, str]:
    """Each generated module of the package, by path."""
    found = {package_dir / s.package / "resource.py": render_resource(s) for s in SURFACES}
    found[package_dir / "sessions" / "outputs.py"] = render_outputs(PROXY_SESSION)
    return found
