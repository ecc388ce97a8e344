"""The patterns of the community itself: 3 (small units), 4 (social capital), 5 (mobility).

Designs and analyses as in :mod:`~microgov_sim.validation.governance`: public parameter sets
only, every arm from its own stationary state. May import :mod:`microgov_sim.analysis`,
:mod:`microgov_sim.experiments` and the rest of :mod:`microgov_sim.validation`.
"""

from __future__ import annotations

import itertools

from .context import BASE, Context
from .design import Design
from .statistics import DOWN, UP, measured, paired, row

DENSITIES = (0.3, 0.7)  # affected_share: interest-linkage density at fixed size (building)
SIZES = ("doorway", "compound")  # unit_scale at fixed density
FIXED_DENSITY = 0.4
#: The two rules that scale with the affected (ODD 7.6): the quorum, a share of them, and the
#: effort, per stakeholder. Without them a denser issue is no harder to act on.
UNSCALED = {"quorum_share": 0.0, "effort_per_stakeholder": 0.0}


def small_units_design(ctx: Context) -> Design:
    """Density at fixed size (building units), and size at fixed density (share 0.4)."""
    arms = {f"density{d}": {"unit_scale": "building", "affected_share": d} for d in DENSITIES}
    for scale in SIZES:
        arms[scale] = {"unit_scale": scale, "affected_share": FIXED_DENSITY}
    if ctx.variant is BASE and not ctx.params:  # the diagnosis of density's sign (below)
        for d in DENSITIES:
            arms[f"density{d}_unscaled"] = {**arms[f"density{d}"], **UNSCALED}
    return Design({name: {"micro_autonomy": 0.5, **a} for name, a in arms.items()})


def small_units(res, ctx: Context):
    """3. Smaller units with denser stakes draw more participation (Olson; seed [B]).

    Two designs separate the two things a smaller unit changes: the density of stake holders
    (``affected_share`` 0.3 vs 0.7 at building scale) and the size of the acting unit
    (``unit_scale`` doorway vs compound at a fixed share 0.4). Participation is read among
    the affected households (``affected_participation``), whose stake is the motive.
    """
    low, high = (f"density{d}" for d in DENSITIES)
    small, large = SIZES
    density = f"affected_share {DENSITIES[0]} -> {DENSITIES[1]} at building scale"
    size = f"unit_scale {large} -> {small} at affected_share {FIXED_DENSITY}"
    return (
        measured(
            density,
            (
                "affected households' participation rises with density",
                paired(res, low, high, "affected_participation"),
                UP,
            ),
            (
                "self-resolved share (autonomy) rises with density",
                paired(res, low, high, "autonomy_index"),
                UP,
            ),
        )
        + _unscaled(res)
        + measured(
            size,
            (
                "affected households' participation higher in smaller units",
                paired(res, large, small, "affected_participation"),
                UP,
            ),
            (
                "self-resolved share (autonomy) higher in smaller units",
                paired(res, large, small, "autonomy_index"),
                UP,
            ),
            (
                "participation higher in smaller units",
                paired(res, large, small, "participation_rate"),
                UP,
            ),
        )
    )


def _unscaled(res) -> list[dict]:
    """Diagnostic: density's effect on self-resolution without the rules that scale."""
    low, high = (f"density{d}_unscaled" for d in DENSITIES)
    if low not in set(res.runs["scenario"]):
        return []
    exp = f"affected_share {DENSITIES[0]} -> {DENSITIES[1]}, quorum_share 0, effort 0"
    return measured(
        exp,
        (
            "diagnostic: self-resolved share rises with density without quorum and effort",
            paired(res, low, high, "autonomy_index"),
            UP,
        ),
    )


MICRO = {"micro_autonomy": 0.8, "admin_penetration": 0.1, "party_embedding": 0.5}


def social_capital_design(ctx: Context) -> Design:
    """Micro-governance vs the status quo; the feedback of success and failure on ties."""
    return Design(
        {
            "micro_governance": MICRO,
            "status_quo": {},
            "no_erosion": {**MICRO, "tie_erosion": 0.0},
            "no_growth": {**MICRO, "tie_growth": 0.0},
        }
    )


def social_capital(res, ctx: Context):
    """4. Successful joint action builds trust and ties; failure erodes them.

    At stationarity, with failures as they arise (no arm forces them): the ties that
    micro-governance's actions leave are compared with those left when failed actions erode
    nothing (``tie_erosion`` 0) and when successful ones build nothing (``tie_growth`` 0).
    """
    exp = "micro-governance vs status quo; tie_erosion 0; tie_growth 0 (failures as they arise)"
    ties = "within_unit_tie_density"
    return measured(
        exp,
        (
            "trust higher under micro-governance than the status quo",
            paired(res, "status_quo", "micro_governance", "mean_trust"),
            UP,
        ),
        (
            "tie density higher under micro-governance than the status quo",
            paired(res, "status_quo", "micro_governance", ties),
            UP,
        ),
        (
            "successes build ties (tie density lower with tie_growth 0)",
            paired(res, "micro_governance", "no_growth", ties),
            DOWN,
        ),
        (
            "failures erode ties (tie density higher with tie_erosion 0)",
            paired(res, "micro_governance", "no_erosion", ties),
            UP,
        ),
    )


RATES = (0.0, 0.005, 0.02)


def mobility_design(ctx: Context) -> Design:
    """Mobility 0, 0.005 and 0.02 a week."""
    return Design({f"mob{r}": {"mobility_rate": r, "micro_autonomy": 0.5} for r in RATES})


def mobility(res, ctx: Context):
    """5. More residential turnover: less social capital and participation, monotonically."""
    exp = "mobility_rate 0, 0.005, 0.02 per week"
    return [
        row(
            exp,
            f"{outcome} falls from mobility {low} to {high}",
            paired(res, f"mob{low}", f"mob{high}", outcome),
            DOWN,
        )
        for outcome in ("mean_trust", "participation_rate")
        for low, high in itertools.pairwise(RATES)
    ]
