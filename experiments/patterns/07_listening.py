"""Mechanism 7: listening reach depends on where CX sits (essay 001)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="listening",
    claim="A CX home that hears customers at every contact learns of customer-critical issues sooner than one that hears them through surveys.",
    lever="listening reach of the CX home: 0.25 (surveys and reputation monitoring) against 0.8 (every contact), marketing-led otherwise",
    arms=lever("marketing", "placements.marketing.listening_reach", 0.25, 0.8),
    replicates=16,
    expects=(Expect("detection_delay", -1),),
)
