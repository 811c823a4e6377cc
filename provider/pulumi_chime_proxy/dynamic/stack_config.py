"""The stack config the providers read, checked in the program before any resource
registers; and the end-of-support warning for a stack that talks to AWS.

A dynamic provider reads its settings in the provider host, where a bad value can only
fail as a gRPC exception with a Python traceback, and a no-op ``up`` (which builds no
client) would record the bad value with the default provider. Checked here first, a bad
value stops preview and ``up`` with the program's own one-line error
(``pulumi.RunError``), and nothing is registered or recorded.

The program runs once per ``preview``/``up``, so a warning given here is given once
per run, not once per resource.
"""

from __future__ import annotations

import weakref
from typing import Any

import pulumi

from ..aws import clients
from ..aws.settings import ClientSettings, ConfigError, settings_from_config

#: The runs (their root stack resources) already considered for the warning: an
#: Automation API program runs many times in one process, once per operation.
_considered: weakref.WeakSet[pulumi.Resource] = weakref.WeakSet()


def config_value(key: str) -> Any:
    """A stack config value by its full key (``chime-proxy:region``), as the provider reads it
    (``pulumi.Config.get`` would warn about a secret value)."""
    return pulumi.runtime.get_config(key)


def program_settings() -> ClientSettings:
    """The providers' settings from this stack's config; a bad value is a one-line
    ``pulumi.RunError`` naming the key and the rule."""
    try:
        settings = settings_from_config(config_value)
    except ConfigError as exc:
        raise pulumi.RunError(str(exc)) from None
    warn_end_of_support(settings)
    return settings


def warn_end_of_support(settings: ClientSettings) -> None:
    """Log :func:`clients.end_of_support_warning` once per run of this stack's program."""
    run = pulumi.runtime.get_root_resource()
    if run is not None:
        if run in _considered:
            return
        _considered.add(run)
    warning = clients.end_of_support_warning(settings)
    if warning:
        pulumi.log.warn(warning)
