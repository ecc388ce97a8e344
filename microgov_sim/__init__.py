"""microgov-sim: agent-based simulation of urban community micro-governance (微治理).

Quick start::

    from microgov_sim import MicroGovModel
    model = MicroGovModel(rng=42, admin_penetration=0.8)
    model.run_for(260)  # five years of weeks
    df = model.datacollector.get_model_vars_dataframe()

Scenarios, comparisons and sweeps (replications, parallel engines, resumable Parquet
results)::

    from microgov_sim import run, compare, sweep, load_results
    results = compare(["grid_management", "co_governance"], out="results")
    results.summary(["autonomy_index", "participation_rate"])

The public face: imports from every stage (model, experiments), and nothing in the package
imports it.
"""

from .experiments.experiment import Experiment
from .experiments.results import Results, load_results
from .experiments.runner import compare, run, run_experiment, sweep
from .experiments.scenarios import Scenario, load_scenario
from .experiments.sweeps import Sweep, load_sweep
from .model.agents import CommunityElite, GridOfficer, PartyBranch, Resident, ResidentsCommittee
from .model.model import MicroGovModel
from .model.outcomes import OUTCOMES
from .model.params import DEFAULTS, PARAMETERS

__all__ = [
    "DEFAULTS",
    "OUTCOMES",
    "PARAMETERS",
    "CommunityElite",
    "Experiment",
    "GridOfficer",
    "MicroGovModel",
    "PartyBranch",
    "Resident",
    "ResidentsCommittee",
    "Results",
    "Scenario",
    "Sweep",
    "compare",
    "load_results",
    "load_scenario",
    "load_sweep",
    "run",
    "run_experiment",
    "sweep",
]
__version__ = "0.1.0"
