"""The submodels of ``docs/ODD.md`` §7, one module each, in the order of the weekly schedule.

Every step submodel is a function ``submodel(state, p, rng, week)`` of the community's state
(:class:`~microgov_sim.model.state.CommunityState`, changed in place), the parameters ``p``,
the run's numpy Generator and the current week; it returns what the schedule needs from it
(counts for the outcomes, households or elite positions whose Mesa agents must change). None
of them needs a Mesa model, so each is testable on a state alone.

===========================  =======  ====================================================
module                       ODD      what it does
===========================  =======  ====================================================
:mod:`.mobility`             7.1      households move out, newcomers move in
:mod:`.attitudes`            7.2      willingness, online adoption, elite effort
:mod:`.arrival`              7.3      micro-affairs arise in units at every level
:mod:`.demand`               7.3b     induced demand: dependent households file trivial
                                      requests with government
:mod:`.voice`                7.4b     online voice on open issues; party members' micro-
                                      wishes as micro-projects; online news across units
:mod:`.raising`              7.4      channels raise issues; routing to self-governance or
                                      administration
:mod:`.committee`            7.9a     the residents' committee: delegated load, convening,
                                      mediation, escalation, capacity left for reports
:mod:`.deliberation`         7.5-7.7  agenda, meetings, participation cascade, collective
                                      action and its evaluation
:mod:`.resources`            7.6b     the community fund: inflows, the taper, support paid,
                                      governance power and brokering
:mod:`.administration`       7.8      grid officers and departments dispose; crowding and
                                      dependency
:mod:`.institutions`         7.9      stake in open issues, party branches' incubation
:mod:`.community_building`   7.9b     社八件, the eight items: the functional organisation and
                                      the demonstration building; hooks for the others
:mod:`.drift`                7.10     lapses; slow drift of ties, attitudes, organisations
                                      and elites
===========================  =======  ====================================================

Imports only :mod:`microgov_sim.model` (state, rules, issues, structure, arrays); a submodel
may call another (deliberation and administration ask :mod:`.committee`).
"""
