"""Mechanism 2: responsibility without authority (essays 000, 001, 003)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="authority",
    claim="A CX leader holding the mandate from low in the hierarchy waits longer for approvals, is approved less often and sees less follow-through than one close to the C-suite.",
    lever="reporting level of the marketing-led CX leader: level 2 (reports to the C-suite) against level 4 (a mid-level marketer)",
    arms=lever("marketing", "placements.marketing.leader_level", 2, 4),
    replicates=80,
    documented={"weeks_to_approval": "not shown"},
    note=(
        "Moving the leader from level 2 to level 4 cuts the leader's effective clout by 0.20, lowers the approval rate by 4 points (95% CI -0.065 to -0.013) and follow-through over the run by 0.05 (CI -0.100 to -0.001, only just excluding zero). Weeks from proposal to approval do not move detectably (+0.16, CI -1.01 to +1.32): clout speeds the weekly decision only a little, and with fewer approvals the waiting time is averaged over a smaller, different set of proposals (those that were approved at all). Switching the mechanism off (full positional clout) does speed approvals significantly (the slow test in tests/test_mechanisms.py)."
    ),
    expects=(
        Expect("leader_clout", -1),
        Expect("weeks_to_approval", +1),
        Expect("approval_rate", -1),
        Expect("follow_through", -1),
    ),
)
