"""Mechanism 2: responsibility without authority (essays 000, 001, 003)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="authority",
    claim="A CX leader holding the mandate from low in the hierarchy waits longer for approvals, is approved less often and sees less follow-through than one close to the C-suite.",
    lever="reporting level of the marketing-led CX leader: level 2 (reports to the C-suite) against level 4 (a mid-level marketer)",
    arms=lever("marketing", "placements.marketing.leader_level", 2, 4),
    replicates=80,
    documented={"follow_through": "not shown"},
    note=(
        "Moving the leader from level 2 to level 4 cuts the leader's effective clout by 0.19, lowers the approval rate by 4 points (95% CI -0.065 to -0.015) and slows approval by 1.1 weeks (CI +0.23 to +1.99). Follow-through does not move detectably (+0.016, CI -0.050 to +0.082): since issue 12 the firm reacts to its own results (falling NPS pulls attention and brings reorganisations), which adds run-to-run spread to follow-through, and the smaller number of approved initiatives at level 4 is not reflected in the share of commitments kept on time."
    ),
    expects=(
        Expect("leader_clout", -1),
        Expect("weeks_to_approval", +1),
        Expect("approval_rate", -1),
        Expect("follow_through", -1),
    ),
)
