"""Raising and routing (ODD 7.4): channels notice new issues, routing sends them on.

Each raised issue goes to self-governance (the agenda) or to administration; an issue whose
acting unit is larger than the largest self-governing body (``self_governance_top``) always
goes to administration.

Imports numpy and :mod:`microgov_sim.model` modules only:
issues, params, state, structure.
"""

from __future__ import annotations

import numpy as np

from ..issues import Channel, Status
from ..params import UNIT_SCALES
from ..state import CommunityState
from ..structure import BUILDING


def raise_issues(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """Raise new issues through the first channel that fires, then route them.

    Returns the number raised.
    """
    hh, iss = s.households, s.issues
    new = iss.open_with_status(Status.NEW)
    if len(new) == 0:
        return 0
    rows = iss.pairs_of(new)
    who = iss.pair_household[rows]
    owner = np.searchsorted(new, iss.pair_issue[rows])
    w = hh.willingness[who]

    def channel_chance(per_resident: np.ndarray) -> np.ndarray:
        log_miss = np.log1p(-np.minimum(per_resident, 1 - 1e-12))
        return 1.0 - np.exp(np.bincount(owner, weights=log_miss, minlength=len(new)))

    committee_free = s.admin.committee_free_share
    chance = {
        Channel.GRID_OFFICER: p.officer_detect_chance * s.admin.grid_coverage[iss.grid[new]],
        Channel.ELITE: elite_notice_chance(s, p, new),
        Channel.PARTY: channel_chance(hh.party[who] * p.party_wish_chance * p.party_embedding),
        Channel.ONLINE: channel_chance(hh.online[who] * p.online_voice_chance * w),
        Channel.COMMITTEE: channel_chance(p.committee_report_chance * w * committee_free),
    }
    channel = np.full(len(new), Channel.NONE, dtype=np.int8)
    for ch, c in chance.items():  # the first channel that fires, in this order
        fire = (channel == Channel.NONE) & (rng.random(len(new)) < c)
        channel[fire] = ch
    raised = channel != Channel.NONE
    ids = new[raised]
    iss.cols["channel"][ids] = channel[raised]
    iss.cols["raised"][ids] = week
    # Routing: grid detections go to disposal unless the officer works in support mode;
    # other issues are taken over with admin_penetration or requested by dependent residents.
    mean_dep = np.bincount(owner, weights=hh.dependency[who], minlength=len(new))
    mean_dep = mean_dep / np.maximum(iss.n_affected[new], 1)
    control = p.admin_penetration * (1.0 - p.admin_support_share)
    to_admin_chance = np.where(
        channel == Channel.GRID_OFFICER,
        1.0 - p.admin_support_share,
        1.0 - (1.0 - control) * (1.0 - p.dependency_request_weight * mean_dep),
    )
    to_admin = rng.random(len(new)) < to_admin_chance
    # Above the largest self-governing body the committee and government take the issue.
    to_admin |= iss.acting_level[new] > UNIT_SCALES.index(p.self_governance_top)
    iss.cols["status"][new[raised & to_admin]] = Status.ADMIN
    iss.cols["status"][new[raised & ~to_admin]] = Status.AGENDA
    return int(raised.sum())


def elite_notice_chance(s: CommunityState, p, ids: np.ndarray) -> np.ndarray:
    """Chance that the active elites covering each issue's unit raise it.

    An issue is covered by the elites of the building at its centre.
    """
    effort = s.units.elite_effort[s.neighbourhood.unit_of[BUILDING, s.issues.centre[ids]]]
    return 1.0 - (1.0 - p.elite_notice_chance) ** effort
