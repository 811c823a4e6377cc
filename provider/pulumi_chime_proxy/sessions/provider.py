"""The dynamic provider behind ``ProxySession``: thin glue from the engine to boto3.

Decisions, documented in the README:
- read: NotFoundException means the session was deleted out of band, so the resource
  leaves the state (``up`` recreates it); any other error fails the refresh and leaves
  the state as it was.
- delete: NotFoundException counts as success (already gone).
- read and delete: a refusal of a retired operation takes the resource out of state,
  with a warning, only when ``chime-proxy:endOfSupport`` is ``forget``.
- create is not blindly retried: a CreateProxySession whose answer is lost may still
  have created the session, so after a retryable failure we look for that session
  (ListProxySessions) before trying again, and adopt it only if nothing else can be it
  (:mod:`.reconcile`: the service's clock, and what the other creates of this process
  returned); when it cannot tell, the create fails with its own error first.
- adopt: ``adopt_proxy_session_id`` makes create read an existing session instead;
  the stack then owns it, so destroy deletes it (use ``retain_on_delete`` to keep it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Any, NoReturn

from ..aws import clients, diagnostics, errors
from ..aws.listing import list_proxy_sessions
from ..dynamic.provider_base import ChimeProvider
from ..kernel.core import Kind
from ..kernel.state import State
from . import check, diff, reconcile
from .props import ADOPT, API_NAMES, KEEP_CLOSED, create_params, outputs_from_session, update_params
from .spec import PROXY_SESSION

#: Create attempts (each after reconciling) before giving up on retryable errors.
CREATE_ATTEMPTS = 5
RETRYABLE_CREATE_CODES = frozenset(
    {"ThrottledClientException", "ServiceFailureException", "ServiceUnavailableException"}
)


def taken_over_warning(vc: Any, ps: Any) -> str:
    return (f"chime-proxy: deleted {subject(vc, ps)}, which this stack took over ({ADOPT}, or "
            "an import): if it existed before the stack, whoever made it no longer has it")


def subject(vc: Any, ps: Any) -> str:
    """How messages name one session."""
    return f"proxy session {ps} on voice connector {vc}"


KIND = Kind(PROXY_SESSION, check.check_inputs, diff.diff_session, subject, diff.drift_inputs, diff.accepted)


# Pickled by module path into every stack's state: never rename or move this class
# (docs/pickled-providers.md; tests/packaging/test_pickled_providers.py).
class ProxySessionProvider(ChimeProvider):
    """CRUD for one proxy session. Holds no client and no credentials (it is pickled).
    Create is its own: it reconciles after a retryable failure (:mod:`.reconcile`)."""

    kind = KIND

    def _create_client(self) -> Any:
        """Create must not be retried blindly by botocore: one attempt per call."""
        return clients.client_for(dataclasses.replace(self.settings, max_attempts=1))

    # -- engine hooks ------------------------------------------------------------------

    def create_state(self, props: dict[str, Any]) -> tuple[str, State]:
        adopt = props.get(ADOPT)
        session = self._adopt(adopt, props) if adopt else self._create(props)
        reconcile.CLAIMS.claim(session["ProxySessionId"])
        return session["ProxySessionId"], KIND.applied(session, props)

    def update_state(self, id_: str, state: State, news: dict[str, Any]) -> State:
        vc = str(news["voice_connector_id"])
        changed = diff.diff_session(state, news).changed
        if not set(changed) - {KEEP_CLOSED} - diff.ACKNOWLEDGED:
            # Only what the stack records changed: no write, the live session as it is.
            live = KIND.fetch(self._client(), vc, id_)
            if live is None:
                raise LookupError(f"{subject(vc, id_)} no longer exists; `pulumi refresh` "
                                  "takes it out of the stack")
            return KIND.applied(live, news)
        try:
            session = self._client().update_proxy_session(**update_params(vc, id_, news))["ProxySession"]
        except Exception as exc:
            raise errors.ChimeProxyError("UpdateProxySession", subject(vc, id_), exc) from exc
        return KIND.applied(session, news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        vc = props.get("voice_connector_id")
        try:
            self._client().delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=id_)
        except Exception as exc:
            if errors.is_not_found(exc):
                return  # already gone: the goal of delete is met
            error = errors.ChimeProxyError("DeleteProxySession", subject(vc, id_), exc)
            if not self.forget(error):
                raise error from exc
            return
        if props.get(ADOPT):
            diagnostics.warn(taken_over_warning(vc, id_), self._urn)

    # -- helpers -----------------------------------------------------------------------

    def _create(self, props: dict[str, Any]) -> dict[str, Any]:
        params = create_params(props)
        # A session the program leaves unnamed is named with a mark, so that after a
        # failure the provider can tell its own session from another stack's (reconcile).
        mark = reconcile.new_mark() if props.get("name") is None else None
        if mark is not None:
            params["Name"] = mark
        vc = str(props["voice_connector_id"])
        subject = f"a new session on voice connector {vc}"
        key = reconcile.participants_key(vc, props.get("participant_phone_numbers") or [])
        searched: reconcile.Window | None = None
        for attempt_number in range(1, CREATE_ATTEMPTS + 1):
            with reconcile.CLAIMS.attempt(key) as attempt:
                try:
                    session: dict[str, Any] = self._create_client().create_proxy_session(
                        **params)["ProxySession"]
                except Exception as exc:
                    failure = exc
                else:
                    reconcile.CLAIMS.claim(session["ProxySessionId"])
                    return session
                attempt.answered()
                create_error = errors.ChimeProxyError("CreateProxySession", subject, failure)
                code = errors.error_code(failure)
                retryable = code in RETRYABLE_CREATE_CODES or (code is None and errors.is_transport(failure))
                if not retryable:
                    raise create_error from failure
                found, searched = self._find_created(vc, props, mark, attempt, failure, searched,
                                                     create_error)
                if found is not None:
                    reconcile.CLAIMS.claim(found["ProxySessionId"])
                    return found  # the failed call did create it: adopt, don't duplicate
                if attempt_number == CREATE_ATTEMPTS:
                    raise create_error from failure
            time.sleep(min(0.2 * 2**attempt_number, 5.0))
        raise AssertionError("unreachable")

    def _find_created(self, vc: str, props: dict[str, Any], mark: str | None,
                      attempt: reconcile.Attempt, failure: BaseException,
                      searched: reconcile.Window | None, create_error: errors.ChimeProxyError,
                      ) -> tuple[dict[str, Any] | None, reconcile.Window | None]:
        """The session the failed request made: the one with its ``mark``, or (a named
        session) None when nothing it could have made exists (see :mod:`.reconcile`); with
        the window searched so far. Raises CreateNotReconciledError, the create's error
        first, when it cannot tell."""
        # If we cannot look, we must not create again: that could duplicate a session the
        # failed call made (drift's "unmanaged" list then shows any session it left).
        def cannot_tell(why: str, cause: BaseException | None = None) -> NoReturn:
            raise reconcile.CreateNotReconciledError(create_error, why) from (cause or failure)

        def listed() -> list[dict[str, Any]]:
            try:
                return list_proxy_sessions(self._client(), vc)
            except Exception as exc:
                cannot_tell(reconcile.lookup_failed(
                    errors.ChimeProxyError("ListProxySessions", f"voice connector {vc}", exc)), exc)

        if mark is not None:
            ours = sorted((s for s in listed() if s.get("Name") == mark),
                          key=lambda s: str(s.get("CreatedTimestamp")))
            if not ours:
                return None, searched
            return KIND.fetch(self._client(), vc, str(ours[0]["ProxySessionId"])), searched

        answered_at = reconcile.service_time(reconcile.answer_headers(failure))
        elapsed = attempt.elapsed()
        if answered_at is None:  # no answer (connection lost): ask the service for its clock
            try:
                fresh = self._client().list_proxy_sessions(VoiceConnectorId=vc, MaxResults=1)
            except Exception as exc:
                cannot_tell(reconcile.lookup_failed(
                    errors.ChimeProxyError("ListProxySessions", f"voice connector {vc}", exc)), exc)
            elapsed = attempt.elapsed()
            answered_at = reconcile.service_time(fresh.get("ResponseMetadata", {}).get("HTTPHeaders"))
            if answered_at is None:
                cannot_tell(reconcile.no_service_clock())
        window = reconcile.window(answered_at, elapsed).hull(searched)
        # A sibling create in this process still in flight may be about to claim a match.
        attempt.settle(timeout=2 * (self.settings.connect_timeout + self.settings.read_timeout))
        summaries = listed()
        wanted = {k: props.get(k) for k in API_NAMES}
        matches = [
            s for s in summaries
            if s.get("Status") != "Closed"
            and not diff.diff_session(State(outputs_from_session(s, props)), wanted).changed
            and not reconcile.CLAIMS.is_claimed(str(s.get("ProxySessionId")))
        ]
        undated = [s for s in matches if not isinstance(s.get("CreatedTimestamp"), dt.datetime)]
        candidates = [s for s in matches if s not in undated and window.holds(s["CreatedTimestamp"])]
        if undated or candidates:
            # Ours, or another stack's: creating again could orphan ours, adopting could
            # take theirs. Stop and say so.
            cannot_tell(reconcile.ambiguous([str(s["ProxySessionId"]) for s in undated + candidates]))
        return None, window

    def _adopt(self, ps: str, props: dict[str, Any]) -> dict[str, Any]:
        vc = str(props["voice_connector_id"])
        found = KIND.fetch(self._client(), vc, ps)
        if found is None:
            raise ValueError(f"adopt_proxy_session_id: {subject(vc, ps)} does not exist")
        session = found
        outs = outputs_from_session(session, props)
        if not diff.same_participants(outs["participant_phone_numbers"],
                                      props.get("participant_phone_numbers")):
            raise ValueError(
                f"adopt_proxy_session_id: proxy session {ps} has other participants than "
                "participant_phone_numbers; adopting it would change who is connected. "
                "Fix the numbers or adopt another session.")
        if session.get("Status") == "Closed" and not props.get(KEEP_CLOSED):
            raise ValueError(f"adopt_proxy_session_id: proxy session {ps} is Closed; set "
                             "keep_closed=True to adopt it anyway")
        if set(diff.diff_session(State(outs), props).changed) & set(PROXY_SESSION.updated_by_api):
            try:
                session = self._client().update_proxy_session(
                    **update_params(vc, ps, props))["ProxySession"]
            except Exception as exc:
                raise errors.ChimeProxyError("UpdateProxySession", subject(vc, ps), exc) from exc
        return session
