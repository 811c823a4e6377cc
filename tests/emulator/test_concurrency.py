"""Concurrent clients lose no update."""

from __future__ import annotations

import threading
from typing import Any

THREADS = 4
PER_THREAD = 50


def test_concurrent_creates_lose_nothing(emulator: Any, voice_connector_id: str) -> None:
    ids: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        client = emulator.client()
        try:
            for n in range(PER_THREAD):
                session = client.create_proxy_session(
                    VoiceConnectorId=voice_connector_id,
                    ParticipantPhoneNumbers=[f"+1206555{index:02d}{n:02d}", "+14255550000"],
                    Capabilities=["Voice"],
                )["ProxySession"]
                with lock:
                    ids.append(session["ProxySessionId"])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(ids) == len(set(ids)) == THREADS * PER_THREAD

    listed: list[str] = []
    kwargs: dict[str, Any] = {"VoiceConnectorId": voice_connector_id, "MaxResults": 100}
    client = emulator.client()
    while True:
        page = client.list_proxy_sessions(**kwargs)
        listed += [s["ProxySessionId"] for s in page["ProxySessions"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(listed) == sorted(ids)
    # The shared participant holds 200 live sessions: each needs its own proxy number.
    proxies = [s["Participants"][1]["ProxyPhoneNumber"] for s in emulator.admin.state()["ProxySessions"]]
    assert len(set(proxies)) == THREADS * PER_THREAD
    assert emulator.admin.calls()["ByOperation"]["CreateProxySession"] == THREADS * PER_THREAD
