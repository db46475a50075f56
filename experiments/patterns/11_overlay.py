"""Mechanism 11: a CEO/COO overlay builds skill that outlasts it (essay 002)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="overlay",
    claim="An overlay run from the top for a few years builds CX capability in every department, and it is still there two years after the overlay ends.",
    lever="length of the CEO overlay: none against 3 years (156 weeks), measured at the end of year 5",
    arms=lever("ceo_overlay", "designs.ceo_overlay.overlay_weeks", 0, 156),
    replicates=20,
    documented={"follow_through_final": "not shown"},
    note=(
        "Three years of overlay leave departments' CX skill 0.68 higher at the end of year 5, as claimed. Final follow-through is higher by 0.07 but the CI just covers zero (-0.004 to +0.145, 20 pairs): the skill remains, but two years after the overlay the sponsor's attention is no longer held and is pulled by the firm's results like any other's."
    ),
    expects=(Expect("capability", +1), Expect("follow_through_final", +1)),
)
