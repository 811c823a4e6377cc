"""``pulumi-resource-chime-proxy``: the plugin command the engine starts.

``pulumi.provider.experimental``'s servicer appends a Python traceback to every error
it passes on. The engine prints what a provider answers, so this servicer answers every
error as one line: a user's error (a check the service refused, a session that does not
exist, a create that could not be settled) with its message alone, anything else with
its class named and a request to report it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Awaitable
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime.proto import provider_pb2_grpc

from .. import __version__
from ..aws.errors import ChimeProxyError, KeptInStateError, NotOwnedRetiredError, redact
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


def user_error(exc: BaseException) -> BaseException | None:
    """The user's error behind ``exc`` (the SDK re-raises it as a new Exception whose
    context is the original), or None for anything else."""
    seen: BaseException | None = exc
    for _ in range(3):
        if seen is None:
            return None
        if isinstance(seen, USER_ERRORS):
            return seen
        seen = seen.__context__
    return None


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def answer(exc: BaseException) -> str:
    """What the engine prints for ``exc``: one line, never a traceback."""
    found = user_error(exc)
    if found is not None:
        return one_line(found)
    cause = exc.__context__ if type(exc) is Exception and exc.__context__ is not None else exc
    first = next((line.strip() for line in str(cause).splitlines() if line.strip()), "")
    return (f"chime-proxy internal error ({type(cause).__name__}): {redact(first)}; "
            "please report it with the command that failed")


class OneLineServicer(ProviderServicer):
    """The SDK's servicer, with every error answered as one line."""

    async def _guard(self, call: Awaitable[Any], context: grpc.aio.ServicerContext) -> Any:
        try:
            return await call
        except Exception as exc:
            await context.abort(grpc.StatusCode.UNKNOWN, answer(exc))

    async def Check(self, request: Any, context: Any) -> Any:  # noqa: N802 - gRPC names
        return await self._guard(super().Check(request, context), context)

    async def Diff(self, request: Any, context: Any) -> Any:  # noqa: N802
        return await self._guard(super().Diff(request, context), context)

    async def Create(self, request: Any, context: Any) -> Any:  # noqa: N802
        return await self._guard(super().Create(request, context), context)

    async def Read(self, request: Any, context: Any) -> Any:  # noqa: N802
        return await self._guard(super().Read(request, context), context)

    async def Update(self, request: Any, context: Any) -> Any:  # noqa: N802
        return await self._guard(super().Update(request, context), context)

    async def Delete(self, request: Any, context: Any) -> Any:  # noqa: N802
        return await self._guard(super().Delete(request, context), context)

    async def Invoke(self, request: Any, context: Any) -> Any:  # noqa: N802
        return await self._guard(super().Invoke(request, context), context)

    async def Configure(self, request: Any, context: Any) -> Any:  # noqa: N802
        return await self._guard(super().Configure(request, context), context)


async def serve(engine_address: str, args: list[str]) -> None:
    server = grpc.aio.server(options=GRPC_OPTIONS)
    servicer = OneLineServicer(args, __version__, ChimeProxyProvider(), engine_address=engine_address)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port(address="127.0.0.1:0")
    await server.start()
    sys.stdout.buffer.write(f"{port}\n".encode())
    sys.stdout.buffer.flush()
    await server.wait_for_termination()


def main() -> None:
    """The plugin's entry point: serve on a free port and print it for the engine."""
    parser = argparse.ArgumentParser(prog="pulumi-resource-chime-proxy",
                                     description="The chime-proxy Pulumi provider plugin.")
    parser.add_argument("engine", help="the Pulumi engine's address")
    known, _rest = parser.parse_known_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(known.engine, sys.argv[1:]))


if __name__ == "__main__":
    main()
