"""The stack config the providers read, checked in the program before any resource
registers.

A dynamic provider reads its settings in the provider host, where a bad value can only
fail as a gRPC exception with a Python traceback, and a no-op ``up`` (which builds no
client) would record the bad value with the default provider. Checked here first, a bad
value stops preview and ``up`` with the program's own one-line error
(``pulumi.RunError``), and nothing is registered or recorded.
"""

from __future__ import annotations

from typing import Any

import pulumi

from .settings import ClientSettings, ConfigError, settings_from_config


def config_value(key: str) -> Any:
    """A stack config value by its full key (``aws:region``), as the provider reads it
    (``pulumi.Config.get`` would warn about a secret value)."""
    return pulumi.runtime.get_config(key)


def program_settings() -> ClientSettings:
    """The providers' settings from this stack's config; a bad value is a one-line
    ``pulumi.RunError`` naming the key and the rule."""
    try:
        return settings_from_config(config_value)
    except ConfigError as exc:
        raise pulumi.RunError(str(exc)) from None
