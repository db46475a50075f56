"""Mechanism 17: disclose failings early or have them come out later (essay 004)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="transparency",
    claim="Telling customers about failings early keeps more of their trust than hiding them until they come out.",
    lever="share of known issues disclosed to customers: 0 (hide) against 0.9 (disclose), service-led",
    arms=lever("service", "transparency.disclosure", 0.0, 0.9),
    replicates=12,
    expects=(Expect("trust", +1),),
)
