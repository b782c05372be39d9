"""Invariants of the checklist on generated tick states (hypothesis): progress adds up, links round-trip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import default_profile
from calculator._checklist_reader import packaged_checklist
from calculator._tools import CHECKLIST, SCORE
from calculator._urlstate import decode, encode
from tests.unit.budget import examples

PROFILE = default_profile()
OWN = packaged_checklist(PROFILE)
ITEMS = [item.id for item in OWN.items]
INDICATORS = [s.id for s in OWN.indicator_sections]

states = st.tuples(st.sets(st.sampled_from(ITEMS)), st.sets(st.sampled_from(INDICATORS)))


def form_of(ticked: set[str], na: set[str]) -> dict[str, str]:
    fields = {f"items.{i}": "1" if i in ticked else "0" for i in ITEMS}
    fields.update({f"na.{s}": "1" if s in na else "0" for s in INDICATORS})
    return fields


@settings(max_examples=examples(60), deadline=None)
@given(states)
def test_progress_adds_up_and_statuses_follow_the_ticks(state: tuple[set[str], set[str]]) -> None:
    ticked, na = state
    result = CHECKLIST.run({"ticked": sorted(ticked), "not_applicable": sorted(na)}, OWN)
    counted = [s for s in result["sections"] if not s["excluded"]]
    assert result["done"] == sum(s["done"] for s in counted) <= result["total"] == sum(s["total"] for s in counted)
    assert 0 <= result["percent"] <= 100
    assert (result["percent"] == 100) == (result["done"] == result["total"])
    for s in result["sections"]:
        assert s["done"] + len(s["open"]) == s["total"]
        if s["kind"] == "deduction":
            assert s["status"] is None
        elif s["excluded"]:
            assert s["status"] == "na"
        else:
            assert s["status"] == {s["total"]: "conform", 0: "nonconform"}.get(s["done"], "partial")
    assert result["ready"] == sum(1 for s in counted if s["status"] == "conform")


@settings(max_examples=examples(40), deadline=None)
@given(states)
def test_the_link_restores_every_tick_and_the_score_link_opens_the_same_statuses(
    state: tuple[set[str], set[str]],
) -> None:
    ticked, na = state
    fields = form_of(ticked, na)
    link = encode(CHECKLIST, fields, OWN)
    assert link is not None
    decoded = decode(CHECKLIST, link, OWN)
    assert decoded.fields == fields
    result = CHECKLIST.run(CHECKLIST.read_form(fields, OWN).data, OWN)
    score = result["score"]
    if len(na) == len(INDICATORS):
        assert score["state"] is None
        return
    opened = decode(SCORE, score["state"], PROFILE)
    assert opened.fields is not None, opened.message
    for s in result["sections"]:
        if s["kind"] == "indicator":
            assert opened.fields[f"indicators.{s['id']}.status"] == s["status"]
    scored = SCORE.run(SCORE.read_form(opened.fields, PROFILE).data, PROFILE)
    assert scored["deduction_count"] == 0
    assert not scored["bonus"]
