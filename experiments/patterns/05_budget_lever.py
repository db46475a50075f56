"""Mechanism 5: the budget lever, up to 10% of operating spend (essay 001)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="budget_lever",
    claim="Letting the CX leader direct a share of operating spend (up to 10%) funds fixes nobody else would, and more commitments are kept.",
    lever="share of opex the marketing-led CX leader may prioritise: 0% against 10%",
    arms=lever("marketing", "designs.marketing.budget_share", 0.0, 0.10),
    replicates=60,
    documented={"follow_through": "not shown"},
    note=(
        "The 10% budget lever raises the CX leader's approval rate by about 13 points (funded proposals win commitment), but follow-through over the run does not rise detectably (+0.038, 95% CI -0.008 to +0.083, 60 pairs; the direction is the essay's). Funding raises the priority of funded items, but more approvals also put more CX items into the same departments' queues, so the share kept on time rises less than the amount of CX work: the lever mainly buys more CX work. The essay's claim holds for approvals, not (at this precision) for follow-through."
    ),
    expects=(Expect("follow_through", +1), Expect("approval_rate", +1)),
)
