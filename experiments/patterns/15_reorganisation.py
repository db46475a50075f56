"""Mechanism 15: frequent reorganisations (essay 004)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="reorganisation",
    claim="Reorganising often looks like progress but disrupts work in flight, so fewer commitments are kept.",
    lever="reorganisations per year: none against one a year, operations-led",
    arms=lever("operations", "reorganisation.per_year", 0.0, 1.0),
    replicates=80,
    documented={"follow_through": "not shown"},
    note=(
        "One reorganisation a year lowers follow-through over the run in the essay's direction, but not detectably (-0.032, 95% CI -0.068 to +0.005, 80 pairs). A reorganisation disrupts only the items in flight at that moment and leaves departments less productive for a while; under the operations-led position follow-through is already high and most delegated items are done well before the next reorganisation, so one a year costs a few points, below what 80 pairs resolve."
    ),
    expects=(Expect("follow_through", -1),),
)
