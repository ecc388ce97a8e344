"""Government as a model component: it pays for administration and for support.

Administrative cost (grid officers, platform, disposals; ODD 7.8) and support cost
(micro-project funds and party-branch resources put into residents' actions; ODD 7.6) are
kept apart, so that scenarios can be compared on what each line of governance costs.
"""

from __future__ import annotations


class Government:
    """Cumulative spending and administrative output."""

    def __init__(self) -> None:
        self.admin_cost = 0.0
        self.support_cost = 0.0
        self.admin_resolved = 0

    @property
    def total_cost(self) -> float:
        """Administrative plus support cost."""
        return self.admin_cost + self.support_cost

    @property
    def admin_cost_per_resolved(self) -> float:
        """Administrative cost per administratively resolved issue (over 1 while none are)."""
        return self.admin_cost / max(self.admin_resolved, 1)
