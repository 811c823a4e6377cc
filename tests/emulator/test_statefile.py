"""State file: the plain AWS list loads as-is; our own format round-trips."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_chime_proxy.emulator import seed, statefile
from pulumi_chime_proxy.emulator.admin_client import AdminError
from pulumi_chime_proxy.emulator.testing import running_emulator

UTC = dt.timezone.utc
VC = "abcdefghijklmnopqrstuv"


def aws_sample(session_id: str, created: str, status: str = "Open") -> dict[str, Any]:
    """A GetProxySession body as the API reference shows it: nulls and ISO strings."""
    return {
        "ProxySession": {
            "Capabilities": ["Voice", "SMS"],
            "CreatedTimestamp": created,
            "EndedTimestamp": None,
            "ExpiryMinutes": 60,
            "GeoMatchLevel": None,
            "GeoMatchParams": None,
            "Name": "imported",
            "NumberSelectionBehavior": None,
            "Participants": [
                {"PhoneNumber": "+12065550100", "ProxyPhoneNumber": "+12065550000"},
                {"PhoneNumber": "+14255550101", "ProxyPhoneNumber": "+12065550001"},
            ],
            "ProxySessionId": session_id,
            "Status": status,
            "UpdatedTimestamp": created,
            "VoiceConnectorId": VC,
        }
    }


def test_plain_aws_list_loads_and_is_returned_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    fresh = (dt.datetime.now(UTC) + dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    stale = "2020-01-01T00:00:00.000Z"
    path.write_text(json.dumps([aws_sample("fresh", fresh), aws_sample("stale", stale)]))
    with running_emulator(state_file=path) as emu:
        client = emu.client()
        for session_id, created in (("fresh", fresh), ("stale", stale)):
            got = client.get_proxy_session(VoiceConnectorId=VC, ProxySessionId=session_id)
            session = got["ProxySession"]
            expected = {
                k: v for k, v in aws_sample(session_id, created)["ProxySession"].items() if v is not None
            }
            stamp = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
            expected["CreatedTimestamp"] = expected["UpdatedTimestamp"] = stamp
            assert session == expected
        # The voice connector exists implicitly, with a default proxy configuration.
        assert client.get_voice_connector(VoiceConnectorId=VC)["VoiceConnector"]["Name"] == VC
        proxy = client.get_voice_connector_proxy(VoiceConnectorId=VC)["Proxy"]
        assert proxy["DefaultSessionExpiryMinutes"] == 60 and proxy["PhoneNumberCountries"] == ["US"]
        # The stale session's countdown started at load: it still expires on the clock.
        emu.admin.advance_clock(3601)
        stale_now = client.get_proxy_session(VoiceConnectorId=VC, ProxySessionId="stale")
        assert stale_now["ProxySession"]["Status"] == "Closed"


def test_changes_are_saved_and_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "state.json"
    with running_emulator(state_file=path) as emu:
        client = emu.client()
        vc_id = client.create_voice_connector(Name="saved", RequireEncryption=True)["VoiceConnector"][
            "VoiceConnectorId"
        ]
        client.put_voice_connector_proxy(
            VoiceConnectorId=vc_id, DefaultSessionExpiryMinutes=15, PhoneNumberPoolCountries=["US"]
        )
        first = client.create_proxy_session(
            VoiceConnectorId=vc_id,
            ParticipantPhoneNumbers=["+12065550100", "+14255550101"],
            Capabilities=["Voice"],
        )["ProxySession"]
        client.delete_proxy_session(VoiceConnectorId=vc_id, ProxySessionId=first["ProxySessionId"])
        kept = client.create_proxy_session(
            VoiceConnectorId=vc_id,
            ParticipantPhoneNumbers=["+13125550100", "+13125550101"],
            Capabilities=["SMS"],
            Name="kept",
        )["ProxySession"]
        emu.admin.advance_clock(60)
    document = json.loads(path.read_text())
    assert document["Format"] == statefile.FORMAT
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temporary files left
    with running_emulator(state_file=path) as emu:
        client = emu.client()
        got = client.get_proxy_session(VoiceConnectorId=vc_id, ProxySessionId=kept["ProxySessionId"])
        assert got["ProxySession"] == kept
        assert (
            client.get_voice_connector_proxy(VoiceConnectorId=vc_id)["Proxy"]["DefaultSessionExpiryMinutes"]
            == 15
        )
        # Sticky history survived too: the deleted session's pair gets its numbers back.
        again = client.create_proxy_session(
            VoiceConnectorId=vc_id,
            ParticipantPhoneNumbers=["+12065550100", "+14255550101"],
            Capabilities=["Voice"],
        )["ProxySession"]
        assert again["Participants"] == first["Participants"]
        clock = dt.datetime.fromisoformat(emu.admin.state()["Clock"].replace("Z", "+00:00"))
        assert clock >= dt.datetime.now(UTC) + dt.timedelta(seconds=59)  # offset restored


def test_a_missing_file_starts_empty(tmp_path: Path) -> None:
    assert statefile.load(tmp_path / "absent.json", dt.datetime.now(UTC)).voice_connectors == {}


def test_single_body_is_accepted() -> None:
    records = statefile.parse_document(aws_sample("one", "2026-11-23T10:00:00.000Z"), dt.datetime.now(UTC))
    assert [s.proxy_session_id for s in records.sessions[VC].values()] == ["one"]


@pytest.mark.parametrize("content", ["{nope", "[1, 2]", '"text"', '[{"ProxySession": {}}]'])
def test_unreadable_files_are_reported(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(statefile.StateFileError):
        statefile.load(path, dt.datetime.now(UTC))


# ------------------------------------------------------------------ damaged files
def serve_command(state: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pulumi_chime_proxy.emulator.cli",
        "emulator",
        "serve",
        "--port",
        "0",
        "--state",
        str(state),
        *extra,
    ]


def saved_document(tmp_path: Path) -> bytes:
    """A real state file with two connectors, sessions, sticky history and a clock offset."""
    path = tmp_path / "source.json"
    with running_emulator(state_file=path) as emu:
        client = emu.client()
        for name in ("one", "two"):
            vc_id = seed.voice_connector_with_proxy(client, name=name)
            for index in range(3):
                client.create_proxy_session(
                    VoiceConnectorId=vc_id,
                    ParticipantPhoneNumbers=[f"+1206555010{index}", "+14255550101"],
                    Capabilities=["Voice"],
                    Name=f"Ride {index}",
                )
        emu.admin.advance_clock(5)
    return path.read_bytes()


@pytest.mark.parametrize("content", [b"", b"   \n\t ", b"{}", b" { } \n"])
def test_an_empty_file_is_moved_aside_and_the_emulator_says_so(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    (tmp_path / "state.json.bak").write_text("an older backup")  # never overwritten
    with running_emulator(state_file=path) as emu:
        [notice] = emu.emulator.notices
        assert notice.endswith(f"moved it to {tmp_path / 'state.json.bak.1'} and started with no state")
        assert "\n" not in notice
        seed.voice_connector_with_proxy(emu.client())
    assert (tmp_path / "state.json.bak.1").read_bytes() == content
    assert (tmp_path / "state.json.bak").read_text() == "an older backup"
    assert len(json.loads(path.read_text())["VoiceConnectors"]) == 1


def damaged_variants(document: bytes) -> list[bytes]:
    text = document.decode()
    poisoned = json.loads(text)
    huge_expiry = json.loads(text)
    huge_expiry["ProxySessions"][0]["ProxySession"]["ExpiryMinutes"] = 2**40
    late = json.loads(text)
    late["ProxySessions"][1]["ProxySession"]["CreatedTimestamp"] = "9999-12-31T23:59:59.000Z"
    poisoned["ClockOffsetSeconds"] = 1e20
    wrong_type = json.loads(text)
    wrong_type["VoiceConnectors"] = "abc"
    return [
        document[: len(document) // 2],
        document[:-3],
        b"\x00\x01garbage",
        b"\xff\xfe" + document,
        "\u00e9t\u00e9".encode("latin-1"),
        b"[" * 100_000,
        b"nope",
        b"123",
        json.dumps(huge_expiry).encode(),
        json.dumps(late).encode(),
        json.dumps(poisoned).encode(),
        json.dumps(wrong_type).encode(),
        b'{"ClockOffsetSeconds": NaN}',
        b'[{"ProxySession": {"VoiceConnectorId": "v", "ProxySessionId": "p", "ExpiryMinutes": "x"}}]',
    ]


@pytest.mark.slow
def test_a_damaged_file_stops_serve_with_one_line_and_exit_1(tmp_path: Path) -> None:
    document = saved_document(tmp_path)
    for index, content in enumerate(damaged_variants(document)):
        path = tmp_path / f"damaged-{index}.json"
        path.write_bytes(content)
        done = subprocess.run(serve_command(path), capture_output=True, text=True, timeout=30)
        lines = done.stderr.splitlines()
        assert done.returncode == 1, (index, done.stderr)
        assert len(lines) == 1 and lines[0].startswith("chime-proxy emulator: cannot start: "), lines
        assert str(path) in lines[0] and "Traceback" not in done.stderr
        assert done.stdout == ""
        assert path.read_bytes() == content  # left as it was


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_truncation_or_corruption_is_a_state_file_error(data: st.DataObject) -> None:
    document = DOCUMENT
    cut = data.draw(st.integers(min_value=0, max_value=len(document)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(document) - 1), st.integers(0, 255)), max_size=3))
    content = bytearray(document[:cut])
    for position, byte in flips:
        if position < len(content):
            content[position] = byte
    path = Path(tempfile.mkdtemp()) / "state.json"
    path.write_bytes(bytes(content))
    try:
        records = statefile.load(path, dt.datetime.now(UTC))
    except statefile.StateFileError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)
        return
    # still a usable state: every session's deadline can be computed
    for group in records.sessions.values():
        for session in group.values():
            assert session.expires_at is None or session.expires_at.year < 10_000


@pytest.fixture(scope="module", autouse=True)
def _document(tmp_path_factory: pytest.TempPathFactory) -> None:
    global DOCUMENT
    DOCUMENT = saved_document(tmp_path_factory.mktemp("doc"))


DOCUMENT = b""


# ------------------------------------------------------------------ saving
def test_saves_fsync_the_file_before_and_the_directory_after_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(statefile.os, "fsync", fsync)
    monkeypatch.setattr(statefile.os, "replace", replace)
    statefile.write_atomically(tmp_path / "state.json", "{}")
    assert events == ["fsync-file", "replace", "fsync-dir"]


def test_a_failed_save_never_fails_a_request_and_later_saves_still_happen(tmp_path: Path) -> None:
    directory = tmp_path / "dir"
    path = directory / "state.json"
    with running_emulator(state_file=path, save_delay=0) as emu:
        client = emu.client()
        vc_id = seed.voice_connector_with_proxy(client)
        shutil.rmtree(directory)
        directory.write_text("a file where the directory was")  # every save now fails
        first = client.create_proxy_session(
            VoiceConnectorId=vc_id,
            Capabilities=["Voice"],
            ParticipantPhoneNumbers=["+12065550100", "+14255550101"],
        )
        assert first["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert emu.emulator.state_file is not None and emu.emulator.state_file.failures >= 1
        directory.unlink()
        second = client.create_proxy_session(
            VoiceConnectorId=vc_id,
            Capabilities=["SMS"],
            ParticipantPhoneNumbers=["+13125550100", "+13125550101"],
        )
        saved = {e["ProxySession"]["ProxySessionId"] for e in json.loads(path.read_text())["ProxySessions"]}
        assert saved == {first["ProxySession"]["ProxySessionId"], second["ProxySession"]["ProxySessionId"]}


def test_a_refused_request_changes_nothing_and_saving_goes_on(tmp_path: Path) -> None:
    """What ExpiryMinutes past 32 bits used to do: stored, answered 500, no save ever again."""
    path = tmp_path / "state.json"
    with running_emulator(state_file=path) as emu:
        client = emu.client(parameter_validation=False)
        vc_id = seed.voice_connector_with_proxy(client)
        before = emu.admin.state()["ProxySessions"]
        for expiry in (2**31, 2**40, 2**63, 2**64):
            with pytest.raises(client.exceptions.BadRequestException):
                client.create_proxy_session(
                    VoiceConnectorId=vc_id,
                    Capabilities=["Voice"],
                    ExpiryMinutes=expiry,
                    ParticipantPhoneNumbers=["+12065550100", "+14255550101"],
                )
        assert emu.admin.state()["ProxySessions"] == before
        with pytest.raises(AdminError):
            emu.admin.advance_clock(3e11)
        kept = client.create_proxy_session(
            VoiceConnectorId=vc_id,
            Capabilities=["Voice"],
            ExpiryMinutes=2**31 - 1,
            ParticipantPhoneNumbers=["+12065550100", "+14255550101"],
        )
        client.create_voice_connector(Name="after", RequireEncryption=True)
        emu.admin.save()
        document = json.loads(path.read_text())
        assert [e["ProxySession"]["ExpiryMinutes"] for e in document["ProxySessions"]] == [2**31 - 1]
        assert len(document["VoiceConnectors"]) == 2
    with running_emulator(state_file=path) as emu:
        got = emu.client().get_proxy_session(
            VoiceConnectorId=vc_id, ProxySessionId=kept["ProxySession"]["ProxySessionId"]
        )
        assert got["ProxySession"]["ExpiryMinutes"] == 2**31 - 1


def _with_file_size_limit(limit: int, command: list[str]) -> list[str]:
    """``command`` run with writes past ``limit`` bytes failing with EFBIG ("File too
    large"), as a full disk fails them (Python ignores SIGXFSZ, so the write raises).

    The limit is set by a small Python that then execs the command, not by
    ``preexec_fn``: code run between fork and exec in a process with gRPC's threads (the
    test run's, once pulumi is imported) can crash the child before it serves."""
    setter = ("import os, resource, sys; "
              f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
              "os.execv(sys.argv[1], sys.argv[1:])")
    return [sys.executable, "-c", setter, *command]


def test_an_emulator_that_cannot_save_says_so_and_never_exits_0_after_losing_writes(
        tmp_path: Path) -> None:
    import signal

    import boto3
    from pulumi_chime_proxy.emulator.admin_client import AdminClient
    from pulumi_chime_proxy.emulator.app import UNSAVED_HEADER

    path = tmp_path / "state.json"
    process = subprocess.Popen(_with_file_size_limit(16_384, serve_command(path, "--save-delay", "0.05")),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        endpoint = process.stdout.readline().strip()
        if not endpoint:  # it exited before serving: say why, not botocore's "Invalid endpoint"
            process.kill()
            pytest.fail(f"the emulator exited before serving: {process.communicate(timeout=30)[1]}")
        admin = AdminClient(endpoint)
        client = boto3.client("chime-sdk-voice", endpoint_url=endpoint, region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")
        vc = seed.voice_connector_with_proxy(client)
        acknowledged: list[str] = []
        for index in range(80):  # about 0.6 KB a session: the limit holds some 25
            created = client.create_proxy_session(
                VoiceConnectorId=vc, Capabilities=["Voice"],
                ParticipantPhoneNumbers=[f"+1206555{index:04d}", f"+1425555{index:04d}"])
            acknowledged.append(created["ProxySession"]["ProxySessionId"])
        status = admin.state_file()
        assert status["Saved"] is False and status["Failures"] >= 1
        assert "File too large" in str(status["Error"])
        answer = client.list_voice_connectors()["ResponseMetadata"]["HTTPHeaders"]
        assert "File too large" in answer[UNSAVED_HEADER]
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "were NOT saved to" in err and "File too large" in err
    # The file is the last good save (none, if the first one came too late), never a torn one.
    document = json.loads(path.read_text()) if path.exists() else {"ProxySessions": []}
    saved = {e["ProxySession"]["ProxySessionId"] for e in document["ProxySessions"]}
    assert saved < set(acknowledged)
