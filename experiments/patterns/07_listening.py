"""Mechanism 7: listening reach depends on where CX sits (essay 001)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="listening",
    claim="A CX home that hears customers at every contact learns of customer-critical issues sooner than one that hears them through surveys.",
    lever="the marketing-led CX team's data: on marketing's own platform against on the CRM where service records 70% of contacts",
    arms=lever("marketing", "organisation.departments.marketing.data_system", "marketing_platform", "crm"),
    replicates=16,
    expects=(Expect("detection_delay", -1),),
)
