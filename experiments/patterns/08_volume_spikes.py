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
    documented={"nps": "not shown"},
    note=(
        "Under service the spikes cost 1.5 NPS points less than under marketing, in the essay's direction, but the difference is not separated (+1.47, 95% CI -0.56 to +3.49, 40 seed pairs). Surge capacity now belongs to the departments that handle contacts, not to the placement: under either placement the service department handles 70% of contacts and can scale up to eightfold. What the placement changes is only how soon that spare capacity is mobilised (at once when CX sits in service; after an escalation request that gets through, or on its own after a few weeks, otherwise) and whether a detected bug behind the spike is fast-tracked. With two spikes a year lasting one to two weeks, that delay costs little loyalty over five years."
    ),
    expects=(Expect("nps", +1),),
)
