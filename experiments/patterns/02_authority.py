"""Mechanism 2: responsibility without authority (essays 000, 001, 003)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="authority",
    claim="A CX leader holding the mandate from low in the hierarchy waits longer for approvals, is approved less often and sees less follow-through than one close to the C-suite.",
    lever="reporting level of the marketing-led CX leader: level 2 (reports to the C-suite) against level 4 (a mid-level marketer)",
    arms=lever("marketing", "placements.marketing.leader_level", 2, 4),
    replicates=80,
    documented={"weeks_to_approval": "not shown", "follow_through": "not shown"},
    note=(
        "Moving the leader from level 2 to level 4 cuts the leader's effective clout by 0.18, as the mechanism intends, and lowers the approval rate by 3 points (95% CI -0.065 to -0.0003: only just excluding zero). Weeks to approval (+0.21, CI -0.66 to +1.07) and follow-through (-0.017, CI -0.058 to +0.024) do not move detectably. The reason is arithmetic: clout enters the weekly decision probability as 0.3 x (1 - 0.7 x (1 - c)) and the approval probability as (1 - 0.4 x (1 - c)), so 0.18 less clout slows a decision by about 0.04 a week and lowers approval by at most about 7% relative, while the sponsor's attention scales approval directly. Switching the mechanism off (full positional clout) does speed approvals significantly (the slow test in tests/test_mechanisms.py); within the default range of levels the effect is real but small."
    ),
    expects=(
        Expect("leader_clout", -1),
        Expect("weeks_to_approval", +1),
        Expect("approval_rate", -1),
        Expect("follow_through", -1),
    ),
)
