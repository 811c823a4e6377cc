"""What a dynamic resource remembers between calls: one versioned envelope
(dynamic/decode.py reads it, dynamic/encode.py writes it)."""

from __future__ import annotations

import pytest
from pulumi.runtime.rpc import UNKNOWN
from pulumi_chime_proxy.dynamic import decode, encode


def test_the_envelope_round_trips_and_replaces_the_keys_of_before() -> None:
    remembered = decode.Remembered(["capabilities", "name"],
                                   [{"phone_number": "+12065550100", "proxy_phone_number": "+12065559900"},
                                    {"phone_number": "+12065550101", "proxy_phone_number": None}])
    outputs = encode.write({decode.LEGACY_DECLARED: ["x"], decode.LEGACY_ACCEPTED: [], "name": "a"},
                           remembered)
    assert set(outputs) == {decode.ENVELOPE, "name"}
    # the format every release since the envelope wrote: pairs without "+", "" for none
    assert outputs[decode.ENVELOPE] == {"version": decode.VERSION, "declared": ["capabilities", "name"],
                                   "accepted": [["12065550100", "12065559900"], ["12065550101", ""]]}
    assert decode.remembered(outputs) == remembered


def test_each_earlier_form_is_read() -> None:
    assert decode.remembered({decode.LEGACY_DECLARED: ["name"], decode.LEGACY_ACCEPTED: [["1", "2"]]}) == (
        decode.Remembered(["name"], [{"phone_number": "+1", "proxy_phone_number": "+2"}]))
    assert decode.remembered({"name": "a"}) == decode.Remembered()


def test_a_newer_envelope_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="newer pulumi-chime-proxy .*upgrade"):
        decode.remembered({decode.ENVELOPE: {"version": decode.VERSION + 1, "declared": []}})


def test_unknown_values_at_preview_remember_nothing() -> None:
    assert decode.remembered({decode.ENVELOPE: UNKNOWN}) == decode.Remembered()
    assert decode.remembered({decode.ENVELOPE: {"version": decode.VERSION, "declared": [UNKNOWN],
                                     "accepted": [[UNKNOWN, "1"]]}}) == decode.Remembered()
