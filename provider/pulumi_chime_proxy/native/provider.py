"""The native provider: ``chime-proxy:index:ProxySession`` and ``VoiceConnectorProxy``
and the ``getProxySession`` function, served over Pulumi's public provider protocol
(``pulumi.runtime.proto``) for programs in any language.

Check, diff, read, reconciliation and errors are the dynamic resources' own code
(:mod:`.kinds`); this module takes each request in once (:mod:`.decode`) and answers
once (:mod:`.encode`).
The gRPC server runs each call on a thread of its own (:mod:`.server`), so boto3's
blocking calls need no other hop; at most ``chime-proxy:concurrency`` of them (default
64) reach the service at once: the engine's ``--parallel`` reads are then in flight
together, where the dynamic host serves four.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

from .. import __version__, masking, package_schema
from ..aws import clients, diagnostics, errors
from ..aws.settings import ConfigError, NativeSettings, native_settings
from ..kernel.check import Failure
from ..kernel.props import is_unknown
from ..kernel.results import failure_fields
from ..servicemodel.constraints import QUOTE_LIMIT
from ..sessions.props import outputs_from_session
from ..sessions.provider import subject
from ..sessions.spec import PROXY_SESSION as SESSION_SPEC
from . import decode, encode
from .decode import IdError
from .kinds import KINDS, PROXY_SESSION, NativeKind

T = TypeVar("T")
Failures = list[provider_pb2.CheckFailure]


class UnknownTokenError(ValueError):
    pass


def _kind(request: Any) -> NativeKind:
    """The kind a resource request is about: its ``type`` (engines from 3.150 send it),
    else its URN's: ``urn:pulumi:<stack>::<project>::<parent types$>type::<name>``, whose
    name may hold ``::`` itself."""
    parts = request.urn.split("::", 3)
    token = request.type or (parts[2].rpartition("$")[2] if len(parts) == 4 else "")
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


def check_inputs(kind: NativeKind, news: decode.Decoded,
                 olds: decode.Decoded | None = None) -> tuple[dict[str, Any], Failures]:
    """The dynamic resource's check, on schema names: (the checked inputs, failures).
    Unknown properties are failures, and so is a takeover the old inputs declare that
    the new ones drop."""
    spec = kind.spec
    computed = [name for name in news.values if name not in spec.inputs]
    failures = [provider_pb2.CheckFailure(reason=f"{name}: not a property of {spec.kind}")
                for name in news.unknown]
    failures += [provider_pb2.CheckFailure(reason=f"{spec[name].schema_name}: an output, not an input")
                 for name in computed]
    failures += _dropped_takeover(kind, olds.values if olds else {}, news.values)
    normalized, found = kind.kind.check_inputs({k: v for k, v in news.values.items() if k in spec.inputs})
    quoted = _quotable(news.values[name] for name in news.secret)
    # The engine prints a named property's value next to it, secret or not: a sensitive
    # property, or one the engine sent as secret, is named in the reason instead.
    hidden_values = spec.sensitive_inputs | news.secret
    for f in found:
        prop, reason = failure_fields(Failure(f.property, _unquoted(f.reason, quoted)),
                                      spec.inputs, hidden_values, encode.schema_path)
        failures.append(provider_pb2.CheckFailure(property=prop, reason=reason))
    return normalized, failures


def _dropped_takeover(kind: NativeKind, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Failures:
    """A failure when the old inputs declare the takeover input (the stack adopted, or
    imported, which declares it: :meth:`NativeKind.imported`) and the new ones leave it
    out. An import is refused so at preview, before anything is taken; a stack that took
    an object over keeps saying so, and its destroy warns."""
    takeover = kind.spec.takeover
    taken = olds.get(takeover.name)
    if taken in (None, False, "") or news.get(takeover.name) not in (None, False, ""):
        return []
    declared = "true" if taken is True else str(taken)
    return [provider_pb2.CheckFailure(
        reason=f"{takeover.schema_name}: this {kind.spec.kind} existed before the stack took it over "
        f"(by import or adoption); declare {takeover.schema_name}: {declared} to own it on purpose "
        "(destroy then deletes it), or leave it to its owner")]


def diff_state(kind: NativeKind, olds: decode.Decoded, news: decode.Decoded,
               ignore_changes: Iterable[str] = ()) -> provider_pb2.DiffResponse:
    """Live outputs in state against the program's inputs: the dynamic diff, with each
    changed property named (drift included) and whether it replaces."""
    spec = kind.spec
    result = kind.kind.diff(decode.state_of(kind, olds.values, None), news.values)
    ignored = set(ignore_changes)
    changed = [name for name in result.changed if spec[name].schema_name not in ignored]
    replaces = [spec[name].schema_name for name in result.replaces if name in changed]
    detailed = {
        spec[name].schema_name: provider_pb2.PropertyDiff(
            kind=provider_pb2.PropertyDiff.UPDATE_REPLACE if spec[name].schema_name in replaces
            else provider_pb2.PropertyDiff.UPDATE, inputDiff=name in spec.inputs)
        for name in changed
    }
    return provider_pb2.DiffResponse(
        changes=provider_pb2.DiffResponse.DIFF_SOME if changed else provider_pb2.DiffResponse.DIFF_NONE,
        replaces=replaces, diffs=[spec[name].schema_name for name in changed],
        detailedDiff=detailed, deleteBeforeReplace=False, hasDetailedDiff=True)


def masked(name: str, value: Any) -> Any:
    """``getProxySession``'s value of ``name``: masked when the spec says it is secret.

    A function's plain form (``get_proxy_session()`` in Python, ``getProxySession()`` in
    TypeScript, Go's) hands a program plain values, so no secret mark survives it; the
    lookup's numbers and name are therefore masked as drift reports mask them, in every
    form. ``ProxySession.get()`` reads the full values, as secret outputs."""
    kind = SESSION_SPEC.masks.get(name)
    return value if kind is None or value is None else masking.mask_value(value, names=kind == "name")


def _config(struct: struct_pb2.Struct) -> dict[str, Any]:
    """The provider's configuration by key (secrecy dropped: no setting is printed)."""
    return decode.plain(struct)[0]


class ChimeProxyProvider(provider_pb2_grpc.ResourceProviderServicer):
    """Serves both kinds and ``getProxySession``; one instance per plugin process. Its
    methods are the protocol's, called with the protocol's messages (the gRPC context is
    not used: errors are answered by :mod:`.server`)."""

    def __init__(self) -> None:
        self.settings = NativeSettings(native_settings(lambda _name: None).client)
        self.slots = threading.BoundedSemaphore(self.settings.concurrency)
        #: The end-of-support warnings given by this process (one per run of the engine).
        self.warned: set[str] = set()

    def _call(self, function: Callable[..., T], *args: Any) -> T:
        """``function`` once one of the ``concurrency`` slots is free (it calls the service)."""
        with self.slots:
            return function(*args)

    def _provider(self, kind: NativeKind, urn: str = "") -> Any:
        return kind.provider.with_settings(self.settings.client, urn)

    # -- the package ---------------------------------------------------------------

    def GetPluginInfo(self, request: Any, context: Any = None) -> plugin_pb2.PluginInfo:  # noqa: N802 - gRPC names
        return plugin_pb2.PluginInfo(version=__version__)

    def GetSchema(self, request: Any, context: Any = None) -> provider_pb2.GetSchemaResponse:  # noqa: N802
        return provider_pb2.GetSchemaResponse(schema=package_schema.render())

    def CheckConfig(self, request: provider_pb2.CheckRequest,  # noqa: N802
                    context: Any = None) -> provider_pb2.CheckResponse:
        """Every setting checked before any call: one failure naming the key and rule."""
        try:
            native_settings(_config(request.news).get)
        except ConfigError as exc:
            return provider_pb2.CheckResponse(inputs=request.news,
                                              failures=[provider_pb2.CheckFailure(reason=str(exc))])
        return provider_pb2.CheckResponse(inputs=request.news)

    def DiffConfig(self, request: Any, context: Any = None) -> provider_pb2.DiffResponse:  # noqa: N802
        """Unknown: the engine compares the configurations itself."""
        return provider_pb2.DiffResponse(hasDetailedDiff=True)

    def Configure(self, request: provider_pb2.ConfigureRequest,  # noqa: N802
                  context: Any = None) -> provider_pb2.ConfigureResponse:
        settings = native_settings(_config(request.args).get)
        if settings.concurrency != self.settings.concurrency:
            self.slots = threading.BoundedSemaphore(settings.concurrency)
        self.settings = settings
        # The engine starts the plugin once per run: a provider whose calls go to AWS warns
        # once per run, as a Python program on the dynamic resources does.
        warning = clients.end_of_support_warning(settings.client)
        if warning is not None and warning not in self.warned:
            self.warned.add(warning)
            diagnostics.warn(warning)
        return provider_pb2.ConfigureResponse(acceptSecrets=True, supportsPreview=True,
                                              acceptResources=True, acceptOutputs=False)

    def Cancel(self, request: Any, context: Any = None) -> empty_pb2.Empty:  # noqa: N802
        return empty_pb2.Empty()

    # -- resources -----------------------------------------------------------------

    def Check(self, request: provider_pb2.CheckRequest,  # noqa: N802
              context: Any = None) -> provider_pb2.CheckResponse:
        kind = _kind(request)
        news = decode.from_engine(kind.input_names, request.news)
        normalized, failures = check_inputs(kind, news, decode.from_engine(kind.input_names, request.olds))
        return provider_pb2.CheckResponse(inputs=encode.to_engine(kind.input_names, normalized, news.secret),
                                          failures=failures)

    def Diff(self, request: provider_pb2.DiffRequest,  # noqa: N802
             context: Any = None) -> provider_pb2.DiffResponse:
        kind = _kind(request)
        return diff_state(kind, decode.from_engine(kind.names, request.olds),
                          decode.from_engine(kind.input_names, request.news), request.ignoreChanges)

    def Create(self, request: provider_pb2.CreateRequest,  # noqa: N802
               context: Any = None) -> provider_pb2.CreateResponse:
        kind = _kind(request)
        spec = kind.spec
        inputs = decode.from_engine(kind.input_names, request.properties)
        if request.preview:
            planned = {**inputs.values, **{name: decode.UNKNOWN for name in spec.computed},
                       **{name: decode.UNKNOWN for name in kind.extra}}
            return provider_pb2.CreateResponse(
                properties=encode.to_engine(kind.names, planned, inputs.secret))
        object_id, state = self._call(self._provider(kind).create_state, inputs.values)
        vc = str(inputs.values["voice_connector_id"])
        return provider_pb2.CreateResponse(
            id=kind.join_id(vc, object_id),
            properties=encode.to_engine(kind.names, encode.outputs(kind, state), inputs.secret))

    def Read(self, request: provider_pb2.ReadRequest,  # noqa: N802
             context: Any = None) -> provider_pb2.ReadResponse:
        kind = _kind(request)
        recorded = decode.read_request(kind, request)
        try:
            with self.slots:
                found = kind.kind.read(clients.client_for(self.settings.client), recorded.vc,
                                       recorded.object_id, recorded.state,
                                       recorded.object_id if recorded.importing else None)
        except errors.ChimeProxyError as error:
            if recorded.importing and error.retired:
                raise errors.NotOwnedRetiredError(kind.spec.kind, request.id) from error
            if recorded.importing or not self._provider(kind, request.urn).forget(error):
                raise
            found = None
        if found is None and recorded.importing:  # `pulumi import` or `.get()`: nothing to take
            raise LookupError(f"{kind.spec.kind} {request.id} does not exist: nothing to import or read")
        if found is None:
            return provider_pb2.ReadResponse()  # gone: the engine drops it from state
        return encode.read_response(kind, request.id, found, recorded.secret)

    def Update(self, request: provider_pb2.UpdateRequest,  # noqa: N802
               context: Any = None) -> provider_pb2.UpdateResponse:
        kind = _kind(request)
        olds = decode.state_of(kind, decode.from_engine(kind.names, request.olds).values, None)
        news = decode.from_engine(kind.input_names, request.news)
        if request.preview:
            planned = encode.outputs(kind, dataclasses.replace(olds, outputs={**olds.outputs, **news.values}))
            return provider_pb2.UpdateResponse(properties=encode.to_engine(kind.names, planned, news.secret))
        _vc, object_id = decode.resource_id(kind, request.id)
        state = self._call(self._provider(kind).update_state, object_id, olds, news.values)
        return provider_pb2.UpdateResponse(
            properties=encode.to_engine(kind.names, encode.outputs(kind, state), news.secret))

    def Delete(self, request: provider_pb2.DeleteRequest,  # noqa: N802
               context: Any = None) -> empty_pb2.Empty:
        kind = _kind(request)
        vc, object_id = decode.resource_id(kind, request.id)
        props = {**decode.from_engine(kind.names, request.properties).values, "voice_connector_id": vc}
        self._call(self._provider(kind, request.urn).delete, object_id, props)
        return empty_pb2.Empty()

    # -- functions -----------------------------------------------------------------

    def Invoke(self, request: provider_pb2.InvokeRequest,  # noqa: N802
               context: Any = None) -> provider_pb2.InvokeResponse:
        if request.tok != package_schema.LOOKUP:
            raise UnknownTokenError(f"chime-proxy has no function {request.tok}")
        args = decode.plain(request.args)[0]
        ids = {name: args.get(name) for name in ("voiceConnectorId", "proxySessionId")}
        bad = [name for name, value in ids.items() if not isinstance(value, str) or not value
               or is_unknown(value)]
        if bad:
            return provider_pb2.InvokeResponse(failures=[
                provider_pb2.CheckFailure(reason=f"{name}: must be a non-empty string") for name in bad])
        vc, ps = decode.checked_ids(PROXY_SESSION, str(ids["voiceConnectorId"]), str(ids["proxySessionId"]))
        session = self._call(self._get_session, vc, ps)
        outs = outputs_from_session(session, {})
        fields = {name: masked(name, value) for name, value in outs.items() if name not in SESSION_SPEC.own}
        return provider_pb2.InvokeResponse(**{"return": encode.to_engine(PROXY_SESSION.names, fields)})

    def _get_session(self, vc: str, ps: str) -> dict[str, Any]:
        session = PROXY_SESSION.kind.fetch(clients.client_for(self.settings.client), vc, ps)
        if session is None:
            raise LookupError(f"getProxySession: {subject(vc, ps)} does not exist")
        return session


__all__ = ["ChimeProxyProvider", "IdError", "check_inputs", "diff_state"]
