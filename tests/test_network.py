import networkx as nx
import numpy as np

from microgov_sim.model import kernels
from microgov_sim.model.network import (
    KIND_DOORWAY,
    KIND_RING,
    RING_REACH,
    _canonical,
    build_network,
    clique_pairs,
    rewire,
    to_networkx,
)
from microgov_sim.model.structure import BUILDING, DOORWAY, build_neighbourhood


def make(rewiring=0.0, seed=1, n=1500, layout="nested"):
    rng = np.random.default_rng(seed)
    nb = build_neighbourhood(n, 12, 3, 4, 3, 100, rng)
    return nb, build_network(nb, 0.08, 0.01, 0.5, rewiring, rng, layout=layout)


def test_ring_layout_links_nearby_doorways_with_wide_bridges():
    nb, nested = make(seed=4)
    _, ring = make(seed=4, layout="ring")
    # the same doorway cliques and about as many ties in all (same expected count)
    assert (ring.kind == KIND_DOORWAY).sum() == (nested.kind == KIND_DOORWAY).sum()
    assert abs(ring.n_edges - nested.n_edges) < 0.05 * nested.n_edges
    on_ring = ring.kind == KIND_RING
    door = nb.unit_of[DOORWAY]
    n_doorways = door.max() + 1
    gap = np.abs(door[ring.src[on_ring]] - door[ring.dst[on_ring]])
    gap = np.minimum(gap, n_doorways - gap)  # distance along the ring
    assert set(np.unique(gap).tolist()) == set(range(1, RING_REACH + 1))

    # neighbouring doorways share many ties: far more of them than in the nested layout
    def widest(net, keep):
        a, b = door[net.src[keep]], door[net.dst[keep]]
        pairs = np.minimum(a, b) * n_doorways + np.maximum(a, b)
        return np.bincount(pairs).max(), len(np.unique(pairs))

    outside = nested.kind != KIND_DOORWAY
    assert widest(ring, on_ring)[1] <= RING_REACH * n_doorways
    assert widest(ring, on_ring)[1] < widest(nested, outside)[1] / 2


def test_clique_pairs_are_all_pairs_in_each_range():
    src, dst = clique_pairs(np.array([0, 3, 4, 7]))
    assert set(zip(src.tolist(), dst.tolist(), strict=True)) == {
        (0, 1),
        (0, 2),
        (1, 2),
        (4, 5),
        (4, 6),
        (5, 6),
    }


def test_doorways_are_complete_and_edges_canonical():
    nb, net = make()
    assert (net.src < net.dst).all()
    keys = net.src * nb.n_households + net.dst
    assert len(np.unique(keys)) == len(keys)
    sizes = nb.unit_sizes(DOORWAY)
    assert (net.kind == KIND_DOORWAY).sum() == (sizes * (sizes - 1) // 2).sum()


def test_dense_inside_buildings_sparse_across():
    nb, net = make()
    same = net.same_building
    pairs_in = (nb.unit_sizes(BUILDING) * (nb.unit_sizes(BUILDING) - 1) / 2).sum()
    pairs_all = nb.n_households * (nb.n_households - 1) / 2
    density_in = same.sum() / pairs_in
    density_across = (~same).sum() / (pairs_all - pairs_in)
    assert density_in > 50 * density_across
    assert (~same).sum() > 0  # some bridging ties exist


def test_csr_matches_edge_list():
    nb, net = make()
    g = to_networkx(net)
    assert g.number_of_edges() == net.n_edges
    assert np.array_equal(net.degree(), np.array([d for _, d in sorted(g.degree())]))
    rows = np.repeat(np.arange(nb.n_households), net.degree())
    assert np.array_equal(rows, net.row_of_entry)


def test_rewiring_keeps_degrees_and_destroys_clustering():
    _, clustered = make(0.0)
    _, randomised = make(1.0)
    assert abs(clustered.degree().mean() - randomised.degree().mean()) < 0.5
    c1 = nx.average_clustering(to_networkx(clustered))
    c2 = nx.average_clustering(to_networkx(randomised))
    assert c1 > 0.4
    assert c2 < 0.05


def test_rewire_preserves_endpoint_multiset():
    a = np.arange(10)
    b = np.arange(10, 20)
    a2, b2 = rewire(a, b, 1.0, np.random.default_rng(0))
    assert np.array_equal(a, a2)
    assert sorted(b2) == sorted(b)


def test_network_is_determined_by_rng():
    _, n1 = make(seed=3)
    _, n2 = make(seed=3)
    _, n3 = make(seed=4)
    assert np.array_equal(n1.src, n2.src)
    assert np.array_equal(n1.dst, n2.dst)
    assert not (len(n1.src) == len(n3.src) and np.array_equal(n1.src, n3.src))


def test_subgraph_export_has_strengths():
    _, net = make()
    g = to_networkx(net, np.full(net.n_edges, 0.25), nodes=np.arange(30))
    assert g.number_of_nodes() == 30
    assert all(d["strength"] == 0.25 for *_, d in g.edges(data=True))


def lexsort_index(src, dst):
    """The CSR entries in (row, column) order as ``np.lexsort`` gives them (test oracle)."""
    e = len(src)
    rows, cols = np.concatenate((src, dst)), np.concatenate((dst, src))
    order = np.lexsort((cols, rows))
    return rows[order], cols[order], np.concatenate((np.arange(e), np.arange(e)))[order]


def lexsort_canonical(a, b, kind):
    """Edges oriented, without self-loops and duplicates, closest kind kept (test oracle)."""
    keep = a != b
    a, b, kind = a[keep], b[keep], kind[keep]
    src, dst = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((kind, dst, src))
    src, dst, kind = src[order], dst[order], kind[order]
    first = np.ones(len(src), dtype=bool)
    first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    return src[first], dst[first], kind[first]


def test_the_index_and_canonical_edges_are_those_of_sorting():
    rng = np.random.default_rng(3)
    n = 60
    a, b = rng.integers(0, n, 400), rng.integers(0, n, 400)  # loops, duplicates, both ways
    kind = rng.integers(0, 5, 400).astype(np.int8)
    src, dst, k = _canonical(a, b, kind, n)
    for got, want in zip((src, dst, k), lexsort_canonical(a, b, kind), strict=True):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    indptr, cols, edge = kernels.symmetric_csr(src, dst, n)
    rows, want_cols, want_edge = lexsort_index(src, dst)
    np.testing.assert_array_equal(cols, want_cols)
    np.testing.assert_array_equal(edge, want_edge)
    np.testing.assert_array_equal(indptr, np.r_[0, np.cumsum(np.bincount(rows, minlength=n))])
    _, net = make(seed=2, n=800, rewiring=0.1)
    assert (np.diff(net.adjacency.indices) > 0)[np.diff(net.row_of_entry) == 0].all()
    for i in (0, 1, 400, 799):  # each row holds its household's ties, both ways
        own = (net.src == i) | (net.dst == i)
        want = np.sort(np.where(net.src[own] == i, net.dst[own], net.src[own]))
        lo, hi = net.adjacency.indptr[i], net.adjacency.indptr[i + 1]
        np.testing.assert_array_equal(net.adjacency.indices[lo:hi], want)
