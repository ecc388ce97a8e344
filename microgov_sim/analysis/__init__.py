"""Analysing saved results: figures, reports, sensitivity and labels (i18n).

Works on :class:`~microgov_sim.experiments.results.Results` and never builds a model. May
import :mod:`microgov_sim.experiments` and :mod:`microgov_sim.model` (for declarations such as
the outcome catalogue and the parameter table).
"""
