"""``chime-proxy emulator ...``: serve the emulator, or drive a running one's admin surface."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from . import retirement
from .server import DEFAULT_HOST, DEFAULT_PORT

ENDPOINT_ENV = "CHIME_PROXY_EMULATOR_URL"
DEFAULT_SECRET = "testing"


def default_endpoint() -> str:
    return os.environ.get(ENDPOINT_ENV) or f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"


def register(subparsers: Any) -> dict[str, argparse.ArgumentParser]:
    """Add the ``emulator`` command group to the top-level CLI; returns its subcommands' parsers."""
    group = subparsers.add_parser("emulator", help="local Chime SDK Voice API emulator")
    sub = group.add_subparsers(dest="emulator_command", required=True, metavar="SUBCOMMAND")

    serve = sub.add_parser("serve", help="serve the emulator until SIGINT/SIGTERM")
    serve.add_argument("--host", default=DEFAULT_HOST, help="bind address (default: loopback)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT,
                       help="port to listen on (default: %(default)s; 0: an ephemeral port)")
    serve.add_argument("--state", metavar="FILE", help="load state from FILE and save every change")
    serve.add_argument(
        "--save-delay",
        type=float,
        default=None,
        metavar="SECONDS",
        help="coalesce state-file saves for up to SECONDS after a change (default 0.2; 0: save "
        "every change before answering); SIGINT/SIGTERM always save",
    )
    serve.add_argument(
        "--strict-auth",
        action="store_true",
        help="verify SigV4 signatures on the API and the admin surface",
    )
    serve.add_argument(
        "--access-key",
        action="append",
        default=[],
        metavar="AKID[:SECRET]",
        help=f"allowed access key in strict mode (repeatable; default secret {DEFAULT_SECRET!r})",
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also accept requests whose Host header is NAME (default: localhost and IP addresses)",
    )
    serve.add_argument("--log-level", default="WARNING",
                       help="server log level: DEBUG, INFO, WARNING, ERROR (default: %(default)s)")
    serve.add_argument(
        "--end-of-support", choices=retirement.CHOICES, default="off", metavar="MODE",
        help="rehearse AWS's end of support: every operation the model marks deprecated answers "
             "400 BadRequestException (bad-request) or 403 ForbiddenException (forbidden), "
             "quoting the model's message; default off",
    )
    serve.set_defaults(func=_serve)

    def admin(
        name: str, help_text: str, func: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
        parser.add_argument(
            "--endpoint", default=default_endpoint(),
            help=f"emulator URL (default: ${ENDPOINT_ENV}, else http://{DEFAULT_HOST}:{DEFAULT_PORT})"
        )
        parser.add_argument(
            "--access-key",
            default=f"{DEFAULT_SECRET}:{DEFAULT_SECRET}",
            metavar="AKID[:SECRET]",
            help="credential that signs the request (an emulator with --strict-auth checks it; "
            "default: %(default)s; without --strict-auth any key is accepted)",
        )
        parser.set_defaults(func=_reporting_errors(func))
        return parser

    admin("state", "print the emulator's state", lambda a: _print(_client(a).state()))
    admin("reset", "clear state, faults, call counts and clock", lambda a: _done(_client(a).reset()))
    advance = admin("advance-clock", "move the emulated clock forward", _advance)
    advance.add_argument("seconds", type=float, help="how far; sessions whose expiry passes close")
    wait = admin("wait", "wait until the emulator answers (after `serve &` in a script)", _wait)
    wait.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="give up after SECONDS (default 30)"
    )
    status = admin("set-status", "set a session's status (InProgress or Closed)", _set_status)
    status.add_argument("voice_connector_id", help="the session's voice connector")
    status.add_argument("proxy_session_id", help="the session")
    status.add_argument("status", choices=["InProgress", "Closed"], help="the new status")
    participant = admin("set-participant", "change a participant out of band", _set_participant)
    participant.add_argument("voice_connector_id", help="the session's voice connector")
    participant.add_argument("proxy_session_id", help="the session")
    participant.add_argument(
        "index", type=int, help="which participant, 0-based, in the order GetProxySession lists them"
    )
    participant.add_argument("--phone-number", help="the participant's new number (E.164)")
    participant.add_argument("--proxy-phone-number", help="the participant's new proxy number (E.164)")
    fault = admin("fault", "inject a fault for OPERATION (or '*')", _fault)
    fault.add_argument("operation", help="a chime-sdk-voice operation name, e.g. GetProxySession, or '*'")
    fault.add_argument("--error", help="answer with this modeled error code, e.g. ThrottledClientException")
    fault.add_argument("--count", type=int, help="for the next COUNT calls only (default: until cleared)")
    fault.add_argument("--rate", type=float, help="for this fraction of calls, 0 to 1")
    fault.add_argument("--latency-ms", type=float, help="answer after this delay")
    fault.add_argument("--drop", action="store_true", help="close the connection without an answer")
    fault.add_argument(
        "--commit-then-fail",
        action="store_true",
        help="apply the call, then answer with the error (a lost response)",
    )
    admin("clear-faults", "remove every fault", lambda a: _done(_client(a).clear_faults()))
    admin("save", "write the state file now (serve --state)", lambda a: _done(_client(a).save()))
    retire = admin("end-of-support", "switch the end-of-support rehearsal (see serve --end-of-support)",
                   lambda a: _print({"Mode": _client(a).end_of_support(a.mode)}))
    retire.add_argument("mode", choices=retirement.CHOICES,
                        help="bad-request (400), forbidden (403), or off to serve every operation")
    connector = admin(
        "create-voice-connector",
        "create a voice connector, with a proxy configuration unless --no-proxy (prints its id)",
        _create_voice_connector,
    )
    connector.add_argument("--name", default="local", help="voice connector name (default: local)")
    connector.add_argument(
        "--country",
        action="append",
        default=None,
        metavar="CC",
        help="proxy number pool country (repeatable; default US)",
    )
    connector.add_argument(
        "--default-expiry-minutes", type=int, default=60, help="sessions' default expiry (default 60)"
    )
    connector.add_argument(
        "--no-proxy", dest="proxy", action="store_false",
        help="no proxy configuration: for a program that declares its own VoiceConnectorProxy",
    )
    admin("calls", "print API call counts", lambda a: _print(_client(a).calls()))
    return dict(sub.choices)


def parse_access_keys(values: list[str]) -> dict[str, str]:
    """``AKID`` or ``AKID:SECRET`` -> {AKID: SECRET}."""
    keys: dict[str, str] = {}
    for value in values:
        akid, _, secret = value.partition(":")
        keys[akid] = secret or DEFAULT_SECRET
    return keys


def _serve(args: argparse.Namespace) -> int:
    import logging

    from .app import Emulator
    from .hosts import exposure_warning
    from .server import make_server
    from .statefile import DEFAULT_SAVE_DELAY, StateFileError

    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    save_delay = DEFAULT_SAVE_DELAY if args.save_delay is None else args.save_delay
    if not 0 <= save_delay <= 60:  # NaN fails too
        print("chime-proxy emulator: --save-delay must be from 0 to 60 seconds", file=sys.stderr)
        return 2
    try:
        emulator = Emulator(
            state_file=args.state,
            strict_auth=args.strict_auth,
            access_keys=parse_access_keys(args.access_key),
            allowed_hosts=args.allow_host,
            save_delay=save_delay,
            end_of_support=retirement.check_mode(args.end_of_support),
        )
    except StateFileError as exc:
        print(f"chime-proxy emulator: cannot start: {exc}", file=sys.stderr)
        return 1
    for notice in emulator.notices:
        print(f"chime-proxy emulator: {notice}", file=sys.stderr)
    try:
        server = make_server(emulator, args.host, args.port)
    except OSError as exc:
        print(
            f"chime-proxy emulator: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr
        )
        return 1
    warning = exposure_warning(args.host, args.strict_auth)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(server.endpoint_url, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        thread.join(timeout=10)
        saved = emulator.close()
    if not saved:
        state_file = emulator.state_file
        error = state_file.error if state_file is not None else None
        print(f"chime-proxy emulator: changes acknowledged since the last save were NOT saved to "
              f"{args.state}: {error}", file=sys.stderr)
        return 1
    return 0


def _reporting_errors(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Admin commands: a refused request or an unreachable emulator is a message, exit code 1."""

    def run(args: argparse.Namespace) -> int:
        from urllib.error import URLError

        from .admin_client import AdminError

        try:
            return func(args)
        except AdminError as exc:
            print(f"chime-proxy emulator: {exc}", file=sys.stderr)
        except URLError as exc:
            print(f"chime-proxy emulator: cannot reach {args.endpoint}: {exc.reason}", file=sys.stderr)
        return 1

    return run


def _client(args: argparse.Namespace, timeout: float | None = None) -> Any:
    from .admin_client import DEFAULT_TIMEOUT, AdminClient

    ((access_key, secret_key),) = parse_access_keys([args.access_key]).items()
    return AdminClient(
        args.endpoint,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        access_key=access_key,
        secret_key=secret_key,
    )


def _create_voice_connector(args: argparse.Namespace) -> int:
    """Through the API (signed as ``--access-key``), as any client would."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    from . import seed

    ((access_key, secret_key),) = parse_access_keys([args.access_key]).items()
    client = boto3.session.Session(
        aws_access_key_id=access_key, aws_secret_access_key=secret_key, region_name="us-east-1"
    ).client(
        "chime-sdk-voice",
        endpoint_url=args.endpoint,
        config=Config(
            retries={"mode": "standard", "total_max_attempts": 2}, connect_timeout=5, read_timeout=30
        ),
    )
    try:
        voice_connector_id = seed.voice_connector_with_proxy(
            client,
            name=args.name,
            countries=args.country or list(seed.DEFAULT_COUNTRIES),
            default_expiry_minutes=args.default_expiry_minutes,
            proxy=args.proxy,
        )
    except ClientError as exc:
        error = exc.response.get("Error", {})
        print(f"chime-proxy emulator: {error.get('Code')}: {error.get('Message')}", file=sys.stderr)
        return 1
    except BotoCoreError as exc:
        print(f"chime-proxy emulator: cannot reach {args.endpoint}: {exc}", file=sys.stderr)
        return 1
    print(voice_connector_id)
    return 0


def _print(document: Any) -> int:
    print(json.dumps(document, indent=2, sort_keys=True))
    return 0


def _done(_: object) -> int:
    return 0


def _advance(args: argparse.Namespace) -> int:
    return _print({"Clock": _client(args).advance_clock(args.seconds)})


def _wait(args: argparse.Namespace) -> int:
    """Poll the admin surface: an emulator started in the background takes a moment to listen.

    Any answer counts, a refusal (``--strict-auth``, another key) included: it is listening."""
    import time
    from urllib.error import URLError

    from .admin_client import AdminError

    if not 0 < args.timeout <= 3600:  # NaN fails too
        print("chime-proxy emulator: --timeout must be from 0 to 3600 seconds", file=sys.stderr)
        return 2
    deadline = time.monotonic() + args.timeout
    while True:
        try:
            _client(args, timeout=max(0.1, min(5.0, deadline - time.monotonic()))).calls()
        except AdminError:
            pass
        except (URLError, OSError) as exc:
            if time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            reason = getattr(exc, "reason", exc)
            message = f"{args.endpoint} did not answer within {args.timeout:g} s: {reason}"
            print(f"chime-proxy emulator: {message}", file=sys.stderr)
            return 1
        return 0


def _set_status(args: argparse.Namespace) -> int:
    return _print(_client(args).set_status(args.voice_connector_id, args.proxy_session_id, args.status))


def _set_participant(args: argparse.Namespace) -> int:
    session = _client(args).set_participant(
        args.voice_connector_id,
        args.proxy_session_id,
        args.index,
        phone_number=args.phone_number,
        proxy_phone_number=args.proxy_phone_number,
    )
    return _print(session)


def _fault(args: argparse.Namespace) -> int:
    fault_id = _client(args).inject_fault(
        args.operation,
        error=args.error,
        count=args.count,
        rate=args.rate,
        latency_ms=args.latency_ms,
        drop=args.drop,
        commit_then_fail=args.commit_then_fail,
    )
    return _print({"FaultId": fault_id})


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pulumi_chime_proxy.emulator.cli emulator ...``: this group alone."""
    parser = argparse.ArgumentParser(prog="chime-proxy")
    register(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
