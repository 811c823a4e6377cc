"""Spread resources over several dynamic-provider host processes (``chime-proxy:shards``).

One ``pulumi-python`` host serves at most 4 provider calls at once, so a refresh of N
sessions against a service that answers in L ms takes at least N x L / 4. Each explicit
``pulumi-python`` provider instance is its own host process, with its own 4 workers
(and its own core). With ``chime-proxy:shards`` set to k > 1, a resource goes to shard
``crc32(name) % k``: shard 0 is the default provider (exactly as without shards), shard
i > 0 an explicit provider ``chime-proxy-shard-<i>`` configured with the ``aws:*`` and
``chime-proxy:*`` keys our providers read.

The engine records a move between ``pulumi-python`` providers as a ``same`` step (the
provider code is in ``__provider``, not in the provider instance), so turning shards on,
changing k or turning them off never replaces a session (tests/engine/test_shards.py).

Shards only pay with ``--parallel`` (or ``PULUMI_PARALLEL``) above the stack's resource
count. Below it, ``pulumi refresh`` (3.259) reads the resources of one provider after
another, so the other hosts sit idle and the 4-call limit holds; at or above it, every
read is handed out at once and k hosts keep 4k in flight.
"""

from __future__ import annotations

import re
import weakref
import zlib
from typing import Any

import pulumi

from ..aws.settings import CONFIG_KEYS, ConfigError

NAMESPACE = "chime-proxy"
SHARDS_KEY = f"{NAMESPACE}:shards"
#: More host processes than this only cost memory (each about 60 MiB).
MAX_SHARDS = 32
PROVIDER_PACKAGE = "pulumi-python"
SHARD_PROVIDER_PREFIX = "chime-proxy-shard-"
_DIGITS = re.compile(r"[0-9]{1,2}")


def shard_count(raw: Any) -> int:
    """``chime-proxy:shards`` as an integer from 1 to ``MAX_SHARDS`` (unset: 1).

    Raises ConfigError naming the key and the rule."""
    if raw is None or raw == "":
        return 1
    text = str(raw).strip()
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= MAX_SHARDS:
        raise ConfigError(f"{SHARDS_KEY}: must be an integer from 1 to {MAX_SHARDS} "
                         f"(the number of provider host processes)")
    return int(text)


def shard_of(resource_name: str, shards: int) -> int:
    """The shard of ``resource_name``: stable across runs, machines and Python versions."""
    return zlib.crc32(resource_name.encode("utf-8")) % shards if shards > 1 else 0


def provider_settings() -> dict[str, Any]:
    """The stack config our providers read, as an explicit provider's inputs (secret
    config stays secret, so it is encrypted in state as it is for the default provider)."""
    props: dict[str, Any] = {}
    for key in CONFIG_KEYS:
        namespace, name = key.split(":", 1)
        config = pulumi.Config(namespace)
        if pulumi.runtime.is_config_secret(key):
            props[key] = config.get_secret(name)
        else:
            value = config.get(name)
            if value is not None:
                props[key] = value
    return props


#: Shard providers of the program run, keyed by its root stack resource: an Automation
#: API process runs many programs, and a provider belongs to one run.
_RUNS: weakref.WeakKeyDictionary[Any, dict[int, pulumi.ProviderResource]] = weakref.WeakKeyDictionary()
_UNROOTED: dict[int, pulumi.ProviderResource] = {}


def _providers_of_this_run() -> dict[int, pulumi.ProviderResource]:
    root = pulumi.runtime.get_root_resource()
    if root is None:
        return _UNROOTED
    return _RUNS.setdefault(root, {})


def shard_provider(index: int) -> pulumi.ProviderResource:
    """The explicit provider of shard ``index`` (> 0), registered once per program run."""
    providers = _providers_of_this_run()
    if index not in providers:
        providers[index] = pulumi.ProviderResource(
            PROVIDER_PACKAGE, f"{SHARD_PROVIDER_PREFIX}{index}", provider_settings())
    return providers[index]


def sharded_options(resource_name: str,
                    opts: pulumi.ResourceOptions | None) -> pulumi.ResourceOptions | None:
    """``opts`` with the provider of ``resource_name``'s shard; a provider the program
    chose itself wins, and shard 0 (or no shards) keeps the default provider."""
    if opts is not None and opts.provider is not None:
        return opts
    try:
        shards = shard_count(pulumi.runtime.get_config(SHARDS_KEY))
    except ConfigError as exc:
        raise pulumi.RunError(str(exc)) from None
    index = shard_of(resource_name, shards)
    if index == 0:
        return opts
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=shard_provider(index)))
