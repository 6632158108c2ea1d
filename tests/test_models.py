"""The toy moderation model of chapter 4: its stated assumptions hold, examples and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techstate.models import (
    CAMPAIGN_MULTIPLIER,
    LEAVES_OUT,
    MAX_STRICTNESS,
    OUT_OF_SCOPE,
    PLATFORMS,
    STRICTNESS_LEVELS,
    TIE,
    Platform,
    activity,
    best_strictness,
    expected_activity,
    sanction_chance,
    trade_off,
)

MICROBLOG = PLATFORMS["Public microblog"]
MESSAGING = PLATFORMS["Private messaging"]

shares = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
platforms = st.builds(Platform, name=st.just("test"), grey_share=shares, base_risk=shares,
                      loss_if_sanctioned=shares)
levels = st.sampled_from(STRICTNESS_LEVELS)


def test_the_examples_the_chapter_states() -> None:
    assert activity(0, MICROBLOG) == 100
    assert activity(10, MICROBLOG) == pytest.approx(50)
    assert sanction_chance(0, MICROBLOG, campaign=False) == pytest.approx(0.15)
    assert sanction_chance(0, MICROBLOG, campaign=True) == pytest.approx(0.9)
    assert sanction_chance(10, MICROBLOG, campaign=True) == 0
    assert best_strictness(MICROBLOG, campaign=False) == 0
    assert best_strictness(MICROBLOG, campaign=True) == 7
    assert best_strictness(MESSAGING, campaign=True) == 0
    assert expected_activity(7, MICROBLOG, campaign=True) == pytest.approx(52.715)
    assert expected_activity(0, MICROBLOG, campaign=True) == pytest.approx(37)


def test_trade_off_lists_every_level() -> None:
    table = trade_off(MICROBLOG, campaign=True)
    assert table["strictness"].tolist() == list(STRICTNESS_LEVELS)
    best = table.loc[table["expected_activity"].idxmax(), "strictness"]
    assert best == best_strictness(MICROBLOG, campaign=True)
    assert table["sanction_pct"].iloc[0] == pytest.approx(90)


@pytest.mark.parametrize("bad", [-1, 11, 2.5, "3", None, True])
def test_strictness_outside_the_scale_is_refused_with_a_message(bad) -> None:
    with pytest.raises(ValueError, match="whole number from 0 to 10"):
        activity(bad, MICROBLOG)


def test_shares_outside_zero_and_one_are_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        Platform("broken", grey_share=1.5, base_risk=0.1, loss_if_sanctioned=0.5)


def test_the_model_states_its_limits() -> None:
    assert len(LEAVES_OUT) >= 4 and any("rival" in item for item in LEAVES_OUT)
    assert set(OUT_OF_SCOPE).isdisjoint(PLATFORMS)
    assert all("does not apply" in reason for reason in OUT_OF_SCOPE.values())
    assert CAMPAIGN_MULTIPLIER > 1


@given(platforms, levels, st.booleans())
def test_values_stay_in_range(platform: Platform, level: int, campaign: bool) -> None:
    risk = sanction_chance(level, platform, campaign)
    assert 0.0 <= risk <= 1.0
    assert 0.0 <= expected_activity(level, platform, campaign) <= activity(level, platform) <= 100.0


@given(platforms, st.booleans())
def test_activity_and_risk_fall_as_strictness_rises(platform: Platform, campaign: bool) -> None:
    for lower, higher in zip(STRICTNESS_LEVELS, STRICTNESS_LEVELS[1:]):
        assert activity(higher, platform) <= activity(lower, platform)
        assert sanction_chance(higher, platform, campaign) <= sanction_chance(lower, platform, campaign)
    assert sanction_chance(MAX_STRICTNESS, platform, campaign) == 0.0


@given(platforms, levels)
def test_a_campaign_never_lowers_the_risk(platform: Platform, level: int) -> None:
    assert sanction_chance(level, platform, True) >= sanction_chance(level, platform, False)


@given(platforms, st.booleans())
def test_the_best_strictness_is_the_lowest_maximum(platform: Platform, campaign: bool) -> None:
    best = best_strictness(platform, campaign)
    values = [expected_activity(level, platform, campaign) for level in STRICTNESS_LEVELS]
    assert values[best] >= max(values) - TIE
    assert all(value < max(values) - TIE for value in values[:best])


@given(platforms)
def test_a_campaign_never_makes_a_platform_moderate_less(platform: Platform) -> None:
    """Expected activity has increasing differences in strictness and risk, so the optimum rises."""
    assert best_strictness(platform, True) >= best_strictness(platform, False)
