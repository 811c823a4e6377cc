"""reconcile: the window comes from the service's clock; claims keep siblings apart."""

from __future__ import annotations

import datetime as dt
import threading

from pulumi_chime_proxy.sessions import reconcile

UTC = dt.timezone.utc
DATE = "Mon, 23 Nov 2026 11:34:05 GMT"
ANSWERED = dt.datetime(2026, 11, 23, 11, 34, 5, tzinfo=UTC)


def test_service_time_reads_the_date_header_and_nothing_else() -> None:
    assert reconcile.service_time({"date": DATE}) == ANSWERED
    assert reconcile.service_time({"date": "yesterday"}) is None
    assert reconcile.service_time({}) is None and reconcile.service_time(None) is None


def test_window_spans_the_request_by_the_service_clock() -> None:
    window = reconcile.window(ANSWERED, 2.5)
    assert window.holds(ANSWERED - dt.timedelta(seconds=2))
    assert window.holds(ANSWERED + dt.timedelta(milliseconds=999))  # Date truncates
    assert not window.holds(ANSWERED - dt.timedelta(seconds=4))  # before it was sent
    assert not window.holds(ANSWERED + dt.timedelta(seconds=2))
    assert window.holds((ANSWERED - dt.timedelta(seconds=2)).replace(tzinfo=None))


def test_hull_covers_every_attempt() -> None:
    first = reconcile.window(ANSWERED, 1)
    later = reconcile.window(ANSWERED + dt.timedelta(seconds=30), 1)
    both = later.hull(first)
    assert both.holds(ANSWERED - dt.timedelta(seconds=1)) and both.holds(ANSWERED + dt.timedelta(seconds=30))


def test_settle_waits_for_a_sibling_in_flight_and_sees_it_resolved() -> None:
    claims, key = reconcile.Claims(), reconcile.participants_key("vc", ["+1", "2"])
    assert key == reconcile.participants_key("vc", ["2", "1"])
    sibling_started, release = threading.Event(), threading.Event()

    def sibling() -> None:
        with claims.attempt(key):
            sibling_started.set()
            release.wait(5)
            claims.claim("theirs")

    thread = threading.Thread(target=sibling)
    thread.start()
    sibling_started.wait(5)
    with claims.attempt(key) as ours:
        ours.answered()
        threading.Timer(0.05, release.set).start()
        assert ours.settle(timeout=5)  # waited for the sibling, which then resolved
        assert claims.is_claimed("theirs")
    thread.join(5)


def test_settle_cannot_tell_while_a_sibling_is_also_unresolved() -> None:
    claims, key = reconcile.Claims(), ("vc", frozenset({"1", "2"}))
    with claims.attempt(key) as first, claims.attempt(key) as second:
        first.answered()
        second.answered()
        assert not first.settle(timeout=1)
    with claims.attempt(key) as alone:
        assert alone.settle(timeout=1)
