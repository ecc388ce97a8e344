"""Issues' arrival, raising and routing (ODD 7.3, 7.4).

Imports numpy, numba, :mod:`.compile` and :mod:`.drive` (the participation cost).
"""

from __future__ import annotations

import math

import numpy as np

from .compile import inline, jit
from .drive import participation_cost


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


@inline
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


@inline
def voice_chance(online, willingness, chance):
    """Chance per week that an affected household voices an issue (``voice.voice_chance``)."""
    return online * chance * willingness


@jit
def voice_chances(online, willingness, chance):
    """:func:`voice_chance` of each household."""
    out = np.empty(len(willingness))
    for i in range(len(out)):
        out[i] = voice_chance(online[i], willingness[i], chance)
    return out


@jit
def online_affected(ids, pair_start, pair_end, household, online):
    """How many (issue, affected household) rows of the issues ``ids`` are online households."""
    m = 0
    for j in ids:
        for r in range(pair_start[j], pair_end[j]):
            m += online[household[r]]
    return m


@jit
def voice(ids, pair_start, pair_end, household, online, willingness, chance, u, week, voiced):
    """Online affected households voice the issues ``ids``; return each issue's voices.

    Row by row over the online affected households (``u`` one draw each, in order), a
    household voices with ``chance · willingness`` (``voice.voice_chance`` of an online one)
    and its ``voiced`` week is set to ``week``.
    """
    voices = np.zeros(len(ids), dtype=np.int64)
    m = 0
    for q in range(len(ids)):
        j = ids[q]
        for r in range(pair_start[j], pair_end[j]):
            h = household[r]
            if online[h]:
                if u[m] < voice_chance(1.0, willingness[h], chance):
                    voices[q] += 1
                    voiced[h] = week
                m += 1
    return voices


@jit
def new_issue_columns(
    unit_of, households, owner, k, lo, size, lowest_level, level_offset, flat_sizes, grid_of
):
    """The acting unit and the counts of ``k`` new issues (``arrival.add_issues``).

    Issue ``j`` (in the unit of households ``lo[j] .. lo[j] + size[j] - 1``) affects
    ``households[owner == j]`` (``owner`` sorted); it is deliberated by
    :func:`smallest_common_level` of them, or the ``lowest_level`` if that is larger.
    Returns (acting level, acting unit, acting size, centre, grid, households affected).
    """
    common = smallest_common_level(unit_of, households, owner, k)
    level = np.empty(k, dtype=np.int8)
    unit = np.empty(k, dtype=np.int64)
    acting_size = np.empty(k, dtype=np.int64)
    centre = np.empty(k, dtype=np.int64)
    grid = np.empty(k, dtype=np.int64)
    n_affected = np.zeros(k, dtype=np.int64)
    first = np.full(k, -1, dtype=np.int64)
    for r in range(len(owner)):
        n_affected[owner[r]] += 1
        if first[owner[r]] < 0:
            first[owner[r]] = r
    for j in range(k):
        level[j] = max(common[j], lowest_level)
        unit[j] = unit_of[level[j], households[first[j]]]  # one affected household's
        acting_size[j] = flat_sizes[level_offset[level[j]] + unit[j]]
        centre[j] = lo[j] + size[j] // 2
        grid[j] = grid_of[centre[j]]
    return level, unit, acting_size, centre, grid, n_affected


@jit
def append_issues(
    n,
    n_pairs,
    households,
    owner,
    stake,
    columns,
    pair_columns,
    values,
    codes,
):
    """Write new issues from row ``n`` of the issue book (``IssueBook.append``).

    Their affected rows go from row ``n_pairs`` of the pair table; the columns must have room
    (the book grows them).

    ``columns`` are the book's arrays (level, unit, acting_level, acting_unit, acting_size,
    kind, severity, standardisation, grid, centre, created, raised, resolved, channel, route,
    status, n_affected, stake_sum, pair_start, pair_end), ``pair_columns`` its pair table
    (issue, household, stake, acted), ``values`` the new issues' (level, unit, kind,
    severity, standardisation) with the acting columns of :func:`new_issue_columns`, and
    ``codes`` (week, week raised, channel, route, status). Issue ``j`` owns the rows of
    ``households`` where ``owner == j`` (``owner`` sorted), with their ``stake``.
    """
    (
        c_level,
        c_unit,
        c_acting_level,
        c_acting_unit,
        c_acting_size,
        c_kind,
        c_severity,
        c_standard,
        c_grid,
        c_centre,
        c_created,
        c_raised,
        c_resolved,
        c_channel,
        c_route,
        c_status,
        c_n_affected,
        c_stake_sum,
        c_pair_start,
        c_pair_end,
    ) = columns
    p_issue, p_household, p_stake, p_acted = pair_columns
    level, unit, kind, severity, standard, acting = values
    acting_level, acting_unit, acting_size, centre, grid, n_affected = acting
    week, raised, channel, route, status = codes
    k = len(level)
    stake_sum = np.zeros(k)
    for r in range(len(owner)):  # in row order, as np.bincount adds
        stake_sum[owner[r]] += stake[r]
    end = n_pairs
    for j in range(k):
        i = n + j
        c_level[i] = level[j]
        c_unit[i] = unit[j]
        c_acting_level[i] = acting_level[j]
        c_acting_unit[i] = acting_unit[j]
        c_acting_size[i] = acting_size[j]
        c_kind[i] = kind[j]
        c_severity[i] = severity[j]
        c_standard[i] = standard[j]
        c_grid[i] = grid[j]
        c_centre[i] = centre[j]
        c_created[i] = week
        c_raised[i] = raised
        c_resolved[i] = -1
        c_channel[i] = channel
        c_route[i] = route
        c_status[i] = status
        c_n_affected[i] = n_affected[j]
        c_stake_sum[i] = stake_sum[j]
        c_pair_start[i] = end
        end += n_affected[j]
        c_pair_end[i] = end
    for r in range(len(households)):
        p_issue[n_pairs + r] = n + owner[r]
        p_household[n_pairs + r] = households[r]
        p_stake[n_pairs + r] = stake[r]
        p_acted[n_pairs + r] = False
