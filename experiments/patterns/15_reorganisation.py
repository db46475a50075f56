"""Mechanism 15: frequent reorganisations (essay 004)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="reorganisation",
    claim="Reorganising often looks like progress but disrupts work in flight, so fewer commitments are kept.",
    lever="reorganisations per year: none against one a year, operations-led",
    arms=lever("operations", "reorganisation.per_year", 0.0, 1.0),
    replicates=80,
    expects=(Expect("follow_through", -1),),
)
