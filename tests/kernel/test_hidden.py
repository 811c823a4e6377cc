"""What a provider remembers between calls: one versioned envelope (kernel/hidden.py)."""

from __future__ import annotations

import pytest
from pulumi.runtime.rpc import UNKNOWN
from pulumi_chime_proxy.kernel import hidden


def test_the_envelope_round_trips_and_replaces_the_keys_of_before() -> None:
    remembered = hidden.Remembered(["capabilities", "name"],
                                   [{"phone_number": "+12065550100", "proxy_phone_number": "+12065559900"},
                                    {"phone_number": "+12065550101", "proxy_phone_number": None}])
    outputs = hidden.write({hidden.LEGACY_DECLARED: ["x"], hidden.LEGACY_ACCEPTED: [], "name": "a"},
                           remembered)
    assert set(outputs) == {hidden.KEY, "name"}
    # the format every release since the envelope wrote: pairs without "+", "" for none
    assert outputs[hidden.KEY] == {"version": hidden.VERSION, "declared": ["capabilities", "name"],
                                   "accepted": [["12065550100", "12065559900"], ["12065550101", ""]]}
    assert hidden.read(outputs) == remembered


def test_each_earlier_form_is_read() -> None:
    assert hidden.read({hidden.LEGACY_DECLARED: ["name"], hidden.LEGACY_ACCEPTED: [["1", "2"]]}) == (
        hidden.Remembered(["name"], [{"phone_number": "+1", "proxy_phone_number": "+2"}]))
    assert hidden.read({"name": "a"}) == hidden.Remembered()


def test_a_newer_envelope_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="newer pulumi-chime-proxy .*upgrade"):
        hidden.read({hidden.KEY: {"version": hidden.VERSION + 1, "declared": []}})


def test_unknown_values_at_preview_remember_nothing() -> None:
    assert hidden.read({hidden.KEY: UNKNOWN}) == hidden.Remembered()
    assert hidden.read({hidden.KEY: {"version": hidden.VERSION, "declared": [UNKNOWN],
                                     "accepted": [[UNKNOWN, "1"]]}}) == hidden.Remembered()
