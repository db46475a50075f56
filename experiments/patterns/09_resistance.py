"""Mechanism 9: CX sounds mushy, threatens power and is laborious (essay 002)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="resistance",
    claim="The more executives discount CX without ROI evidence, the fewer CX proposals get approved.",
    lever="'mushiness' discount on proposals lacking evidence: 0 against 0.5, marketing-led",
    arms=lever("marketing", "resistance.mushiness", 0.0, 0.5),
    replicates=30,
    expects=(Expect("approval_rate", -1),),
)
