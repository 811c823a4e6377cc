"""Warnings from a provider process, shown by the engine as warnings.

A provider plugin is started with the engine's address as its last positional
argument; its ``Log`` call is how a provider's warning reaches ``pulumi``'s output
and the Automation API's events with the ``warning`` severity, attached to a resource
when its URN is known. The dynamic provider host configures no engine, so
``pulumi.log.warn`` there only writes to stderr, which the engine shows as a message,
not a warning: it is the fallback when no engine answers.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

import grpc
import pulumi
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

_ADDRESS = re.compile(r"^[\w.\-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$")
#: A warning is worth a short wait, never a hung delete.
TIMEOUT_SECONDS = 10.0


def engine_address(argv: Sequence[str] | None = None) -> str | None:
    """The engine's address from a provider plugin's command line, or None."""
    positional = [arg for arg in (sys.argv[1:] if argv is None else argv[1:])
                  if not arg.startswith("-")]
    return positional[-1] if positional and _ADDRESS.match(positional[-1]) else None


def warn(message: str, urn: str = "", address: str | None = None) -> None:
    """Log ``message`` as a warning through the engine (on ``urn``'s resource when
    given); stderr when there is no engine to tell."""
    address = address or engine_address()
    if address is not None:
        try:
            with grpc.insecure_channel(address) as channel:
                engine_pb2_grpc.EngineStub(channel).Log(
                    engine_pb2.LogRequest(severity=engine_pb2.WARNING, message=message, urn=urn),
                    timeout=TIMEOUT_SECONDS)
            return
        except grpc.RpcError:
            pass
    pulumi.log.warn(message)
