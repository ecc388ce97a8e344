import numpy as np
import pytest

from microgov_sim.model import kernels
from microgov_sim.model.network import build_network
from microgov_sim.model.structure import build_neighbourhood
from microgov_sim.model.ties import TieStrengths


def test_lazy_drift_equals_eager_update():
    rng = np.random.default_rng(0)
    nb = build_neighbourhood(400, 12, 3, 4, 3, 100, rng)
    net = build_network(nb, 0.08, 0.01, 0.5, 0.0, rng)
    e = net.n_edges
    baseline = np.where(net.kind == 0, 0.3, 0.1)
    start = rng.random(e)
    lazy = TieStrengths(net.src, net.dst, net.same_building, net.incidence, baseline, start, 0.05)
    eager = start.copy()
    for step in range(200):
        eager += 0.05 * (baseline - eager)
        lazy.tick()
        edges = rng.choice(e, size=30, replace=False)
        if step % 3 == 0:
            eager[edges] += 0.2 * (1 - eager[edges])
            lazy.grow(edges, 0.2)
        elif step % 3 == 1:
            eager[edges] -= 0.1 * eager[edges]
            lazy.erode(edges, 0.1)
        else:
            eager[edges] = 0.0
            lazy.set(edges, np.zeros(30))
        if step == 120:  # a policy change of the drift rule mid-run
            baseline = np.where(net.kind == 0, 0.5, 0.2)
            lazy.set_rule(baseline, 0.05)
    assert np.allclose(lazy.values(), eager, atol=1e-12)
    node = np.bincount(net.src, eager, 400) + np.bincount(net.dst, eager, 400)
    assert np.allclose(lazy.node_sum, node, atol=1e-9)
    assert lazy.within_sum == pytest.approx(eager[net.same_building].sum(), abs=1e-9)
    assert lazy.total_sum == pytest.approx(eager.sum(), abs=1e-9)


def test_all_tie_values_are_the_values_of_every_tie_in_order():
    rng = np.random.default_rng(4)
    baseline, stored = rng.random(50), rng.random(50)
    stamp = rng.integers(0, 7, 50)
    decay = 0.9 ** np.arange(10)
    every = kernels.all_tie_values(baseline, stored, stamp, decay, 7)
    np.testing.assert_array_equal(
        every, kernels.tie_values(np.arange(50), baseline, stored, stamp, decay, 7)
    )
    np.testing.assert_array_equal(every, baseline + (stored - baseline) * decay[7 - stamp])
