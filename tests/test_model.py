import gc
import weakref

import numpy as np
import pandas as pd
import pytest
from conftest import assert_outcomes_valid

from microgov_sim import (
    OUTCOMES,
    CommunityElite,
    GridOfficer,
    MicroGovModel,
    PartyBranch,
    Resident,
    ResidentsCommittee,
)

REQUIRED_COLUMNS = (
    "participation_rate",
    "willingness",
    "capacity",
    "issues_raised",
    "issues_resolved_self",
    "issues_resolved_admin",
    "backlog",
    "resolution_time_median",
    "resolution_time_rmst",
    "mean_trust",
    "within_unit_tie_density",
    "belonging",
    "dependency",
    "autonomy_index",
    "admin_cost",
    "admin_cost_per_resolved",
    "unit_inequality",
    "participation_4w",
    "affected_participation",
)


def frame(model):
    return model.datacollector.get_model_vars_dataframe()


def test_defaults_run_with_no_arguments():
    model = MicroGovModel()
    model.run_for(5)
    df = frame(model)
    assert len(df) == 6  # initial state + 5 steps
    assert model.n == 3000
    for column in REQUIRED_COLUMNS:
        assert column in df.columns
    assert set(OUTCOMES) == set(df.columns)


def test_agent_types_are_registered(small_model):
    types = small_model.agents_by_type
    for cls in (Resident, CommunityElite, PartyBranch, GridOfficer, ResidentsCommittee):
        assert cls in types, cls
    assert len(types[Resident]) == small_model.n
    assert len(types[ResidentsCommittee]) == 1


def test_resident_attributes_are_views_of_model_arrays(small_model):
    resident = small_model.residents[10]
    resident.trust = 0.9
    assert small_model.households.trust[10] == 0.9
    assert set(resident.units) == {"doorway", "building", "courtyard", "compound", "community"}
    assert 0 <= resident.willingness <= 1


def test_agent_properties_read_the_state():
    model = MicroGovModel(rng=8, n_households=300, admin_penetration=1.0, mobility_rate=0.05)
    model.run_for(3)
    s = model.state
    newcomers = [r for r in model.residents if r.is_newcomer]
    assert {r.index for r in newcomers} == set(np.flatnonzero(s.households.tenure < 52))
    officers = model.officers
    assert sum(o.households_covered for o in officers) == model.n
    assert [o.disposed for o in officers] == list(s.admin.officer_disposed)
    assert model.committee.admin_share + model.committee.free_share == pytest.approx(1.0)
    assert model.committee.admin_share == s.admin.committee_admin_share
    assert sum(b.incubated for b in model.branches) == s.units.branch_incubations.sum()


def test_mesa_agent_reporters_work_on_residents():
    import mesa

    model = MicroGovModel(rng=4, n_households=200)
    collector = mesa.DataCollector(agenttype_reporters={Resident: {"trust": "trust"}})
    model.run_for(2)
    collector.collect(model)
    df = collector.get_agenttype_vars_dataframe(Resident)
    assert len(df) == 200
    assert np.allclose(np.sort(df["trust"].to_numpy()), np.sort(model.households.trust))


def test_households_conserved_through_mobility():
    model = MicroGovModel(rng=3, n_households=400, mobility_rate=0.2)
    first_ids = {a.unique_id for a in model.agents_by_type[Resident]}
    model.run_for(20)
    residents = model.agents_by_type[Resident]
    assert len(residents) == 400
    assert sorted(a.index for a in residents) == list(range(400))
    assert {a.unique_id for a in residents} != first_ids  # newcomers are new agents
    assert (model.households.tenure < 20).mean() > 0.9


def test_newcomers_arrive_without_ties():
    model = MicroGovModel(rng=3, n_households=400, mobility_rate=0.0)
    model.run_for(3)
    model.p.mobility_rate = 0.5
    model.step()
    newcomers = np.flatnonzero(model.households.tenure == 0)
    assert len(newcomers) > 100
    net = model.network
    touching = np.isin(net.src, newcomers) | np.isin(net.dst, newcomers)
    # drift toward baseline for one step at most after the reset
    assert model.tie_strength[touching].max() <= model.p.tie_drift * 0.3 + 1e-12


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"admin_penetration": 1.0, "crowding_out": 1.0, "unit_scale": "community"},
        {
            "admin_penetration": 0.0,
            "micro_autonomy": 1.0,
            "party_embedding": 1.0,
            "unit_scale": "doorway",
            "crowding_out": -1.0,
        },
        {"mobility_rate": 0.5, "social_reference": "group", "network_rewiring": 1.0},
    ],
)
def test_invariants_over_2000_steps(params):
    model = MicroGovModel(rng=11, n_households=500, **params)
    model.run_for(2000)
    df = frame(model)
    assert_outcomes_valid(model)
    assert (
        (df[["issues_raised", "issues_resolved_self", "issues_resolved_admin", "backlog"]] >= 0)
        .all()
        .all()
    )
    assert df["admin_cost"].is_monotonic_increasing
    hh = model.households
    for name in ("motivation", "efficacy", "trust", "belonging", "dependency", "capacity"):
        values = getattr(hh, name)
        assert np.isfinite(values).all()
        assert ((values >= 0) & (values <= 1)).all(), name
    assert ((model.tie_strength >= 0) & (model.tie_strength <= 1)).all()
    assert len(model.agents_by_type[Resident]) == 500


def test_same_seed_same_outputs_different_seed_different():
    def run(seed):
        model = MicroGovModel(rng=seed, n_households=800)
        model.run_for(60)
        return frame(model), model.issues_frame()

    a, ia = run(5)
    b, ib = run(5)
    c, _ = run(6)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(ia, ib)
    assert not a.equals(c)


def test_generator_seed_equivalent_to_int_seed():
    a = MicroGovModel(rng=np.random.default_rng(9), n_households=300)
    b = MicroGovModel(rng=np.random.default_rng(9), n_households=300)
    a.run_for(20)
    b.run_for(20)
    pd.testing.assert_frame_equal(frame(a), frame(b))


def test_policy_timeline_changes_parameters_at_step():
    model = MicroGovModel(
        rng=2,
        n_households=1000,
        admin_penetration=1.0,
        policy_timeline={5: {"admin_penetration": 0.0}},
    )
    model.run_for(8)
    officers = frame(model)["n_officers"]
    assert officers.iloc[4] == model.neighbourhood.n_grids
    assert officers.iloc[5] == 0
    assert len(model.agents_by_type.get(GridOfficer, [])) == 0
    assert model.policy_changes == [(5, "admin_penetration", 0.0)]


def test_officer_density_follows_penetration():
    for pen in (0.0, 0.5, 1.0):
        model = MicroGovModel(rng=1, n_households=2000, admin_penetration=pen)
        assert len(model.officers) == round(pen * model.neighbourhood.n_grids)


def test_issues_flow_through_life_cycle(small_model):
    small_model.run_for(100)
    issues = small_model.issues_frame()
    assert len(issues) > 50
    assert {"resolved_self", "resolved_admin"} <= set(issues["status"])
    resolved = issues[issues["status"].str.startswith("resolved")]
    assert (resolved["resolved"] >= resolved["created"]).all()
    assert (issues["n_affected"] >= 1).all()
    df = frame(small_model)
    total = df[["issues_resolved_self", "issues_resolved_admin"]].sum().sum()
    assert total == len(resolved)
    assert df["issues_lapsed"].sum() == (issues["status"] == "lapsed").sum()
    assert df["backlog"].iloc[-1] == issues["status"].isin(["new", "agenda", "admin"]).sum()


def test_graph_export_matches_network(small_model):
    g = small_model.graph()
    assert g.number_of_nodes() == small_model.n
    assert g.number_of_edges() == small_model.network.n_edges


def test_finished_model_is_garbage_collected():
    model = MicroGovModel(rng=1, n_households=300)
    model.run_for(10)
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None


# ---- micro-wishes and online voice (ODD 7.4b): each off value removes its effect ----------


def short_run(**params):
    model = MicroGovModel(rng=5, n_households=600, spinup_weeks=0, **params)
    model.run_for(60)
    return model


def test_wishes_off_leaves_no_micro_projects_and_on_fulfils_them():
    off = short_run(wish_collection_chance=0.0, party_embedding=0.6)
    assert not (off.issues_frame()["channel"] == "wish").any()
    on = short_run(wish_collection_chance=0.1, party_embedding=0.6)
    wishes = on.issues_frame().query("channel == 'wish'")
    assert len(wishes) > 20
    assert (wishes["status"] == "resolved_self").mean() > 0.5  # adopters carry them
    assert (wishes["n_affected"] == 2).all()


def test_online_voice_off_voices_nothing_and_on_is_counted_apart_from_action():
    off = short_run(online_voice_chance=0.0)
    assert (frame(off)["online_voice_rate"].dropna() == 0).all()
    assert not (off.issues_frame()["channel"] == "online").any()
    on = short_run(online_voice_chance=0.3)
    voiced = frame(on)["online_voice_rate"].dropna()
    assert voiced.iloc[-1] > 0
    assert on.households.online[on.households.last_voiced > 0].all()


def test_online_information_off_is_exactly_the_run_without_the_term(monkeypatch):
    from microgov_sim.model.submodels import deliberation

    off = frame(short_run(online_information_weight=0.0))
    monkeypatch.setattr(deliberation, "online_information", lambda *args: 0.0)
    without = frame(short_run())  # the default weight, with the term removed by hand
    pd.testing.assert_frame_equal(off, without)
    monkeypatch.undo()
    on = frame(short_run(online_information_weight=5.0))
    assert on["participation_rate"].iloc[-1] > off["participation_rate"].iloc[-1]
