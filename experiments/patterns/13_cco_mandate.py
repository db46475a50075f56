"""Mechanism 13: a CCO with authority against an advisory CCO (essay 003)."""

from sim.validation.patterns import Arm, Expect, Pattern

PATTERN = Pattern(
    mechanism="cco_mandate",
    claim="A Chief Customer Officer with staff, budget and authority gets more CX work done than an advisory one with influence only.",
    lever="placement: cco_advisory (influence only) against cco_authority (staff, budget, authority)",
    arms=(Arm("cco_advisory", {}, -1.0, "advisory CCO"), Arm("cco_authority", {}, +1.0, "CCO with authority")),
    replicates=20,
    expects=(Expect("follow_through", +1), Expect("approval_rate", +1)),
)
