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
    documented={"weeks_to_approval": "not shown"},
    note=(
        "Giving marketing 30% of the revenue's P&L raises the leader's effective clout (+0.028) and the approval rate (+0.041, 95% CI +0.020 to +0.062), now that an approver's and a sponsor's clout enter approval. Weeks from proposal to approval do not fall detectably (+0.31, CI -0.42 to +1.03). The CMO's P&L raises clout through the resources term only (half of an executive's clout comes from rank, which does not change), and the leader borrows half of the CMO's clout (clout.borrow_weight 0.5), so the change in decision speed is small next to the weeks proposals spend waiting for attention."
    ),
    expects=(Expect("leader_clout", +1), Expect("weeks_to_approval", -1), Expect("approval_rate", +1)),
)
