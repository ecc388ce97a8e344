"""Tie strengths with lazy drift: per-step cost independent of the number of ties.

Every tie drifts toward its baseline by the same linear rule each step,
``w <- w + d * (b - w)``, so after ``k`` steps without events
``w = b + (w0 - b) * (1 - d) ** k``. Each tie stores its value at the step it was last
touched and is evaluated on demand; the sums the model needs every step (per household, inside
buildings, over all ties) follow the same linear rule and are updated in O(households).
Events (joint action, failure, a household moving out) set new values on a few ties and adjust
the sums by the difference. This is exact, not an approximation: the tests compare it with
the eager update.

Imports numpy, scipy and :mod:`microgov_sim.model.kernels` only.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from . import kernels

_NONE = np.zeros(0)  # no values: growing and eroding compute them


def within_total(values: np.ndarray, within: np.ndarray) -> float:
    """``Σ values`` over the ties inside a building (``within`` 1.0, else 0.0).

    numpy's pairwise sum of the products, not a BLAS dot: a BLAS dot splits a long vector
    between its threads, so its last bits would depend on how many threads the process has
    (one in the engines' workers, the machine's cores in a serial run).
    """
    return float(np.sum(values * within))


class TieStrengths:
    """Strengths of undirected ties ``src[e] - dst[e]``, drifting toward ``baseline``."""

    def __init__(
        self,
        src: np.ndarray,
        dst: np.ndarray,
        within: np.ndarray,
        incidence: sp.csr_matrix,
        baseline: np.ndarray,
        initial: np.ndarray,
        drift: float,
    ):
        self.src, self.dst = src, dst
        self.within = within.astype(np.float64)  # 1.0 for ties inside a building
        self.incidence = incidence
        self.n = incidence.shape[0]
        self.clock = 0
        self.stored = np.asarray(initial, dtype=np.float64).copy()
        self.stamp = np.zeros(len(src), dtype=np.int64)
        self.set_rule(baseline, drift)

    # -- the drift rule -----------------------------------------------------------------
    def set_rule(self, baseline: np.ndarray, drift: float) -> None:
        """Change baselines or drift rate (from now on); values so far are kept."""
        if hasattr(self, "baseline"):
            self.materialise()
        self.baseline = np.asarray(baseline, dtype=np.float64)
        self.drift = float(drift)
        self._decay = np.ones(1)  # (1 - drift) ** k for k = 0 .. clock, grown on demand
        self._node_baseline = self.incidence @ self.baseline
        self._within_baseline = within_total(self.baseline, self.within)
        self._total_baseline = float(self.baseline.sum())
        self.recompute_sums()

    def materialise(self) -> None:
        """Bring every stored value up to date (after this, ``stored`` is exact)."""
        self.stored = self.values()
        self.stamp[:] = self.clock

    def recompute_sums(self) -> None:
        """Recompute the running sums exactly from the ties (guards float accumulation)."""
        w = self.values()
        self.node_sum = self.incidence @ w
        self.within_sum = within_total(w, self.within)
        self.total_sum = float(w.sum())

    def tick(self) -> None:
        """Advance one step of drift."""
        d = self.drift
        self.clock += 1
        self.node_sum += d * (self._node_baseline - self.node_sum)
        self.within_sum += d * (self._within_baseline - self.within_sum)
        self.total_sum += d * (self._total_baseline - self.total_sum)
        if self.clock % 64 == 0:
            self.recompute_sums()

    # -- reading and writing --------------------------------------------------------------
    def decay_table(self) -> np.ndarray:
        """``(1 - drift) ** k`` for ``k = 0 .. clock`` at least (the same numbers as the power)."""
        if self.clock >= len(self._decay):
            self._decay = (1.0 - self.drift) ** np.arange(2 * self.clock + 64)
        return self._decay

    def values(self, edges: np.ndarray | None = None) -> np.ndarray:
        """Current strengths of ``edges`` (all ties if None): ``kernels.tie_value``."""
        ties = (self.baseline, self.stored, self.stamp, self.decay_table(), self.clock)
        if edges is None:
            return kernels.all_tie_values(*ties)
        return kernels.tie_values(np.asarray(edges, np.int64), *ties)

    def set(self, edges: np.ndarray, new_values: np.ndarray) -> None:
        """Set the strengths of distinct ``edges`` to ``new_values`` now."""
        self._update(edges, 0.0, kernels.SET, np.asarray(new_values, dtype=np.float64))

    def grow(self, edges: np.ndarray, rate: float) -> None:
        """Strengthen distinct ``edges`` by ``rate`` of the gap to 1."""
        self._update(edges, rate, kernels.GROW)

    def erode(self, edges: np.ndarray, rate: float) -> None:
        """Weaken distinct ``edges`` by ``rate`` of their strength."""
        self._update(edges, rate, kernels.ERODE)

    def _update(
        self, edges: np.ndarray, rate: float, change: int, values: np.ndarray = _NONE
    ) -> None:
        if len(edges) == 0:
            return
        delta = kernels.tie_update(
            edges,
            float(rate),
            change,
            values,
            self.baseline,
            self.stored,
            self.stamp,
            self.decay_table(),
            self.clock,
            self.src,
            self.dst,
            self.node_sum,
        )
        self.within_sum += within_total(delta, self.within[edges])
        self.total_sum += float(delta.sum())
