"""Mechanism 12: silos and a single view of the customer (essays 003, 004)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="silos",
    claim="Separate data systems slow the detection of customer-critical issues and the coordination of CX work.",
    lever="initial data integration: 0.1 (separate systems) against 0.9 (a single view of the customer), operations-led",
    arms=lever("operations", "silos.initial_integration", 0.1, 0.9),
    replicates=30,
    expects=(Expect("detection_delay", -1), Expect("follow_through", +1)),
)
