"""Compiled kernels of the weekly submodels (``numba.njit``): the loops numpy calls cost most in.

A kernel is a plain function of arrays and numbers -- no model, no state of its own, no random
numbers (draws are made with the model's numpy Generator and passed in; scratch arrays it
borrows are handed back as they were) -- so that each can be
called and tested alone with small known cases; it changes only the arrays its docstring says.
The submodels of :mod:`microgov_sim.model.submodels` and the rules of
:mod:`microgov_sim.model.rules` call them; each rule has this one implementation.
Arithmetic follows the order of the numpy expressions they replaced (sums in input order, as
``np.bincount`` adds), so runs give the same numbers as before the kernels.

Compiled on first use and cached beside each module (:mod:`.compile`): a fresh machine
compiles once, later processes -- worker processes of the engines included -- load the cache.
The modules follow the week: :mod:`.issues` (arrival, routing), :mod:`.raising` (the channels'
chances, what routing weighs), :mod:`.committee` (the committee's tasks and the agenda),
:mod:`.drive` and :mod:`.cascade` (who takes part), :mod:`.meetings` and :mod:`.ties` (meetings
and their feedback; :mod:`.network` indexes the ties), :mod:`.contact` (administrative contact
and disposal), :mod:`.households` (attitudes and drift), :mod:`.outcomes`; :mod:`.reduce` sums
in numpy's order and :mod:`.sort` orders as ``np.lexsort``.

Imports its own modules only; each imports numpy and numba.
"""

from __future__ import annotations

from .cascade import (
    cascade,
)
from .committee import (
    agenda_capacities,
    argmax_in,
    argmax_per_group,
    committee_tasks,
    due_agenda,
    has_body,
    incubate,
    most_pressing_order,
    select_agenda,
    with_status,
)
from .contact import (
    administrative_contact,
    crowd_all,
    crowded,
    crowding_update,
    disposal_tally,
    drawn,
    officers_take,
    request_chance,
    request_chance_of,
    request_chances,
    request_reach,
    request_reach_of,
)
from .drive import (
    any_succeeds,
    asked_by_elites,
    asked_by_elites_of,
    chance_of_any,
    elite_contact_sum,
    elsewhere_share,
    meeting_drive,
    mobilisation,
    online_counts,
    online_news,
    participation_cost,
    participation_costs,
    private_drive,
    private_drives,
    share_elsewhere,
)
from .households import (
    attitudes,
    belonging_target,
    burden,
    household_drift,
    move_all_toward,
    move_toward,
    targets,
    toward,
    trust_target,
    willingness,
    willingness_of,
)
from .issues import (
    affected_members,
    append_issues,
    logit_choice,
    new_issue_columns,
    online_affected,
    raising_log_miss,
    raising_sums,
    route_new_issues,
    smallest_common_level,
    voice,
    voice_chance,
    voice_chances,
)
from .meetings import (
    assign_meetings,
    co_participant_ties,
    evaluate_meetings,
    meeting_feedback,
    note_meetings,
    record_meetings,
    toward_one_marked,
    toward_one_once,
    unit_mean,
)
from .network import (
    edge_keys,
    first_of_pairs,
    symmetric_csr,
)
from .outcomes import (
    acted_since,
    gini,
    household_outcomes,
    issues_in_view,
    km_median,
    product_limit,
    restricted_mean,
    routed_since,
    shared_affairs_window,
    window_outcomes,
)
from .raising import (
    building_effort,
    channel_chances,
    elite_efforts,
    elite_notices,
    route_utilities,
    slot_activities,
    slot_activity,
    slot_grid_share,
    takeover_chances,
)
from .reduce import (
    BLOCK,
    block_sum,
    np_mean,
    np_sum,
    pairwise_sum,
)
from .sort import (
    lex_order,
    precedes,
)
from .ties import (
    ERODE,
    GROW,
    SET,
    all_tie_values,
    incident_edges,
    tie_update,
    tie_value,
    tie_values,
)

__all__ = [
    "BLOCK",
    "ERODE",
    "GROW",
    "SET",
    "acted_since",
    "administrative_contact",
    "affected_members",
    "agenda_capacities",
    "all_tie_values",
    "any_succeeds",
    "append_issues",
    "argmax_in",
    "argmax_per_group",
    "asked_by_elites",
    "asked_by_elites_of",
    "assign_meetings",
    "attitudes",
    "belonging_target",
    "block_sum",
    "building_effort",
    "burden",
    "cascade",
    "chance_of_any",
    "channel_chances",
    "co_participant_ties",
    "committee_tasks",
    "crowd_all",
    "crowded",
    "crowding_update",
    "disposal_tally",
    "drawn",
    "due_agenda",
    "edge_keys",
    "elite_contact_sum",
    "elite_efforts",
    "elite_notices",
    "elsewhere_share",
    "evaluate_meetings",
    "first_of_pairs",
    "gini",
    "has_body",
    "household_drift",
    "household_outcomes",
    "incident_edges",
    "incubate",
    "issues_in_view",
    "km_median",
    "lex_order",
    "logit_choice",
    "meeting_drive",
    "meeting_feedback",
    "mobilisation",
    "most_pressing_order",
    "move_all_toward",
    "move_toward",
    "new_issue_columns",
    "note_meetings",
    "np_mean",
    "np_sum",
    "officers_take",
    "online_affected",
    "online_counts",
    "online_news",
    "pairwise_sum",
    "participation_cost",
    "participation_costs",
    "precedes",
    "private_drive",
    "private_drives",
    "product_limit",
    "raising_log_miss",
    "raising_sums",
    "record_meetings",
    "request_chance",
    "request_chance_of",
    "request_chances",
    "request_reach",
    "request_reach_of",
    "restricted_mean",
    "route_new_issues",
    "route_utilities",
    "routed_since",
    "select_agenda",
    "share_elsewhere",
    "shared_affairs_window",
    "slot_activities",
    "slot_activity",
    "slot_grid_share",
    "smallest_common_level",
    "symmetric_csr",
    "takeover_chances",
    "targets",
    "tie_update",
    "tie_value",
    "tie_values",
    "toward",
    "toward_one_marked",
    "toward_one_once",
    "trust_target",
    "unit_mean",
    "voice",
    "voice_chance",
    "voice_chances",
    "willingness",
    "willingness_of",
    "window_outcomes",
    "with_status",
]
