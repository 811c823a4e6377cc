"""A dynamic resource that calls no API: the engine smoke test and the benchmark floor.

Its provider lives in an installed module, so dill pickles it by reference, exactly
like ``ProxySession``'s: what it costs is the engine's own cost per resource.
"""

from __future__ import annotations

import uuid
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, ResourceProvider


class NoopProvider(ResourceProvider):
    """Stores its inputs as outputs; read returns them unchanged."""

    #: As ours (dynamic/provider_base.py), so the floor measures the same blob handling.
    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(id_=uuid.uuid4().hex, outs=dict(props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_=id_, outs=props)


class Noop(Resource):
    """A resource whose outputs are its inputs (``value``)."""

    value: pulumi.Output[Any]

    def __init__(
        self, name: str, value: pulumi.Input[Any], opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(NoopProvider(), name, {"value": value}, opts)
