"""Calling the native provider's async methods from synchronous tests."""

from __future__ import annotations

import asyncio
from typing import Any


def run(coroutine: Any) -> Any:
    """Run on a loop of its own: ``asyncio.run`` would leave the thread without a current
    loop, which the SDK's synchronous code in later tests asks for."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.close()
