"""Mechanism 20: operational metrics translated from customers' success (essays 001, 003)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="measurement",
    claim="Translating customers' success into operational metrics makes CX gains measurable, and measured gains make the ROI case that wins approvals.",
    lever="translation of customer outcomes into operational metrics: 0 against 0.8, service-led",
    arms=lever("service", "measurement.translation", 0.0, 0.8),
    replicates=40,
    documented={"approval_rate": "not shown"},
    note=(
        "Translating customer outcomes into operational metrics raises the share of completed initiatives with a measured gain from about 0.1 to 0.85 (+0.74), as claimed, but the approval rate does not rise detectably (+0.018, 95% CI -0.031 to +0.067, 40 pairs). Measured gains reduce the 'mushiness' penalty only after initiatives complete, and a run completes only a handful, so the evidence arrives late in the five years. (Before survey detection was calibrated to 0.1, the approval effect was +0.043, CI +0.009 to +0.078: it is small and sensitive to that calibration.)"
    ),
    expects=(Expect("measured_share", +1), Expect("approval_rate", +1)),
)
