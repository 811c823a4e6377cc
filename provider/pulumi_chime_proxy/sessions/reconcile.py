"""Which session, if any, a failed CreateProxySession made.

A create whose answer is an error or never arrives may still have committed. The API
takes no idempotency token, and another stack (another process) may create an identical
session at the same moment, so timing and matching alone never prove a session is ours.
What proves it is a mark only our request carries:

- **A session the program gives no name** is created with a mark as its name
  (:func:`new_mark`: ``pulumi`` and 16 random hex digits, which the model's name pattern
  accepts). After a failure the provider lists the connector's sessions and adopts the one
  with its mark (every attempt of one create sends the same mark), or creates again when
  there is none. No other create, in any process, carries that mark.
- **A named session** carries nothing of its own. The provider still looks: a matching
  session (participants, capabilities, name, ...) that is not Closed, created while the
  request was outstanding by the **service's** clock (the ``Date`` header of the failed
  answer, or of a fresh call, minus the time the request took on the local monotonic
  clock), and returned to no other create in this process. When there is none, nothing
  the request could have made exists and it creates again. When there is one, it may be
  ours or another stack's, so the create fails with its own error first and names it:
  an orphan that ``chime-proxy drift`` lists can be adopted or deleted; a session taken
  from another stack cannot be given back.

Pure except for :class:`Claims`, a thread-safe record of this process's creates.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import secrets
import threading
import time
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..kernel.props import phone_key

#: The ``Date`` header counts whole seconds.
DATE_RESOLUTION = dt.timedelta(seconds=1)
#: How a mark starts: the session's name says who made it.
MARK_PREFIX = "pulumi "


def new_mark() -> str:
    """A name no other create carries: ``pulumi`` and 64 random bits in hex (23
    characters, within the model's ``^[a-zA-Z0-9 ]{0,30}$``)."""
    return MARK_PREFIX + secrets.token_hex(8)


@dataclass(frozen=True)
class Window:
    """When, by the service's clock, a session made by the request can have been created."""

    earliest: dt.datetime
    latest: dt.datetime

    def holds(self, created: dt.datetime) -> bool:
        """Whether ``created`` (a session's CreatedTimestamp) falls in the window."""
        if created.tzinfo is None:
            created = created.replace(tzinfo=dt.timezone.utc)
        return self.earliest <= created <= self.latest

    def hull(self, other: Window | None) -> Window:
        """The window covering this one and ``other`` (several attempts of one create)."""
        if other is None:
            return self
        return Window(min(self.earliest, other.earliest), max(self.latest, other.latest))


def service_time(headers: dict[str, Any] | None) -> dt.datetime | None:
    """The service's clock from a response's ``Date`` header (None if absent or malformed)."""
    raw = (headers or {}).get("date")
    if not raw:
        return None
    try:
        stamp = email.utils.parsedate_to_datetime(str(raw))
    except (TypeError, ValueError):
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


def window(answered_at: dt.datetime, elapsed_seconds: float) -> Window:
    """The window for a request answered at ``answered_at`` (a ``Date`` header, by the
    service's clock) ``elapsed_seconds`` after it was sent (by the local monotonic clock).

    The session was committed after the request arrived and before the answer left, so
    no earlier than ``answered_at - elapsed`` and, as ``Date`` truncates to the second,
    before ``answered_at + 1 s``. The start is floored to the second so that a service
    whose timestamps count whole seconds still fits.
    """
    earliest = (answered_at - dt.timedelta(seconds=max(0.0, elapsed_seconds))).replace(microsecond=0)
    return Window(earliest, answered_at + DATE_RESOLUTION)


def answer_headers(exc: BaseException) -> dict[str, Any] | None:
    """The HTTP headers of the service's answer to a failed call (None: no answer)."""
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return None
    headers = response.get("ResponseMetadata", {}).get("HTTPHeaders")
    return headers if isinstance(headers, dict) else None


def participants_key(voice_connector_id: str, numbers: Iterable[Any]) -> Hashable:
    """Creates that could be mistaken for one another: same connector, same people."""
    return voice_connector_id, frozenset(phone_key(n) for n in numbers)


class Claims:
    """What the creates in this process know about each other.

    Sessions a create or adopt returned are *claimed* (they belong to a resource). Per
    participants key, an attempt is *unresolved* from the moment its request is sent
    until it has its session or has settled what a failure left; while it is *in
    flight*, its request has no answer yet.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._claimed: set[str] = set()
        self._in_flight: Counter[Hashable] = Counter()
        self._unresolved: Counter[Hashable] = Counter()
        self._reconciling: Counter[Hashable] = Counter()

    def claim(self, session_id: str) -> None:
        with self._changed:
            self._claimed.add(session_id)

    def is_claimed(self, session_id: str) -> bool:
        with self._changed:
            return session_id in self._claimed

    @contextmanager
    def attempt(self, key: Hashable) -> Iterator[Attempt]:
        """Around one CreateProxySession request and whatever settles its outcome. It
        starts once no other attempt for ``key`` is looking for what it made, so a look
        never sees a session whose request started after the look did."""
        with self._changed:
            self._changed.wait_for(lambda: self._reconciling[key] == 0)
            self._in_flight[key] += 1
            self._unresolved[key] += 1
        attempt = Attempt(self, key)
        try:
            yield attempt
        finally:
            with self._changed:
                if attempt.in_flight:
                    self._in_flight[key] -= 1
                if attempt.reconciling:
                    self._reconciling[key] -= 1
                self._unresolved[key] -= 1
                self._changed.notify_all()


class Attempt:
    """One create request as :class:`Claims` tracks it."""

    def __init__(self, claims: Claims, key: Hashable) -> None:
        self._claims, self._key = claims, key
        self.in_flight, self.reconciling = True, False
        self._sent = time.monotonic()

    def elapsed(self) -> float:
        """Seconds since the request was sent, by the local monotonic clock."""
        return time.monotonic() - self._sent

    def answered(self) -> None:
        """The request is over (an answer, an error or a lost connection)."""
        claims = self._claims
        with claims._changed:
            if self.in_flight:
                self.in_flight = False
                claims._in_flight[self._key] -= 1
                claims._changed.notify_all()

    def settle(self, timeout: float) -> bool:
        """Start looking for what the failed request made: wait until no other attempt
        for the same key is in flight (each ends within the client's timeouts), then say
        whether this is the only one unresolved. False (cannot tell) if waiting ran out."""
        self.answered()
        claims, key = self._claims, self._key
        with claims._changed:
            if not self.reconciling:
                self.reconciling = True
                claims._reconciling[key] += 1
            if not claims._changed.wait_for(lambda: claims._in_flight[key] == 0, timeout):
                return False
            return claims._unresolved[key] <= 1


#: One record per provider process: every resource the process serves shares it.
CLAIMS = Claims()


class CreateNotReconciledError(Exception):
    """CreateProxySession failed, and whether it made a session could not be settled.

    The message starts with the create's own error, then says why it was not retried.
    """

    def __init__(self, create_error: BaseException, why: str) -> None:
        super().__init__(f"{create_error}. Not retried: {why}")
        self.create_error = create_error


def ambiguous(ids: list[str]) -> str:
    """Why: a session that matches may be the one the failed request made, or another's."""
    count = "an open session matches it" if len(ids) == 1 else f"{len(ids)} open sessions match it"
    return (f"the request may have created a session, and {count} ({', '.join(sorted(ids))}), "
            "but nothing tells whether it is this stack's or another's (a named session "
            "carries no mark of its own). Adopt this stack's with adopt_proxy_session_id, or "
            "delete a session no stack owns, then run up again")


def lookup_failed(error: BaseException) -> str:
    """Why: looking for the session failed."""
    return f"the request may have created the session, and looking for it failed: {error}"


def no_service_clock() -> str:
    """Why: the service's clock could not be read."""
    return ("the service's answer had no Date header, so sessions created before the request "
            "cannot be told apart from one it may have made")
