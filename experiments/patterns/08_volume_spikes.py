"""Mechanism 8: a bug multiplies contacts tenfold (essay 001)."""

from sim.validation.patterns import Arm, Expect, Pattern

_SPIKES = {"events.bug_spikes_per_year": 2.0, "events.contact_multiplier": 10.0}
_NONE = {"events.bug_spikes_per_year": 0.0}

PATTERN = Pattern(
    mechanism="volume_spikes",
    claim="A bug that multiplies contacts tenfold costs less loyalty where CX sits in service, which can scale, than in marketing, which cannot.",
    lever="bug-driven tenfold contact spikes (2 a year against none), under service and under marketing: (service with - without) - (marketing with - without)",
    arms=(
        Arm("service", _SPIKES, +1.0, "service, spikes"),
        Arm("service", _NONE, -1.0, "service, no spikes"),
        Arm("marketing", _SPIKES, -1.0, "marketing, spikes"),
        Arm("marketing", _NONE, +1.0, "marketing, no spikes"),
    ),
    replicates=40,
    expects=(Expect("nps", +1),),
)
