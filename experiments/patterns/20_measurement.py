"""Mechanism 20: operational metrics translated from customers' success (essays 001, 003)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="measurement",
    claim="Translating customers' success into operational metrics makes CX gains measurable, and measured gains make the ROI case that wins approvals.",
    lever="translation of customer outcomes into operational metrics: 0 against 0.8, service-led",
    arms=lever("service", "measurement.translation", 0.0, 0.8),
    replicates=40,
    note=(
        "Translating customer outcomes into operational metrics raises the share of completed initiatives with a measured gain from about 0.1 to 0.7 (+0.57), and the approval rate by 4.6 points (95% CI +0.007 to +0.086, 40 pairs), as claimed. Measured gains reduce the 'mushiness' penalty only after initiatives complete, so the evidence arrives late in the five years and the approval effect is small and close to the edge of detection."
    ),
    expects=(Expect("measured_share", +1), Expect("approval_rate", +1)),
)
