"""Mechanism 19: design beats structure; everyone a mini-CCO (essay 004)."""

from sim.validation.patterns import Arm, Expect, Pattern

PATTERN = Pattern(
    mechanism="design",
    claim="Changing incentives does more than changing reporting lines: customer metrics in every department's incentives beat moving CX from marketing to service.",
    lever="at the marketing design: (CX in marketing, customer metrics weighted 0.6 in every department's incentives) against (CX moved to service, incentives unchanged)",
    arms=(
        Arm("service", {"simulation.design": "marketing"}, -1.0, "moved to service"),
        Arm("marketing", {"designs.marketing.customer_incentive": 0.6}, +1.0, "marketing, customer incentives"),
    ),
    replicates=60,
    expects=(Expect("follow_through", +1), Expect("item_follow_through", +1)),
)
