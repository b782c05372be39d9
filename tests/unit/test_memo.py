"""What depends only on a data file is computed once per file (calculator._memo)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from calculator import default_profile
from calculator._memo import per_dataset
from calculator._score_form import score_fields


@dataclass(frozen=True)
class Data:
    name: str


def counting() -> tuple[list[str], Callable[[Data], str]]:
    calls: list[str] = []

    @per_dataset
    def label(data: Data) -> str:
        calls.append(data.name)
        return data.name.upper()

    return calls, label


def test_the_same_data_object_is_computed_once() -> None:
    calls, label = counting()
    data = Data("rules")
    assert [label(data), label(data), label(data)] == ["RULES"] * 3
    assert calls == ["rules"]


def test_an_equal_but_new_object_is_computed_again() -> None:
    # A deployment's `configure` makes new objects: identity, not equality, decides.
    calls, label = counting()
    assert label(Data("rules")) == label(Data("rules")) == "RULES"
    assert calls == ["rules", "rules"]


def test_many_data_objects_still_give_each_its_own_value() -> None:
    calls, label = counting()
    objects = [Data(f"d{i}") for i in range(10)]
    assert [label(d) for d in objects + objects] == [d.name.upper() for d in objects + objects]
    assert len(calls) == 20  # only the last few are kept


def test_the_scoring_form_is_built_once_per_profile() -> None:
    profile = default_profile()
    assert score_fields(profile) is score_fields(profile)
