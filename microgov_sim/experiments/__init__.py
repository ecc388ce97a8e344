"""Defining and running experiments.

Scenario and sweep files, designs, seeds, engines, the runner, the results store with its
confidence intervals (stats), and provenance.

May import :mod:`microgov_sim.model`; never imports analysis, validation or interfaces.
"""
