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
        "Giving marketing 30% of the revenue's P&L raises the leader's effective clout (+0.027), but neither decision speed (-0.56 weeks, 95% CI -1.20 to +0.09) nor the approval rate (+0.019, CI -0.003 to +0.042, 80 pairs) is separated. The CMO's P&L raises clout through the resources term only, and the leader borrows half of the CMO's clout, so the change is small next to the sponsor's attention, which since issue 12 also falls when the firm's results disappoint."
    ),
    expects=(Expect("leader_clout", +1), Expect("weeks_to_approval", -1), Expect("approval_rate", +1)),
)
