"""A toy model of a platform's moderation trade-off (chapter 4). A model, not data.

It illustrates the mechanism Arsène describes; it measures nothing, and its numbers are
invented. The model in five sentences:

1. A platform chooses how strictly to moderate, on a scale from 0 (remove nothing) to 10
   (remove anything doubtful).
2. Its activity, an index that is 100 at strictness 0, falls in a straight line as strictness
   rises, by the platform's ``grey_share`` at strictness 10: removed posts and closed accounts
   are lost conversation.
3. In each period the regulator may sanction it (a section suspended, an app pulled from the
   stores); the chance is ``base_risk`` at strictness 0, falls in a straight line to nothing at
   strictness 10, and a clean-up campaign multiplies it by :data:`CAMPAIGN_MULTIPLIER`.
4. A sanction wipes out the share ``loss_if_sanctioned`` of that period's activity.
5. The platform picks the strictness that maximises its expected activity, activity × (1 −
   chance of a sanction × share lost); where two levels tie it picks the lower one.

What it leaves out is listed in :data:`LEAVES_OUT`; platforms to which it does not apply at all
are in :data:`OUT_OF_SCOPE`. Everything here is a pure function of its arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

STRICTNESS_LEVELS: tuple[int, ...] = tuple(range(0, 11))
MAX_STRICTNESS = STRICTNESS_LEVELS[-1]
CAMPAIGN_MULTIPLIER = 6.0
"""How many times more likely a sanction is while a clean-up campaign runs (invented)."""


@dataclass(frozen=True)
class Platform:
    """The invented parameters of one kind of platform (all shares between 0 and 1)."""

    name: str
    grey_share: float
    """Share of activity lost at strictness 10 (how much of the conversation is 'grey')."""
    base_risk: float
    """Chance of a sanction per period at strictness 0 when no campaign runs."""
    loss_if_sanctioned: float
    """Share of the period's activity a sanction wipes out."""

    def __post_init__(self) -> None:
        for field in ("grey_share", "base_risk", "loss_if_sanctioned"):
            value = getattr(self, field)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{self.name}: {field} must lie between 0 and 1, not {value!r}.")


PLATFORMS: dict[str, Platform] = {
    "Public microblog": Platform("Public microblog", grey_share=0.5, base_risk=0.15,
                                loss_if_sanctioned=0.7),
    "Private messaging": Platform("Private messaging", grey_share=0.4, base_risk=0.03,
                                 loss_if_sanctioned=0.7),
}
"""Two invented platform types: the messaging app is assumed less exposed to the regulator."""

OUT_OF_SCOPE: dict[str, str] = {
    "State-owned news app": (
        "The model does not apply here. It assumes a platform that lives on user activity and "
        "weighs it against the risk of a sanction. A state-owned outlet answers to its owner, "
        "the state, and is judged by its message as much as by its audience, so there is no "
        "trade-off of this kind to draw."
    ),
}
"""Kinds of platform the model cannot describe, with the reason shown instead of a chart."""

LEAVES_OUT: tuple[str, ...] = (
    "users who leave for a rival platform when moderation tightens (the model lets them only post less)",
    "state ownership, party committees and the firm's own political loyalties",
    "the firm's reputation with users, advertisers and governments abroad",
    "vague and changing rules: in the model, strictness 10 makes a sanction impossible",
    "costs of moderation other than lost activity, such as paying content reviewers",
    "any learning: the chance of a sanction does not depend on what the platform did before",
)
"""What the model leaves out, as the chapter states it."""


def _check_strictness(strictness: int) -> int:
    if isinstance(strictness, bool) or not isinstance(strictness, int) \
            or not 0 <= strictness <= MAX_STRICTNESS:
        raise ValueError(f"Strictness must be a whole number from 0 to {MAX_STRICTNESS}, "
                         f"not {strictness!r}.")
    return strictness


def activity(strictness: int, platform: Platform) -> float:
    """Activity index (100 at strictness 0) if no sanction strikes."""
    share = _check_strictness(strictness) / MAX_STRICTNESS
    return 100.0 * (1.0 - platform.grey_share * share)


def sanction_chance(strictness: int, platform: Platform, campaign: bool) -> float:
    """Chance (0 to 1) of a sanction in one period at this strictness."""
    share = _check_strictness(strictness) / MAX_STRICTNESS
    top = min(1.0, platform.base_risk * (CAMPAIGN_MULTIPLIER if campaign else 1.0))
    return top * (1.0 - share)


def expected_activity(strictness: int, platform: Platform, campaign: bool) -> float:
    """Activity after the expected loss from a sanction: what the platform maximises."""
    risk = sanction_chance(strictness, platform, campaign)
    return activity(strictness, platform) * (1.0 - risk * platform.loss_if_sanctioned)


# Expected activities closer than this are a tie: far above the rounding error of the sums
# (about 1e-16), far below any difference the model's figures show.
TIE = 1e-12


def best_strictness(platform: Platform, campaign: bool) -> int:
    """The strictness with the highest expected activity; on a tie (within :data:`TIE`, so
    that rounding never decides), the lowest."""
    values = [expected_activity(level, platform, campaign) for level in STRICTNESS_LEVELS]
    top = max(values)
    return next(level for level, value in zip(STRICTNESS_LEVELS, values) if value >= top - TIE)


def trade_off(platform: Platform, campaign: bool) -> pd.DataFrame:
    """Every strictness level with its activity, chance of a sanction (%) and expected activity."""
    return pd.DataFrame({
        "strictness": list(STRICTNESS_LEVELS),
        "activity": [activity(s, platform) for s in STRICTNESS_LEVELS],
        "sanction_pct": [100 * sanction_chance(s, platform, campaign) for s in STRICTNESS_LEVELS],
        "expected_activity": [expected_activity(s, platform, campaign) for s in STRICTNESS_LEVELS],
    })
