"""The dynamic provider behind ``ProxySession``: thin glue from the engine to boto3.

Decisions, documented in the README:
- read: NotFoundException means the session was deleted out of band, so the resource
  leaves the state (``up`` recreates it); any other error fails the refresh and leaves
  the state as it was.
- delete: NotFoundException counts as success (already gone).
- create is not blindly retried: a CreateProxySession whose answer is lost may still
  have created the session, so after a retryable failure we look for that session
  (ListProxySessions) before trying again, and adopt it if found.
- adopt: ``adopt_proxy_session_id`` makes create read an existing session instead;
  the stack then owns it, so destroy deletes it (use ``retain_on_delete`` to keep it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Any

from pulumi.dynamic import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from ..aws import clients, errors
from ..aws.listing import list_proxy_sessions
from ..aws.provider_base import ChimeProvider
from ..kernel.results import check_result, diff_result
from . import check, diff
from .props import (
    ADOPT,
    API_NAMES,
    KEEP_CLOSED,
    create_params,
    outputs_from_session,
    update_params,
)

#: Create attempts (each after reconciling) before giving up on retryable errors.
CREATE_ATTEMPTS = 5
RETRYABLE_CREATE_CODES = frozenset(
    {"ThrottledClientException", "ServiceFailureException", "ServiceUnavailableException"}
)
#: How far back a reconciled session's creation time may lie before our request.
RECONCILE_WINDOW = dt.timedelta(minutes=5)


class ProxySessionProvider(ChimeProvider):
    """CRUD for one proxy session. Holds no client and no credentials (it is pickled)."""

    def _create_client(self) -> Any:
        """Create must not be retried blindly by botocore: one attempt per call."""
        return clients.client_for(dataclasses.replace(self.settings, max_attempts=1))

    # -- engine hooks ------------------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return check_result(*check.check_inputs(news))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return diff_result(diff.diff_session(olds, news))

    def create(self, props: dict[str, Any]) -> CreateResult:
        adopt = props.get(ADOPT)
        session = self._adopt(adopt, props) if adopt else self._create(props)
        return CreateResult(id_=session["ProxySessionId"],
                            outs=outputs_from_session(session, props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        vc = props.get("voice_connector_id")
        try:
            session = self._get(str(vc), id_)
        except Exception as exc:
            if errors.is_not_found(exc):
                return ReadResult(id_="", outs={})  # gone: the engine drops it from state
            raise errors.ChimeProxyError("GetProxySession", _subject(vc, id_), exc) from exc
        return ReadResult(id_=id_, outs=outputs_from_session(session, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        vc = str(news["voice_connector_id"])
        changed = diff.diff_session(olds, news).changed
        try:
            if set(changed) - {KEEP_CLOSED}:
                session = self._client().update_proxy_session(
                    **update_params(vc, id_, news))["ProxySession"]
            else:
                session = self._get(vc, id_)
        except Exception as exc:
            raise errors.ChimeProxyError("UpdateProxySession", _subject(vc, id_), exc) from exc
        return UpdateResult(outs=outputs_from_session(session, news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        vc = props.get("voice_connector_id")
        try:
            self._client().delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=id_)
        except Exception as exc:
            if errors.is_not_found(exc):
                return  # already gone: the goal of delete is met
            raise errors.ChimeProxyError("DeleteProxySession", _subject(vc, id_), exc) from exc

    # -- helpers -----------------------------------------------------------------------

    def _get(self, vc: str, ps: str) -> dict[str, Any]:
        session: dict[str, Any] = self._client().get_proxy_session(
            VoiceConnectorId=vc, ProxySessionId=ps)["ProxySession"]
        return session

    def _create(self, props: dict[str, Any]) -> dict[str, Any]:
        params = create_params(props)
        vc = str(props["voice_connector_id"])
        subject = f"a new session on voice connector {vc}"
        started = dt.datetime.now(dt.timezone.utc)
        for attempt in range(1, CREATE_ATTEMPTS + 1):
            try:
                session: dict[str, Any] = self._create_client().create_proxy_session(
                    **params)["ProxySession"]
                return session
            except Exception as exc:
                code = errors.error_code(exc)
                retryable = code in RETRYABLE_CREATE_CODES or (code is None and errors.is_transport(exc))
                if not retryable or attempt == CREATE_ATTEMPTS:
                    raise errors.ChimeProxyError("CreateProxySession", subject, exc) from exc
            try:
                found = self._find_created(vc, props, started)
            except AmbiguousCreateError as exc:
                raise errors.ChimeProxyError("CreateProxySession", subject, exc) from exc
            except Exception as exc:
                raise errors.ChimeProxyError(
                    "ListProxySessions (checking whether a failed create made the session)",
                    subject, exc) from exc
            if found is not None:
                return found  # the failed call did create it: adopt, don't duplicate
            time.sleep(min(0.2 * 2**attempt, 5.0))
        raise AssertionError("unreachable")

    def _find_created(self, vc: str, props: dict[str, Any],
                      started: dt.datetime) -> dict[str, Any] | None:
        """The session a failed create may have made: same participants, name and
        capabilities, open, created since just before we asked. None if unsure."""
        # If we cannot look, we must not create again: that could duplicate a session the
        # failed call made. The error propagates and the create fails (drift's
        # "unmanaged" list then shows any session it left).
        candidates = [
            s for s in list_proxy_sessions(self._client(), vc)
            if s.get("Status") != "Closed" and _created_since(s, started - RECONCILE_WINDOW)
        ]
        matches = []
        for summary in candidates:
            outs = outputs_from_session(summary, props)
            result = diff.diff_session(outs, {k: props.get(k) for k in API_NAMES})
            if not result.changed:
                matches.append(summary)
        if len(matches) > 1:
            # One of them may be ours: creating again would orphan it. Stop and say so.
            raise AmbiguousCreateError([m["ProxySessionId"] for m in matches])
        if not matches:
            return None
        return self._get(vc, matches[0]["ProxySessionId"])

    def _adopt(self, ps: str, props: dict[str, Any]) -> dict[str, Any]:
        vc = str(props["voice_connector_id"])
        try:
            session = self._get(vc, ps)
        except Exception as exc:
            if errors.is_not_found(exc):
                raise ValueError(
                    f"adopt_proxy_session_id: proxy session {ps} does not exist on voice "
                    f"connector {vc}") from exc
            raise errors.ChimeProxyError("GetProxySession", _subject(vc, ps), exc) from exc
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
        if set(diff.diff_session(outs, props).changed) & {"capabilities", "expiry_minutes"}:
            try:
                session = self._client().update_proxy_session(
                    **update_params(vc, ps, props))["ProxySession"]
            except Exception as exc:
                raise errors.ChimeProxyError("UpdateProxySession", _subject(vc, ps), exc) from exc
        return session


class AmbiguousCreateError(Exception):
    """A failed create may have made one of several identical sessions."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__(
            f"the request may have created a session, but {len(ids)} open sessions match it "
            f"({', '.join(sorted(ids))}); not creating another. Adopt the right one with "
            "adopt_proxy_session_id, or delete the extra one, then run up again")
        self.ids = ids


def _subject(vc: Any, ps: Any) -> str:
    return f"proxy session {ps} on voice connector {vc}"


def _created_since(session: dict[str, Any], since: dt.datetime) -> bool:
    created = session.get("CreatedTimestamp")
    if not isinstance(created, dt.datetime):
        return True  # cannot tell: let the property match decide
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.timezone.utc)
    return created >= since
