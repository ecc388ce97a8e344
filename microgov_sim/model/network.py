"""The neighbourhood social network: acquaintance ties between dwellings.

Ties connect dwellings (households' homes). Their *structure* is drawn once from the nested
neighbourhood: every pair in a doorway is acquainted, pairs in one building (other doorways)
and one courtyard (other buildings) with small chances, plus a few bridging ties anywhere.
This is the "acquaintance effect" of small units in the source (熟人效应) and the clustered
networks of Centola (2010). Their *strength* belongs to the current occupants: it grows with
successful joint action, erodes with failure, drifts toward a baseline through everyday
contact, and is reset to zero when a household moves out (newcomers arrive without ties).

The hot paths use a symmetric ``scipy.sparse`` CSR matrix whose entries point back to the
undirected edge list, so per-step weights are one gather. :func:`to_networkx` gives the same
network as a :class:`networkx.Graph` for inspection, drawing or network measures.

Randomness: every function takes a ``numpy.random.Generator``; pass ``model.rng`` and the
network is determined by the model's seed (as networkx's ``seed=`` convention, but with one
generator threaded through instead of an integer per call).

Imports numpy, scipy, networkx and :mod:`microgov_sim.model` (structure, arrays, kernels).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np
import scipy.sparse as sp

from . import kernels
from .arrays import expand_ranges
from .structure import BUILDING, COURTYARD, DOORWAY, Neighbourhood

# Edge kinds: where the tie was drawn.
KIND_DOORWAY, KIND_BUILDING, KIND_COURTYARD, KIND_BRIDGING, KIND_RING = 0, 1, 2, 3, 4
KIND_NAMES = ("doorway", "building", "courtyard", "bridging", "ring")
KIND_SLOTS = 8  # kinds fit below this (the packed sort key of _canonical)
RING_REACH = 2  # with the ring layout, a tie reaches a doorway at most this far along the ring


@dataclass
class SocialNetwork:
    """Undirected ties ``src[e] < dst[e]`` and their CSR incidence.

    Attributes:
        src, dst: endpoints of each undirected edge ``e``.
        kind: where the edge was drawn (``KIND_*``).
        adjacency: symmetric CSR matrix (n x n); ``adjacency.data`` is overwritten with
            per-step weights, so treat its values as scratch space.
        edge_of_entry: for each stored CSR entry, its undirected edge id.
        row_of_entry: for each stored CSR entry, its row (household).
        same_building: whether the edge joins two households of one building.
        incidence: household x edge CSR matrix of ones (``incidence @ w`` sums tie values
            per household).

    """

    src: np.ndarray
    dst: np.ndarray
    kind: np.ndarray
    adjacency: sp.csr_matrix
    edge_of_entry: np.ndarray
    row_of_entry: np.ndarray
    same_building: np.ndarray
    incidence: sp.csr_matrix

    @property
    def n_edges(self) -> int:
        """Number of undirected ties."""
        return len(self.src)

    @cached_property
    def indptr(self) -> np.ndarray:
        """The adjacency's row pointers as int64 (as the compiled kernels take them)."""
        return self.adjacency.indptr.astype(np.int64)

    @cached_property
    def indices(self) -> np.ndarray:
        """The adjacency's column indices as int64 (as the compiled kernels take them)."""
        return self.adjacency.indices.astype(np.int64)

    def degree(self) -> np.ndarray:
        """Number of ties of each household."""
        return np.diff(self.adjacency.indptr)


def clique_pairs(starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs ``i < j`` inside each contiguous range ``[starts[u], starts[u+1])``."""
    n = int(starts[-1])
    idx = np.arange(n)
    end = np.repeat(starts[1:], np.diff(starts))  # end of each household's range
    count = end - idx - 1  # partners after i in its range
    return np.repeat(idx, count), expand_ranges(idx + 1, count)


def random_pairs_within(
    starts: np.ndarray, chance: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """About ``chance`` x (pairs) random pairs inside each contiguous range.

    The number of pairs per range is binomial over its possible pairs; pairs are then drawn
    uniformly with replacement (self-pairs are dropped later, duplicates deduplicated).
    """
    sizes = np.diff(starts)
    n_pairs = sizes * (sizes - 1) // 2
    m = rng.binomial(n_pairs, chance) if chance > 0 else np.zeros_like(sizes)
    lo = np.repeat(starts[:-1], m)
    size = np.repeat(sizes, m)
    a = lo + (rng.random(len(lo)) * size).astype(np.int64)
    b = lo + (rng.random(len(lo)) * size).astype(np.int64)
    return a, b


def build_network(
    nb: Neighbourhood,
    building_tie_chance: float,
    courtyard_tie_chance: float,
    bridging_ties: float,
    network_rewiring: float,
    rng: np.random.Generator,
    layout: str = "nested",
) -> SocialNetwork:
    """Draw the tie structure for the neighbourhood ``nb``.

    With ``layout="ring"`` the building and courtyard ties are drawn as many as the nested
    layout draws, then placed between doorways one or two apart on a ring (:func:`ring_pairs`).
    """
    n = nb.n_households
    parts = [(*clique_pairs(nb.starts[DOORWAY]), KIND_DOORWAY)]
    for level, chance, kind, lower in (
        (BUILDING, building_tie_chance, KIND_BUILDING, DOORWAY),
        (COURTYARD, courtyard_tie_chance, KIND_COURTYARD, BUILDING),
    ):
        a, b = random_pairs_within(nb.starts[level], chance, rng)
        keep = nb.unit_of[lower, a] != nb.unit_of[lower, b]  # only across the lower unit
        if layout == "ring":
            parts.append((*ring_pairs(nb, int(keep.sum()), rng), KIND_RING))
        else:
            parts.append((a[keep], b[keep], kind))
    m = rng.poisson(n * bridging_ties / 2.0) if n > 1 else 0
    parts.append((rng.integers(0, n, m), rng.integers(0, n, m), KIND_BRIDGING))

    a = np.concatenate([p[0] for p in parts]).astype(np.int64)
    b = np.concatenate([p[1] for p in parts]).astype(np.int64)
    kind = np.concatenate([np.full(len(p[0]), p[2], dtype=np.int8) for p in parts])
    if network_rewiring > 0 and len(a):
        a, b = rewire(a, b, network_rewiring, rng)
    src, dst, kind = _canonical(a, b, kind, n)
    return _index(nb, src, dst, kind)


def ring_pairs(nb: Neighbourhood, m: int, rng: np.random.Generator):
    """``m`` random pairs between households of doorways 1..``RING_REACH`` apart on a ring.

    Doorways sit on a ring in their order (those of a building, then of its courtyard, are
    neighbours), so neighbouring doorways share many ties: the wide bridges of a spatial
    network (Centola & Macy 2007), where the nested layout has narrow ones between random
    households of a building or courtyard.
    """
    starts = nb.starts[DOORWAY]
    n_doorways = len(starts) - 1
    sizes = np.diff(starts)
    a = rng.integers(0, nb.n_households, m)
    step = rng.integers(1, RING_REACH + 1, m) * np.where(rng.random(m) < 0.5, -1, 1)
    other = (nb.unit_of[DOORWAY, a] + step) % max(n_doorways, 1)
    b = starts[other] + (rng.random(m) * sizes[other]).astype(np.int64)
    return a, b


def rewire(
    a: np.ndarray, b: np.ndarray, share: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Reshuffle the second endpoints of a random ``share`` of edges among themselves.

    Every household keeps its number of edge ends (degree), apart from the few self-loops and
    duplicates the shuffle creates, which are dropped: the configuration-model way to destroy
    clustering at fixed degrees (as in Centola 2010's random control networks).
    """
    a, b = a.copy(), b.copy()
    chosen = np.flatnonzero(rng.random(len(a)) < share)
    b[chosen] = b[rng.permutation(chosen)]
    return a, b


def _canonical(a, b, kind, n):
    """Orient edges ``src < dst``, drop self-loops and duplicates (keeping the closest kind).

    One sort of a key packing (src, dst, kind) -- the order ``np.lexsort((kind, dst, src))``
    gives, with ties only between identical edges -- then the first edge of each pair
    (``kernels.edge_keys``, ``kernels.first_of_pairs``).
    """
    key = np.sort(kernels.edge_keys(a, b, kind, n, KIND_SLOTS))
    return kernels.first_of_pairs(key, n, KIND_SLOTS)


def _index(nb: Neighbourhood, src, dst, kind) -> SocialNetwork:
    n = nb.n_households
    e = len(src)
    indptr, cols, edge = kernels.symmetric_csr(src, dst, n)
    rows = np.repeat(np.arange(n), np.diff(indptr))
    adjacency = sp.csr_matrix(
        (np.zeros(2 * e, dtype=np.float64), cols.astype(np.int32), indptr.astype(np.int32)),
        shape=(n, n),
    )
    return SocialNetwork(
        src=src,
        dst=dst,
        kind=kind,
        adjacency=adjacency,
        edge_of_entry=edge,
        row_of_entry=rows,
        same_building=nb.unit_of[BUILDING, src] == nb.unit_of[BUILDING, dst],
        incidence=sp.csr_matrix(
            (np.ones(2 * e), edge.astype(np.int32), indptr.astype(np.int32)), shape=(n, e)
        ),
    )


def to_networkx(
    net: SocialNetwork, strength: np.ndarray | None = None, nodes: np.ndarray | None = None
) -> nx.Graph:
    """Return the network as a :class:`networkx.Graph` (optionally only among ``nodes``).

    Edges carry ``kind`` (doorway, building, courtyard, bridging) and, if given, ``strength``.
    """
    n = net.adjacency.shape[0]
    g = nx.Graph()
    keep = np.ones(net.n_edges, dtype=bool)
    if nodes is not None:
        member = np.zeros(n, dtype=bool)
        member[nodes] = True
        keep = member[net.src] & member[net.dst]
        g.add_nodes_from(np.asarray(nodes).tolist())
    else:
        g.add_nodes_from(range(n))
    idx = np.flatnonzero(keep)
    s = strength if strength is not None else np.full(net.n_edges, np.nan)
    g.add_edges_from(
        (int(net.src[e]), int(net.dst[e]), {"kind": KIND_NAMES[net.kind[e]], "strength": s[e]})
        for e in idx
    )
    return g
