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
    note=(
        "Under service the spikes cost 3.2 NPS points less than under marketing (95% CI +0.6 to +5.7, 40 pairs), as claimed. Surge capacity belongs to the departments that handle contacts, not to the placement; what the placement changes is how soon that capacity is mobilised (at once when CX sits in service) and whether the bug behind a spike is fast-tracked. With the firm's past now simulated, issues and bugs are already open at week 0, and the faster response shows (before issue 12 the difference was +1.5, not separated)."
    ),
    expects=(Expect("nps", +1),),
)
