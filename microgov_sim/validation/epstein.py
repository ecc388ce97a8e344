"""Docking with Epstein's (2002) civil violence Model I: punctuated outbursts and legitimacy.

Epstein's citizens rebel when grievance, ``G = H (1 - L)`` (hardship ``H`` ~ U(0, 1) times
the regime's illegitimacy), exceeds their net risk ``R P`` (risk aversion ``R`` ~ U(0, 1)
times the estimated arrest probability ``P = 1 - exp(-k round(C / (A + 1)))`` from the cops
``C`` and the active citizens ``A`` within vision) by more than a threshold ``T``; cops arrest
an active citizen in their vision, jailing them for ``U{0 .. J}`` steps; everybody moves to a
random empty cell in vision. Its published results (Epstein 2002, PNAS 99 suppl. 3, runs of
Model I): with legitimacy fixed, long quiet spells are broken by sudden outbursts
("punctuated equilibrium"), and less legitimacy means more rebellion.

:func:`civil_violence` is this package's implementation of the rules: the random sequential
activation of Mesa's reference implementation (``mesa.examples.advanced.
epstein_civil_violence``, whose defaults :data:`EPSTEIN` copies: 40 x 40 torus, von Neumann
vision 7, densities 0.7 and 0.074, ``T`` 0.1, ``k`` 2.3, ``J`` 1,000, including its rounding
of ``C / (A + 1)``), compiled with numba, its random draws made by numpy per step.
:func:`mesa_civil_violence` runs Mesa's own model. The docking (Axtell, Axelrod, Epstein &
Cohen 1996) is at two levels. The rules: in a state Mesa's model reached, every citizen's
view and decision by this package's kernels equal Mesa's (``tests/test_epstein.py``, exact).
The runs (:func:`docking`, full version): the same statistics over seeds, compared by
Mann-Whitney's test as docking studies do (Wilensky & Rand 2007), with the difference it
would detect reported beside it, since failing to reject with few of Mesa's slow runs is
weak evidence on its own. Where Epstein's text leaves a choice open, this implementation
makes Mesa's: jailed citizens stay on their cell (blocking it) and see nothing, citizens
have the cops' vision. May import numpy, numba, Mesa and the rest of
:mod:`microgov_sim.validation`.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Iterator
from typing import NamedTuple

import numba
import numpy as np

EPSTEIN = {
    "width": 40,
    "height": 40,
    "citizen_density": 0.7,
    "cop_density": 0.074,
    "vision": 7,
    "legitimacy": 0.8,
    "max_jail_term": 1000,
    "active_threshold": 0.1,
    "arrest_prob_constant": 2.3,
}
ACTIVE, QUIET, ARRESTED = 1, 2, 3  # Mesa's CitizenState values
OUTBURST = 50  # active citizens (of about 1,120) that make an outburst


def von_neumann(radius: int) -> np.ndarray:
    """Offsets ``(dx, dy)`` with ``1 <= |dx| + |dy| <= radius``."""
    return np.array(
        [
            (dx, dy)
            for dx in range(-radius, radius + 1)
            for dy in range(-radius, radius + 1)
            if 0 < abs(dx) + abs(dy) <= radius
        ],
        dtype=np.int64,
    )


@numba.njit(cache=True)
def look(grid, x, y, cop, state, a, offsets, empties, actives):
    """The empty cells, active citizens and cops agent ``a`` sees: their counts.

    The empty cells go into ``empties`` (as flat cell numbers), the active citizens into
    ``actives``.
    """
    height, width = grid.shape
    n_empty = n_active = n_cops = 0
    for j in range(offsets.shape[0]):
        cx = (x[a] + offsets[j, 0]) % width
        cy = (y[a] + offsets[j, 1]) % height
        other = grid[cy, cx]
        if other < 0:
            empties[n_empty] = cy * width + cx
            n_empty += 1
        elif cop[other]:
            n_cops += 1
        elif state[other] == ACTIVE:
            actives[n_active] = other
            n_active += 1
    return n_empty, n_active, n_cops


@numba.njit(cache=True)
def rebels(hardship, risk, n_cops, n_active, legitimacy, threshold, k):
    """Epstein's rule: whether grievance minus net risk exceeds the threshold.

    The citizen counts herself among the actives; ``C / (A + 1)`` is rounded half to even,
    as Mesa's ``round`` does.
    """
    p = 1.0 - math.exp(-k * np.round(n_cops / (n_active + 1.0)))
    return hardship * (1.0 - legitimacy) - risk * p > threshold


@numba.njit(cache=True)
def _step(grid, x, y, cop, hardship, risk, state, jail, order, u_move, u_arrest, terms, offsets,
          legitimacy, threshold, k):  # fmt: skip
    """One step: every agent in ``order`` acts once (Mesa's ``shuffle_do``)."""
    width = grid.shape[1]
    empties = np.empty(offsets.shape[0], np.int64)
    actives = np.empty(offsets.shape[0], np.int64)
    for a in order:
        if not cop[a] and jail[a] > 0:  # jailed: serves a step, stays put
            jail[a] -= 1
            continue
        n_empty, n_active, n_cops = look(grid, x, y, cop, state, a, offsets, empties, actives)
        if cop[a]:
            if n_active > 0:
                arrestee = actives[int(u_arrest[a] * n_active)]
                jail[arrestee] = terms[a]
                state[arrestee] = ARRESTED
        elif rebels(hardship[a], risk[a], n_cops, n_active, legitimacy, threshold, k):
            state[a] = ACTIVE
        else:
            state[a] = QUIET
        if n_empty > 0:
            cell = empties[int(u_move[a] * n_empty)]
            grid[y[a], x[a]] = -1
            y[a], x[a] = cell // width, cell % width
            grid[y[a], x[a]] = a


class Agents(NamedTuple):
    """The state of a run: the grid of agent numbers (-1: empty) and each agent's arrays."""

    grid: np.ndarray
    x: np.ndarray
    y: np.ndarray
    cop: np.ndarray
    hardship: np.ndarray
    risk: np.ndarray
    state: np.ndarray
    jail: np.ndarray


def simulate(seed: int, steps: int, **params) -> Iterator[Agents]:
    """The state after each of ``steps`` steps (the same arrays, changed in place)."""
    p = {**EPSTEIN, **params}
    rng = np.random.default_rng(seed)
    height, width = p["height"], p["width"]
    u = rng.random(height * width)  # each cell: citizen, cop or empty, as Mesa draws them
    citizen = u < p["citizen_density"]
    is_cop = ~citizen & (u < p["citizen_density"] + p["cop_density"])
    cells = np.flatnonzero(citizen | is_cop)
    n = cells.size
    grid = np.full((height, width), -1, np.int64)
    grid.flat[cells] = np.arange(n)
    hardship, risk = rng.random(n), rng.random(n)
    agents = Agents(
        grid, cells % width, cells // width, is_cop[cells], hardship, risk,
        np.full(n, QUIET, np.int64), np.zeros(n, np.int64),
    )  # fmt: skip
    offsets = von_neumann(p["vision"])
    rule = p["legitimacy"], p["active_threshold"], p["arrest_prob_constant"]
    for _ in range(steps):
        order = rng.permutation(n)
        u_move, u_arrest = rng.random(n), rng.random(n)
        terms = rng.integers(0, p["max_jail_term"] + 1, n)
        _step(*agents, order, u_move, u_arrest, terms, offsets, *rule)
        yield agents


def civil_violence(seed: int, steps: int, **params) -> np.ndarray:
    """Active citizens after each of ``steps`` steps, by this package's implementation."""
    return np.array(
        [np.count_nonzero((a.state == ACTIVE) & ~a.cop) for a in simulate(seed, steps, **params)],
        dtype=np.int64,
    )


def mesa_civil_violence(seed: int, steps: int, **params) -> np.ndarray:
    """Active citizens after each of ``steps`` steps, by Mesa's reference implementation."""
    from mesa.examples.advanced.epstein_civil_violence import model as mesa_model

    p = {**EPSTEIN, **params}
    scenario = mesa_model.EpsteinScenario(
        rng=seed,
        citizen_density=p["citizen_density"],
        cop_density=p["cop_density"],
        citizen_vision=p["vision"],
        cop_vision=p["vision"],
        legitimacy=p["legitimacy"],
        max_jail_term=p["max_jail_term"],
        active_threshold=p["active_threshold"],
        arrest_prob_constant=p["arrest_prob_constant"],
        max_iters=steps + 1,
    )
    model = mesa_model.EpsteinCivilViolence(p["width"], p["height"], scenario=scenario)
    counts = np.empty(steps, np.int64)
    for t in range(steps):
        model.step()
        counts[t] = model.ACTIVE
    return counts


def outbursts(counts: np.ndarray, level: int = OUTBURST) -> int:
    """Outbursts: the times the active count rises above ``level`` from at or below it."""
    above = np.asarray(counts) > level
    return int(np.count_nonzero(above[1:] & ~above[:-1]) + above[0])


#: The regime of Epstein's punctuated equilibrium: NetLogo's Rebellion model's defaults
#: (Wilensky 2004: cops 4%, citizens 70%, vision 7, legitimacy 0.82, longest jail term 30),
#: Mesa's defaults otherwise. With Mesa's own defaults (cops 7.4%, jail up to 1,000 steps)
#: the jailed pile up and fewer than 30 citizens are ever active at once.
REBELLION = {"cop_density": 0.04, "max_jail_term": 30}
LEGITIMACY = (0.9, 0.82, 0.7)
PUNCTUATED = 0.82
BURN_IN = 50  # steps left out of every statistic
QUIET_LEVEL = 11  # a quiet step: at most 1% of about 1,120 citizens active
#: (seeds, steps) of this package's runs and of Mesa's (Mesa only in the full version: at
#: about 40 ms a step, 6 runs of 800 steps cost about 3 minutes).
SIZES = {"quick": ((4, 500), (0, 0)), "full": ((10, 800), (6, 800))}


def _run(job: tuple[str, int, int, float]) -> np.ndarray:
    """One run: (implementation, seed, steps, legitimacy) -> active counts."""
    implementation, seed, steps, legitimacy = job
    run = civil_violence if implementation == "ours" else mesa_civil_violence
    return run(seed, steps, legitimacy=legitimacy, **REBELLION)


def run_all(jobs: list[tuple[str, int, int, float]], workers: int) -> list[np.ndarray]:
    """The runs of ``jobs``, on ``workers`` processes (which end with this process)."""
    from ..experiments.engines import main_is_importable
    from ..experiments.process_pool import _process_context, die_with_main

    if workers <= 1 or len(jobs) <= 1 or not main_is_importable():  # stdin: workers can't start
        return [_run(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        workers, mp_context=_process_context(), initializer=die_with_main, initargs=(os.getpid(),)
    ) as pool:
        return list(pool.map(_run, jobs))


def run_statistics(counts: np.ndarray) -> dict[str, float]:
    """A run's mean active count, outbursts per 1,000 steps and share of quiet steps."""
    tail = np.asarray(counts)[BURN_IN:]
    return {
        "mean actives": float(tail.mean()),
        "outbursts per 1,000 steps": 1000.0 * outbursts(tail) / tail.size,
        "share of quiet steps": float(np.mean(tail <= QUIET_LEVEL)),
    }


def docking(
    mode: str, seeds: list[int], series: dict | None = None, workers: int = 1
) -> list[dict]:
    """Epstein's published patterns by this package's implementation, and docking.

    The docking with Mesa's implementation at the punctuated equilibrium runs in the full
    version only. ``series`` gets each legitimacy's active counts of the first seed. The runs
    go to ``workers`` processes, Mesa's (the slow ones) first.
    """
    from scipy import stats

    from .statistics import UP, row

    (n_ours, steps), (n_mesa, mesa_steps) = SIZES[mode]
    exp = (
        "Epstein (2002) Model I, 40 x 40, cops 0.04, vision 7, jail up to 30 steps; "
        f"{n_ours} seeds x {steps} steps"
    )
    jobs = [("mesa", s, mesa_steps, PUNCTUATED) for s in seeds[:n_mesa]]
    jobs += [("ours", s, steps, lg) for lg in LEGITIMACY for s in seeds[:n_ours]]
    done = run_all(jobs, workers)
    mesa_runs, ours_runs = done[:n_mesa], iter(done[n_mesa:])
    runs = {legitimacy: [next(ours_runs) for _ in seeds[:n_ours]] for legitimacy in LEGITIMACY}
    if series is not None:
        series.update({legitimacy: counts[0] for legitimacy, counts in runs.items()})
    ours = {legitimacy: [run_statistics(c) for c in counts] for legitimacy, counts in runs.items()}

    def values(legitimacy, key, runs=None):
        return np.array([r[key] for r in (runs or ours[legitimacy])])

    rows = [
        row(exp, f"punctuated at legitimacy {PUNCTUATED}: outbursts (> {OUTBURST} active) "
            "per 1,000 steps above 1", values(PUNCTUATED, "outbursts per 1,000 steps"), UP, 1),
        row(exp, f"punctuated at legitimacy {PUNCTUATED}: most steps quiet (share above 0.5)",
            values(PUNCTUATED, "share of quiet steps"), UP, 0.5),
    ]  # fmt: skip
    for high, low in itertools.pairwise(LEGITIMACY):
        rows.append(
            row(
                exp,
                f"less legitimacy, more rebellion: mean actives rise {high} -> {low}",
                values(low, "mean actives") - values(high, "mean actives"),  # same seeds
                UP,
            )
        )
    if n_mesa:
        mesa = [run_statistics(c) for c in mesa_runs]
        for key in mesa[0]:
            a, b = values(PUNCTUATED, key), values(PUNCTUATED, key, mesa)
            test = stats.ttest_ind(a, b, equal_var=False)
            low, high = test.confidence_interval()
            p = stats.mannwhitneyu(a, b).pvalue
            # the difference this test would find 4 times in 5 (normal approximation)
            detectable = 2.8 * math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
            rows.append(
                {
                    "experiment": f"docking with Mesa's implementation at legitimacy "
                    f"{PUNCTUATED}: {n_mesa} of its runs of {mesa_steps} steps",
                    "statistic": f"{key}: this package - Mesa (Mann-Whitney p above 0.05)",
                    "estimate": float(a.mean() - b.mean()),
                    "ci_low": float(low),
                    "ci_high": float(high),
                    "n": len(a) + len(b),
                    "holds": bool(p > 0.05),
                    "region": f"Mann-Whitney p {p:.2f}; Mesa's mean {b.mean():.3g}; it would "
                    f"detect a difference of about {detectable:.2g} (power 0.8)",
                }
            )
    return rows
