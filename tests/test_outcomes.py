"""The outcome catalogue: what the model collects, the bounds it keeps, labels and views."""

import re

import numpy as np
import pytest

from microgov_sim import OUTCOMES, MicroGovModel, load_scenario
from microgov_sim.analysis.i18n import DERIVED_LABELS, LANGUAGES, outcome_label
from microgov_sim.experiments.scenarios import available
from microgov_sim.model.outcomes import (
    MODEL_REPORTERS,
    OUTCOME_SPECS,
    SPECS_BY_NAME,
    VIEWS,
    outcomes_in,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
STEPS = 200  # past every scenario's policy change (grid_withdrawal's is at step 157)


def test_datacollector_collects_exactly_the_catalogue_in_its_order(small_model):
    small_model.run_for(2)
    columns = list(small_model.datacollector.get_model_vars_dataframe().columns)
    assert columns == [spec.name for spec in OUTCOME_SPECS]
    assert list(MODEL_REPORTERS) == list(OUTCOMES) == columns
    assert len(SPECS_BY_NAME) == len(OUTCOME_SPECS)  # no name declared twice


@pytest.mark.parametrize("name", sorted(available()))
def test_every_outcome_stays_within_its_bounds(name):
    scenario = load_scenario(name)
    model = MicroGovModel(rng=scenario.seed, policy_timeline=scenario.timeline, **scenario.params)
    model.run_for(STEPS)
    table = model.datacollector.get_model_vars_dataframe()
    assert len(table) == STEPS + 1
    for spec in OUTCOME_SPECS:
        values = table[spec.name].to_numpy(dtype=float)
        assert np.isfinite(values).all(), spec.name
        outside = values[(values < spec.low) | (values > spec.high)]
        assert outside.size == 0, f"{spec.name} outside {spec.bounds()}: {outside[:5]}"


def test_every_outcome_is_declared_completely():
    for spec in OUTCOME_SPECS:
        assert re.fullmatch(r"[a-z][a-z_]*", spec.name), spec.name
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
    assert participation.get_title() == "Participation (share of residents)"
    plt.close(fig)
