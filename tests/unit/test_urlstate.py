"""Calculator state in the URL: compact, versioned, checked; a bad link gives a message, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import Profile, default_profile
from calculator._score_form import score_example, score_form
from calculator._staffing_form import staffing_example, staffing_form
from calculator._tools import TOOLS
from calculator._urlstate import MAX_LENGTH, Decoded
from calculator._urlstate import decode as decode_state
from calculator._urlstate import encode as encode_state
from tests.unit.budget import examples

PROFILE = default_profile()


def encode(tool: str, fields: dict[str, str], profile: Profile) -> str | None:
    return encode_state(TOOLS[tool], fields, profile)


def decode(tool: str, state: object, profile: Profile) -> Decoded:
    return decode_state(TOOLS[tool], state, profile)


SCORE = encode("score", score_example(PROFILE), PROFILE)
STAFFING = encode("staffing", staffing_example(PROFILE), PROFILE)


def detailed_fields() -> dict[str, str]:
    fields = {f"indicators.{i.id}.status": "conform" for i in PROFILE.indicators}
    fields |= {
        "mode": "detailed",
        "indicators.delivery.status": "na",
        "indicators.complaints.status": "nonconform",
        "indicators.repair.status": "partial",
        "indicators.repair.samples": "６",
        "indicators.repair.nonconforming": "2",
        "special_deductions.law": "2",
        "special_deductions.industry": "",
        "bonus": "1",
    }
    return fields


def test_states_are_short_and_versioned() -> None:
    assert SCORE is not None
    assert STAFFING is not None
    assert SCORE.startswith("s1.q_36_31_22_")
    assert STAFFING.startswith("t1.12_35_600_3.")
    assert len(SCORE) < 40
    assert len(encode("score", detailed_fields(), PROFILE) or "") < 80


@pytest.mark.parametrize(
    ("calculator", "fields"),
    [
        ("score", score_example(PROFILE)),
        ("score", detailed_fields()),
        ("staffing", staffing_example(PROFILE)),
        ("staffing", {"head_office": "0", "branches": "7", "total_staff": "", "current_managers": ""}),
    ],
)
def test_round_trip_gives_the_same_validated_input(calculator: str, fields: dict[str, str]) -> None:
    state = encode(calculator, fields, PROFILE)
    assert state is not None
    decoded = decode(calculator, state, PROFILE)
    assert decoded.message == ""
    assert decoded.fields is not None
    check = score_form if calculator == "score" else staffing_form
    assert check(decoded.fields, PROFILE).data == check(fields, PROFILE).data
    assert decode(calculator, "#" + state, PROFILE).fields == decoded.fields


def test_invalid_form_has_no_state() -> None:
    assert encode("score", {"mode": "quick", "categories.service_system": "abc"}, PROFILE) is None


def test_truncated_link_is_refused_with_a_message() -> None:
    assert SCORE is not None
    for cut in range(1, len(SCORE)):
        decoded = decode("score", SCORE[:cut], PROFILE)
        assert decoded.fields is None
        assert decoded.message


def test_every_single_character_change_is_refused() -> None:
    assert SCORE is not None
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz._~-"
    for i, old in enumerate(SCORE):
        for new in alphabet:
            if new == old:
                continue
            tampered = SCORE[:i] + new + SCORE[i + 1 :]
            decoded = decode("score", tampered, PROFILE)
            if decoded.fields is not None:
                # Only an edit the check cannot see may pass, and it must still be a valid input.
                assert score_form(decoded.fields, PROFILE).ok


@pytest.mark.parametrize(
    ("state", "needle"),
    [
        ("", "没有保存的输入"),
        ("s2.q_36_31_22_0_0_0_0_0.0000000", "版本"),
        ("t1.12_35_600_3.0000000", "管理师配置"),
        ("s1.q_36_31_22_0_0_0_0_0.0000000", "校验"),
        ("<script>alert(1)</script>", "不应出现的字符"),
        ("s1.Q_36", "不应出现的字符"),
        ("x" * (MAX_LENGTH + 1), "太长"),
        ("z1.abc.def", "不是本计算器"),
    ],
)
def test_bad_links_give_chinese_messages(state: str, needle: str) -> None:
    decoded = decode("score", state, PROFILE)
    assert decoded.fields is None
    assert needle in decoded.message


def test_a_link_of_the_other_calculator_says_where_it_belongs() -> None:
    assert STAFFING is not None
    decoded = decode("score", STAFFING, PROFILE)
    assert decoded.fields is None
    assert "管理师配置" in decoded.message


def test_a_valid_check_over_values_outside_the_rules_is_refused_with_the_field_message() -> None:
    from calculator._urlstate import _check, _layout

    body = "q_41_31_22_0_0_0_0_0"
    state = f"s1.{body}.{_check('s1', _layout(TOOLS['score'], PROFILE), body)}"
    decoded = decode("score", state, PROFILE)
    assert decoded.fields is None
    assert "0 到 40 分" in decoded.message


def test_non_text_state_is_refused() -> None:
    assert decode("score", None, PROFILE).fields is None
    assert decode("score", 12, PROFILE).fields is None


# Anything a visitor could paste, type or tamper with after the "#".
_link_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyz._~-<>&\"'", max_size=60),
    st.builds(lambda cut, junk: (SCORE or "")[:cut] + junk, st.integers(0, 40), st.text(max_size=8)),
    st.builds(lambda cut, junk: (STAFFING or "")[:cut] + junk, st.integers(0, 40), st.text(max_size=8)),
)


@settings(max_examples=examples(1200))
@given(st.sampled_from(["score", "staffing"]), _link_text)
def test_decoder_never_raises_and_never_yields_markup(calculator: str, text: str) -> None:
    decoded = decode(calculator, text, PROFILE)
    if decoded.fields is None:
        assert decoded.message
        assert "<" not in decoded.message
        assert ">" not in decoded.message
    else:
        assert decoded.message == ""
        for key, value in decoded.fields.items():
            assert "<" not in key + value
            assert ">" not in key + value
            assert "&" not in key + value
