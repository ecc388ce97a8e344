"""Community building (ODD 7.9b): Wenjiang's eight items (社八件) as concrete items.

Seed 003 lists them: "温江社八件就包括一套社区发展治理思路、一枚社区logo、一首社区之歌、
一部社区居民公约、一批社贤人物、一个功能型社会组织、一个楼居院示范点位、一个市民中心" (a development
plan, a logo, a song, a residents' convention, a group of community sages, a functional social
organisation, a demonstration point at building, residence or courtyard level, a citizen
centre), and says how they are carried out: "上层规定是刚性的引导,
基层在执行过程中展示的活力和柔性,关照到了不同主体的诉求" (the upper level's requirement is rigid
guidance; the grassroots implements it with vitality and flexibility, attending to different
actors' demands).

Each item is a lever ``x`` in [0, 1] (0, the default, is the model without it) acting on one
existing component, scaled by the implementation's fit to local needs
(:func:`implementation_fit`, the lever ``template_rigidity``):

===========================  ==========================  ===================================
item (lever)                 component                   function
===========================  ==========================  ===================================
development plan             micro-organisations' target :func:`org_target` (ODD 7.10 drift)
logo, song                   belonging (identity)        :func:`belonging_half_time` (7.10)
residents' convention        norms: solidarity motive    :func:`solidarity` (7.5)
community sages              elders, one per building    :func:`sage_buildings` (ODD 5)
functional social org.       organisation strength       :func:`incubate_items` (this step)
demonstration building       an incubated building whose :func:`incubate_items`,
                             results others see          :func:`vicarious_efficacy`
citizen centre               venue: cost of meeting      :func:`venue_cost_factor` (7.5)
template_rigidity            fit; rigid = control        :func:`implementation_fit`,
                                                         :func:`template_exposure`
===========================  ==========================  ===================================

The pure functions take numbers and arrays; the ``*_of`` helpers read them from the parameters
for the hooks in :mod:`.drift`, :mod:`.deliberation` and :mod:`..initialisation`;
:func:`build_community` is the weekly step (ODD 3, after the party branches' incubation).

Imports numpy and :mod:`microgov_sim.model` modules only: issues, kernels, rules, state, structure.
"""

from __future__ import annotations

import numpy as np

from .. import kernels, rules
from ..issues import Status
from ..state import CommunityState, EliteRole, Elites
from ..structure import BUILDING, DOORWAY, Neighbourhood

#: The eight items' levers, in seed 003's order.
ITEMS = (
    "development_plan",
    "community_logo",
    "community_song",
    "residents_convention",
    "community_sages",
    "functional_organisation",
    "demonstration_building",
    "citizen_centre",
)


# ---------------------------------------------------------------------- pure functions
def implementation_fit(rigidity: float, template_fit: float) -> float:
    """Share of an item's adapted effect that it has as implemented: ``1 - r (1 - f)``.

    Flexible implementation (``r = 0``) adapts each item to the unit's actors and needs and
    gives its full effect; a rigid one (``r = 1``) applies the template as written, which fits
    a unit's needs only to ``f = template_fit`` (Ostrom 1990, design principle 2: rules
    congruent with local conditions; Scott 1998: uniform schemes from above miss local
    knowledge).
    """
    return 1.0 - rigidity * (1.0 - template_fit)


def template_exposure(rigidity: float, items: np.ndarray | list, exposure: float) -> float:
    """Controlling intervention per household and week of items imposed as written.

    ``r · mean(min(items, 1)) · exposure`` (the sages, counted per 100 households, count at most
    1 as the other items do): a rigid template is control from above and counts like
    grid patrol in the crowding rule (ODD 7.8; Frey & Jegen 2001; Cardenas, Stranlund & Willis
    2000: externally imposed rules crowd out other-regarding behaviour); a flexibly implemented
    one, which residents shape themselves (Ostrom 1990, design principle 3), does not.
    """
    return float(rigidity * np.mean(np.minimum(items, 1.0)) * exposure)


def org_target(micro_autonomy: float, plan: float, gain: float) -> float:
    """Level toward which micro-organisations decay: ``A + gain · plan · (1 - A)``.

    A development plan gives the councils standing tasks and a direction (seed 003's 治理权
    includes 任务设定, setting tasks; "依靠这八件事将社区向积极的方向引导"), so they settle
    above the level that autonomy alone sustains. ``plan = 0`` gives ``A``, the model without it.
    """
    return micro_autonomy + gain * plan * (1.0 - micro_autonomy)


def belonging_half_time(half: float, logo: float, song: float, gain: float) -> float:
    """Tenure at which belonging's target is one half, shortened by shared symbols.

    ``half · (1 - gain · (logo + song) / 2)``: a common symbol system (the logo) and shared
    emotional connection through shared events (the song) make membership felt sooner
    (McMillan & Chavis 1986's sense of community; Hunter 1974's symbolic communities). The
    sources give the two no separate function, so each counts half. Never below 1 week.
    """
    return max(half * (1.0 - gain * (logo + song) / 2.0), 1.0)


def solidarity(weight: float, convention: float, gain: float) -> float:
    """Solidarity weight under a residents' convention: ``weight · (1 + gain · convention)``.

    A convention writes down the informal norms on which neighbours act together for shared
    interests (seed 000: "依托长期互动形成的社会联系和非正式的行为规范
    基于信任互惠的原则就共同利益开展集体行动,并获得非物质性的内在选择性激励"), so the motive of
    residents without a stake to join when their group is affected (the solidarity term of
    ODD 7.5) is stronger (Ostrom 2000; Elster 1989).
    """
    return weight * (1.0 + gain * convention)


def venue_cost_factor(centre: float, discount: float) -> float:
    """Factor on the cost of taking part with a citizen centre: ``1 - discount · centre``.

    A venue to meet in is social infrastructure that lowers the cost of getting together
    (Klinenberg 2018; seed 000's 微平台 as a carrier "搭建平等对话、协商议事的载体").
    """
    return 1.0 - discount * centre


def sage_buildings(
    n_buildings: int, n_households: int, per_100: float, rng: np.random.Generator
) -> np.ndarray:
    """Buildings given a community sage (社贤): ``round(per_100 · n / 100)`` distinct ones.

    At most one sage per building, so at most every building; drawn without replacement, and
    nothing is drawn when there are none.
    """
    k = min(round(per_100 * n_households / 100.0), n_buildings)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    return np.sort(rng.choice(n_buildings, size=k, replace=False))


#: The demonstration point (一个楼居院示范点位, one per community): the first building. Any fixed
#: choice would do (buildings are drawn at random, so the first is a random one), and a fixed
#: one needs no state to survive a spin-up.
DEMONSTRATION = 0


def vicarious_efficacy(
    efficacy: np.ndarray, successes: np.ndarray, failures: np.ndarray, gain: float
) -> np.ndarray:
    """Efficacy of onlookers who saw ``successes`` and ``failures`` of a demonstration.

    ``e + (1 - (1 - g)^n) (s / n - e)`` with ``n = s + f`` meetings seen: each seen meeting
    moves efficacy a step ``g`` toward its result (1 for a success, 0 for a failure), and the
    steps of one week are taken toward the week's success share, so their order does not
    matter (one success: ``e + g (1 - e)``, one failure: ``e - g e``, as a participant's own
    update of ODD 7.7 with ``g`` for the learning rate). Vicarious experience, seeing similar
    others succeed, is a source of efficacy, weaker than one's own mastery (Bandura 1977);
    seed 000: "社区精英的示范带动...治理示范效应".
    """
    n = successes + failures
    share = np.divide(successes, n, out=np.zeros(len(efficacy)), where=n > 0)
    step = 1.0 - (1.0 - gain) ** n
    return efficacy + step * (share - efficacy)


# ---------------------------------------------------------------------- from the parameters
def fit_of(p) -> float:
    """The implementation's fit under the parameters ``p``."""
    return implementation_fit(p.template_rigidity, p.template_fit)


def item_of(p, name: str) -> float:
    """An item's lever as implemented: its intensity times the fit."""
    return getattr(p, name) * fit_of(p)


def org_target_of(p) -> float:
    """:func:`org_target` under ``p`` (the drift of micro-organisations, ODD 7.10)."""
    return org_target(p.micro_autonomy, item_of(p, "development_plan"), p.plan_org_gain)


def belonging_half_time_of(p) -> float:
    """:func:`belonging_half_time` under ``p`` (belonging's target, ODD 5 and 7.10)."""
    fit = fit_of(p)
    return belonging_half_time(
        p.tenure_half_belonging,
        p.community_logo * fit,
        p.community_song * fit,
        p.symbol_belonging_gain,
    )


def solidarity_of(p) -> float:
    """:func:`solidarity` under ``p`` (the private drive, ODD 7.5)."""
    return solidarity(
        p.solidarity_weight, item_of(p, "residents_convention"), p.convention_solidarity_gain
    )


def venue_cost_factor_of(p) -> float:
    """:func:`venue_cost_factor` under ``p`` (the cost of taking part, ODD 7.5)."""
    return venue_cost_factor(item_of(p, "citizen_centre"), p.centre_cost_discount)


def add_sages(el: Elites, nb: Neighbourhood, p, rng: np.random.Generator) -> np.ndarray:
    """Append a vacant elder position (a sage) to the buildings :func:`sage_buildings` picks.

    Changes ``el`` in place and returns the new slots, to be filled by the longest-standing
    resident of each building as heads are (``drift.fill_elite_slots``); each starts absorbed
    into grid work at the stationary share, as every elite does (ODD 5). Draws nothing when
    ``community_sages`` is 0.
    """
    per_100 = item_of(p, "community_sages")
    buildings = sage_buildings(nb.n_units(BUILDING), nb.n_households, per_100, rng)
    k = len(buildings)
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    slots = np.arange(len(el.role), len(el.role) + k)
    el.role = np.concatenate((el.role, np.full(k, EliteRole.ELDER, dtype=el.role.dtype)))
    el.level = np.concatenate((el.level, np.full(k, BUILDING, dtype=el.level.dtype)))
    el.unit = np.concatenate((el.unit, buildings.astype(el.unit.dtype)))
    el.home = np.concatenate((el.home, np.full(k, -1, dtype=el.home.dtype)))
    share = rules.absorbed_share(p.elite_absorption_rate, p.elite_release_rate, p.elite_recruitment)
    el.absorbed = np.concatenate((el.absorbed, rng.random(k) < share))
    return slots


# ---------------------------------------------------------------------- the weekly step
def build_community(s: CommunityState, p, rng: np.random.Generator, week: int) -> None:
    """The items that act each week: incubation, the demonstration effect, rigid control.

    * the functional social organisation strengthens the community's neediest building (by
      a party branch's rule, ODD 7.9) and the demonstration building is incubated, each by
      ``x · fit · incubation_rate``;
    * households outside the demonstration building update their efficacy on what they saw
      of its meetings this week (:func:`vicarious_efficacy`);
    * a rigid template crowds motivation (:func:`template_exposure`).

    Nothing happens, and nothing is drawn, with every item at 0.
    """
    incubate_items(s, p)
    demonstrate(s, p, week)
    exposure = template_exposure(
        p.template_rigidity, [getattr(p, name) for name in ITEMS], p.template_exposure
    )
    if exposure > 0:
        kernels.crowd_all(s.households.motivation, exposure, p.crowding_out, p.crowding_rate)


def incubate_items(s: CommunityState, p) -> None:
    """The functional organisation and the demonstration building strengthen organisations.

    The functional organisation (one per community, 一个功能型社会组织) chooses the building of
    the community with the largest ``B_b (1 - o_b) > 0`` (stake in open issues times weakness,
    the branches' rule within a compound) and adds
    ``functional_organisation · fit · incubation_rate`` to its strength (seed 000: "引领社区服务站
    加大孵化社区微社团的力度"); the demonstration building gets
    ``demonstration_building · fit · incubation_rate`` every week (an incubated showcase).
    """
    u = s.units
    effort = item_of(p, "functional_organisation") * p.incubation_rate
    if effort > 0:  # the branches' kernel, with the whole community as one group
        whole = np.array([0, len(u.burden)], dtype=np.int64)
        uncounted = np.zeros(1, dtype=np.int64)  # branches count their own incubations only
        kernels.incubate(u.burden, u.org_strength, whole, float(effort), uncounted)
    effort = item_of(p, "demonstration_building") * p.incubation_rate
    if effort > 0:
        u.org_strength[DEMONSTRATION] = min(1.0, u.org_strength[DEMONSTRATION] + effort)


def demonstration_results(s: CommunityState, week: int) -> tuple[int, int]:
    """Successful and failed meetings of the demonstration building in ``week``.

    A meeting of the building is one whose acting unit is the building or one of its doorways
    (its own affairs); it succeeded if the issue was resolved by the residents. The week's
    meetings are on the open issues and on those resolved this week (``resolved_now``).
    """
    iss, nb = s.issues, s.neighbourhood
    ids = np.unique(np.concatenate((iss.open_ids, *iss.resolved_now)))
    met = (iss.cols["last_meeting"][ids] == week) & (iss.cols["n_meetings"][ids] > 0)
    ids = ids[met & (iss.cols["acting_level"][ids] <= BUILDING)]
    unit = iss.cols["acting_unit"][ids]
    building = np.where(
        iss.cols["acting_level"][ids] == DOORWAY, nb.parent(DOORWAY, BUILDING)[unit], unit
    )
    won = iss.cols["status"][ids[building == DEMONSTRATION]] == Status.RESOLVED_SELF
    return int(won.sum()), int((~won).sum())


def demonstrate(s: CommunityState, p, week: int) -> None:
    """Onlookers learn from the demonstration building's meetings (:func:`vicarious_efficacy`).

    The onlookers are the community's households outside the demonstration building: a
    demonstration point is there to be seen (seed 000: 示范带动).
    """
    gain = item_of(p, "demonstration_building") * p.demonstration_gain
    if gain <= 0:
        return
    successes, failures = demonstration_results(s, week)
    if successes + failures == 0:
        return
    hh = s.households
    who = np.flatnonzero(s.neighbourhood.unit_of[BUILDING] != DEMONSTRATION)
    n = len(who)
    hh.efficacy[who] = vicarious_efficacy(
        hh.efficacy[who], np.full(n, successes), np.full(n, failures), gain
    )
