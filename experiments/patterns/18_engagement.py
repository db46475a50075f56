"""Mechanism 18: communities raise engagement and loyalty (essays 004, 000)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="engagement",
    claim="Communities and customer-to-customer contact raise engagement and loyalty.",
    lever="weight of communities among the CX leader's initiatives: 0 against 0.5, service-led",
    arms=lever("service", "initiatives.types.community.weight", 0.0, 0.5),
    replicates=80,
    expects=(Expect("engaged_share", +1), Expect("nps", +1)),
)
