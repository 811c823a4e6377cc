"""The native provider: ``chime-proxy:index:ProxySession`` and ``VoiceConnectorProxy``
over ``pulumi.provider.experimental``, for programs in any Pulumi language.

Check, diff, read, reconciliation and errors are the dynamic resources' own code
(:mod:`.kinds`); this module only translates. boto3 blocks, so every call runs in a
thread pool of ``chime-proxy:concurrency`` threads (default 64): the engine's
``--parallel`` reads are then in flight at once, where the dynamic host serves four.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pulumi.provider.experimental import provider as api
from pulumi.provider.experimental.property_value import PropertyValue

from .. import masking, package_schema
from ..aws import clients, errors
from ..aws.settings import ConfigError, NativeSettings, native_settings
from ..kernel.check import Failure
from ..kernel.props import is_unknown
from ..kernel.results import failure_fields
from ..servicemodel.constraints import QUOTE_LIMIT
from ..sessions.props import outputs_from_session
from ..sessions.provider import get_session, subject
from ..sessions.spec import PROXY_SESSION as SESSION_SPEC
from . import values
from .kinds import KINDS, PROXY_SESSION, IdError, NativeKind

T = TypeVar("T")


class UnknownTokenError(ValueError):
    pass


def _kind(token: str) -> NativeKind:
    try:
        return KINDS[token]
    except KeyError:
        raise UnknownTokenError(f"chime-proxy has no resource {token}") from None


def _quotable(secret_values: Iterable[Any]) -> list[str]:
    """How a check reason could quote the leaves of values the engine marked secret."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str) and value:
            found.add(repr(value))
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and len(str(value)) > 2:
            found.add(str(value))
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for value in secret_values:
        walk(value)
    return sorted(found, key=len, reverse=True)


def _unquoted(reason: str, quoted: list[str]) -> str:
    """``reason`` without any secret value it quotes (the engine prints reasons as is)."""
    for text in quoted:
        reason = reason.replace(text, masking.STARS)
        if len(text) > QUOTE_LIMIT:  # quoted cut short: its first part
            reason = reason.replace(text[: QUOTE_LIMIT - 4], masking.STARS)
    return reason


def check_inputs(kind: NativeKind, new_inputs: Mapping[str, PropertyValue],
                 old_inputs: Mapping[str, PropertyValue] | None = None) -> api.CheckResponse:
    """The dynamic resource's check, on schema names; unknown properties are failures, and
    so is a takeover the old inputs declare that the new ones drop."""
    spec = kind.spec
    news, unknown = values.from_engine(spec, new_inputs)
    computed = [name for name in news if name not in spec.inputs]
    failures = [api.CheckFailure("", f"{name}: not a property of {spec.kind}") for name in unknown]
    failures += [api.CheckFailure("", f"{spec[name].schema_name}: an output, not an input")
                 for name in computed]
    failures += _dropped_takeover(kind, values.from_engine(spec, old_inputs or {})[0], news)
    normalized, found = kind.kind.check_inputs({k: v for k, v in news.items() if k in spec.inputs})
    secret = values.secret_names(spec, new_inputs)
    quoted = _quotable(news[name] for name in secret)
    # The engine prints a named property's value next to it, secret or not: a sensitive
    # property, or one the engine sent as secret, is named in the reason instead.
    hidden_values = spec.sensitive_inputs | secret
    failures += [api.CheckFailure(*failure_fields(Failure(f.property, _unquoted(f.reason, quoted)),
                                                  spec.inputs, hidden_values, values.schema_path))
                 for f in found]
    return api.CheckResponse(inputs=values.to_engine(spec, normalized, secret), failures=failures)


def _dropped_takeover(kind: NativeKind, olds: Mapping[str, Any],
                      news: Mapping[str, Any]) -> list[api.CheckFailure]:
    """A failure when the old inputs declare the takeover input (the stack adopted, or
    imported, which declares it: :meth:`NativeKind.imported`) and the new ones leave it
    out. An import is refused so at preview, before anything is taken; a stack that took
    an object over keeps saying so, and its destroy warns."""
    takeover = kind.spec.takeover
    taken = olds.get(takeover.name)
    if taken in (None, False, "") or news.get(takeover.name) not in (None, False, ""):
        return []
    declared = "true" if taken is True else str(taken)
    return [api.CheckFailure("", f"{takeover.schema_name}: this {kind.spec.kind} existed before the "
                             f"stack took it over (by import or adoption); declare {takeover.schema_name}: "
                             f"{declared} to own it on purpose (destroy then deletes it), or leave it "
                             "to its owner")]


def diff_state(kind: NativeKind, request: api.DiffRequest) -> api.DiffResponse:
    """Live outputs in state against the program's inputs: the dynamic diff, with each
    changed property named (drift included) and whether it replaces."""
    spec = kind.spec
    olds = kind.from_state(values.from_engine(spec, request.old_state, kind.extra)[0], None)
    news = values.from_engine(spec, request.new_inputs)[0]
    result = kind.kind.diff(olds, news)
    ignored = set(request.ignore_changes or [])
    changed = [name for name in result.changed if spec[name].schema_name not in ignored]
    replaces = [spec[name].schema_name for name in result.replaces if name in changed]
    detailed = {
        spec[name].schema_name: api.PropertyDiff(
            api.PropertyDiffKind.UPDATE_REPLACE if spec[name].schema_name in replaces
            else api.PropertyDiffKind.UPDATE, input_diff=name in spec.inputs)
        for name in changed
    }
    return api.DiffResponse(changes=bool(changed), replaces=replaces,
                            diffs=[spec[name].schema_name for name in changed],
                            detailed_diff=detailed, delete_before_replace=False)


def masked(name: str, value: Any) -> Any:
    """``getProxySession``'s value of ``name``: masked when the spec says it is secret.

    A function's plain form (``get_proxy_session()`` in Python, ``getProxySession()`` in
    TypeScript, Go's) hands a program plain values, so no secret mark survives it; the
    lookup's numbers and name are therefore masked as drift reports mask them, in every
    form. ``ProxySession.get()`` reads the full values, as secret outputs."""
    kind = SESSION_SPEC.masks.get(name)
    return value if kind is None or value is None else masking.mask_value(value, names=kind == "name")


class ChimeProxyProvider(api.Provider):
    """Serves both kinds and ``getProxySession``; one instance per plugin process."""

    def __init__(self) -> None:
        self.settings = NativeSettings(native_settings(lambda _name: None).client)
        self.executor = ThreadPoolExecutor(max_workers=self.settings.concurrency,
                                           thread_name_prefix="chime-proxy")

    async def _call(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    # -- the package ---------------------------------------------------------------

    async def get_schema(self, request: api.GetSchemaRequest) -> api.GetSchemaResponse:
        return api.GetSchemaResponse(schema=package_schema.render())

    async def check_config(self, request: api.CheckRequest) -> api.CheckResponse:
        """Every setting checked before any call: one failure naming the key and rule."""
        config = {key: values.plain(value) for key, value in request.new_inputs.items()}
        try:
            native_settings(config.get)
        except ConfigError as exc:
            return api.CheckResponse(inputs=request.new_inputs,
                                     failures=[api.CheckFailure("", str(exc))])
        return api.CheckResponse(inputs=request.new_inputs)

    async def configure(self, request: api.ConfigureRequest) -> api.ConfigureResponse:
        config = {key: values.plain(value) for key, value in request.args.items()}
        settings = native_settings(config.get)
        if settings.concurrency != self.settings.concurrency:
            self.executor.shutdown(wait=False)
            self.executor = ThreadPoolExecutor(max_workers=settings.concurrency,
                                               thread_name_prefix="chime-proxy")
        self.settings = settings
        return api.ConfigureResponse(accept_secrets=True, supports_preview=True,
                                     accept_resources=True, accept_outputs=False)

    def _provider(self, kind: NativeKind, urn: str = "") -> Any:
        return kind.provider.with_settings(self.settings.client, urn)

    # -- resources -----------------------------------------------------------------

    async def check(self, request: api.CheckRequest) -> api.CheckResponse:
        return check_inputs(_kind(request.type), request.new_inputs, request.old_inputs)

    async def diff(self, request: api.DiffRequest) -> api.DiffResponse:
        return diff_state(_kind(request.type), request)

    async def create(self, request: api.CreateRequest) -> api.CreateResponse:
        kind = _kind(request.type)
        spec = kind.spec
        inputs = values.from_engine(spec, request.properties)[0]
        secret = values.secret_names(spec, request.properties)
        if request.preview:
            planned = {**inputs, **{name: values.UNKNOWN for name in spec.computed},
                       **{name: values.UNKNOWN for name in kind.extra}}
            return api.CreateResponse("", values.to_engine(spec, planned, secret, kind.extra))
        result = await self._call(self._provider(kind).create, inputs)
        vc = str(inputs["voice_connector_id"])
        return api.CreateResponse(kind.join_id(vc, str(result.id)),
                                  values.to_engine(spec, kind.to_state(result.outs), secret, kind.extra))

    async def read(self, request: api.ReadRequest) -> api.ReadResponse:
        kind = _kind(request.type)
        spec = kind.spec
        vc, object_id = kind.split_id(request.resource_id)
        importing = not request.properties
        state = values.from_engine(spec, request.properties, kind.extra)[0]
        declared_inputs = values.from_engine(spec, request.inputs)[0]
        declared = sorted(name for name in declared_inputs if name in spec.inputs
                          and declared_inputs[name] is not None)
        recorded = {**kind.from_state(state, None if importing else declared), "voice_connector_id": vc}
        try:
            outs = await self._call(kind.kind.read_live, clients.client_for(self.settings.client),
                                    object_id, recorded)
        except errors.ChimeProxyError as error:
            if importing and error.retired:
                raise errors.NotOwnedRetiredError(spec.kind, request.resource_id) from error
            if importing or not await self._call(self._provider(kind, request.urn).forget, error):
                raise
            outs = None
        if outs is None and importing:  # `pulumi import` or `.get()`: there is nothing to take
            raise LookupError(f"{spec.kind} {request.resource_id} does not exist: nothing to import or read")
        if outs is None:
            return api.ReadResponse("", {}, {})  # gone: the engine drops it from state
        if importing:
            outs = kind.imported(outs, object_id)
        secret = values.secret_names(spec, request.inputs) | values.secret_names(spec, request.properties)
        live_inputs = kind.kind.read_inputs(outs)
        return api.ReadResponse(request.resource_id,
                                values.to_engine(spec, kind.to_state(outs), secret, kind.extra),
                                values.to_engine(spec, live_inputs, secret))

    async def update(self, request: api.UpdateRequest) -> api.UpdateResponse:
        kind = _kind(request.type)
        spec = kind.spec
        olds = kind.from_state(values.from_engine(spec, request.olds, kind.extra)[0], None)
        news = values.from_engine(spec, request.news)[0]
        secret = values.secret_names(spec, request.news)
        if request.preview:
            planned = kind.to_state({**olds, **news})
            return api.UpdateResponse(values.to_engine(spec, planned, secret, kind.extra))
        _vc, object_id = kind.split_id(request.resource_id)
        result = await self._call(self._provider(kind).update, object_id, olds, news)
        return api.UpdateResponse(values.to_engine(spec, kind.to_state(result.outs), secret, kind.extra))

    async def delete(self, request: api.DeleteRequest) -> None:
        kind = _kind(request.type)
        vc, object_id = kind.split_id(request.resource_id)
        props = {**values.from_engine(kind.spec, request.properties, kind.extra)[0],
                 "voice_connector_id": vc}
        await self._call(self._provider(kind, request.urn).delete, object_id, props)

    # -- functions -----------------------------------------------------------------

    async def invoke(self, request: api.InvokeRequest) -> api.InvokeResponse:
        if request.tok != package_schema.LOOKUP:
            raise UnknownTokenError(f"chime-proxy has no function {request.tok}")
        args = {key: values.plain(value) for key, value in request.args.items()}
        ids = {name: args.get(name) for name in ("voiceConnectorId", "proxySessionId")}
        bad = [name for name, value in ids.items() if not isinstance(value, str) or not value
               or is_unknown(value)]
        if bad:
            return api.InvokeResponse(failures=[api.CheckFailure("", f"{name}: must be a non-empty string")
                                                for name in bad])
        vc, ps = PROXY_SESSION.checked(str(ids["voiceConnectorId"]), str(ids["proxySessionId"]))
        session = await self._call(self._get_session, vc, ps)
        outs = outputs_from_session(session, {})
        fields = {name: masked(name, value) for name, value in outs.items() if name not in SESSION_SPEC.own}
        return api.InvokeResponse(return_value=values.to_engine(SESSION_SPEC, fields))

    def _get_session(self, vc: str, ps: str) -> dict[str, Any]:
        session = get_session(clients.client_for(self.settings.client), vc, ps)
        if session is None:
            raise LookupError(f"getProxySession: {subject(vc, ps)} does not exist")
        return session


__all__ = ["ChimeProxyProvider", "IdError", "check_inputs", "diff_state"]
