"""The ten patterns of the concepts brief, each as a measured experiment, with its source.

:data:`PATTERNS` maps each pattern to a :class:`~microgov_sim.validation.design.Pattern`:
its source, its design (arms of public parameters only; nothing here tells the model what
to do), its analysis into statistic rows and its figure. The designs are in
:mod:`~microgov_sim.validation.governance` (1, 2, 6, 9, 10),
:mod:`~microgov_sim.validation.community` (3, 4, 5) and
:mod:`~microgov_sim.validation.contagion` (7, 8). May import the rest of
:mod:`microgov_sim.validation`.
"""

from __future__ import annotations

from . import community as c
from . import contagion as k
from . import governance as g
from .design import Pattern

PATTERNS: dict[str, Pattern] = {
    "1_inverse_relation": Pattern(
        "Frey & Jegen 2001; Bowles 2008; seed [A]",
        g.inverse_relation_design,
        g.inverse_relation,
        (
            (
                "participation_rate",
                "autonomy_index",
                "issues_resolved_admin",
                "issues_resolved_self",
            ),
            "Pattern 1: inverse relation, and support at penetration 0.3",
        ),
    ),
    "2_cost_dilemma": Pattern(
        "seed [A]: grid management's rising cost",
        g.cost_dilemma_design,
        g.cost_dilemma,
        (
            ("admin_cost", "admin_cost_per_resolved", "issues_resolved_admin"),
            "Pattern 2: cost dilemma",
        ),
    ),
    "3_small_units": Pattern(
        "Olson 1965; Isaac & Walker 1988; seed [B]",
        c.small_units_design,
        c.small_units,
        (
            ("affected_participation", "participation_rate", "autonomy_index"),
            "Pattern 3: density at fixed size, size at fixed density",
        ),
    ),
    "4_social_capital": Pattern(
        "Putnam 2000; Sampson et al. 1997; seed [B]",
        c.social_capital_design,
        c.social_capital,
        (
            ("mean_trust", "within_unit_tie_density", "participation_rate"),
            "Pattern 4: social capital",
        ),
    ),
    "5_mobility": Pattern(
        "Sampson, Raudenbush & Earls 1997",
        c.mobility_design,
        c.mobility,
        (("mean_trust", "within_unit_tie_density", "participation_rate"), "Pattern 5: mobility"),
    ),
    "6_dependency_hysteresis": Pattern(
        "Gneezy & Rustichini 2000; seed [A]",
        g.hysteresis_design,
        g.dependency_hysteresis,
        g.hysteresis_figure,
    ),
    "7_complex_contagion": Pattern(
        "Centola & Macy 2007; Centola 2010",
        k.contagion_design,
        k.complex_contagion,
        k.complex_contagion_figure,
    ),
    "8_threshold_special_case": Pattern(
        "Granovetter 1978; Epstein 2002",
        None,
        k.threshold_special_case,
        k.threshold_figure,
        variants=False,
        hypercube=False,
    ),
    "9_elites": Pattern(
        "Siegel 2009; seed [A]: absorption administrativises",
        g.elites_design,
        g.elites,
        (("participation_rate", "autonomy_index", "administrativised_share"), "Pattern 9: elites"),
    ),
    "10_co_governance": Pattern(
        "seeds [A] and [B]: micro co-governance (微共治)",
        g.co_governance_design,
        g.co_governance,
        g.co_governance_figure,
    ),
}
