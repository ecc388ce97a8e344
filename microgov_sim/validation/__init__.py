"""Validation: the ten pattern experiments and the classic known-answer results.

May import analysis, experiments and model; never interfaces.
"""
