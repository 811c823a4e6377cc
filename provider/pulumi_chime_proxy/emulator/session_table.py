"""One voice connector's proxy sessions, indexed so that a create, a read and a
page of a list cost the same at 10 sessions as at 100,000.

Three indexes beside the sessions (a dict in creation order):

* ``(participant number, proxy number)`` -> ids of the live sessions holding that
  pair: a create asks whether a candidate proxy number is free in O(1);
* a heap of deadlines: expiring what is due costs O(log n) per expired session
  instead of a scan of every session;
* creation sequence numbers in order: a page of a list starts with a bisect.

The table does not decide anything: the store closes sessions and tells the
table (:meth:`released`, :meth:`rescheduled`, :meth:`repaired`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections.abc import Callable, Iterator

from .models import SessionRecord

Pair = tuple[str | None, str | None]
#: Tombstones are compacted once they outnumber this and half of the order list.
_COMPACT_AFTER = 64


class SessionTable:
    """Sessions of one voice connector, by id, with their indexes."""

    def __init__(self) -> None:
        self._by_id: dict[str, SessionRecord] = {}
        self._seqs: list[int] = []
        self._ids: list[str] = []
        self._removed = 0
        self._pairs: dict[Pair, set[str]] = {}
        self._deadlines: list[tuple[dt.datetime, int, str]] = []

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def deadline_entries(self) -> int:
        """Entries in the deadline heap, stale ones included: what its memory holds."""
        return len(self._deadlines)

    def __contains__(self, proxy_session_id: object) -> bool:
        return proxy_session_id in self._by_id

    def get(self, proxy_session_id: str) -> SessionRecord | None:
        return self._by_id.get(proxy_session_id)

    def values(self) -> Iterator[SessionRecord]:
        """Sessions in creation order."""
        for seq, proxy_session_id in zip(self._seqs, self._ids, strict=True):
            session = self._by_id.get(proxy_session_id)
            if session is not None and session.seq == seq:
                yield session

    # ------------------------------------------------------------------ changes
    def add(self, session: SessionRecord) -> None:
        self._by_id[session.proxy_session_id] = session
        if not self._seqs or session.seq > self._seqs[-1]:
            self._seqs.append(session.seq)
            self._ids.append(session.proxy_session_id)
        else:  # loaded out of order
            index = bisect.bisect_left(self._seqs, session.seq)
            self._seqs.insert(index, session.seq)
            self._ids.insert(index, session.proxy_session_id)
        if not session.is_closed:
            self._hold(session)
            self.rescheduled(session)

    def remove(self, proxy_session_id: str) -> SessionRecord:
        session = self._by_id.pop(proxy_session_id)
        self._let_go(session)
        self._compact_deadlines()
        self._removed += 1
        if self._removed > _COMPACT_AFTER and self._removed * 2 > len(self._ids):
            kept = [(s, i) for s, i in zip(self._seqs, self._ids, strict=True) if i in self._by_id]
            self._seqs = [s for s, _ in kept]
            self._ids = [i for _, i in kept]
            self._removed = 0
        return session

    def released(self, session: SessionRecord) -> None:
        """``session`` closed: its (participant, proxy number) pairs are free again."""
        self._let_go(session)
        self._compact_deadlines()

    def rescheduled(self, session: SessionRecord) -> None:
        """``session``'s deadline may have moved (created, loaded, ExpiryMinutes changed)."""
        expires = session.expires_at
        if expires is not None and not session.is_closed:
            heapq.heappush(self._deadlines, (expires, session.seq, session.proxy_session_id))
            self._compact_deadlines()

    def repaired(self, session: SessionRecord, before: list[Pair]) -> None:
        """``session``'s participants changed out of band; ``before`` were its pairs."""
        for pair in before:
            self._drop_pair(pair, session.proxy_session_id)
        if not session.is_closed:
            self._hold(session)

    def _compact_deadlines(self) -> None:
        """Drop the heap's stale entries (a deleted or closed session, a moved deadline)
        once they outnumber the sessions twice over: memory stays in step with the
        sessions, at an amortized O(1) per change."""
        if len(self._deadlines) <= _COMPACT_AFTER + 2 * len(self._by_id):
            return
        self._deadlines = [entry for entry in self._deadlines if self._is_current(entry)]
        heapq.heapify(self._deadlines)

    def _is_current(self, entry: tuple[dt.datetime, int, str]) -> bool:
        deadline, seq, proxy_session_id = entry
        session = self._by_id.get(proxy_session_id)
        return (session is not None and session.seq == seq and not session.is_closed
                and session.expires_at == deadline)

    # ------------------------------------------------------------------ questions
    def pair_in_use(self, phone_number: str, proxy_phone_number: str) -> bool:
        return bool(self._pairs.get((phone_number, proxy_phone_number)))

    def due(self, now: dt.datetime) -> Iterator[SessionRecord]:
        """Live sessions whose deadline is at or before ``now`` (each once)."""
        while self._deadlines and self._deadlines[0][0] <= now:
            entry = heapq.heappop(self._deadlines)
            if self._is_current(entry):
                yield self._by_id[entry[2]]

    def page(
        self, after_seq: int, size: int, wanted: Callable[[SessionRecord], bool]
    ) -> tuple[list[SessionRecord], bool]:
        """Up to ``size`` wanted sessions created after ``after_seq``, and whether more follow."""
        found: list[SessionRecord] = []
        for index in range(bisect.bisect_right(self._seqs, after_seq), len(self._ids)):
            session = self._by_id.get(self._ids[index])
            if session is None or session.seq != self._seqs[index] or not wanted(session):
                continue
            if len(found) == size:
                return found, True
            found.append(session)
        return found, False

    # ------------------------------------------------------------------ helpers
    def _hold(self, session: SessionRecord) -> None:
        for participant in session.participants:
            pair = (participant.phone_number, participant.proxy_phone_number)
            self._pairs.setdefault(pair, set()).add(session.proxy_session_id)

    def _let_go(self, session: SessionRecord) -> None:
        for participant in session.participants:
            self._drop_pair(
                (participant.phone_number, participant.proxy_phone_number), session.proxy_session_id
            )

    def _drop_pair(self, pair: Pair, proxy_session_id: str) -> None:
        holders = self._pairs.get(pair)
        if holders is not None:
            holders.discard(proxy_session_id)
            if not holders:
                del self._pairs[pair]
