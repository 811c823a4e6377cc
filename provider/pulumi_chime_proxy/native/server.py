"""``pulumi-resource-chime-proxy``: the plugin command the engine starts.

It serves :class:`.provider.ChimeProxyProvider` on a gRPC server whose every call runs
on a thread of its own, and answers every error as one line (the engine prints what a
provider answers): a user's error (a check the service refused, a session that does
not exist, a create that could not be settled) with its message alone, anything else
with its class named and a request to report it. Never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
from pulumi.runtime.proto import provider_pb2_grpc

from ..aws.errors import ChimeProxyError, KeptInStateError, NotOwnedRetiredError, redact
from ..aws.settings import MAX_CONCURRENCY
from ..sessions.reconcile import CreateNotReconciledError
from .provider import ChimeProxyProvider

#: Errors whose message is the whole story for the user.
USER_ERRORS: tuple[type[BaseException], ...] = (
    ChimeProxyError, KeptInStateError, NotOwnedRetiredError, CreateNotReconciledError, ValueError,
    LookupError)
#: As the SDK's own server: large states, and calls that wait on a slow service.
GRPC_OPTIONS = [
    ("grpc.max_receive_message_length", 400 * 1024 * 1024),
    ("grpc.server_max_unrequested_time_in_server", 30 * 60),
]


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def is_user_error(exc: BaseException) -> bool:
    """Whether ``exc``'s message is the whole story for the user: a lookup that found
    nothing is, a missing key or index in our own code is not."""
    return isinstance(exc, USER_ERRORS) and not isinstance(exc, (KeyError, IndexError))


def answer(exc: BaseException) -> str:
    """What the engine prints for ``exc``: one line, never a traceback."""
    if is_user_error(exc):
        return one_line(exc)
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return (f"chime-proxy internal error ({type(exc).__name__}): {redact(first)}; "
            "please report it with the command that failed")


#: The protocol's methods the provider serves; the others answer UNIMPLEMENTED, as the
#: engine expects of optional methods (Handshake, GetMapping, ...).
SERVED = frozenset(name for name in vars(ChimeProxyProvider) if name[:1].isupper())


class OneLineErrors(grpc.ServerInterceptor):  # type: ignore[misc]
    """Every error of a method the provider serves answered as one line (:func:`answer`),
    whatever its class."""

    def intercept_service(self, continuation: Callable[[Any], Any], details: Any) -> Any:
        handler = continuation(details)
        if handler is None or handler.unary_unary is None or details.method.rpartition("/")[2] not in SERVED:
            return handler
        call = handler.unary_unary

        def guarded(request: Any, context: grpc.ServicerContext) -> Any:
            try:
                return call(request, context)
            except Exception as exc:
                context.abort(grpc.StatusCode.UNKNOWN, answer(exc))

        return grpc.unary_unary_rpc_method_handler(
            guarded, request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer)


def serve() -> None:
    """Serve on a free loopback port, print it for the engine, and wait. The pool has a
    thread for every call the configuration could let reach the service at once, and a
    few more for the calls that do not (check, diff, schema)."""
    pool = ThreadPoolExecutor(max_workers=MAX_CONCURRENCY + 8, thread_name_prefix="chime-proxy")
    server = grpc.server(pool, interceptors=[OneLineErrors()], options=GRPC_OPTIONS)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(ChimeProxyProvider(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    server.wait_for_termination()


def main() -> None:
    """The plugin's entry point: serve on a free port and print it for the engine."""
    parser = argparse.ArgumentParser(prog="pulumi-resource-chime-proxy",
                                     description="The chime-proxy Pulumi provider plugin.")
    parser.add_argument("engine", help="the Pulumi engine's address")
    parser.parse_known_args()
    with contextlib.suppress(KeyboardInterrupt):
        serve()


if __name__ == "__main__":
    main()
