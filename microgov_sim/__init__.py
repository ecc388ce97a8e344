"""microgov-sim: agent-based simulation of urban community micro-governance (微治理).

Quick start::

    from microgov_sim import MicroGovModel
    model = MicroGovModel(rng=42, admin_penetration=0.8)
    model.run_for(260)  # five years of weeks
    df = model.datacollector.get_model_vars_dataframe()
"""

from .agents import CommunityElite, GridOfficer, PartyBranch, Resident, ResidentsCommittee
from .model import MicroGovModel
from .outcomes import OUTCOMES
from .params import DEFAULTS, PARAMETERS

__all__ = [
    "DEFAULTS",
    "OUTCOMES",
    "PARAMETERS",
    "CommunityElite",
    "GridOfficer",
    "MicroGovModel",
    "PartyBranch",
    "Resident",
    "ResidentsCommittee",
]
__version__ = "0.1.0"
