"""Governance power (治理权) and community resources (ODD 7.6b): the community fund.

The residents' committee and the party branch hold a fund. Each week the government pays an
allocation into it, a starter that tapers as the community's own resources grow, and the
community mobilises market and social resources (property company, owners' committee,
resident units, social organisations) in proportion to its organisation and trust
(:func:`collect_resources`). The fund pays the support put into residents' actions as far as
its balance reaches, never beyond it (:func:`pay_support`). Governance power -- own resources
relative to the need the fund serves -- lets the committee broker between departments for what
it escalates (:func:`broker`). With ``support_funding = "per_action"`` there is no fund: the
government pays the support of every action held, as before issue #16.

Seed [B]: "社区如果能够把市场社会资源进行整合组织管理与分配,并把这个资源获得在自己手里的话,
这实际是能够有利于其扩充治理权"; seed [A]: "将自上而下的资源输入作为启动和激活小微治理的钥匙".

Imports numpy and :mod:`microgov_sim.model` modules only: issues, state.
"""

from __future__ import annotations

import numpy as np

from ..issues import Route, Stage
from ..state import CommunityState

FUND = "fund"  # support_funding: the community fund of ODD 7.6b
PER_ACTION = "per_action"  # support_funding: the government pays per action (before #16)


# ---------------------------------------------------------------------- pure functions
def social_inflow(rate: float, n_households: int, org: float, trust: float) -> float:
    """Market and social resources mobilised this week: ``rate · n/1000 · ō · T̄``."""
    return rate * n_households / 1000.0 * org * trust


def governance_power(own: float, need: float) -> float:
    """Own resources relative to the need the fund serves, in [0, 1]: ``min(1, own / need)``.

    With no need (no support wanted) any own resource gives full power, none gives none.
    """
    if need <= 0.0:
        return 1.0 if own > 0.0 else 0.0
    return min(1.0, own / need)


def government_allocation(starter: float, need: float, power: float, floor: float) -> float:
    """The government's allocation: ``starter · need · max(floor, 1 - power)`` (the taper)."""
    return starter * need * max(floor, 1.0 - power)


def fill_fund(balance: float, own: float, government: float, cap: float):
    """Add this week's inflows to the fund up to ``cap``: own resources first, then government.

    Returns ``(balance', own taken, government paid)``: a full fund takes no more, and the
    government pays only into the room the community's own resources leave.
    """
    room = max(cap - balance, 0.0)
    taken = min(own, room)
    paid = min(government, room - taken)
    return balance + taken + paid, taken, paid


def paid_share(balance: float, wanted: float) -> float:
    """Share of the wanted support the fund can pay, ``min(1, balance / wanted)``: no overdraft."""
    return 1.0 if wanted <= 0.0 else min(1.0, balance / wanted)


def brokered_chance(chance: np.ndarray, power: float, gain: float) -> np.ndarray:
    """Disposal success of a brokered issue: ``chance + gain · power · (1 - chance)``."""
    return chance + gain * power * (1.0 - chance)


# ---------------------------------------------------------------------- the model's side
def wanted_support(p) -> float:
    """Funded effort the levers want for each action held (micro-projects, party resources)."""
    return p.micro_fund_effort * p.micro_autonomy + p.party_support_effort * p.party_embedding


def support_need(s: CommunityState, p) -> float:
    """Weekly cost of the support the community's actions need (the fund's reference).

    ``support_cost · wanted support per action · fund_reference_actions · n/1000``.
    """
    return p.support_cost * wanted_support(p) * p.fund_reference_actions * s.n / 1000.0


def collect_resources(s: CommunityState, p, rng: np.random.Generator, week: int) -> None:
    """Collect the week's inflows into the fund; set governance power and the taper (ODD 7.6b).

    No random draws. Without the fund (``per_action``) governance power is 0.
    """
    fund = s.fund
    if p.support_funding != FUND:
        fund.power = fund.own_share = 0.0
        fund.paid_share = 1.0
        return
    need = support_need(s, p)
    org = float(s.units.org_strength.mean())
    own = social_inflow(p.social_resource_rate, s.n, org, float(s.households.trust.mean()))
    fund.power = governance_power(own, need)
    offered = government_allocation(p.fund_starter, need, fund.power, p.fund_taper_floor)
    fund.balance, taken, paid = fill_fund(fund.balance, own, offered, p.fund_reserve_weeks * need)
    if taken + paid > 0:  # a full fund took nothing: the share of its last inflow stands
        fund.own_share = taken / (taken + paid)
    fund.inflow_own += taken
    fund.inflow_government += paid
    s.government.support_cost += paid  # the government pays its allocation, nothing more


def pay_support(s: CommunityState, p, per_action: float, n_held: int) -> float:
    """Pay the support of ``n_held`` actions at ``per_action`` effort each; return the share paid.

    With the fund the balance pays ``support_cost · per_action · n_held`` as far as it reaches
    and every action gets the same share of its support; without it the government pays all.
    """
    wanted = p.support_cost * per_action * n_held
    if p.support_funding != FUND:
        s.government.support_cost += wanted
        return 1.0
    fund = s.fund
    share = paid_share(fund.balance, wanted)
    spent = share * wanted
    fund.balance = max(fund.balance - spent, 0.0)
    fund.outflow += spent
    if n_held:
        fund.paid_share = share  # what residents expect when they choose a route (ODD 7.4)
    return share


def broker(s: CommunityState, p, ids: np.ndarray, chance: np.ndarray) -> np.ndarray:
    """Disposal success of issues ``ids`` with the committee brokering what it escalates.

    The community's governance power integrates departments (条块) for the issues the
    committee took up to them (route committee, escalated: ODD 7.9a); what residents, officers
    or absorbed elites sent to government directly goes without it.
    """
    power = s.fund.power * p.brokerage_gain
    if power <= 0.0:
        return chance
    iss = s.issues
    brokered = (iss.route[ids] == Route.COMMITTEE) & (iss.committee_stage[ids] == Stage.ESCALATED)
    return np.where(brokered, brokered_chance(chance, s.fund.power, p.brokerage_gain), chance)
