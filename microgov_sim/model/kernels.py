"""Compiled kernels of the weekly submodels (``numba.njit``): the loops numpy calls cost most in.

A kernel is a plain function of arrays and numbers -- no model, no random numbers (draws are
made with the model's numpy Generator and passed in), no allocation it does not return -- so
that each can be called and tested alone with small known cases. The submodels of
:mod:`microgov_sim.model.submodels` and the rules of :mod:`microgov_sim.model.rules` call them;
each rule has this one implementation. Arithmetic follows the order of the numpy expressions
they replaced (sums in input order, as ``np.bincount`` adds), so runs are the same numbers.

Compiled on first use and cached beside this file (``cache=True``): a fresh machine compiles
once, later processes -- worker processes of the engines included -- load the cache.

Imports numpy and numba only.
"""

from __future__ import annotations

import math

import numba
import numpy as np

jit = numba.njit(cache=True, nogil=True)


# ---------------------------------------------------------------------- tie strengths
@numba.njit(cache=True, inline="always")
def tie_value(e, baseline, stored, stamp, decay, clock):
    """Current strength of tie ``e`` under lazy drift (:mod:`microgov_sim.model.ties`)."""
    b = baseline[e]
    return b + (stored[e] - b) * decay[clock - stamp[e]]


# ---------------------------------------------------------------------- the cascade (ODD 7.5)
@jit
def cascade(
    drive,
    threshold,
    weight,
    shares,
    network,
    members,
    group,
    n_groups,
    indptr,
    indices,
    entry_edge,
    ties,
    clock,
):
    """Monotone threshold cascade to its fixed point (``rules.threshold_cascade``).

    Member ``q`` (network row ``members[q]``, in ``group[q]``) takes part once
    ``drive[q] + weight * felt[q] >= threshold[q]``; ``felt`` is the influence received from
    members already taking part in the same group -- with ``network`` the strengths of their
    ties (CSR ``indptr``/``indices``, entry ``e`` being tie ``entry_edge[e]`` of the lazily
    drifting ``ties = (baseline, stored, stamp, decay)`` at ``clock``), else their number --
    as a share of the most one can receive if ``shares``. Each round adds the influence of
    the members who joined in the round before (in position order) and tests only the
    members it reached: nobody else's influence changed. Returns (mask, rounds).
    """
    n = len(drive)
    baseline, stored, stamp, decay = ties
    position = np.full(len(indptr) - 1 if network else 0, -1, dtype=np.int64)
    if network:
        for q in range(n):
            position[members[q]] = q
    size = np.zeros(n_groups, dtype=np.int64)  # a group's members (fully mixed crowd)
    for q in range(n):
        size[group[q]] += 1
    reference = np.zeros(n)
    if shares and not network:
        for q in range(n):
            reference[q] = size[group[q]] - 1.0
    # With shares a member feels at most ``weight`` (all its contacts acting), so one whose
    # threshold is beyond ``drive + weight`` never joins and needs no reference; the others'
    # references are summed when first reached, over their own ties (CSR rows are sorted, so
    # in the order the contacts' rows would add them).
    bound = max(weight, 0.0) * (1.0 + 1e-9)
    referenced = np.zeros(n if shares and network else 0, dtype=np.bool_)
    active = np.zeros(n, dtype=np.bool_)
    new = np.flatnonzero(drive >= threshold)
    for q in new:
        active[q] = True
    influence = np.zeros(n)
    added = np.zeros(n)
    reached = np.zeros(n, dtype=np.bool_)
    touched = np.empty(n, dtype=np.int64)
    joiners = np.empty(n, dtype=np.int64)
    joined_in = np.zeros(n_groups, dtype=np.int64)
    rounds = 0
    while len(new) and rounds < n + 1:
        rounds += 1
        m = 0  # the members this round's joiners reach, in the order first reached
        if network:
            for q in new:
                g = group[q]
                for e in range(indptr[members[q]], indptr[members[q] + 1]):
                    t = position[indices[e]]
                    if t >= 0 and group[t] == g:
                        added[t] += tie_value(entry_edge[e], baseline, stored, stamp, decay, clock)
                        if not reached[t]:
                            reached[t] = True
                            touched[m] = t
                            m += 1
        else:  # every other member of a joiner's group
            for q in new:
                joined_in[group[q]] += 1
                reached[q] = True  # here: joined this round
            for t in range(n):
                c = joined_in[group[t]] - (1 if reached[t] else 0)
                reached[t] = False
                if c > 0:
                    added[t] = c
                    touched[m] = t
                    m += 1
            for q in new:
                joined_in[group[q]] = 0
        count = 0
        for c in range(m):
            j = touched[c]
            reached[j] = False
            influence[j] += added[j]
            added[j] = 0.0
            if active[j] or (shares and drive[j] + bound < threshold[j]):
                continue
            if shares and network and not referenced[j]:
                referenced[j] = True
                for e in range(indptr[members[j]], indptr[members[j] + 1]):
                    t = position[indices[e]]
                    if t >= 0 and group[t] == group[j]:
                        w = tie_value(entry_edge[e], baseline, stored, stamp, decay, clock)
                        reference[j] += w
            felt = influence[j]
            if shares:
                felt = influence[j] / reference[j] if reference[j] > 0 else 0.0
            if weight != 1.0:
                felt = weight * felt
            if not active[j] and drive[j] + felt >= threshold[j]:
                joiners[count] = j
                count += 1
        new = np.sort(joiners[:count])  # the next round adds them in position order
        for q in new:
            active[q] = True
    return active, rounds


# ---------------------------------------------------------------------- meetings (ODD 7.5)
# ---------------------------------------------------------------------- meetings (ODD 7.5)
@jit
def assign_meetings(
    n, acting_level, flat, flat_starts, flat_sizes, pair_start, pair_end, household, stake
):
    """Each household's meeting: where its stake is largest, else its smallest unit's first.

    Meeting ``j`` (an issue, most pressing first within each unit) is held by flat unit
    ``flat[j]`` at ``acting_level[j]`` and affects households
    ``household[pair_start[j]:pair_end[j]]`` with ``stake``. Returns ``(focal, best)`` over
    all ``n`` households: the meeting each attends (-1 for none) and its stake there (0 for
    members without one).
    """
    k = len(flat)
    focal = np.full(n, -1, dtype=np.int64)
    best = np.zeros(n)
    first = np.full(len(flat_sizes), -1, dtype=np.int64)  # a unit's first meeting
    top = -1
    for j in range(k):
        if first[flat[j]] < 0:
            first[flat[j]] = j
        top = max(top, acting_level[j])
    for level in range(top, -1, -1):  # the smallest units last: they win
        for j in range(k):
            if acting_level[j] == level and first[flat[j]] == j:
                lo = flat_starts[flat[j]]
                for h in range(lo, lo + flat_sizes[flat[j]]):
                    focal[h] = j
    seen = np.zeros(n, dtype=np.bool_)
    for j in range(k):  # ties in stake go to the earlier (more pressing) meeting
        for r in range(pair_start[j], pair_end[j]):
            h = household[r]
            if not seen[h] or stake[r] > best[h]:
                seen[h] = True
                best[h] = stake[r]
                focal[h] = j
    return focal, best


@jit
def record_meetings(pair_start, pair_end, household, acted_row, part, part_group):
    """Mark the affected households who took part in a meeting on their issue for the first time.

    Meeting ``j`` is on the issue whose affected rows are ``pair_start[j]:pair_end[j]``;
    ``part`` are the households that took part (sorted) and ``part_group`` their meetings.
    Sets ``acted_row`` for them and returns how many each meeting added.
    """
    k = len(pair_start)
    added = np.zeros(k, dtype=np.int64)
    if len(part) == 0:
        return added
    for j in range(k):
        for r in range(pair_start[j], pair_end[j]):
            q = np.searchsorted(part, household[r])
            took = q < len(part) and part[q] == household[r] and part_group[q] == j
            if took and not acted_row[r]:
                acted_row[r] = True
                added[j] += 1
    return added


@jit
def co_participant_ties(indptr, indices, entry_edge, part, meeting_of):
    """The ties between two participants of one meeting, and that meeting.

    ``part`` are the participants (sorted), ``meeting_of[h]`` each household's meeting (-1
    for none); each tie is listed once, from its lower end, in CSR order.
    """
    m = 0
    for h in part:
        for e in range(indptr[h], indptr[h + 1]):
            if h < indices[e] and meeting_of[indices[e]] == meeting_of[h]:
                m += 1
    edges = np.empty(m, dtype=np.int64)
    meeting = np.empty(m, dtype=np.int64)
    m = 0
    for h in part:
        for e in range(indptr[h], indptr[h + 1]):
            if h < indices[e] and meeting_of[indices[e]] == meeting_of[h]:
                edges[m] = entry_edge[e]
                meeting[m] = meeting_of[h]
                m += 1
    return edges, meeting


# ---------------------------------------------------------------------- recruitment (ODD 7.5)
@numba.njit(cache=True, inline="always")
def any_succeeds(log_miss_sum):
    """Chance that at least one of independent attempts succeeds, from their summed log-misses."""
    return -math.expm1(log_miss_sum)


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


@numba.njit(cache=True, inline="always")
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
):
    """Drive added by recruitment to households ``who`` (sorted; ``deliberation.mobilisation``).

    ``mobilisation_weight · (1 - (1 - e)(1 - o)(1 - q)(1 - g))`` with ``e`` the chance of
    being asked by elites (:func:`asked_by_elites` of one's ``elite_total``), ``o`` the reach
    of one's building's organisation (strength ``org_strength``), ``q`` that of party groups and
    the branch's call to members, ``g`` grid officers' calls (one's grid's ``coverage``); an
    elite's own household adds ``elite_initiative`` times the slot's ``activity``.
    """
    m = np.empty(len(who))
    for q in range(len(who)):
        i = who[q]
        e = asked_by_elites(elite_total[i], capped, elite_mobilisation)
        o = min(org_mobilisation * org_strength[building_of[i]], 1.0)
        member = 1.0 if party[i] else 0.0
        r = min(party_embedding * (party_reach + party_mobilisation * member), 1.0)
        g = min(officer_mobilisation * coverage[grid_of[i]], 1.0)
        m[q] = mobilisation_weight * (1.0 - (1.0 - e) * (1.0 - o) * (1.0 - r) * (1.0 - g))
    for k in range(len(home)):
        h = home[k]
        if h >= 0:
            q = np.searchsorted(who, h)
            if q < len(who) and who[q] == h:
                m[q] += elite_initiative * activity[k]
    return m


# ---------------------------------------------------------------------- evaluation (ODD 7.7)
@jit
def meeting_feedback(
    part, part_group, success, efficacy, trust, dependency, capacity, rate, capacity_rate
):
    """Participants' efficacy, trust, dependency and capacity after their meeting, in place.

    Success raises efficacy and trust by ``rate`` of the gap to 1 and lowers dependency by
    ``rate`` of itself; failure lowers efficacy and trust by ``rate`` of themselves; taking
    part raises capacity by ``capacity_rate`` of the gap to 1. ``part`` are distinct.
    """
    for q in range(len(part)):
        i = part[q]
        if success[part_group[q]]:
            efficacy[i] += rate * (1 - efficacy[i])
            trust[i] += rate * (1 - trust[i])
            dependency[i] -= rate * dependency[i]
        else:
            efficacy[i] -= rate * efficacy[i]
            trust[i] -= rate * trust[i]
        capacity[i] += capacity_rate * (1 - capacity[i])


@jit
def toward_one_once(values, index, rate):
    """``values[i] += rate * (1 - values[i])`` once for each distinct ``i`` in ``index``."""
    done = np.zeros(len(values), dtype=np.bool_)
    for i in index:
        if not done[i]:
            done[i] = True
            values[i] += rate * (1 - values[i])


@jit
def tie_update(edges, rate, grow, baseline, stored, stamp, decay, clock, src, dst, node_sum):
    """Grow (by ``rate`` of the gap to 1) or erode (by ``rate`` of itself) distinct ``edges``.

    Sets their stored strengths at ``clock`` and adds the changes to both ends' ``node_sum``
    (all first ends, then all second ends); returns the changes.
    """
    delta = np.empty(len(edges))
    for j in range(len(edges)):
        e = edges[j]
        w = tie_value(e, baseline, stored, stamp, decay, clock)
        new = w + rate * (1.0 - w) if grow else w - rate * w
        delta[j] = new - w
        stored[e] = new
        stamp[e] = clock
    for j in range(len(edges)):
        node_sum[src[edges[j]]] += delta[j]
    for j in range(len(edges)):
        node_sum[dst[edges[j]]] += delta[j]
    return delta


# ---------------------------------------------------------------------- outcomes (ODD 7.11)
@jit
def product_limit(entry, end, event):
    """Kaplan-Meier survival ``S[t] = P(T > t)``, ``t = 0 .. max(end)`` (``outcomes``)."""
    if len(end) == 0:
        return np.ones(0)
    m = end.max() + 1
    at_risk = np.zeros(m, dtype=np.int64)
    deaths = np.zeros(m, dtype=np.int64)
    for i in range(len(end)):
        if entry[i] < m:
            at_risk[entry[i]] += 1
        if end[i] + 1 < m:
            at_risk[end[i] + 1] -= 1
        if event[i]:
            deaths[end[i]] += 1
    survival = np.empty(m)
    risk, s = 0, 1.0
    for t in range(m):
        risk += at_risk[t]
        s *= 1.0 - (deaths[t] / risk if risk > 0 else 0.0)
        survival[t] = s
    return survival


@jit
def shared_affairs_window(ids, status, ended, created, shared, week, start, closed_from, lapsed):
    """Survival of the shared affairs open at some time in weeks ``start .. week``, and counts.

    ``ids`` are issues open now or closed since before ``start`` (``status >= closed_from``
    is closed, ``lapsed`` the status of a lapsed one); only those with ``shared`` (one per
    id) count.
    Returns (Kaplan-Meier survival, number self-resolved, number closed) over the window;
    ``self`` is status ``closed_from`` (resolved by residents).
    """
    m = 0
    for q in range(len(ids)):
        i = ids[q]
        closed = status[i] >= closed_from
        if shared[q] and (not closed or ended[i] >= start):
            m += 1
    entry = np.empty(m, dtype=np.int64)
    end = np.empty(m, dtype=np.int64)
    event = np.empty(m, dtype=np.bool_)
    n_self = n_closed = 0
    m = 0
    for q in range(len(ids)):
        i = ids[q]
        closed = status[i] >= closed_from
        if shared[q] and (not closed or ended[i] >= start):
            entry[m] = max(start - created[i], 0)
            end[m] = (ended[i] if closed else week) - created[i]
            event[m] = closed and status[i] != lapsed
            n_self += status[i] == closed_from
            n_closed += closed
            m += 1
    return product_limit(entry, end, event), n_self, n_closed


# ---------------------------------------------------------------------- units
@jit
def unit_mean(values, flat_starts, flat_sizes, flat):
    """Mean of per-household ``values`` over the households of each unit ``flat``.

    Unit ``u`` holds households ``flat_starts[u] .. flat_starts[u] + flat_sizes[u] - 1``;
    its sum is the difference of running sums (as ``np.cumsum``), an empty unit's mean 0.
    """
    total = np.empty(len(values) + 1)
    total[0] = 0.0
    for i in range(len(values)):
        total[i + 1] = total[i] + values[i]
    out = np.empty(len(flat))
    for j in range(len(flat)):
        lo, size = flat_starts[flat[j]], flat_sizes[flat[j]]
        out[j] = (total[lo + size] - total[lo]) / max(size, 1)
    return out


@jit
def elsewhere_share(active, online, inner, outer):
    """Per household, the active share of its outer unit's online households not in its inner.

    Only online ``active`` households count; 0 where the outer unit has no online household
    outside the inner one (``voice.elsewhere_share``).
    """
    n = len(inner)
    a_in, n_in = np.zeros(inner.max() + 1), np.zeros(inner.max() + 1)
    a_out, n_out = np.zeros(outer.max() + 1), np.zeros(outer.max() + 1)
    for i in range(n):
        if online[i]:
            n_in[inner[i]] += 1.0
            n_out[outer[i]] += 1.0
            if active[i]:
                a_in[inner[i]] += 1.0
                a_out[outer[i]] += 1.0
    share = np.zeros(n)
    for i in range(n):
        den = n_out[outer[i]] - n_in[inner[i]]
        if den > 0:
            share[i] = (a_out[outer[i]] - a_in[inner[i]]) / den
    return share


@jit
def chance_of_any(log_miss_sum):
    """:func:`any_succeeds` of each element."""
    out = np.empty(len(log_miss_sum))
    for i in range(len(log_miss_sum)):
        out[i] = any_succeeds(log_miss_sum[i])
    return out


# ---------------------------------------------------------------------- arrival (ODD 7.3)
@jit
def smallest_common_level(unit_of, households, owner, k):
    """For each of ``k`` issues, the lowest level whose one unit holds all its households.

    ``households[owner == j]`` are issue ``j``'s (``owner`` sorted, every issue has at least
    one); ``unit_of[level, h]`` is household ``h``'s unit at each level; the top level (one
    unit) when no lower one holds them all (``arrival.smallest_common_level``).
    """
    top = unit_of.shape[0] - 1
    common = np.full(k, top, dtype=np.int64)
    start = 0
    for j in range(k):
        end = start
        while end < len(owner) and owner[end] == j:
            end += 1
        for level in range(top):
            u = unit_of[level, households[start]]
            same = True
            for r in range(start + 1, end):
                if unit_of[level, households[r]] != u:
                    same = False
                    break
            if same:
                common[j] = level
                break
        start = end
    return common


@jit
def affected_members(lo, size, share, u_member, u_first):
    """The households each new issue affects: every member with its ``share``, at least one.

    Issue ``j`` lies in the unit of households ``lo[j] .. lo[j] + size[j] - 1``; member ``r``
    (counted over all issues in order) is affected when ``u_member[r] < share[j]``, and the
    member at ``floor(u_first[j] * size[j])`` always. Returns (households, owner), owner
    sorted.
    """
    m = len(u_member)
    households = np.empty(m, dtype=np.int64)
    owner = np.empty(m, dtype=np.int64)
    count, r = 0, 0
    for j in range(len(lo)):
        forced = np.int64(u_first[j] * size[j])
        for t in range(size[j]):
            if u_member[r] < share[j] or t == forced:
                households[count] = lo[j] + t
                owner[count] = j
                count += 1
            r += 1
    return households[:count], owner[:count]


# ---------------------------------------------------------------------- participation cost
@numba.njit(cache=True, inline="always")
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


# ---------------------------------------------------------------------- raising (ODD 7.4)
@numba.njit(cache=True, inline="always")
def raising_log_miss(chance):
    """``log(1 - c)`` of one household's chance ``c`` of raising an issue (held below 1)."""
    return math.log1p(-min(chance, 1 - 1e-12))


@jit
def raising_sums(
    pair_start,
    pair_end,
    household,
    party,
    willingness,
    trust,
    dependency,
    capacity,
    online,
    party_chance,
    party_embedding,
    report_chance,
    committee_free,
    cost,
):
    """Per new issue, sums over its affected households of what raising and routing weigh.

    Rows: the party channel's and the committee channel's log-misses (a party member
    passes a wish on with ``party_chance · party_embedding``, a household reports to the
    committee with ``report_chance · willingness · committee_free``), then willingness,
    participation cost (``cost`` = venue factor and :func:`participation_cost`'s scalars),
    trust and dependency.
    """
    venue, base, micro_autonomy, platform_discount, discount = cost
    out = np.zeros((6, len(pair_start)))
    for j in range(len(pair_start)):
        for r in range(pair_start[j], pair_end[j]):
            h = household[r]
            out[0, j] += raising_log_miss(party[h] * party_chance * party_embedding)
            out[1, j] += raising_log_miss(report_chance * willingness[h] * committee_free)
            out[2, j] += willingness[h]
            out[3, j] += venue * participation_cost(
                base, capacity[h], micro_autonomy, platform_discount, online[h], discount
            )
            out[4, j] += trust[h]
            out[5, j] += dependency[h]
    return out


# ---------------------------------------------------------------------- meetings' drive (7.5)
@numba.njit(cache=True, inline="always")
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


@jit
def online_news(who, active, online, willingness, inner, outer, weight):
    """``weight · willingness · online · share`` of each ``who`` (``voice.online_information``).

    ``share`` is :func:`elsewhere_share` of the ``active`` online households.
    """
    share = elsewhere_share(active, online, inner, outer)
    out = np.empty(len(who))
    for q in range(len(who)):
        i = who[q]
        out[q] = weight * willingness[i] * online[i] * share[i]
    return out


@jit
def logit_choice(utility, u):
    """Alternative chosen by each row under a multinomial logit (``rules.logit_choice``).

    Row ``i`` picks the alternative where ``u[i]`` times the sum of ``exp(V - max V)`` first
    falls below their running sum.
    """
    n, m = utility.shape
    out = np.zeros(n, dtype=np.int64)
    weights = np.empty(m)
    for i in range(n):
        top = utility[i, 0]
        for j in range(1, m):
            top = max(top, utility[i, j])
        total = 0.0
        for j in range(m):
            total += math.exp(utility[i, j] - top)
            weights[j] = total  # running sums
        for j in range(m):
            out[i] += u[i] * total >= weights[j]
    return out


@jit
def route_new_issues(
    chances,
    reported_share,
    utility,
    takeover,
    u,
    acting_level,
    top_level,
    codes,
):
    """Raise each new issue through the first channel that fires, and route it (ODD 7.4).

    ``chances`` holds, per channel in order (grid officer, elite, party, online, committee),
    each issue's chance, and ``u`` the uniform draws: one row per channel, then the logit's
    and the officers' triage. An elite-raised issue is reported by an absorbed elite when
    its elite draw is below ``chance · reported_share``. Residents choose among self,
    committee and government with ``utility``; an officer who detected an issue handles it
    with ``takeover``, else refers it to the residents. Administrativised reports and issues
    above ``top_level`` go to administration. ``codes`` are the enum values: channel none and
    the five channels, routes self, committee, government, handled, referred,
    administrativised, statuses agenda and admin. Returns (channel, route, status), with -1
    status for issues not raised.
    """
    none, grid_officer, elite = codes[0], codes[1], codes[2]
    channel_code = codes[1:6]
    r_self, r_committee, r_government = codes[6], codes[7], codes[8]
    r_handled, r_referred, r_administrativised = codes[9], codes[10], codes[11]
    agenda, admin = codes[12], codes[13]
    k = utility.shape[0]
    choice = logit_choice(utility, u[5])
    options = (r_self, r_committee, r_government)
    channel = np.full(k, none, dtype=np.int64)
    route = np.empty(k, dtype=np.int64)
    status = np.full(k, -1, dtype=np.int64)
    for i in range(k):
        for c in range(5):
            if u[c, i] < chances[c, i]:
                channel[i] = channel_code[c]
                break
        route[i] = options[choice[i]]
        if channel[i] == grid_officer:
            route[i] = r_handled if u[6, i] < takeover[i] else r_referred
        to_admin = route[i] != r_self and route[i] != r_referred
        reported = channel[i] == elite and u[1, i] < chances[1, i] * reported_share[i]
        if reported and acting_level[i] <= top_level:
            route[i] = r_administrativised
            to_admin = True
        if not to_admin and acting_level[i] > top_level:
            route[i] = r_committee
            to_admin = True
        if channel[i] != none:
            status[i] = admin if to_admin else agenda
    return channel, route, status
