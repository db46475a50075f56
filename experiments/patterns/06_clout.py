"""Mechanism 6: clout follows P&L (essay 001)."""

from sim.validation.patterns import Arm, Expect, Pattern

_MARKETING, _PRODUCT = "organisation.departments.marketing.pnl_share", "organisation.departments.product.pnl_share"

PATTERN = Pattern(
    mechanism="clout",
    claim="Clout sits with P&L owners: give the CX leader's home department a P&L and proposals are approved faster and more often.",
    lever="share of revenue whose P&L marketing owns: 0 against 0.3 (moved from product), marketing-led",
    arms=(
        Arm("marketing", {_MARKETING: 0.0, _PRODUCT: 0.65}, -1.0, "marketing owns no P&L"),
        Arm("marketing", {_MARKETING: 0.3, _PRODUCT: 0.35}, +1.0, "marketing owns 30% of revenue's P&L"),
    ),
    replicates=80,
    documented={"weeks_to_approval": "not shown", "approval_rate": "not shown"},
    note=(
        "Giving marketing 30% of the revenue's P&L raises the leader's effective clout (+0.076), but approvals come only slightly sooner (-0.75 weeks, 95% CI -1.65 to +0.14) and not detectably more often (+0.022, CI -0.016 to +0.059), both in the predicted direction. In the approval rule clout scales the probability only through (1 - 0.4 x (1 - c)), so +0.08 clout lifts it by about 3% relative, and the weekly decision probability by about 0.02. The leader borrows only part of the CMO's clout (clout.borrow_weight 0.5), which dilutes a P&L given to marketing; the mechanism's effect is clearer when switched off altogether (tests/test_mechanisms.py)."
    ),
    expects=(Expect("leader_clout", +1), Expect("weeks_to_approval", -1), Expect("approval_rate", +1)),
)
