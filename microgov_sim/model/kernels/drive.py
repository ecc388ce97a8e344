"""The drive toward taking part (ODD 7.5, 7.4b): cost, recruitment, online news, own drive.

Imports numpy, numba and :mod:`.compile`.
"""

from __future__ import annotations

import math

import numpy as np

from .compile import inline, jit


@inline
def any_succeeds(log_miss_sum):
    """Chance that at least one of independent attempts succeeds, from their summed log-misses."""
    return -math.expm1(log_miss_sum)


@jit
def chance_of_any(log_miss_sum):
    """:func:`any_succeeds` of each element."""
    out = np.empty(len(log_miss_sum))
    for i in range(len(log_miss_sum)):
        out[i] = any_succeeds(log_miss_sum[i])
    return out


@jit
def elite_contact_sum(n, indptr, indices, home, value):
    """Per household, the sum of ``value[k]`` over the present elites ``k`` it has a tie to.

    Elite slot ``k`` lives at ``home[k]`` (-1 when vacant, then it counts nowhere); its ties
    are the CSR row ``indptr``/``indices`` of its home.
    """
    out = np.zeros(n)
    for k in range(len(home)):
        h = home[k]
        if h >= 0:
            for e in range(indptr[h], indptr[h + 1]):
                out[indices[e]] += value[k]
    return out


@inline
def asked_by_elites(total, capped, elite_mobilisation):
    """Chance of being asked by the elites one has a tie to, from their summed ``total``.

    ``total`` sums the elites' log-misses ``log(1 - elite_mobilisation · a_k)`` ('at least
    one' asks), or their activities ``a_k`` for the capped sum
    ``min(1, elite_mobilisation · Σ a_k)`` (``capped``).
    """
    if capped:
        return min(elite_mobilisation * total, 1.0)
    return any_succeeds(total)


@jit
def asked_by_elites_of(total, capped, elite_mobilisation):
    """:func:`asked_by_elites` of each household's ``total``."""
    out = np.empty(len(total))
    for i in range(len(total)):
        out[i] = asked_by_elites(total[i], capped, elite_mobilisation)
    return out


@jit
def mobilisation(
    who,
    elite_total,
    capped,
    elite_mobilisation,
    building_of,
    org_strength,
    party,
    grid_of,
    coverage,
    home,
    activity,
    mobilisation_weight,
    org_mobilisation,
    party_embedding,
    party_reach,
    party_mobilisation,
    officer_mobilisation,
    elite_initiative,
    position,
):
    """Drive added by recruitment to households ``who`` (distinct, sorted; ``deliberation``).

    ``mobilisation_weight · (1 - (1 - e)(1 - o)(1 - q)(1 - g))`` with ``e`` the chance of
    being asked by elites (:func:`asked_by_elites` of one's ``elite_total``), ``o`` the reach
    of one's building's organisation (strength ``org_strength``), ``q`` that of party groups and
    the branch's call to members, ``g`` grid officers' calls (one's grid's ``coverage``); an
    elite's own household adds ``elite_initiative`` times the slot's ``activity``.
    ``position`` is scratch: -1 per household, and -1 again on return.
    """
    m = np.empty(len(who))
    for q in range(len(who)):
        i = who[q]
        position[i] = q
        e = asked_by_elites(elite_total[i], capped, elite_mobilisation)
        o = min(org_mobilisation * org_strength[building_of[i]], 1.0)
        member = 1.0 if party[i] else 0.0
        r = min(party_embedding * (party_reach + party_mobilisation * member), 1.0)
        g = min(officer_mobilisation * coverage[grid_of[i]], 1.0)
        m[q] = mobilisation_weight * (1.0 - (1.0 - e) * (1.0 - o) * (1.0 - r) * (1.0 - g))
    for k in range(len(home)):
        h = home[k]
        if h >= 0 and position[h] >= 0:
            m[position[h]] += elite_initiative * activity[k]
    for q in range(len(who)):
        position[who[q]] = -1
    return m


@inline
def participation_cost(base, capacity, micro_autonomy, platform_discount, online, discount):
    """Cost of taking part for one household (``rules.participation_cost``)."""
    platform = 1.0 - platform_discount * micro_autonomy
    channel = 1.0 - discount * online
    return base * (1.0 - capacity) * platform * channel


@jit
def participation_costs(base, capacity, micro_autonomy, platform_discount, online, discount):
    """:func:`participation_cost` of each household of ``capacity`` and ``online``."""
    out = np.empty(len(capacity))
    for i in range(len(capacity)):
        out[i] = participation_cost(
            base, capacity[i], micro_autonomy, platform_discount, online[i], discount
        )
    return out


@inline
def private_drive(
    willingness, stake, pivot, density, belonging, mobilisation, cost, stake_weight, solidarity
):
    """Own drive toward taking part of one household (``rules.private_drive``)."""
    motive = pivot * (stake_weight * stake + mobilisation) + solidarity * belonging * density
    return willingness * motive - cost


@jit
def private_drives(
    willingness, stake, pivot, density, belonging, mobilisation, cost, stake_weight, solidarity
):
    """:func:`private_drive` of each element of the arrays."""
    out = np.empty(len(willingness))
    for i in range(len(out)):
        out[i] = private_drive(
            willingness[i],
            stake[i],
            pivot[i],
            density[i],
            belonging[i],
            mobilisation[i],
            cost[i],
            stake_weight,
            solidarity,
        )
    return out


@jit
def meeting_drive(
    who,
    group,
    stake,
    pivot,
    density,
    willingness,
    belonging,
    capacity,
    online,
    mobilisation,
    cost,
    stake_weight,
    solidarity,
):
    """The private drive of each meeting member ``who[q]`` (in meeting ``group[q]``).

    :func:`private_drive` with the member's ``stake``, its meeting's ``pivot`` and
    ``density``, its ``mobilisation`` and its participation cost (``cost`` = the venue
    factor and :func:`participation_cost`'s scalars).
    """
    venue, base, micro_autonomy, platform_discount, discount = cost
    out = np.empty(len(who))
    for q in range(len(who)):
        i = who[q]
        c = venue * participation_cost(
            base, capacity[i], micro_autonomy, platform_discount, online[i], discount
        )
        out[q] = private_drive(
            willingness[i],
            stake[q],
            pivot[group[q]],
            density[group[q]],
            belonging[i],
            mobilisation[q],
            c,
            stake_weight,
            solidarity,
        )
    return out


@inline
def online_counts(active, online, inner, outer):
    """Online households and the ``active`` ones among them, per ``inner`` and ``outer`` unit.

    One pass without branches (counts of ones, exact in floating point).
    """
    a_in, n_in = np.zeros(inner.max() + 1), np.zeros(inner.max() + 1)
    a_out, n_out = np.zeros(outer.max() + 1), np.zeros(outer.max() + 1)
    for i in range(len(inner)):
        o = 1.0 if online[i] else 0.0
        a = o if active[i] else 0.0
        n_in[inner[i]] += o
        n_out[outer[i]] += o
        a_in[inner[i]] += a
        a_out[outer[i]] += a
    return a_in, n_in, a_out, n_out


@inline
def share_elsewhere(i, inner, outer, a_in, n_in, a_out, n_out):
    """Household ``i``'s active share of its outer unit's online households not in its inner."""
    den = n_out[outer[i]] - n_in[inner[i]]
    return (a_out[outer[i]] - a_in[inner[i]]) / den if den > 0 else 0.0


@jit
def elsewhere_share(active, online, inner, outer):
    """Per household, the active share of its outer unit's online households not in its inner.

    Only online ``active`` households count; 0 where the outer unit has no online household
    outside the inner one (``voice.elsewhere_share``).
    """
    a_in, n_in, a_out, n_out = online_counts(active, online, inner, outer)
    share = np.zeros(len(inner))
    for i in range(len(inner)):
        share[i] = share_elsewhere(i, inner, outer, a_in, n_in, a_out, n_out)
    return share


@jit
def online_news(who, last_active, since, online, willingness, inner, outer, weight):
    """``weight · willingness · online · share`` of each ``who`` (``voice.online_information``).

    ``share`` is :func:`elsewhere_share` of the online households active since week ``since``
    (``last_active >= since``), computed for ``who`` only.
    """
    a_in, n_in, a_out, n_out = online_counts(last_active >= since, online, inner, outer)
    out = np.empty(len(who))
    for q in range(len(who)):
        i = who[q]
        share = share_elsewhere(i, inner, outer, a_in, n_in, a_out, n_out)
        out[q] = weight * willingness[i] * online[i] * share
    return out
