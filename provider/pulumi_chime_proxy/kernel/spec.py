"""One declaration per resource kind: each property once, and everything else derived.

A :class:`ResourceSpec` lists a kind's properties. Each :class:`Property` says its Pulumi
name, its API member, whether a change updates in place or replaces, its type, how it
is compared and sent, and a one-line doc. From that come the check's required inputs,
the diff's normalizers and replace rule, both API mappings (:mod:`.core`), the secret outputs, the
drift report's masks, the Pulumi package schema (:mod:`.schema`) and the reference
tables in the docs.

Whether a property is secret comes from botocore's model where the model says so (a
``sensitive`` member anywhere in the property's shape); a property the model has no
member for declares its mask itself. Pure: the model is read, nothing is called.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from botocore import xform_name
from botocore.model import Shape

from ..servicemodel import spec as service_spec

#: How a change to an input reaches the live object: ``update`` (in place, through the
#: API), ``record`` (in place, no API call: the stack's own setting), ``replace``.
Change = Literal["update", "record", "replace"]
#: How a secret value is printed: a phone number keeps its country code and last two
#: digits, a name shows nothing (:mod:`..masking`).
Mask = Literal["phone", "name"]
#: Schema types, as Pulumi's package schema spells them.
SchemaType = Literal["string", "integer", "boolean", "array", "object"]

#: The Pulumi package the native provider serves (its schema's ``name``, its tokens' first part).
PACKAGE = "chime-proxy"
#: The model shape of a phone number: its sensitive values mask as numbers.
PHONE_SHAPE = "E164PhoneNumber"


def same(value: Any) -> Any:
    return value


@functools.cache
def camel(name: str) -> str:
    """``voice_connector_id`` -> ``voiceConnectorId`` (the schema's property names).
    Cached: the native provider converts every property of every call."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclass(frozen=True)
class Field:
    """A member of an object-typed property (``an_object.a_member``)."""

    name: str
    api: str
    doc: str
    type: SchemaType = "string"
    required: bool = False


@dataclass(frozen=True)
class Property:
    """One property of a resource kind.

    ``api`` is the member of the create (or put) request it is sent as, and
    ``read`` takes its live value out of the API's structure (by default the member
    of the same name, with integers and timestamps normalized). An input with no
    ``api`` is the stack's own setting: kept from the inputs, never sent.
    """

    name: str
    doc: str
    type: SchemaType
    items: SchemaType | str | None = None
    api: str | None = None
    input: bool = True
    required: bool = False
    change: Change = "replace"
    #: The comparable form (order, ``+`` prefixes and defaults ignored), for diff.
    compare: Callable[[Any], Any] = same
    #: The value as sent to the API (the input already checked).
    to_api: Callable[[Any], Any] = same
    #: The live value from the API's structure; None: ``structure[api]`` normalized.
    read: Callable[[Mapping[str, Any]], Any] | None = None
    #: The mask of a value the model has no member for.
    mask: Mask | None = None
    fields: tuple[Field, ...] = ()
    #: What unset means, for the docs (``None``: nothing).
    default: str | None = None
    #: The type of an object (or of an array's objects), for the schema.
    object_type: str | None = None
    #: Rule text for the reference table.
    rule: str = ""
    #: ``on change`` text for the reference table, where the change class needs words.
    on_change: str | None = None
    #: The input that takes over an object that already exists (another stack's, or one
    #: made outside Pulumi). An import is a takeover: it declares this input.
    takes_over: bool = False

    @functools.cached_property
    def schema_name(self) -> str:
        return camel(self.name)


def _sensitive(shape: Shape, seen: frozenset[str] = frozenset()) -> Shape | None:
    """The first ``sensitive`` shape in ``shape`` (itself, or any member at any depth)."""
    if shape.metadata.get("sensitive"):
        return shape
    if shape.name in seen:
        return None
    seen = seen | {shape.name}
    children: list[Shape] = []
    if shape.type_name == "list":
        children = [shape.member]
    elif shape.type_name == "map":
        children = [shape.value]
    elif shape.type_name == "structure":
        children = list(shape.members.values())
    for child in children:
        found = _sensitive(child, seen)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class ResourceSpec:
    """A resource kind: its properties, and the operations that create and read it."""

    kind: str
    doc: str
    #: The request that creates (or puts) the object: its input members are the ``api`` names.
    create_operation: str
    #: The read operation and the member of its output holding the object.
    read_operation: str
    read_member: str
    properties: tuple[Property, ...]
    #: The native resource's outputs that record what the stack accepted (its
    #: :attr:`.state.State.accepted`), not read from the service: the dynamic resources
    #: keep that in their envelope instead.
    accepted_output: Property | None = None

    def __post_init__(self) -> None:
        names = [p.name for p in self.properties]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        assert not duplicates, f"{self.kind}: {duplicates} declared twice"

    # -- names -------------------------------------------------------------------------

    @property
    def type_token(self) -> str:
        """The dynamic resource's type token (in every stack's state: never change it)."""
        return f"pulumi-python:dynamic/chime:{self.kind}"

    @property
    def schema_token(self) -> str:
        """The resource's token in the Pulumi package schema."""
        return f"{PACKAGE}:index:{self.kind}"

    @functools.cached_property
    def read_method(self) -> str:
        """The client's method for the read operation (``get_proxy_session``)."""
        name: str = xform_name(self.read_operation)
        return name

    @functools.cached_property
    def id_member(self) -> str | None:
        """The read request's member naming the object on its connector, when it has one."""
        shape = service_spec.operation(self.read_operation).input_shape
        assert shape is not None, self.kind
        members = [name for name in shape.required_members if name != "VoiceConnectorId"]
        assert len(members) <= 1, self.kind
        return members[0] if members else None

    @functools.cached_property
    def _by_name(self) -> dict[str, Property]:
        return {prop.name: prop for prop in self.properties}

    def __getitem__(self, name: str) -> Property:
        return self._by_name[name]

    @functools.cached_property
    def inputs(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties if p.input)

    @functools.cached_property
    def computed(self) -> tuple[str, ...]:
        """Outputs that only the service sets."""
        return tuple(p.name for p in self.properties if not p.input)

    @functools.cached_property
    def own(self) -> tuple[str, ...]:
        """The stack's own settings: inputs with no API member, kept from the inputs."""
        return tuple(p.name for p in self.properties if p.input and p.api is None)

    @functools.cached_property
    def takeover(self) -> Property:
        (found,) = [p for p in self.properties if p.takes_over]
        return found

    @functools.cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties if p.input and p.required)

    @functools.cached_property
    def api_names(self) -> dict[str, str]:
        """Input -> the create request's member."""
        return {p.name: p.api for p in self.properties if p.input and p.api is not None}

    @functools.cached_property
    def prop_names(self) -> dict[str, str]:
        """API member -> Pulumi name, at every depth of the create request."""
        names = {api: prop for prop, api in self.api_names.items()}
        for prop in self.properties:
            if prop.input:
                names.update({f.api: f.name for f in prop.fields})
        return names

    @functools.cached_property
    def updatable(self) -> frozenset[str]:
        """Inputs that change in place (through the API or without a call)."""
        return frozenset(p.name for p in self.properties if p.input and p.change != "replace")

    @functools.cached_property
    def updated_by_api(self) -> tuple[str, ...]:
        """Inputs an in-place update sends to the API (``change`` ``update``)."""
        return tuple(p.name for p in self.properties if p.input and p.change == "update" and p.api)

    # -- secrets -----------------------------------------------------------------------

    def _model_members(self) -> list[Mapping[str, Shape]]:
        create = service_spec.operation(self.create_operation).input_shape
        read = service_spec.operation(self.read_operation).output_shape
        assert create is not None and read is not None, self.kind
        structure = read.members[self.read_member]
        return [create.members, structure.members]

    @functools.cached_property
    def masks(self) -> dict[str, Mask]:
        """Secret property -> how its values are masked: a property whose model member
        is (or holds) a ``sensitive`` shape, and those that declare a mask."""
        members = self._model_members()
        masks: dict[str, Mask] = {}
        for prop in self.properties:
            if prop.mask is not None:
                masks[prop.name] = prop.mask
                continue
            for shapes in members:
                shape = shapes.get(prop.api) if prop.api else None
                found = _sensitive(shape) if shape is not None else None
                if found is not None:
                    masks[prop.name] = "phone" if found.name == PHONE_SHAPE else "name"
                    break
        return masks

    @functools.cached_property
    def sensitive_inputs(self) -> frozenset[str]:
        """Inputs whose create-request member is ``sensitive`` in the model: their values
        are never echoed, not even in a check failure."""
        create = self._model_members()[0]
        return frozenset(name for name, api in self.api_names.items()
                         if api in create and _sensitive(create[api]) is not None)

    @property
    def secret_outputs(self) -> tuple[str, ...]:
        """Outputs kept secret in state (``additional_secret_outputs``)."""
        return tuple(self.masks)

    def secret_inputs(self) -> tuple[str, ...]:
        """Inputs the program's values are wrapped as secrets for."""
        return tuple(name for name in self.inputs if name in self.masks)

    def normalized(self, name: str, value: Any) -> Any:
        """The comparable form of one property's value."""
        return self[name].compare(value)
