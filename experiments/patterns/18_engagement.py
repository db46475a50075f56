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
        "Giving communities half the weight of the leader's initiatives raises the engaged share (+0.033), as claimed, but NPS does not rise detectably (-0.8, 95% CI -1.9 to +0.3, 80 pairs). Community initiatives carry the smallest loyalty gain of the six kinds (0.1 points), so shifting the portfolio towards them trades larger experience fixes for engagement; the members' loyalty term does not make up for that at this community size."
    ),
    expects=(Expect("engaged_share", +1), Expect("nps", +1)),
)
