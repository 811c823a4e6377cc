"""What every dynamic provider here shares: client settings from stack config, one
shared client, the engine hooks that only differ by the kind's pure functions (check,
diff, read), and how a resource registers its computed and secret outputs.

A provider instance is pickled into state, so it keeps only the *settings* (no
client, no credentials); the client comes from ``clients.client_for`` per process.
Each kind's provider is a thin subclass naming its :class:`Kind`; the class, not the
kind, is what the pickle refers to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ..aws import clients, diagnostics, errors
from ..aws.settings import ClientSettings, ConfigError, settings_from_config
from ..kernel.core import Kind
from ..kernel.results import check_result, diff_result
from ..kernel.state import State
from . import decode, encode, stack_config

P = TypeVar("P", bound="ChimeProvider")


class ChimeProvider(ResourceProvider):
    """Base provider: ``configure`` reads ``aws:*`` config; ``_client`` is the shared
    client; check, diff and read come from the subclass's :attr:`kind`."""

    kind: ClassVar[Kind]
    _settings: ClientSettings | None = None
    #: The resource's URN, when the native provider serves the call (the dynamic host
    #: is not told it): where the engine shows this provider's warnings.
    _urn: str = ""

    #: ``__provider`` holds no secret (a by-reference pickle of about 80 bytes, no client,
    #: no credentials: tests/sessions/test_pickling.py), so it is stored in plaintext. The
    #: benchmark measured the secret envelope at +468 B of state per resource
    #: and 4-27% slower up/destroy. A provider that captures a secret Output is still
    #: stored as a secret (the SDK checks for that on every serialization).
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Read the ``chime-proxy:*`` settings (and the older ``aws:*`` keys) from stack config."""
        self._settings = settings_from_config(req.config.get)

    @classmethod
    def with_settings(cls: type[P], settings: ClientSettings, urn: str = "") -> P:
        """A provider with ``settings`` already configured, serving the resource ``urn``
        (the native provider's use)."""
        provider = cls()
        provider._settings = settings
        provider._urn = urn
        return provider

    @property
    def settings(self) -> ClientSettings:
        return self._settings or ClientSettings()

    def _client(self) -> Any:
        return clients.client_for(self.settings)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Model constraints and stated rules, without calling AWS; then the AWS profile
        and region as this host sees them (the client is built, no call is made), so a
        profile that is not there fails preview and a no-op ``up`` in one line too."""
        normalized, failures = self.kind.check_inputs(news)
        result = check_result(normalized, failures, self.kind.spec.inputs, self.kind.spec.sensitive_inputs)
        try:
            self._client()
        except ConfigError as exc:
            result.failures.append(CheckFailure("", str(exc)))
        return result

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Live outputs against desired inputs (shows drift during refresh too)."""
        return diff_result(self.kind.diff(decode.state_of(olds), news))

    def create_state(self, props: dict[str, Any]) -> tuple[str, State]:
        """(the new object's id, its state): both fronts' create."""
        raise NotImplementedError

    def update_state(self, id_: str, state: State, news: dict[str, Any]) -> State:
        """The state after an update of the object ``id_`` to ``news``: both fronts' update."""
        raise NotImplementedError

    def create(self, props: dict[str, Any]) -> CreateResult:
        id_, state = self.create_state(props)
        return CreateResult(id_=id_, outs=encode.stored(state))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(outs=encode.stored(self.update_state(id_, decode.state_of(olds), news)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Live outputs, and the live value of each declared input (so the engine names
        what drifted); gone (empty id) when the service says NotFound, or refused a
        retired operation and the stack says forget."""
        try:
            found = self.kind.read(self._client(), str(props.get("voice_connector_id") or id_), id_,
                                   decode.state_of(props))
        except errors.ChimeProxyError as error:
            if not self.forget(error):
                raise
            found = None
        if found is None:
            return ReadResult(id_="", outs={})  # gone: the engine drops it from state
        return ReadResult(id_=id_, outs=encode.stored(found.state), inputs=found.inputs)

    def forget(self, error: BaseException) -> bool:
        """True, with a warning, when ``error`` lets refresh and destroy take the resource
        out of state (``chime-proxy:endOfSupport`` is ``forget``: :func:`errors.forgets`);
        a 400 or 403 that is not the end of support raises, saying why it is kept."""
        if not errors.forgets(self.settings, error):
            kept = errors.kept_in_state(self.settings, error)
            if kept is not None:
                raise kept from error
            return False
        assert isinstance(error, errors.ChimeProxyError)
        diagnostics.warn(errors.forgotten_warning(error), self._urn)
        return True


def resource_props(
    props: dict[str, Any],
    computed: Iterable[str],
    secret_outputs: Iterable[str],
    opts: pulumi.ResourceOptions | None,
) -> tuple[dict[str, Any], pulumi.ResourceOptions]:
    """Props with every computed output declared (so its attribute resolves) and options
    that keep the secret outputs secret after refresh (``additional_secret_outputs``).

    The stack config the provider will read is checked first, in the program
    (``stack_config``): a bad value is one line, and no resource is registered."""
    stack_config.program_settings()
    full = dict(props)
    for name in computed:
        full.setdefault(name, None)
    secret = pulumi.ResourceOptions(additional_secret_outputs=list(secret_outputs))
    return full, pulumi.ResourceOptions.merge(opts, secret)
