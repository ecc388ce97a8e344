"""The simulation: the community's state, its parameters and the submodels that change it.

Holds everything a run needs and nothing about files, sweeps or figures. May import only
itself (and numpy, scipy, pandas, Mesa, networkx); every other stage imports from here.
Only ``model.py`` and ``agents.py`` import Mesa: the state, initialisation and submodels
run without it.
"""
