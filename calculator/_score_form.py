"""The `score` tool's form: its fields from the profile, reading what was typed, the example, the URL state.

Quick mode asks for the points of each first-level indicator; detailed mode for a status of each
second-level indicator (and, when partly nonconforming, the samples checked and found wrong).
Both ask for the special deductions by kind and the special bonus.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from calculator._fields import FieldSpec, FormReader, FormResult, read_flag
from calculator._inputs import InputError, parse_count, parse_points
from calculator._labels import STATUSES, mode_labels
from calculator._memo import per_dataset
from calculator._numbers import plain
from calculator._profile import Profile
from calculator._score_input import parse_assessment, parse_score_request
from calculator._tool import BROKEN_LINK, LinkError, state_number

__all__ = [
    "STATUS_CHOICES",
    "decode_score_state",
    "encode_score_state",
    "modes",
    "score_example",
    "score_fields",
    "score_form",
]

# The choices of an indicator's assessment, in the order the form offers them ("na" last).
STATUS_CHOICES: tuple[tuple[str, str], ...] = tuple((key, status.label) for key, status in STATUSES.items())


def modes(profile: Profile) -> dict[str, str]:
    """The two ways of scoring, named with the profile's own counts of indicators."""
    return mode_labels(len(profile.categories), len(profile.indicators))


# ---------------------------------------------------------------- field specs


def _deduction_fields(profile: Profile) -> tuple[FieldSpec, ...]:
    sd = profile.special_deductions
    each = plain(sd.points_each.value)
    return tuple(
        FieldSpec(
            name=f"special_deductions.{k.id}",
            label=k.label,
            kind="count",
            maximum=Decimal(sd.max_count.value),
            unit="项",
            help=f"每项扣 {each} 分；没有请填 0 或留空。",
            required=False,
            default="0",
            group="special_deductions",
        )
        for k in sd.kinds
    )


def _bonus_field(profile: Profile) -> FieldSpec:
    sb = profile.special_bonus
    return FieldSpec(
        name="bonus",
        label=f"有特别加分项（加 {plain(sb.points.value)} 分）",
        kind="flag",
        help=sb.description,
        required=False,
        default="0",
        group="bonus",
    )


def _category_fields(profile: Profile) -> list[FieldSpec]:
    return [
        FieldSpec(
            name=f"categories.{c.id}",
            label=f"{c.name}（{c.clause}）",
            kind="points",
            maximum=c.points.value,
            decimals=profile.input_decimals.value,
            unit="分",
            help=f"满分 {plain(c.points.value)} 分。",
            group="categories",
        )
        for c in profile.categories
    ]


def _indicator_fields(profile: Profile) -> list[FieldSpec]:
    """Per indicator: its status, and the samples checked and found nonconforming (for "partial")."""
    limit = Decimal(profile.staffing.max_headcount.value)
    choices = STATUS_CHOICES if profile.exclusions_rescale.value else STATUS_CHOICES[:3]
    fields: list[FieldSpec] = []
    for ind in profile.indicators:
        points = plain(ind.points.value)
        base = f"indicators.{ind.id}"
        fields += [
            FieldSpec(
                name=f"{base}.status",
                label=f"{ind.clause} {ind.name}",
                kind="status",
                choices=choices,
                help=f"{ind.summary}（{points} 分{'，示意分值' if ind.points.illustrative else ''}）",
                default="conform",
                group=ind.category,
            ),
            FieldSpec(
                name=f"{base}.samples",
                label=f"{ind.name}：抽查样本数",
                kind="count",
                minimum=Decimal(1),
                maximum=limit,
                unit="个",
                required=False,
                group=ind.category,
            ),
            FieldSpec(
                name=f"{base}.nonconforming",
                label=f"{ind.name}：其中不符合的样本数",
                kind="count",
                maximum=limit,
                unit="个",
                required=False,
                group=ind.category,
            ),
        ]
    return fields


@per_dataset  # read twice per keystroke (the form, the link's layout check), the same for a profile
def score_fields(profile: Profile) -> tuple[FieldSpec, ...]:
    """Every field of the scoring form, in display order."""
    mode = FieldSpec(name="mode", label="计分方式", kind="mode", choices=tuple(modes(profile).items()), default="quick")
    return (
        mode,
        *_category_fields(profile),
        *_indicator_fields(profile),
        *_deduction_fields(profile),
        _bonus_field(profile),
    )


def score_example(profile: Profile) -> dict[str, str]:
    """The worked example the page shows before Python is ready (and the form's initial values)."""
    values = {spec.name: spec.default for spec in score_fields(profile)}
    for c in profile.categories:
        # 90 % of each category, rounded down: 36 + 31 + 22 = 89 with the default rules.
        values[f"categories.{c.id}"] = plain(
            (c.points.value * Decimal("0.9")).to_integral_value(rounding="ROUND_FLOOR")
        )
    return values


# ------------------------------------------------------------------- reading


def score_form(fields: Mapping[str, str], profile: Profile) -> FormResult:
    """The scoring form's fields → a `score` input, or the errors of every bad field."""
    specs = {s.name: s for s in score_fields(profile)}
    form = FormReader(fields)
    mode = form.text("mode", "quick")
    named = modes(profile)
    if mode not in named:
        form.errors["mode"] = f"计分方式应为{'或'.join(named.values())}。"
        mode = "quick"
    form.values["mode"] = mode
    data: dict[str, object] = {}
    if mode == "quick":
        data["categories"] = _read_categories(form, specs, profile)
    else:
        data["indicators"] = _read_indicators(form, specs, profile)
    data["special_deductions"] = _read_deductions(form, profile)
    bonus = read_flag(fields.get("bonus", ""))
    if bonus is None:
        form.errors["bonus"] = "特别加分项只能勾选或不勾选。"
    else:
        data["bonus"] = bonus
        form.values["bonus"] = "1" if bonus else "0"
    return form.result(data, lambda d: parse_score_request(d, profile), _form_field)


def _read_categories(form: FormReader, specs: Mapping[str, FieldSpec], profile: Profile) -> dict[str, Decimal]:
    categories: dict[str, Decimal] = {}
    for c in profile.categories:
        spec = specs[f"categories.{c.id}"]
        number = form.number(spec)
        if number is None:
            form.missing(spec, f"“{c.name}”的得分")
            continue
        try:
            categories[c.id] = parse_points(
                number, spec.name, f"“{c.name}”得分", c.points.value, profile.input_decimals.value
            )
        except InputError as err:
            form.refuse(spec, err)
    return categories


def _read_indicators(
    form: FormReader, specs: Mapping[str, FieldSpec], profile: Profile
) -> dict[str, dict[str, object]]:
    indicators: dict[str, dict[str, object]] = {}
    for ind in profile.indicators:
        base = f"indicators.{ind.id}"
        status = form.text(f"{base}.status", "conform")
        entry: dict[str, object] = {"status": status}
        if status == "partial":
            samples = _read_samples(form, specs, ind.name, base)
            if samples is None:
                continue
            entry["samples"], entry["nonconforming"] = samples
        try:
            parse_assessment(entry, base, ind.name, profile)
        except InputError as err:
            spec = specs.get(err.field, specs[f"{base}.status"])
            if spec.kind == "count":
                form.refuse(spec, err)
            else:
                form.errors[spec.name] = err.message
            continue
        form.values[f"{base}.status"] = status
        indicators[ind.id] = entry
    return indicators


def _read_samples(
    form: FormReader, specs: Mapping[str, FieldSpec], name: str, base: str
) -> tuple[Decimal, Decimal] | None:
    """A partly nonconforming indicator's samples checked and found nonconforming; None unless both read."""
    samples_spec, bad_spec = specs[f"{base}.samples"], specs[f"{base}.nonconforming"]
    samples = form.number(samples_spec)
    bad = form.number(bad_spec)
    if samples is None:
        form.missing(samples_spec, f"“{name}”的抽查样本数")
    if bad is None:
        form.missing(bad_spec, f"“{name}”中不符合的样本数")
    if samples is None or bad is None:
        return None
    return samples, bad


def _read_deductions(form: FormReader, profile: Profile) -> list[str]:
    """The special deductions as the contract lists them: one kind id per item."""
    kinds: list[str] = []
    for spec in _deduction_fields(profile):
        number = form.number(spec)
        if number is None:
            if spec.name not in form.errors:
                form.values[spec.name] = "0"
            continue
        try:
            count = parse_count(number, spec.name, f"“{spec.label}”的项数", int(spec.maximum))
        except InputError as err:
            form.refuse(spec, err)
            continue
        kinds.extend([spec.name.split(".", 1)[1]] * count)
    return kinds


def _form_field(contract_field: str) -> str:
    """The form field (or field group) an InputError from the full contract check points at."""
    if contract_field.startswith("special_deductions"):
        return "special_deductions"
    if contract_field == "categories":
        return "categories"
    return contract_field


# ----------------------------------------------------------------- URL state

# Detailed mode: one token per indicator, c / n / x for its status or p<samples>-<nonconforming>.
_STATUS_CODE = {"conform": "c", "nonconform": "n", "na": "x"}
_CODE_STATUS = {v: k for k, v in _STATUS_CODE.items()}
_PARTIAL = re.compile(r"^p([0-9]{1,9})-([0-9]{1,9})$")


def encode_score_state(values: Mapping[str, str], profile: Profile) -> list[str]:
    """The tokens: q or d, the points or statuses, each deduction kind's count, the bonus (0 or 1)."""
    tokens: list[str] = []
    if values["mode"] == "quick":
        tokens.append("q")
        tokens.extend(values[f"categories.{c.id}"] for c in profile.categories)
    else:
        tokens.append("d")
        for ind in profile.indicators:
            base = f"indicators.{ind.id}"
            status = values[f"{base}.status"]
            if status == "partial":
                tokens.append(f"p{values[f'{base}.samples']}-{values[f'{base}.nonconforming']}")
            else:
                tokens.append(_STATUS_CODE[status])
    tokens.extend(values[f"special_deductions.{k.id}"] for k in profile.special_deductions.kinds)
    tokens.append(values["bonus"])
    return tokens


def decode_score_state(tokens: list[str], profile: Profile) -> dict[str, str]:
    """The form's fields from the tokens of `encode_score_state`."""
    kinds = profile.special_deductions.kinds
    mode = tokens[0] if tokens else ""
    own = len(profile.categories) if mode == "q" else len(profile.indicators)
    if mode not in ("q", "d") or len(tokens) != 1 + own + len(kinds) + 1:
        raise LinkError("链接与当前的计分规则不一致，无法恢复输入。")
    values = iter(tokens[1:])
    if mode == "q":
        fields = {"mode": "quick"}
        for c in profile.categories:
            fields[f"categories.{c.id}"] = state_number(next(values))
    else:
        fields = {"mode": "detailed"}
        for ind in profile.indicators:
            fields.update(_decode_status(f"indicators.{ind.id}", next(values)))
    for k in kinds:
        fields[f"special_deductions.{k.id}"] = state_number(next(values))
    bonus = next(values)
    if bonus not in ("0", "1"):
        raise LinkError(BROKEN_LINK)
    fields["bonus"] = bonus
    return fields


def _decode_status(base: str, token: str) -> dict[str, str]:
    partial = _PARTIAL.match(token)
    if partial:
        samples, bad = partial.groups()
        return {f"{base}.status": "partial", f"{base}.samples": samples, f"{base}.nonconforming": bad}
    if token in _CODE_STATUS:
        return {f"{base}.status": _CODE_STATUS[token]}
    raise LinkError(BROKEN_LINK)
