"""The loader's own tag resolution gives every value the type PyYAML's safe loader gives it."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from genpeds.loading import _Loader

SCALARS = ["1", "-2", "0x1f", "0o17", "1_000", "1.5", ".inf", "-.Inf", ".nan", "1e3", "true", "False", "yes", "No",
           "on", "OFF", "y", "n", "~", "null", "Null", "", "2026-12-07", "2026-12-07T10:00:00Z", "<<", "=", "text",
           "Text with words", "+1", "+.5", "12:30", "1:20:30", "0b101", "ye", "nulls", "Tuesday", "0.01 mg/kg"]


def tags(text: str, loader) -> list[str]:
    return [value.tag for _, value in yaml.compose(text, Loader=loader).value]


def document(values: list[str]) -> str:
    return "".join(f"k{index}: {value}\n" for index, value in enumerate(values))


def test_known_scalars_get_the_safe_loaders_tags():
    text = document(SCALARS) + "q: '1'\nr: \"true\"\ns: [1, x]\nt: {a: 1}\n"
    assert tags(text, _Loader) == tags(text, yaml.SafeLoader)


PLAIN_CHARACTERS = "0123456789.-+:_eExXoObBTtFfYyNnuUlL~ abc"


@settings(deadline=None)
@given(st.lists(st.text(alphabet=PLAIN_CHARACTERS, min_size=1, max_size=12), min_size=1, max_size=8))
def test_any_plain_scalar_gets_the_safe_loaders_tag(values):
    text = document([f"'{value}'" if value != value.strip() or value.startswith(("-", ":")) else value
                     for value in values])
    try:
        expected = tags(text, yaml.SafeLoader)
    except yaml.YAMLError:
        return  # not a plain scalar YAML can read; nothing to compare
    assert tags(text, _Loader) == expected
