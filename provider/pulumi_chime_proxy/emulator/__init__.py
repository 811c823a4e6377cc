"""Local emulator of the Amazon Chime SDK Voice REST-JSON API (see ARCHITECTURE.md).

The protocol layer (router, parser, validator, serializer) is driven by botocore's
model of ``chime-sdk-voice``; behaviour lives in :mod:`.store`; tests and demos
drive it through the admin surface (:mod:`.admin`, :mod:`.admin_client`).
"""

from __future__ import annotations

from .admin_client import AdminClient, AdminError
from .app import Emulator
from .testing import RunningEmulator, running_emulator

__all__ = ["AdminClient", "AdminError", "Emulator", "RunningEmulator", "running_emulator"]
