"""``make bench``: the cost of refreshing N proxy sessions through the real engine.

Modules: ``variants`` (the naive and plaintext-provider resources, importable so dill
pickles them by reference), ``measure`` (wall time, the dynamic provider's peak RSS,
state sizes), ``emulator`` (a separate emulator process), ``scenarios`` (one runner per
variant), ``report`` (medians, ratios, the table), ``plot`` (the sweep chart), ``cli``.
"""
