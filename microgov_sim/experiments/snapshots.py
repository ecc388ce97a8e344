"""What a figure or a check needs from a model's community, as plain arrays.

Analysis never builds a model: a figure of the network draws a :class:`NetworkSnapshot`,
which this module takes from a live model (:func:`take_snapshot`, the explorer) or from a
saved run replayed with its parameters, timeline and seed (:func:`final_snapshots`, the
comparison report). It is the one place outside the model that reads the community's
state (``neighbourhood``, ``households``, ``network``, ``tie_strength``), so a change of the
state's layout is adapted here only. (The explorer reads the model's parameters, week and
DataCollector table, which are the Mesa side, not the state.)

May import :mod:`microgov_sim.model` and the rest of :mod:`microgov_sim.experiments`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..model.model import MicroGovModel
from ..model.structure import LEVELS
from .results import Results
from .spinups import load, spinup_folder, spinup_key, spinup_weeks

DOORWAY_GAP = 1.5  # columns between the last doorway of a building and the next building
STACK_OFFSET = 0.35  # every second household of a doorway is shifted right by this much


@dataclass(frozen=True)
class NetworkSnapshot:
    """The households of the first buildings and their ties at one step, ready to draw.

    Positions come from the nested structure (no spring layout): buildings side by side,
    doorways as columns, households stacked two abreast. With ``m`` households and ``e``
    ties among them:

    * ``positions``: ``(m, 2)`` x and y of each household;
    * ``participation``: ``(m,)`` 1.0 if the household took part within the participation
      window, else 0.0; ``trust``: ``(m,)`` its trust in 0..1;
    * ``edges``: ``(e, 2)`` rows into ``positions``, one per tie with both ends shown;
      ``strength``: ``(e,)`` each tie's strength in 0..1.
    """

    positions: np.ndarray
    participation: np.ndarray
    trust: np.ndarray
    edges: np.ndarray
    strength: np.ndarray
    n_buildings: int
    step: int

    @property
    def segments(self) -> np.ndarray:
        """``(e, 2, 2)``: the two end points of every tie."""
        return self.positions[self.edges]


def take_snapshot(model: MicroGovModel, n_buildings: int = 4) -> NetworkSnapshot:
    """The households of the first ``n_buildings`` buildings of ``model`` and their ties."""
    nb, hh = model.neighbourhood, model.households
    building = nb.unit_of[LEVELS.index("building")]
    doorway = nb.unit_of[LEVELS.index("doorway")]
    members = np.flatnonzero(building < n_buildings)
    pos = np.zeros((nb.n_households, 2))
    for b in range(n_buildings):
        in_b = members[building[members] == b]
        doors = np.unique(doorway[in_b])
        for j, d in enumerate(doors):
            homes = in_b[doorway[in_b] == d]
            k = np.arange(len(homes))
            pos[homes, 0] = b * (len(doors) + DOORWAY_GAP) + j + STACK_OFFSET * (k % 2)
            pos[homes, 1] = k // 2
    row = np.full(nb.n_households, -1)
    row[members] = np.arange(len(members))
    net = model.network
    keep = (row[net.src] >= 0) & (row[net.dst] >= 0)
    recent = hh.last_active[members] > model.week - model.p.participation_window
    return NetworkSnapshot(
        positions=pos[members],
        participation=recent.astype(float),
        trust=hh.trust[members],
        edges=np.stack([row[net.src[keep]], row[net.dst[keep]]], axis=1),
        strength=model.tie_strength[keep],
        n_buildings=n_buildings,
        step=int(model.week),
    )


def replay(results: Results, scenario: str, replication: int = 0) -> MicroGovModel:
    """Re-run one saved run (same parameters, timeline and seed) and return its model.

    A run that spun up starts from the same spin-up: the saved one if the folder holds it,
    else computed again under the parameters the points table records for it.
    """
    row = results.points[results.points["scenario"] == scenario].iloc[0]
    timeline = {int(k): v for k, v in json.loads(row.get("timeline") or "{}").items()}
    runs = results.runs
    saved = runs[(runs["scenario"] == scenario) & (runs["replication"] == replication)]
    # the run's own seed (a point may shift its seeds: Point.first_replication)
    seed = int(saved["seed"].iloc[0]) if len(saved) else results.metadata["seeds"][replication]
    params = json.loads(row["params"])
    start = {}
    if under := row.get("spinup_params"):
        under = json.loads(under)
        key = spinup_key(under, seed, spinup_weeks(params))
        path = spinup_folder(results.path) / f"{key}.npz"
        start = {"spinup_params": under, "spinup": load(path, results.metadata.get("fingerprint"))}
    model = MicroGovModel(rng=seed, policy_timeline=timeline, **start, **params)
    model.run_for(int(row["steps"]))
    return model


def final_snapshots(
    results: Results, scenarios, replication: int = 0, n_buildings: int = 4
) -> dict[str, NetworkSnapshot]:
    """Each scenario's network at the end of its run ``replication``, replayed from its seed."""
    return {
        name: take_snapshot(replay(results, name, replication), n_buildings) for name in scenarios
    }


def doorway_network(model: MicroGovModel) -> tuple[sp.csr_matrix, np.ndarray]:
    """The whole community's ties (symmetric CSR adjacency) and each household's doorway."""
    return model.network.adjacency, model.neighbourhood.unit_of[LEVELS.index("doorway")]
