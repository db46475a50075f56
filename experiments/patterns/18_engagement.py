"""Mechanism 18: communities raise engagement and loyalty (essays 004, 000)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="engagement",
    claim="Communities and customer-to-customer contact raise engagement and loyalty.",
    lever="weight of communities among the CX leader's initiatives: 0 against 0.5, service-led",
    arms=lever("service", "initiatives.types.community.weight", 0.0, 0.5),
    replicates=80,
    documented={"nps": "not shown"},
    note=(
        "Communities raise the share of customers who are members (+6 points), but NPS over the run rises only by about 1 point (+0.98, 95% CI -0.21 to +2.16, 80 pairs). The loyalty boost (0.8 points on the 0-10 scale) reaches members only, about 6% of customers, so the expected change in the whole base's NPS is around one point, below what 80 pairs resolve against the run-to-run spread of NPS. Members themselves are clearly more loyal than other customers (tests/test_mechanisms.py), which is the essay's claim at the level of the engaged customer."
    ),
    expects=(Expect("engaged_share", +1), Expect("nps", +1)),
)
