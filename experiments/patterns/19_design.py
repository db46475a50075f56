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
    documented={"follow_through": "not shown", "item_follow_through": "not shown"},
    note=(
        "Putting customer metrics (weight 0.6) into every department's incentives while CX stays in marketing gives about the same follow-through as moving CX to service (difference +0.011, 95% CI -0.042 to +0.064; items done on time +0.040, CI -0.013 to +0.093, 60 pairs). The model does not show design beating structure; it shows two routes of similar size: incentives add 3 x 0.6 = 1.8 priority points to every delegated item, while the move to service brings a higher reporting level, more staff and wider listening. Which route wins depends on these weights, which are assumptions."
    ),
    expects=(Expect("follow_through", +1), Expect("item_follow_through", +1)),
)
