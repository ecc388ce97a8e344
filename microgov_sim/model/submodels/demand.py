"""Induced demand (ODD 7.3b): dependent households file trivial requests with government.

Seed 000 says that grid management "激发了政府大包大揽的保姆作风和居民个体的依赖性" (breeds the
nanny style of a government that takes everything on, and residents' dependency) and that
"政府没有降低行政成本的动力". Each week a household files a small request of its own -- a
blocked drain, a dead corridor light -- with the administrative line at a rate that grows with
its dependency ``d_i`` and with the reach of the line in its grid: an officer at hand, under a
policy of taking affairs over, makes asking cheap and worthwhile (supply-induced demand; Lipsky
1980: "demand for services tends to increase to meet supply"; Roemer's law of hospital beds).
A request is an issue of that household alone, trivial and standardised, that goes straight to
the administrative queue: it takes officers' capacity from shared affairs and costs a disposal
attempt each time it is tried (ODD 7.8), and its resolution is a controlling intervention that
feeds dependency, which closes the loop penetration -> dependency -> requests -> disposal work
and cost.

Imports numpy and :mod:`microgov_sim.model` modules only: issues, state, structure, and the
arrival submodel (which fills every issue column).
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..arrays import flat_float
from ..issues import TYPE_STANDARD, Channel, Route, Status
from ..state import CommunityState
from ..structure import LEVELS
from .arrival import add_issues

DOORWAY = LEVELS.index("doorway")
# What a household asks government to fix for it alone: sanitation (a blocked drain, rubbish
# left) and facility repair (a dead corridor light, a dripping pipe), the "鸡毛蒜皮" small
# matters of the hotlines. Both are standardised affairs (ODD 7.3's types 0 and 1).
REQUEST_KINDS = np.array([0, 1])
# Severity of a trivial request: Beta(1, 4), mean 0.2 (shared affairs: Beta(2, 3), mean 0.4).
REQUEST_SEVERITY = (1.0, 4.0)


def request_chance(request_rate: float, dependency: np.ndarray, reach: np.ndarray) -> np.ndarray:
    """Chance that each household files a request this week (ODD 7.3b).

    Requests arrive at the Poisson rate ``request_rate · d_i · r_i`` (dependency times the
    administrative reach of the household's grid); a household files at most one a week, so
    the chance is ``1 - exp(-request_rate · d_i · r_i)``.
    """
    shape, (d, r) = flat_float(dependency, reach)
    return kernels.request_chance_of(float(request_rate), d, r).reshape(shape)[()]


def request_reach(coverage: np.ndarray, p) -> np.ndarray:
    """Readiness of the administrative line to take a household's own matter over (0..1).

    ``coverage · τ · (1 - σ_s)``: an officer at hand (the grid's coverage), a takeover policy
    that takes affairs over rather than refer them back to residents (``officer_takeover``, the
    "大包大揽" of seed 000) and officers not in support mode. Penetration moves the first two
    together (the ``admin_penetration`` preset), so requests grow with its square.
    """
    coverage = np.asarray(coverage, dtype=np.float64)
    return kernels.request_reach_of(coverage, p.officer_takeover, p.admin_support_share)


def open_request_households(s: CommunityState) -> np.ndarray:
    """Households with a request still open (each request affects its one household)."""
    iss = s.issues
    ids = iss.open_ids[iss.cols["channel"][iss.open_ids] == Channel.REQUEST]
    return iss.pair_household[iss.cols["pair_start"][ids]]


def file_requests(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """Add this week's requests to the administrative queue; return how many were filed.

    A household with a request still open files no other (the open requests stay at most one
    per household). ``request_rate`` 0 draws no random numbers: the model before #16.
    """
    if p.request_rate <= 0.0:
        return 0
    hh, nb = s.households, s.neighbourhood
    chance = kernels.request_chances(  # request_chance at request_reach, 0 with one open
        p.request_rate,
        hh.dependency,
        nb.grid_of,
        s.admin.grid_coverage,
        p.officer_takeover,
        p.admin_support_share,
        open_request_households(s),
    )
    if not chance.any():  # nowhere within reach (no officer, or no takeover): nothing drawn
        return 0
    who = kernels.drawn(rng.random(s.n), chance)
    k = len(who)
    if k == 0:
        return 0
    doorway = nb.unit_of[DOORWAY, who]
    lo = nb.starts[DOORWAY][doorway]
    size = nb.starts[DOORWAY][doorway + 1] - lo
    kind = REQUEST_KINDS[(rng.random(k) * len(REQUEST_KINDS)).astype(np.int64)]
    severity = rng.beta(*REQUEST_SEVERITY, k)
    standard = np.clip(TYPE_STANDARD[kind] + rng.normal(0.0, 0.1, k), 0.0, 1.0)
    ids = add_issues(
        s,
        p,
        week,
        np.full(k, DOORWAY),
        doorway,
        lo,
        size,
        kind,
        severity,
        standard,
        who,
        np.arange(k),
        severity.copy(),
        status=Status.ADMIN,
    )
    s.issues.cols["channel"][ids] = Channel.REQUEST
    s.issues.cols["route"][ids] = Route.GOVERNMENT
    s.government.requests_filed += k
    return k
