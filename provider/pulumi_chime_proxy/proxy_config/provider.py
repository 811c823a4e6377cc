"""The dynamic provider behind ``VoiceConnectorProxy``: thin glue from the engine to boto3.

Decisions (see docs/voice-connector-proxy.md):
- The resource id is the voice connector id: a connector has at most one proxy
  configuration. Changing ``voice_connector_id`` replaces the resource (create on
  the new connector, then delete on the old one).
- create and update both call PutVoiceConnectorProxy, which replaces the whole
  configuration; it is idempotent, so botocore's retries are safe. Put cannot tell a
  new configuration from another stack's, so create asks first
  (GetVoiceConnectorProxy) and fails on an existing one unless ``adopt_existing``
  says to take it over; destroy of a configuration taken over says what it removes.
  Two creates racing on one connector can both see none: the second Put wins.
- read: NotFoundException (no configuration, or no connector) means it was deleted
  out of band, so the resource leaves the state and ``up`` puts it back; any other
  error fails the refresh and leaves the state as it was.
- delete: NotFoundException counts as success (already gone).
- read and delete: a refusal of a retired operation takes the resource out of state,
  with a warning, only when ``chime-proxy:endOfSupport`` is ``forget``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from ..aws import diagnostics, errors
from ..dynamic.provider_base import ChimeProvider
from ..kernel.core import Kind
from ..kernel.state import State
from . import check, diff
from .props import ADOPT, put_params
from .spec import VOICE_CONNECTOR_PROXY

#: Connectors a create of this process configured: the engine runs one provider process
#: per run, so a second VoiceConnectorProxy on one of them is in the same stack, and
#: the two would overwrite each other on every ``up``.
_CLAIMED: set[str] = set()
_CLAIMS_LOCK = threading.Lock()


@contextlib.contextmanager
def _claim(vc: str) -> Iterator[None]:
    """Hold ``vc`` for this create; kept once it succeeds, released if it fails."""
    with _CLAIMS_LOCK:
        if vc in _CLAIMED:
            raise ValueError(f"voice_connector_id: another VoiceConnectorProxy of this stack "
                             f"configures voice connector {vc}; declare one per connector")
        _CLAIMED.add(vc)
    try:
        yield
    except BaseException:
        with _CLAIMS_LOCK:
            _CLAIMED.discard(vc)
        raise


def taken_over_warning(vc: str) -> str:
    return (f"chime-proxy: deleted the proxy configuration of voice connector {vc}, which this "
            f"stack took over ({ADOPT}, or an import): if it existed before the stack, whoever "
            "set it up no longer has it, and new sessions on the connector fail until one is put "
            "back")


def _subject(vc: str, _object_id: str = "") -> str:
    return f"the proxy configuration of voice connector {vc}"


KIND = Kind(VOICE_CONNECTOR_PROXY, check.check_inputs, diff.diff_proxy_config, _subject, diff.drift_inputs)


# Pickled by module path into every stack's state: never rename or move this class
# (docs/pickled-providers.md; tests/packaging/test_pickled_providers.py).
class VoiceConnectorProxyProvider(ChimeProvider):
    """CRUD for one proxy configuration. Holds no client and no credentials (it is pickled)."""

    kind = KIND

    # -- engine hooks ------------------------------------------------------------------

    def create_state(self, props: dict[str, Any]) -> tuple[str, State]:
        """PutVoiceConnectorProxy on the connector, unless it has a configuration the
        stack may not take over; the connector id is the resource id."""
        vc = str(props["voice_connector_id"])
        with _claim(vc):
            if not props.get(ADOPT) and KIND.fetch(self._client(), vc, vc) is not None:
                raise ValueError(
                    f"voice_connector_id: voice connector {vc} already has a proxy configuration "
                    "(another stack's, or one made outside Pulumi); set adopt_existing=True to "
                    "take it over on purpose (destroy then deletes it), or leave it to its owner")
            proxy_config = self._put(props)
        return vc, KIND.applied(proxy_config, props)

    def update_state(self, id_: str, state: State, news: dict[str, Any]) -> State:
        """PutVoiceConnectorProxy with the whole desired configuration."""
        return KIND.applied(self._put(news), news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """DeleteVoiceConnectorProxy; already gone counts as done."""
        vc = str(props.get("voice_connector_id") or id_)
        try:
            self._client().delete_voice_connector_proxy(VoiceConnectorId=vc)
        except Exception as exc:
            if errors.is_not_found(exc):
                return
            error = errors.ChimeProxyError("DeleteVoiceConnectorProxy", _subject(vc), exc)
            if not self.forget(error):
                raise error from exc
            return
        with _CLAIMS_LOCK:
            _CLAIMED.discard(vc)
        if props.get(ADOPT):
            diagnostics.warn(taken_over_warning(vc), self._urn)

    # -- helpers -----------------------------------------------------------------------

    def _put(self, props: dict[str, Any]) -> dict[str, Any]:
        """PutVoiceConnectorProxy: the configuration it answers, with its connector (which
        the answer does not name)."""
        vc = str(props["voice_connector_id"])
        try:
            proxy_config: dict[str, Any] = self._client().put_voice_connector_proxy(
                **put_params(props))["Proxy"]
        except Exception as exc:
            raise errors.ChimeProxyError("PutVoiceConnectorProxy", _subject(vc), exc) from exc
        return {**proxy_config, "VoiceConnectorId": vc}
