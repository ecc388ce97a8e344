"""Micro-wishes and online voice (ODD 7.4b): demand that comes with resources, a light voice.

Three mechanisms of the first source's micro-channels (微渠道) and micro-wishes (微心愿):

* **Online voice.** Each week every online household affected by an open issue voices it on
  the micro-channel (the compound's WeChat group, a public account) with a chance rising in
  its willingness (:func:`voice_chance`). Voicing is a light form of participation, counted
  apart from taking part in action (the outcome ``online_voice_rate``); an issue voiced while
  still unraised is raised through the online channel (ODD 7.4).
* **Micro-wishes as micro-projects.** Each week party members collect micro-wishes from the
  households of their building (:func:`collect_wishes`): a small household-level need that
  the collecting member adopts (认领). The wish is a new issue, raised through
  ``Channel.WISH`` and put on the agenda of the smallest unit holding the wisher and the
  adopter, with both as its stakeholders: the wisher brings the demand, the adopter their
  effort and the party's support (ODD 7.6), so that one of the two taking part suffices.
* **Information across units.** Online households learn what other buildings of their
  compound do: their drive to take part rises with the share of the compound's online
  households outside their own building who took part in recent weeks
  (:func:`online_information`, added to the private drive of ODD 7.5).

Imports numpy and :mod:`microgov_sim.model` modules only:
arrays, issues, kernels, state, structure, submodels.arrival.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..arrays import flat_float
from ..issues import TYPE_STANDARD, Channel, Route, Status
from ..state import CommunityState
from ..structure import BUILDING, COMPOUND
from .arrival import add_issues, top_self_governing_level

# Kind of a micro-wish's issue: a repair or small facility of the wisher's own surroundings (the
# source's 小区绿地、凉亭修缮), so the issue types and their mix at arrival stay unchanged.
WISH_KIND = 1  # facility_repair
# Weeks of others' taking part that an online household sees on the micro-channel (the short
# participation window of the outcomes, ODD 7.11).
INFORMATION_WEEKS = 4


def voice_and_wish(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """Online voice on open issues this week, then the micro-wishes party members collect.

    Runs before raising (ODD 3): the online channel raises what was voiced this week.
    Returns the number of micro-wishes collected.
    """
    voice_online(s, p, rng, week)
    return collect_wishes(s, p, rng, week)


def voice_chance(online: np.ndarray, willingness: np.ndarray, chance: float) -> np.ndarray:
    """Chance per week that an affected household voices an open issue online.

    ``online_i · online_voice_chance · w_i``: only users of the micro-channel voice, the more
    willing the more readily (the first source's 微渠道: residents "在不受空间地域的限制下及时
    获取事务信息、表达利益诉求").
    """
    shape, (o, w) = flat_float(online, willingness)
    return kernels.voice_chances(o, w, float(chance)).reshape(shape)[()]


def voice_online(s: CommunityState, p, rng: np.random.Generator, week: int) -> None:
    """Affected online households voice open issues; note who voiced and each issue's voices.

    Sets ``last_voiced`` of every household that voiced and the ``voices`` column (voices this
    week) of every open issue. One draw per affected online household of each open issue.
    """
    hh, iss = s.households, s.issues
    ids = iss.open_ids
    iss.cols["voices"][ids] = 0
    if p.online_voice_chance <= 0 or len(ids) == 0:
        return
    rows = (ids, iss.pair_start, iss.pair_end, iss.pair_household, hh.online)
    u = rng.random(kernels.online_affected(*rows))  # one draw per online affected household
    iss.cols["voices"][ids] = kernels.voice(  # each with voice_chance
        *rows, hh.willingness, p.online_voice_chance, u, week, hh.last_voiced
    )


def wish_chance(collection_chance: float, party_embedding: float) -> float:
    """Chance per week that a party member collects a micro-wish: the lever times embedding."""
    return collection_chance * party_embedding


def other_member(own: np.ndarray, size: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Offset of a member drawn uniformly from a unit of ``size`` without the one at ``own``.

    ``u`` are uniform draws in [0, 1); each unit needs ``size >= 2``.
    """
    j = np.minimum((u * (size - 1)).astype(np.int64), size - 2)
    return j + (j >= own)


def collect_wishes(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """Party members collect and adopt micro-wishes of their building's households (ODD 7.4b).

    Each party member collects one wish with chance ``wish_collection_chance ·
    party_embedding`` from a household of their building drawn at random (not their own). The
    wish becomes an issue of the building with severity ``wish_severity · U(0.5, 1.5)``,
    affecting the wisher and the adopting member with that stake, raised through
    ``Channel.WISH`` and put on the agenda (routed to the committee, as every issue above the
    largest self-governing body, if its acting unit is larger). Returns the number collected.
    """
    hh, nb = s.households, s.neighbourhood
    chance = wish_chance(p.wish_collection_chance, p.party_embedding)
    members = np.flatnonzero(hh.party)
    if chance <= 0 or len(members) == 0:
        return 0
    adopter = members[rng.random(len(members)) < chance]
    building = nb.unit_of[BUILDING, adopter]
    lo = nb.starts[BUILDING][building]
    size = nb.starts[BUILDING][building + 1] - lo
    several = size > 1  # a lone household has no neighbour to collect from
    adopter, building, lo, size = adopter[several], building[several], lo[several], size[several]
    k = len(adopter)
    if k == 0:
        return 0
    wisher = lo + other_member(adopter - lo, size, rng.random(k))
    severity = np.minimum(p.wish_severity * rng.uniform(0.5, 1.5, k), 1.0)
    households = np.column_stack((wisher, adopter)).ravel()
    owner = np.repeat(np.arange(k), 2)
    ids = add_issues(
        s,
        p,
        week,
        np.full(k, BUILDING),
        building,
        lo,
        size,
        np.full(k, WISH_KIND),
        severity,
        np.full(k, TYPE_STANDARD[WISH_KIND]),
        households,
        owner,
        np.repeat(severity, 2),
        status=Status.AGENDA,
    )
    iss = s.issues
    iss.cols["channel"][ids] = Channel.WISH
    # Above the largest self-governing body the committee takes it on.
    beyond = iss.acting_level[ids] > top_self_governing_level(p)
    iss.cols["route"][ids] = np.where(beyond, Route.COMMITTEE, Route.SELF)
    iss.cols["status"][ids[beyond]] = Status.ADMIN
    return k


def elsewhere_share(
    active: np.ndarray, online: np.ndarray, inner: np.ndarray, outer: np.ndarray
) -> np.ndarray:
    """Per household, the active share of its outer unit's online households not in its inner.

    ``active`` and ``online`` are per-household masks (only online ``active`` ones count),
    ``inner`` and ``outer`` each household's unit ids (inner units nested in outer ones).
    0 where the outer unit has no online household outside the inner one.
    """
    return kernels.elsewhere_share(active, online, inner, outer)


def online_information(s: CommunityState, p, who: np.ndarray, week: int) -> np.ndarray | float:
    """Drive that online households ``who`` gain from what other buildings do (ODD 7.4b).

    ``online_information_weight · w_i · online_i · a_i``, with ``a_i`` the share of the
    online households of household ``i``'s compound outside its building who took part in
    the last ``INFORMATION_WEEKS`` weeks (:func:`elsewhere_share`): the micro-channel carries
    news of meetings and actions across buildings, and knowing that others take part raises
    one's own (social information: Margetts, John, Hale & Yasseri 2016; local online networks
    and neighbouring: Hampton & Wellman 2003). Willingness gates it as every motive (ODD 7.5).
    0 when the weight is 0.
    """
    if p.online_information_weight <= 0:
        return 0.0
    hh, nb = s.households, s.neighbourhood
    return kernels.online_news(
        who,
        hh.last_active,
        week - INFORMATION_WEEKS,
        hh.online,
        hh.willingness,
        nb.unit_of[BUILDING],
        nb.unit_of[COMPOUND],
        p.online_information_weight,
    )
