"""Scenario configuration: frozen dataclasses, one per scenario table.

A :class:`Scenario` is what a scenario file becomes after validation
(:func:`sim.scenario.load.load_scenario`). Its defaults describe the default mid-size
organisation documented line by line in ``scenarios/default.toml``; a test keeps
the two identical. Mechanism parameters live beside their mechanism in
``sim/mechanisms/`` and are gathered here as one table each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sim.mechanisms import (
    authority,
    budget_lever,
    cco_mandate,
    clout,
    delegation,
    design,
    engagement,
    follow_up,
    leader_tenure,
    legacy_mindset,
    listening,
    measurement,
    overlay,
    reorganisation,
    resistance,
    rollout,
    silos,
    sponsor_attention,
    transparency,
    volume_spikes,
)
from sim.params import Tables, param
from sim.scenario.economics import FeedbackConfig, MoneyConfig
from sim.scenario.organisation import EXECUTIVE_OFFICE, DepartmentConfig, ExecutiveConfig, OrganisationConfig
from sim.scenario.placements import Design, Placement, preset_designs, preset_placements

INITIATIVE_KINDS: tuple[str, ...] = (
    "co_design_workshop",
    "advisory_board",
    "community",
    "process_redesign",
    "listening_programme",
    "infrastructure_fix",
)
NETWORKS: tuple[str, ...] = ("small_world", "random", "fully_mixed")


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """What the scenario describes."""

    name: str = param("Default mid-size company", doc="short name shown in tables and reports")
    description: str = param("", doc="free text: what organisation this is and why it is set up so")


@dataclass(frozen=True, slots=True)
class LessonInfo:
    """A guided lesson (``scenarios/lessons/``): what to ask a class, what to change, what to watch.

    Absent from ordinary scenarios (every text empty). ``cxsim lessons`` lists the
    lessons and the dashboard shows the one chosen beside its controls.
    """

    title: str = param("", doc="lesson title (a lesson is a scenario file whose title is not empty)")
    question: str = param("", doc="the question the lesson puts to the class")
    change: str = param("", doc="what to change in the dashboard (which control, from what to what)")
    watch: str = param("", doc="which chart or figure to watch while the model runs")
    shows: str = param("", doc="what the model shows, as measured over several seeds (with figures)")
    compare: str = param(
        "", doc="placement to show side by side with simulation.placement in the dashboard ('' = none)"
    )


@dataclass(frozen=True, slots=True)
class SimulationConfig:
    """Run settings a command line can override."""

    weeks: int = param(260, lo=1, hi=2600, unit="weeks", doc="simulated horizon (one step = one week)")
    seed: int = param(1, lo=0, hi=2**63 - 1, doc="seed of the model's random generator")
    placement: str = param("marketing", doc="governance placement to run (a preset or one defined under [placements])")
    design: str = param(
        "", doc="governance design to run (a preset or one defined under [designs]); '' = the placement's own design"
    )
    programme: bool = param(
        True,
        doc="whether the firm runs a CX programme (false: no CX leader, team, initiatives or CX spend - the counterfactual)",
    )
    history_weeks: int = param(
        104,
        lo=0,
        hi=1040,
        unit="weeks",
        doc="weeks of the firm's past, without a CX programme, simulated before week 0 so issues, bugs and churn start settled (0 = start from the warm start alone)",
    )


@dataclass(frozen=True, slots=True)
class SegmentConfig:
    """One customer segment."""

    name: str = param("all", doc="segment name")
    share: float = param(1.0, lo=0, hi=1, unit="share", doc="share of customers in the segment (shares sum to 1)")
    loyalty_mean: float = param(
        7.8,
        lo=0,
        hi=10,
        unit="0-10 score",
        doc="mean of current customers' baseline likelihood to recommend (what their own experience settles at)",
    )
    loyalty_sd: float = param(
        1.6,
        lo=0,
        hi=5,
        unit="0-10 score",
        doc="spread of baselines across customers (word of mouth narrows the observed spread, to about 0.75x by default)",
    )
    weekly_churn: float = param(
        0.003, lo=0, hi=0.5, unit="1/week", doc="weekly churn hazard of a customer at the reference loyalty"
    )
    contacts_per_week: float = param(
        0.08, lo=0, hi=20, unit="contacts/week", doc="usual contacts per customer per week"
    )
    willingness_mean: float = param(
        0.4, lo=0, hi=1, unit="prob", doc="mean willingness to take part in co-design at the start"
    )
    revenue_per_year: float = param(
        0.24,
        lo=0,
        hi=1e6,
        unit="money/customer/year",
        doc="revenue a real customer of the segment brings in a year (money units, like organisation.opex_per_week)",
    )
    gross_margin: float = param(
        0.35, lo=0, hi=1, unit="share", doc="share of the segment's revenue left after the cost of serving it"
    )


def _default_segments() -> tuple[SegmentConfig, ...]:
    return (
        SegmentConfig("core", 0.55, 7.8, 1.6, 0.0022, 0.08, 0.40, 0.24, 0.35),
        SegmentConfig("value", 0.30, 7.3, 1.8, 0.0035, 0.06, 0.30, 0.15, 0.25),
        SegmentConfig("premium", 0.15, 8.3, 1.3, 0.0015, 0.12, 0.55, 0.45, 0.45),
    )


@dataclass(frozen=True, slots=True)
class CustomersConfig:
    """The customer population (held as numpy arrays)."""

    count: int = param(10_000, lo=10, hi=10_000_000, unit="customers", doc="customers at the start")
    represents: float = param(
        50.0,
        lo=1e-6,
        hi=1e9,
        unit="real customers",
        doc="real customers each modelled customer stands for (scales revenue, margin and lost revenue to the whole base)",
    )
    prospects: float = param(
        1.0, lo=0, hi=20, unit="x count", doc="potential customers not yet acquired, as a multiple of count"
    )
    network: str = param(
        "small_world",
        choices=NETWORKS,
        doc="word-of-mouth network: small_world, random, or fully_mixed (everyone hears everyone)",
    )
    degree: int = param(8, lo=2, hi=200, unit="links", doc="mean number of word-of-mouth contacts per customer")
    rewire: float = param(0.2, lo=0, hi=1, unit="prob", doc="small-world rewiring probability")
    loyalty_adapt: float = param(
        0.05, lo=0, hi=1, unit="1/week", doc="weekly share of the gap to the experience-driven loyalty target closed"
    )
    warm_start: bool = param(
        True,
        doc="start loyalty at the steady state word of mouth and noise sustain (solved directly), not at each baseline",
    )
    loyalty_noise: float = param(
        0.1,
        lo=0,
        hi=3,
        unit="0-10 score",
        doc="standard deviation of the weekly idiosyncratic change in loyalty (uniformly distributed)",
    )
    word_of_mouth: float = param(
        0.02, lo=0, hi=1, unit="1/week", doc="weekly pull of loyalty towards the neighbours' mean"
    )
    churn_sensitivity: float = param(
        0.35, lo=0, hi=3, unit="1/point", doc="log-change in churn hazard per loyalty point below the reference"
    )
    churn_reference: float = param(
        7.5, lo=0, hi=10, unit="0-10 score", doc="loyalty at which churn equals the segment's weekly_churn"
    )
    trust_initial: float = param(0.6, lo=0, hi=1, unit="share", doc="customers' trust in the firm at the start")
    trust_weight: float = param(
        3.0,
        lo=0,
        hi=20,
        unit="points/trust",
        doc="loyalty-target points per unit of trust above or below its initial level",
    )
    trust_recovery: float = param(
        0.02, lo=0, hi=1, unit="1/week", doc="weekly share of lost trust that returns by itself"
    )
    heterogeneity: float = param(
        1.0, lo=0, hi=1, unit="share", doc="scale of individual differences (0 = identical customers within a segment)"
    )
    quality_erosion: float = param(
        0.008,
        lo=0,
        hi=1,
        unit="1/week",
        doc="weekly share of experience gains eroded by competitors and rising expectations",
    )
    segments: tuple[SegmentConfig, ...] = param(doc="customer segments", factory=_default_segments)


@dataclass(frozen=True, slots=True)
class AcquisitionConfig:
    """New customers (a Bass diffusion over the prospect pool)."""

    innovation: float = param(
        0.0006, lo=0, hi=1, unit="1/week", doc="weekly chance a prospect adopts unprompted (Bass p)"
    )
    imitation: float = param(
        0.005, lo=0, hi=5, unit="1/week", doc="weekly adoption hazard per unit share of customer neighbours (Bass q)"
    )
    valence: float = param(
        1.0,
        lo=0,
        hi=5,
        unit="multiplier",
        doc="how strongly NPS colours word of mouth (recruiting scales with 1 + valence*NPS/100)",
    )


@dataclass(frozen=True, slots=True)
class InitiativeType:
    """One kind of CX initiative."""

    weight: float = param(1.0, lo=0, hi=100, unit="weight", doc="relative frequency among the leader's proposals")
    departments: int = param(
        2, lo=1, hi=7, unit="departments", doc="departments involved when run bottom-up (top-down involves all)"
    )
    items_per_department: int = param(
        2, lo=1, hi=20, unit="items", doc="action items each involved department receives"
    )
    effort_weeks: int = param(2, lo=1, hi=52, unit="item-weeks", doc="weeks of work each action item needs")
    cost: float = param(150.0, lo=0, hi=1e9, unit="money", doc="cost of running the initiative")
    loyalty_gain: float = param(
        0.3, lo=0, hi=5, unit="loyalty points", doc="rise in the target segment's loyalty target on completion"
    )
    invite_share: float = param(
        0.0,
        lo=0,
        hi=1,
        unit="share",
        doc="share of active customers invited to take part (0 = no customer participation)",
    )


def _type(weight, depts, items, effort, cost, gain, invite) -> InitiativeType:
    return InitiativeType(weight, depts, items, effort, cost, gain, invite)


@dataclass(frozen=True, slots=True)
class InitiativeTypes:
    """The six initiative kinds."""

    co_design_workshop: InitiativeType = param(
        doc="co-design workshop", factory=lambda: _type(0.25, 2, 2, 2, 150, 0.25, 0.004)
    )
    advisory_board: InitiativeType = param(
        doc="customer advisory board", factory=lambda: _type(0.15, 2, 2, 2, 100, 0.2, 0.002)
    )
    community: InitiativeType = param(doc="customer community", factory=lambda: _type(0.10, 2, 1, 3, 200, 0.1, 0.05))
    process_redesign: InitiativeType = param(
        doc="process redesign", factory=lambda: _type(0.20, 3, 2, 3, 300, 0.3, 0.0)
    )
    listening_programme: InitiativeType = param(
        doc="listening programme", factory=lambda: _type(0.15, 2, 1, 2, 120, 0.05, 0.0)
    )
    infrastructure_fix: InitiativeType = param(
        doc="infrastructure fix", factory=lambda: _type(0.15, 2, 3, 4, 600, 0.3, 0.0)
    )


@dataclass(frozen=True, slots=True)
class InitiativesConfig:
    """The initiative life cycle (scoped, proposed, decided, launched, delegated, ended)."""

    max_active: int = param(
        3, lo=0, hi=50, unit="initiatives", doc="initiatives the CX leader runs at once (0 = the leader runs none)"
    )
    scoping_weeks: float = param(10.0, lo=1, hi=104, unit="weeks", doc="mean weeks to scope a proposal")
    decision_rate: float = param(
        0.3, lo=0.01, hi=1, unit="1/week", doc="weekly chance a pending proposal is decided, at full clout"
    )
    max_wait_weeks: int = param(26, lo=1, hi=260, unit="weeks", doc="a proposal undecided this long counts as rejected")
    base_approval: float = param(
        1.0, lo=0, hi=1, unit="prob", doc="approval chance with full commitment, clout and no resistance"
    )
    attention_weight: float = param(
        0.7, lo=0, hi=1, unit="share", doc="share of approval chance that depends on the approver's attention to CX"
    )
    decision_clout_weight: float = param(
        0.7, lo=0, hi=1, unit="share", doc="share of decision speed lost when the proposer has no clout"
    )
    approval_clout_weight: float = param(
        0.4, lo=0, hi=1, unit="share", doc="share of approval chance lost when the proposer has no clout"
    )
    launch_weeks: int = param(4, lo=0, hi=52, unit="weeks", doc="weeks from approval to the launch event")
    due_weeks: int = param(6, lo=1, hi=104, unit="weeks", doc="weeks a department has to finish a delegated item")
    stall_weeks: int = param(
        10, lo=1, hi=104, unit="weeks", doc="weeks without a finished action item after which an initiative is stalled"
    )
    abandon_weeks: int = param(
        20, lo=1, hi=260, unit="weeks", doc="weeks stalled after which an initiative is abandoned"
    )
    top_down_share: float = param(
        0.35, lo=0, hi=1, unit="share", doc="share of initiatives run top-down (all departments, all segments)"
    )
    issue_focus: float = param(
        0.6, lo=0, hi=1, unit="prob", doc="chance a new proposal targets the worst known unresolved issue"
    )
    survey_detect: float = param(
        0.1, lo=0, hi=1, unit="prob", doc="chance surveys alone reveal the gain of a completed initiative"
    )
    types: InitiativeTypes = param(doc="initiative kinds", factory=InitiativeTypes)


@dataclass(frozen=True, slots=True)
class IssuesConfig:
    """Customer-critical process issues (beyond bug spikes)."""

    per_year: float = param(4.0, lo=0, hi=520, unit="1/year", doc="new customer-critical issues per year")
    share: float = param(0.15, lo=0, hi=1, unit="share", doc="share of a segment's customers an issue affects")
    severity: float = param(
        0.8,
        lo=0,
        hi=10,
        unit="loyalty points",
        doc="drop in affected customers' loyalty target while the issue is open",
    )
    routine_fix_weeks: float = param(
        12.0, lo=1, hi=520, unit="weeks", doc="mean weeks for routine work to fix a detected issue"
    )
    natural_fix_weeks: float = param(
        52.0, lo=1, hi=5200, unit="weeks", doc="mean weeks before an undetected issue goes away by itself"
    )


@dataclass(frozen=True, slots=True)
class EventsConfig:
    """Exogenous events: bug spikes, disruptions, competitive threats, budget cycles.

    Contact surges that overlap add: a customer caught in surges with multipliers
    m1, m2, ... makes 1 + (m1 - 1) + (m2 - 1) + ... times their usual contacts.
    """

    bug_spikes_per_year: float = param(
        1.0, lo=0, hi=52, unit="1/year", doc="product bugs that trigger a contact spike, per year"
    )
    bug_share: float = param(0.3, lo=0, hi=1, unit="share", doc="share of customers a bug affects")
    bug_severity: float = param(
        0.8, lo=0, hi=10, unit="loyalty points", doc="drop in affected customers' loyalty target while the bug is open"
    )
    spike_weeks: int = param(3, lo=1, hi=52, unit="weeks", doc="weeks a bug multiplies contacts")
    contact_multiplier: float = param(
        10.0, lo=1, hi=100, unit="multiplier", doc="contacts of affected customers during a spike (seed 001: tenfold)"
    )
    disruptions_per_year: float = param(
        0.0,
        lo=0,
        hi=52,
        unit="1/year",
        doc="disruptions (weather, an outage) that multiply contacts while they last, per year; no lasting issue",
    )
    disruption_share: float = param(
        0.5, lo=0, hi=1, unit="share", doc="share of customers whose contacts a disruption multiplies"
    )
    disruption_multiplier_min: float = param(
        8.0, lo=1, hi=100, unit="multiplier", doc="smallest contact multiplier of a disruption (drawn uniformly)"
    )
    disruption_multiplier_max: float = param(
        12.0, lo=1, hi=100, unit="multiplier", doc="largest contact multiplier of a disruption"
    )
    disruption_weeks_min: int = param(1, lo=1, hi=52, unit="weeks", doc="shortest disruption (drawn uniformly)")
    disruption_weeks_max: int = param(2, lo=1, hi=52, unit="weeks", doc="longest disruption")
    threats_per_year: float = param(0.3, lo=0, hi=12, unit="1/year", doc="competitive threats per year")
    threat_weeks: int = param(26, lo=1, hi=260, unit="weeks", doc="weeks a competitive threat lasts")
    threat_churn: float = param(0.5, lo=0, hi=10, unit="share", doc="rise in churn hazard while under threat")
    threat_pressure: float = param(
        0.5, lo=0, hi=10, unit="share", doc="rise in departments' own pressure while under threat"
    )
    budget_cycle_week: int = param(0, lo=0, hi=51, unit="week of year", doc="week of the year when budgets are reset")
    budget_cut_prob: float = param(
        0.3,
        lo=0,
        hi=1,
        unit="prob",
        doc="chance an unfunded initiative in flight is cut at a budget cycle, scaled by its approver's lack of attention (1 - attention)",
    )


@dataclass(frozen=True, slots=True)
class MechanismSwitches:
    """Which of the twenty mechanisms are on (see sim/mechanisms/)."""

    sponsor_attention: bool = param(True, doc="1 sponsor attention drift [000]")
    authority: bool = param(True, doc="2 authority versus responsibility [000, 001, 003]")
    delegation: bool = param(True, doc="3 delegated action items and procrastination [000]")
    follow_up: bool = param(True, doc="4 customer follow-up and abandonment [000]")
    budget_lever: bool = param(True, doc="5 budget lever [001]")
    clout: bool = param(True, doc="6 clout follows P&L [001]")
    listening: bool = param(True, doc="7 listening reach [001]")
    volume_spikes: bool = param(True, doc="8 volume spikes [001]")
    resistance: bool = param(True, doc="9 resistance: mushy, threatening, laborious [002]")
    rollout: bool = param(True, doc="10 bottom-up versus top-down [002]")
    overlay: bool = param(True, doc="11 CEO/COO overlay [002]")
    silos: bool = param(True, doc="12 silos and a single view of the customer [003, 004]")
    cco_mandate: bool = param(True, doc="13 CCO with authority versus advisory CCO [003]")
    leader_tenure: bool = param(True, doc="14 CX leader tenure [004]")
    reorganisation: bool = param(True, doc="15 reorganisation churn [004]")
    legacy_mindset: bool = param(True, doc="16 legacy-mindset managers [004]")
    transparency: bool = param(True, doc="17 transparency [004]")
    engagement: bool = param(True, doc="18 engagement [004, 000]")
    design: bool = param(True, doc="19 design beats structure [004]")
    measurement: bool = param(True, doc="20 metrics translated from customers' success [001, 003]")


@dataclass(frozen=True)
class Scenario:
    """A complete, validated scenario: the organisation, its customers and the mechanisms.

    Build one with :func:`sim.scenario.load.load_scenario` (from TOML) or ``Scenario()``
    (the default organisation). ``placements`` and ``designs`` hold every preset
    (with any overrides from the file) and every placement or design the file defines.
    """

    def design_of(self, placement: str, design: str = "") -> Design:
        """The design a run of ``placement`` uses: ``design`` if named, else the placement's own."""
        return self.designs[design or self.placements[placement].design]

    scenario: ScenarioInfo = param(doc="scenario description", factory=ScenarioInfo)
    lesson: LessonInfo = param(doc="guided lesson (lesson files only)", factory=LessonInfo)
    simulation: SimulationConfig = param(doc="run settings", factory=SimulationConfig)
    organisation: OrganisationConfig = param(doc="the firm", factory=OrganisationConfig)
    customers: CustomersConfig = param(doc="customers", factory=CustomersConfig)
    acquisition: AcquisitionConfig = param(doc="customer acquisition", factory=AcquisitionConfig)
    initiatives: InitiativesConfig = param(doc="initiative life cycle", factory=InitiativesConfig)
    issues: IssuesConfig = param(doc="customer-critical issues", factory=IssuesConfig)
    events: EventsConfig = param(doc="exogenous events", factory=EventsConfig)
    money: MoneyConfig = param(doc="money: discounting, plan and the no-programme comparison", factory=MoneyConfig)
    feedback: FeedbackConfig = param(doc="the organisation's reactions to its own results", factory=FeedbackConfig)
    mechanisms: MechanismSwitches = param(doc="mechanism switches", factory=MechanismSwitches)
    sponsor_attention: sponsor_attention.Params = param(doc="mechanism 1", factory=sponsor_attention.Params)
    authority: authority.Params = param(doc="mechanism 2", factory=authority.Params)
    delegation: delegation.Params = param(doc="mechanism 3", factory=delegation.Params)
    follow_up: follow_up.Params = param(doc="mechanism 4", factory=follow_up.Params)
    budget_lever: budget_lever.Params = param(doc="mechanism 5", factory=budget_lever.Params)
    clout: clout.Params = param(doc="mechanism 6", factory=clout.Params)
    listening: listening.Params = param(doc="mechanism 7", factory=listening.Params)
    volume_spikes: volume_spikes.Params = param(doc="mechanism 8", factory=volume_spikes.Params)
    resistance: resistance.Params = param(doc="mechanism 9", factory=resistance.Params)
    rollout: rollout.Params = param(doc="mechanism 10", factory=rollout.Params)
    overlay: overlay.Params = param(doc="mechanism 11", factory=overlay.Params)
    silos: silos.Params = param(doc="mechanism 12", factory=silos.Params)
    cco_mandate: cco_mandate.Params = param(doc="mechanism 13", factory=cco_mandate.Params)
    leader_tenure: leader_tenure.Params = param(doc="mechanism 14", factory=leader_tenure.Params)
    reorganisation: reorganisation.Params = param(doc="mechanism 15", factory=reorganisation.Params)
    legacy_mindset: legacy_mindset.Params = param(doc="mechanism 16", factory=legacy_mindset.Params)
    transparency: transparency.Params = param(doc="mechanism 17", factory=transparency.Params)
    engagement: engagement.Params = param(doc="mechanism 18", factory=engagement.Params)
    design: design.Params = param(doc="mechanism 19", factory=design.Params)
    measurement: measurement.Params = param(doc="mechanism 20", factory=measurement.Params)
    placements: Mapping[str, Placement] = field(default_factory=preset_placements)
    designs: Mapping[str, Design] = field(default_factory=preset_designs)
    unavailable: Mapping[str, str] = field(default_factory=Tables)  # presets that do not fit the organisation, and why
    source: str = field(default="<built-in defaults>", compare=False)


__all__ = [
    "EXECUTIVE_OFFICE",
    "INITIATIVE_KINDS",
    "NETWORKS",
    "DepartmentConfig",
    "Design",
    "ExecutiveConfig",
    "OrganisationConfig",
    "Placement",
    "Scenario",
    "Tables",
]
