"""Mesa agents: residents, community elites, party branches, grid officers, the committee.

Residents, elites and grid officers are numerous, so their state lives in the arrays of the
community's state (``model.state``, :mod:`microgov_sim.model.state`) and their behaviour
runs vectorised in the submodels (``docs/ODD.md`` §7). The agent objects here are Mesa
``Agent`` subclasses -- registered with the model, visible in ``model.agents_by_type``,
removed and created as households move -- whose attributes read and write those arrays, so
``agent.trust`` is always the current value. The committee's load and the party branches'
incubation are submodels too (``submodels/institutions.py``); their agents are views.

Imports Mesa and :mod:`microgov_sim.model` (state, structure); never ``model.py``: an
agent's ``model`` is the :class:`~microgov_sim.model.model.MicroGovModel` that owns it.
"""

from __future__ import annotations

import gc
import logging

import numpy as np
from mesa import Agent, Model
from mesa.experimental.mesa_signals import ModelSignals
from mesa.model import _mesa_logger

from .state import EliteRole
from .structure import LEVELS


def _array_property(array_name: str, doc: str, cast=float):
    def getter(self):
        return cast(getattr(self.model.households, array_name)[self.index])

    def setter(self, value):
        getattr(self.model.households, array_name)[self.index] = value

    return property(getter, setter, doc=doc)


class Resident(Agent):
    """One household (居民户), living in dwelling ``index``.

    Its attributes are views of the model's household arrays (see ``Households``).
    """

    def __init__(self, model: Model, index: int):
        super().__init__(model)
        self.index = int(index)

    motivation = _array_property("motivation", "Intrinsic (public-spirited) motivation, 0..1.")
    efficacy = _array_property("efficacy", "Belief that joint action works, 0..1.")
    trust = _array_property("trust", "Trust in neighbours, 0..1.")
    belonging = _array_property("belonging", "Sense of belonging to the community, 0..1.")
    dependency = _array_property("dependency", "Reliance on government to fix things, 0..1.")
    capacity = _array_property("capacity", "Time and skills for collective action, 0..1.")
    willingness = _array_property("willingness", "Willingness to take part (意愿), 0..1.")
    threshold = _array_property("threshold", "Participation threshold, a share of contacts.")
    tenure = _array_property("tenure", "Steps lived here.")
    party_member = _array_property("party", "Whether the household has a party member.", bool)
    online = _array_property("online", "Whether it uses the online micro-channel.", bool)

    @property
    def is_newcomer(self) -> bool:
        """Moved in less than a year (52 steps) ago: the mover status."""
        return self.tenure < 52

    @property
    def stake(self) -> float:
        """Total stake in the open issues affecting this household."""
        return float(self.model.households.burden[self.index])

    @property
    def active(self) -> bool:
        """Took part in collective action within the participation window."""
        hh = self.model.households
        return bool(
            hh.last_active[self.index] > self.model.week - self.model.p.participation_window
        )

    @property
    def units(self) -> dict[str, int]:
        """Unit ids of this household at every level, by level name."""
        col = self.model.neighbourhood.unit_of[:, self.index]
        return dict(zip(LEVELS, (int(u) for u in col), strict=True))

    @property
    def grid(self) -> int:
        """The administrative grid this household belongs to."""
        return int(self.model.neighbourhood.grid_of[self.index])


# Mesa's agent registry, batched (issue #17; ODD 2, "Mesa's side"). Movers' Resident agents leave
# and arrive by the hundred each week; one ``Agent.__init__``/``remove`` per agent costs about 4
# and 2 us (Mesa 3.5: the signal wrapper, an eagerly formatted debug message, the AgentSets'
# updates), so batches go to Mesa's registry at once. They do exactly what one call per agent would
# -- the same agents, ids, attributes and orders in ``model.agents`` and ``agents_by_type`` (the
# tests compare both ways) -- whenever nobody could tell: no subscriber to the model's agent
# signals, no batch of signals open, Mesa's debug log off, no Mesa dataset of residents. Otherwise
# each agent goes through Mesa's own calls, so every signal and message appears. The batch writes
# Mesa 3.5's registry (``_all_agents``, ``_agents_by_type``, ``agent_id_counter``) as
# ``register_agent`` does; tests/test_mesa_compat.py checks it against Mesa's own calls, so a Mesa
# that changes them fails there, not in a run.
_AGENT_SIGNALS = (("agents", ModelSignals.AGENT_ADDED), ("agents", ModelSignals.AGENT_REMOVED))


def _unobserved(model: Model, cls: type[Agent]) -> bool:
    """Whether registering ``cls`` agents in a batch is invisible (see above)."""
    return (
        not cls._datasets
        and model._batch_context is None
        and not any(key in model.subscribers for key in _AGENT_SIGNALS)
        and not _mesa_logger.isEnabledFor(logging.DEBUG)
        and type(model).register_agent is Model.register_agent
        and type(model).deregister_agent is Model.deregister_agent
    )


def add_agents(model: Model, cls: type[Agent], field: str, values) -> list:
    """A new ``cls`` agent for each of ``values``, in order: ``[cls(model, v) for v in values]``.

    For the model's agent classes whose ``__init__`` is Mesa's followed by
    ``self.<field> = int(value)`` (``Resident``'s ``index``, ``CommunityElite``'s ``slot``).
    """
    values = np.asarray(values, dtype=np.int64).tolist()
    agents = []
    if values and cls not in model._agents_by_type:  # Mesa makes the registry's set
        agents.append(cls(model, values.pop(0)))
    if not values or not _unobserved(model, cls):
        return agents + [cls(model, v) for v in values]
    first, new = model.agent_id_counter, cls.__new__
    batch = []
    paused = gc.isenabled()  # millions of new objects would start many full collections
    gc.disable()
    try:
        for uid, v in enumerate(values, first):  # what Agent.__init__ and cls.__init__ set
            agent = new(cls)
            agent.model, agent.unique_id, agent.pos = model, uid, None
            setattr(agent, field, v)
            batch.append(agent)
    finally:
        if paused:
            gc.enable()
    model.agent_id_counter = first + len(batch)
    added = dict.fromkeys(batch)
    model._all_agents._agents.update(added)
    model._agents_by_type[cls]._agents.update(added)
    return agents + batch


def add_residents(model: Model, dwellings) -> list[Resident]:
    """A new ``Resident`` in each of ``dwellings``, in order: ``[Resident(model, i) ...]``."""
    return add_agents(model, Resident, "index", dwellings)


def add_elites(model: Model, slots) -> list[CommunityElite]:
    """A new ``CommunityElite`` at each of ``slots``, in order, as ``CommunityElite(model, k)``."""
    return add_agents(model, CommunityElite, "slot", slots)


def remove_residents(model: Model, residents: list[Resident]) -> None:
    """``resident.remove()`` for each of ``residents``, in order."""
    if not residents or not _unobserved(model, Resident):
        for resident in residents:
            resident.remove()
        return
    own = model._agents_by_type.get(Resident)
    everyone = model._all_agents._agents
    for resident in residents:  # as Agent.remove: an agent no longer registered is ignored
        if type(resident) is not Resident:
            resident.remove()
        elif own is not None and resident in own._agents:
            del own._agents[resident]
            everyone.pop(resident, None)


def replace_residents(model: Model, residents: list[Resident], dwellings) -> None:
    """Movers: ``residents[i].remove(); residents[i] = Resident(model, i)`` for each dwelling.

    ``residents`` is indexed by dwelling; the dwellings are taken in order.

    In two batches while nobody observes Mesa's registry; else one mover at a time, so that an
    observer sees each departure followed by its arrival.
    """
    dwellings = np.asarray(dwellings, dtype=np.int64).tolist()
    if _unobserved(model, Resident):
        remove_residents(model, [residents[i] for i in dwellings])
        for i, resident in zip(dwellings, add_residents(model, dwellings), strict=True):
            residents[i] = resident
        return
    for i in dwellings:
        residents[i].remove()
        residents[i] = Resident(model, i)


class CommunityElite(Agent):
    """A community elite occupying elite position ``slot`` (state in ``model.elites``).

    Elites raise issues, mobilise the residents of the unit they cover, initiate action
    themselves, and can be absorbed into grid work, which takes most of their effort.
    """

    def __init__(self, model: Model, slot: int):
        super().__init__(model)
        self.slot = int(slot)

    @property
    def role(self) -> EliteRole:
        """Building head, group leader or elder."""
        return EliteRole(int(self.model.elites.role[self.slot]))

    @property
    def home(self) -> int:
        """The household (dwelling index) the elite lives in."""
        return int(self.model.elites.home[self.slot])

    @property
    def absorbed(self) -> bool:
        """Whether the elite has been absorbed into grid work (吸纳为网格员)."""
        return bool(self.model.elites.absorbed[self.slot])

    @property
    def activity(self) -> float:
        """Share of effort left for self-governance work."""
        return float(self.model.elites.activity()[self.slot])


class GridOfficer(Agent):
    """A grid officer (网格员) covering ``grids``: patrols, detects, reports, disposes.

    Detection and disposal run vectorised over all officers in the administrative submodel;
    each officer's counters are kept in ``model.state.admin`` and read here.
    """

    def __init__(self, model: Model, index: int, grids: np.ndarray):
        super().__init__(model)
        self.index = int(index)
        self.grids = np.asarray(grids, dtype=np.int64)

    @property
    def disposed(self) -> int:
        """Disposal attempts made by this officer."""
        return int(self.model.state.admin.officer_disposed[self.index])

    @property
    def resolved(self) -> int:
        """Issues this officer resolved."""
        return int(self.model.state.admin.officer_resolved[self.index])

    @property
    def households_covered(self) -> int:
        """Households living in this officer's grids."""
        return int(self.model.neighbourhood.grid_sizes[self.grids].sum())


class PartyBranch(Agent):
    """The party branch (党支部) of one compound, embedded down to building groups.

    Each step it incubates the micro-organisation of the building in its compound with the
    greatest unmet need (stake in open issues, weighted by how weak its organisation is):
    the source's "incubating micro-organisations". Its members mobilise and pass on
    micro-wishes. All of this runs vectorised over every branch in the model (ODD 7.9).
    """

    def __init__(self, model: Model, compound: int, buildings: np.ndarray):
        super().__init__(model)
        self.compound = int(compound)
        self.buildings = np.asarray(buildings, dtype=np.int64)

    @property
    def incubated(self) -> int:
        """Steps in which this branch incubated a building's micro-organisation."""
        return int(self.model.state.units.branch_incubations[self.compound])


class ResidentsCommittee(Agent):
    """The residents' committee (居委会): self-governance carrier loaded with delegated work.

    Its delegated administrative load grows with administrative penetration (the source's
    duties grown from 6 to 16); what is left of its capacity convenes units without a body of
    their own, mediates disputes and escalates to departments, and the rest takes residents'
    reports (ODD 7.9a, ``submodels/committee.py``).
    """

    @property
    def admin_share(self) -> float:
        """Share of the committee's effort on delegated administrative work (ODD 7.9)."""
        return float(self.model.state.admin.committee_admin_share)

    @property
    def free_share(self) -> float:
        """Share of the committee's effort left for self-governance work."""
        return float(self.model.state.admin.committee_free_share)
