"""Badges on sheet rows and facts, and the legend that explains them."""

from __future__ import annotations

from genpeds.badges import BADGES, badges_for, legend


def test_badges_follow_their_fixed_order_whatever_the_order_of_the_tags():
    tags = ("genpeds::high-yield", "genpeds::alpha", "genpeds::red-flag")
    assert [(badge.symbol, badge.word) for badge in badges_for(tags)] == [("⚠", "Red flag"), ("★", "High yield")]


def test_a_tag_that_is_no_badge_shows_nothing():
    assert badges_for(("genpeds::alpha", "genpeds::red-flag::more")) == ()


def test_the_legend_explains_each_badge_shown_once_in_fixed_order():
    red_flag, changed, high_yield = BADGES
    assert [(badge.word, meaning) for badge, meaning in legend([high_yield, red_flag, high_yield])] == [
        ("Red flag", "needs prompt action or referral"),
        ("High yield", "recurs in exams and on the wards"),
    ]
    assert legend([]) == ()
