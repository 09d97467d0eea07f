"""Value kinds: one table feeds the checker and the editor schemas."""

from __future__ import annotations

import pytest

from genpeds import schema
from genpeds.schema import KINDS, Key

# --- One table of kinds ------------------------------------------------------------------------

def _declared_keys() -> list[Key]:
    return [key for name, keys in vars(schema).items() if name.endswith("_KEYS") for key in keys]


def test_every_declared_key_holds_a_kind_of_the_table():
    assert {key.kind for key in _declared_keys()} <= set(KINDS)


def test_required_is_said_by_name():
    with pytest.raises(TypeError):
        Key("title", "string", True, "Name of the sheet.")
    assert Key("title", "string", "Name of the sheet.", required=True).required
