"""The outcome catalogue: what the model collects, the bounds it keeps, labels and views."""

import re
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import assert_outcomes_valid
from scipy import stats

from microgov_sim import OUTCOMES, MicroGovModel, load_scenario
from microgov_sim.analysis.i18n import DERIVED_LABELS, LANGUAGES, outcome_label
from microgov_sim.experiments.experiment import RunTask, execute_run, tail_length
from microgov_sim.experiments.scenarios import available
from microgov_sim.model import kernels
from microgov_sim.model.estimators import gini_or_nan, km_median, product_limit, restricted_mean
from microgov_sim.model.issues import IssueBook, Status
from microgov_sim.model.outcomes import (
    MODEL_REPORTERS,
    OUTCOME_SPECS,
    RESOLUTION_HORIZON,
    SPECS_BY_NAME,
    VIEWS,
    affected_participation,
    autonomy_and_resolution,
    outcomes_in,
    window_full,
)
from microgov_sim.validation.classics import MECHANISMS_OFF

CJK = re.compile(r"[\u4e00-\u9fff]")
STEPS = 200  # past every scenario's policy change (grid_withdrawal's is at step 157)


def test_datacollector_collects_exactly_the_catalogue_in_its_order(small_model):
    small_model.run_for(2)
    columns = list(small_model.datacollector.get_model_vars_dataframe().columns)
    assert columns == [spec.name for spec in OUTCOME_SPECS]
    assert list(MODEL_REPORTERS) == list(OUTCOMES) == columns
    assert len(SPECS_BY_NAME) == len(OUTCOME_SPECS)  # no name declared twice


@pytest.mark.parametrize("name", sorted(available()))
def test_every_outcome_stays_within_its_bounds_and_is_missing_only_as_declared(name):
    scenario = load_scenario(name)
    model = MicroGovModel(rng=scenario.seed, policy_timeline=scenario.timeline, **scenario.params)
    model.run_for(STEPS)
    table = model.datacollector.get_model_vars_dataframe()
    assert len(table) == STEPS + 1
    assert_outcomes_valid(model)
    assert table.iloc[-1][["participation_rate", "participation_4w"]].notna().all()


def test_every_outcome_is_declared_completely():
    for spec in OUTCOME_SPECS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", spec.name), spec.name
        assert spec.definition.endswith("."), spec.name
        assert spec.unit, spec.name
        assert spec.low < spec.high, spec.name


def test_labels_exist_in_both_languages_and_are_distinct():
    for spec in OUTCOME_SPECS:
        assert spec.label_en, spec.name
        assert not CJK.search(spec.label_en), spec.name
        assert CJK.search(spec.label_zh), spec.name
        assert [outcome_label(spec.name, lang) for lang in LANGUAGES] == [
            spec.label_en,
            spec.label_zh,
        ]
    for labels in ([s.label_en for s in OUTCOME_SPECS], [s.label_zh for s in OUTCOME_SPECS]):
        assert len(set(labels)) == len(labels)
    assert not set(DERIVED_LABELS) & set(OUTCOMES)  # a derived label never shadows an outcome
    assert outcome_label("admin_penetration", "zh") == "admin_penetration"  # parameters unchanged


def test_views_are_known_and_ordered_by_rank():
    ranked = [spec for spec in OUTCOME_SPECS if spec.views]
    assert {spec.rank for spec in ranked} == set(range(1, len(ranked) + 1))
    for spec in OUTCOME_SPECS:
        assert set(spec.views) <= set(VIEWS), spec.name
        assert len(set(spec.views)) == len(spec.views), spec.name
        assert (spec.rank is None) == (not spec.views), spec.name
    for view in VIEWS:
        shown = outcomes_in(view)
        assert shown, view
        ranks = [SPECS_BY_NAME[name].rank for name in shown]
        assert ranks == sorted(ranks), view
    assert set(outcomes_in("summary")) <= set(outcomes_in("report"))
    with pytest.raises(ValueError, match="unknown outcome view 'sumary'"):
        outcomes_in("sumary")


def test_every_panel_draws_outcomes_that_name_it():
    from microgov_sim.model.outcomes import OUTCOME_SPECS, PANELS, outcomes_in_panel

    for spec in OUTCOME_SPECS:
        assert spec.panel in ("", *PANELS), spec.name
    for panel in PANELS:
        assert 1 <= len(outcomes_in_panel(panel)) <= 3, panel
    with pytest.raises(ValueError, match="unknown outcome panel"):
        outcomes_in_panel("nope")


def test_the_outcome_figure_labels_lines_from_the_catalogue():
    import matplotlib.pyplot as plt

    from microgov_sim.analysis.figures import plot_outcomes
    from microgov_sim.analysis.i18n import outcome_label
    from microgov_sim.model.outcomes import outcomes_in_panel

    model = MicroGovModel(rng=2, n_households=200)
    model.run_for(5)
    fig = plot_outcomes(model.datacollector.get_model_vars_dataframe())
    participation = fig.axes[0]
    labels = [line.get_label() for line in participation.get_lines()]
    assert labels == [outcome_label(o) for o in outcomes_in_panel("participation")]
    assert participation.get_title() == "Participation (share of households)"
    plt.close(fig)


# --------------------------------------------------------------------------- definitions (#15)
# Each definition of docs/ODD.md §7.11 on small hand-made cases: pure functions alone, the issue
# book's bookkeeping on a book built by hand, then a few runs of the model.
NO_NEW_ISSUES = {
    **{
        f"issue_rate_{lv}": 0.0
        for lv in ("doorway", "building", "courtyard", "compound", "community")
    },
    "request_rate": 0.0,  # nor requests households file with government (ODD 7.3b)
    "wish_collection_chance": 0.0,  # micro-wishes are new issues too (ODD 7.4b)
}


def test_a_window_is_full_once_its_weeks_have_passed_counting_history():
    assert [window_full(week, 4) for week in range(6)] == [False] * 4 + [True] * 2
    assert not window_full(51, 52)
    assert window_full(52, 52)
    assert window_full(1, 52, history=51)  # a spin-up's weeks count
    assert not window_full(0, 52, history=51)


def scipy_km(end, event):
    """Kaplan-Meier of right-censored durations by scipy.stats.ecdf."""
    end, event = np.asarray(end), np.asarray(event, dtype=bool)
    return stats.ecdf(stats.CensoredData(uncensored=end[event], right=end[~event])).sf


@pytest.mark.parametrize("seed", range(5))
def test_product_limit_equals_scipy_ecdf_without_truncation(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 300))
    end = rng.integers(0, 30, n)
    event = rng.random(n) < rng.uniform(0.2, 0.9)
    event[0] = True  # at least one resolution
    survival = product_limit(np.zeros(n, dtype=np.int64), end, event)
    sf = scipy_km(end, event)
    assert survival == pytest.approx(sf.evaluate(np.arange(len(survival))), abs=1e-12)
    # the median: from scipy's first jump d at or below one half, linear across that week
    below = sf.probabilities <= 0.5
    expected = np.nan
    if below.any():
        d = sf.quantiles[np.argmax(below)]
        before = float(sf.evaluate(d - 1)) if d > 0 else 1.0
        expected = d + (before - 0.5) / (before - float(sf.evaluate(d)))
    assert km_median(survival) == pytest.approx(expected, nan_ok=True)
    # the restricted mean: scipy's step function integrated exactly up to the horizon
    for horizon in (5, RESOLUTION_HORIZON):
        x = np.concatenate(([0.0], sf.quantiles[sf.quantiles < horizon], [horizon]))
        area = float((np.diff(x) * sf.evaluate(x[:-1])).sum())
        assert restricted_mean(survival, horizon) == pytest.approx(area, abs=1e-9)


def test_product_limit_by_hand_with_censoring_and_left_truncation():
    # at risk: u=0,1: {0, 2}; u=2: {1, 2}; u=3: {1, 2, 3}; u=4: {2, 3}; u=5: {3}
    entry, end, event = [0, 2, 0, 3], [1, 3, 4, 5], [True, True, False, True]
    survival = product_limit(entry, end, event)
    assert survival == pytest.approx([1, 1 / 2, 1 / 2, 1 / 3, 1 / 3, 0])
    assert km_median(survival) == 2  # S falls from 1 to 1/2 across week [1, 2)
    assert restricted_mean(survival, 52) == pytest.approx(1 + 1 + 2 / 3)
    assert restricted_mean(survival, 2) == pytest.approx(1.5)


def test_km_median_and_restricted_mean_when_little_is_resolved():
    survival = product_limit([0, 0, 0], [2, 3, 3], [True, False, False])  # 1 of 3 resolved
    assert survival == pytest.approx([1, 1, 2 / 3, 2 / 3])
    assert np.isnan(km_median(survival))  # more than half still unresolved
    assert restricted_mean(survival, 10) == pytest.approx(2 + 8 * 2 / 3)  # carried forward
    assert restricted_mean(product_limit([0], [0], [True]), 52) == 0.0  # resolved at once
    assert km_median(product_limit([0, 0], [0, 1], [True, True])) == 1.0  # half in week 0
    assert np.isnan(km_median(product_limit([], [], [])))
    assert np.isnan(restricted_mean(product_limit([], [], []), 52))


def test_left_truncation_recovers_the_durations_that_a_window_sees():
    """Stationary arrivals, geometric durations, lapse as censoring: the window's estimate is
    the true survival; counting the whole durations of issues that arose earlier is not."""
    rng = np.random.default_rng(3)
    created = np.repeat(np.arange(-400, 1), rng.poisson(400, 401))
    resolve, lapse = 0.3, 0.05
    t = rng.geometric(resolve, len(created)) - 1  # weeks to resolution, from 0
    lapse_at = rng.geometric(lapse, len(created)) - 1
    end = np.minimum(np.minimum(t, lapse_at), -created)  # censored at week 0 if still open
    event = (t <= lapse_at) & (t <= -created)
    start = -12  # a 13-week window ending at week 0
    seen = created + end >= start
    entry = np.maximum(start - created[seen], 0)
    truth = (1 - resolve) ** (np.arange(8) + 1)
    survival = product_limit(entry, end[seen], event[seen])
    assert survival[:8] == pytest.approx(truth, abs=0.025)  # about 3.5 standard errors
    naive = product_limit(np.zeros(seen.sum(), dtype=np.int64), end[seen], event[seen])
    assert (naive[:8] - truth).max() > 0.05  # long-lasting issues over-represented


def test_gini_is_missing_for_nothing_and_for_nobody():
    assert np.isnan(gini_or_nan(np.array([])))
    assert np.isnan(gini_or_nan(np.zeros(5)))  # nobody taking part is not equality
    assert gini_or_nan(np.full(4, 0.3)) == pytest.approx(0.0)
    assert gini_or_nan(np.array([0.0, 1.0])) == pytest.approx(0.5)
    assert gini_or_nan(np.array([0.0, 0.0, 0.0, 1.0])) == pytest.approx(0.75)
    assert gini_or_nan(np.array([3.0, 1.0])) == pytest.approx(0.25)  # sorted first


def hand_book(rows):
    """An issue book of issues ``(created, status, closing week)``, two affected households
    each (households 2i and 2i + 1)."""
    book = IssueBook()
    k = len(rows)
    book.add(
        {"created": np.array([r[0] for r in rows]), "n_affected": np.full(k, 2)},
        np.arange(2 * k),
        np.ones(2 * k),
        np.full(k, 2),
    )
    for i, (_, status, week) in enumerate(rows):
        if status >= Status.RESOLVED_SELF:
            book.close(np.array([i]), status, week)
    book.refresh_open()
    return book


def test_autonomy_index_counts_lapsed_issues_as_closed():
    week, start = 20, 8  # the window is weeks 8..20
    rows = [
        (9, Status.RESOLVED_SELF, 9),
        (10, Status.RESOLVED_SELF, 12),
        (3, Status.RESOLVED_SELF, 8),
        (11, Status.RESOLVED_ADMIN, 13),
        (2, Status.LAPSED, 15),
        (14, Status.LAPSED, 19),
        (1, Status.RESOLVED_SELF, 7),  # closed before the window: not counted
        (1, Status.LAPSED, 5),  # lapsed before the window: not counted
        (16, Status.AGENDA, 0),  # open: not closed
    ]
    book = hand_book(rows)
    out = autonomy_and_resolution(SimpleNamespace(issues=book), np.arange(book.n), week, start)
    assert out["autonomy_index"] == pytest.approx(3 / 6)  # leaving lapses out would read 3/4


def test_resolution_times_censor_lapsed_and_open_issues_from_the_window_start():
    week, start = 20, 8
    rows = [
        (9, Status.RESOLVED_SELF, 9),  # duration 0, resolved
        (10, Status.RESOLVED_ADMIN, 12),  # 2, resolved
        (3, Status.RESOLVED_SELF, 8),  # 5, resolved, seen from duration 5 (entry)
        (14, Status.LAPSED, 19),  # 5, censored
        (18, Status.AGENDA, 0),  # open for 2 weeks: censored at 2
        (1, Status.RESOLVED_SELF, 7),  # closed before the window: not in the sample
    ]
    book = hand_book(rows)
    out = autonomy_and_resolution(SimpleNamespace(issues=book), np.arange(book.n), week, start)
    entry, end, event = [0, 0, 5, 0, 0], [0, 2, 5, 5, 2], [True, True, True, False, False]
    survival = product_limit(entry, end, event)
    assert survival == pytest.approx([3 / 4, 3 / 4, 1 / 2, 1 / 2, 1 / 2, 1 / 4])
    assert out["resolution_time_median"] == km_median(survival) == 3  # 3/4 -> 1/2 in [2, 3)
    assert out["resolution_time_rmst"] == pytest.approx(restricted_mean(survival, 52))


def record_meetings(book, chosen, part, part_group, week):
    """``kernels.note_meetings`` on a hand-made book whose households share one building."""
    one = np.zeros(8, dtype=np.int64)  # level offsets, flat starts, building of each household
    last = [np.zeros(1, dtype=np.int64) for _ in range(3)]  # the building's last weeks
    cols = book.cols
    kernels.note_meetings(
        week,
        np.array(chosen),
        np.array(part),
        np.array(part_group),
        np.zeros(len(chosen), dtype=bool),
        *(cols["pair_start"], cols["pair_end"], book.pair_household, book.pair_acted),
        *(cols["n_meetings"], cols["last_meeting"], cols["acted"], cols["participants"]),
        *(cols["acting_level"], cols["acting_unit"], one, one, one, *last),
        np.full(8, -1),
    )


def test_affected_participation_counts_each_affected_household_once_per_issue():
    book = hand_book([(1, Status.AGENDA, 0), (1, Status.AGENDA, 0), (1, Status.AGENDA, 0)])
    # week 3: meetings on issues 0 and 1; households 0 (issue 0) and 5 (not affected by 1) join
    record_meetings(book, [0, 1], [0, 5], [0, 1], 3)
    # week 4: issue 0 again, both its households join; household 0 counts once
    record_meetings(book, [0], [0, 1], [0, 0], 4)
    assert list(book.acted) == [2, 0, 0]
    assert list(book.n_meetings) == [2, 1, 0]
    assert list(book.last_meeting) == [4, 3, 0]
    state = SimpleNamespace(issues=book)
    ids = np.arange(book.n)
    assert affected_participation(state, ids, start=3) == pytest.approx(2 / 4)  # issues 0, 1
    assert affected_participation(state, ids, start=4) == pytest.approx(2 / 2)  # issue 0 only
    assert np.isnan(affected_participation(state, ids, start=5))  # no meeting in the window


def granovetter_model(changed: bool, **params):
    """Granovetter's 100-person crowd as a community of 100 households (test_classics)."""
    model = MicroGovModel(
        rng=1,
        n_households=100,
        mobility_rate=0.0,
        admin_penetration=0.0,
        **{**MECHANISMS_OFF, **NO_NEW_ISSUES, **params},
    )
    thresholds = np.arange(100.0)
    if changed:
        thresholds[1] = 2.0
    model.households.threshold[:] = thresholds / 99.0  # shares of the 99 others (test_classics)
    return model


@pytest.mark.parametrize(("changed", "joined"), [(False, 100), (True, 1)])
def test_a_meeting_records_who_acted_and_what_the_buildings_did(changed, joined):
    model = granovetter_model(changed)
    issue = model.inject_issue("community", 0, severity=0.5)
    model.step()
    iss, units = model.issues, model.state.units
    assert (iss.n_meetings[issue], iss.last_meeting[issue]) == (1, 1)
    assert iss.acted[issue] == joined == iss.participants[issue]
    assert (units.last_agenda == 1).all()  # every household was affected
    assert (units.last_met < 0).all()  # a community meeting is no building's own
    building = model.neighbourhood.unit_of[1]
    acted = np.unique(building[model.households.last_active == 1])
    assert (units.last_acted[acted] == 1).all()
    assert (np.delete(units.last_acted, acted) < 0).all()


def test_a_building_meeting_is_its_micro_organisations_meeting():
    model = granovetter_model(False, unit_scale="building")
    model.households.threshold[:] = 0.0
    model.inject_issue("building", 1, severity=0.5)
    model.step()
    units = model.state.units
    assert units.last_met[1] == 1
    assert (np.delete(units.last_met, 1) < 0).all()


def test_windowed_outcomes_are_missing_until_full_and_history_fills_them():
    model = MicroGovModel(rng=4, n_households=300)
    model.run_for(52)
    df = model.datacollector.get_model_vars_dataframe()
    assert df["participation_rate"].iloc[:52].isna().all()
    assert df["participation_rate"].iloc[52:].notna().all()
    assert df["participation_4w"].iloc[:4].isna().all()
    assert df["participation_4w"].iloc[4:].notna().all()
    assert df["autonomy_index"].iloc[:13].isna().all()
    assert df["active_micro_orgs"].iloc[13:].notna().all()
    assert df["willingness"].notna().all()  # a state, no window
    carried = MicroGovModel(rng=4, n_households=300)
    carried.state.history_weeks = 60  # as a spin-up would set it
    carried.step()
    assert np.isfinite(carried.participation_rate)
    assert np.isfinite(carried.active_micro_orgs)


def test_without_issues_the_issue_outcomes_are_missing_not_zero():
    model = MicroGovModel(rng=2, n_households=150, micro_autonomy=1.0, **NO_NEW_ISSUES)
    model.run_for(60)
    assert model.participation_rate == 0.0
    assert model.active_micro_orgs == 0.0  # strong organisations that did nothing
    assert model.state.units.org_strength.min() > 0.5
    for name in ("unit_inequality", "affected_participation", "autonomy_index"):
        assert np.isnan(getattr(model, name)), name


def test_the_window_of_issues_kept_gives_what_all_issues_give():
    model = MicroGovModel(rng=5, n_households=600, unit_scale="doorway")
    model.run_for(90)
    s, week = model.state, model.week
    every = np.arange(s.issues.n)
    full = autonomy_and_resolution(s, every, week, week - model.p.outcome_window + 1)
    for name, value in full.items():
        assert getattr(model, name) == pytest.approx(value, nan_ok=True), name
    start = week - model.p.participation_window + 1
    assert model.affected_participation == pytest.approx(affected_participation(s, every, start))


def test_inputs_are_labelled_as_inputs_and_shown_in_no_view():
    inputs = [spec for spec in OUTCOME_SPECS if spec.is_input]
    assert {spec.name for spec in inputs} == {"committee_admin_share", "n_officers"}
    for spec in inputs:
        assert spec.views == (), spec.name
        assert spec.panel == "", spec.name
        assert spec.label_en.endswith("(input)"), spec.name
        assert "输入" in spec.label_zh, spec.name
        assert spec.definition.startswith("Input, not a result"), spec.name


def test_the_tail_of_a_run_skips_missing_weeks():
    ids = {"run_id": 0, "point": 0, "scenario": "s", "replication": 0, "seed": 3}
    task = RunTask(**ids, params={"n_households": 300}, timeline={}, steps=60, factors={})
    steps, summary = execute_run(task)
    last = steps["participation_rate"].iloc[-tail_length(60) :]
    assert last.isna().any()  # weeks 49..51 are missing,
    assert last.notna().any()  # 52..60 are not
    assert summary["participation_rate_tail"] == pytest.approx(last.dropna().mean())


def test_a_households_own_matters_are_not_the_communitys_affairs():
    """Requests and micro-wishes stay out of the autonomy index (ODD 7.3b, 7.4b, 7.11)."""
    from microgov_sim.model.issues import Channel
    from microgov_sim.model.outcomes import autonomy_and_resolution, own_matters

    model = MicroGovModel(rng=4, n_households=200, spinup_weeks=0)
    s = model.state
    ids = [model.inject_issue("doorway", d, severity=0.3) for d in range(4)]
    s.issues.close(np.array(ids), Status.RESOLVED_SELF, 1)
    s.issues.cols["channel"][ids[:3]] = (Channel.WISH, Channel.REQUEST, Channel.ELITE)
    s.issues.cols["status"][ids[3]] = Status.RESOLVED_ADMIN
    ids = np.array(ids)
    assert list(own_matters(s, ids)) == [False, False, True, True]
    assert autonomy_and_resolution(s, ids, 1, 0)["autonomy_index"] == pytest.approx(0.5)
