"""The model: :class:`CXModel`, a Mesa model of how a company governs its CX work."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa

from sim.mechanisms import (
    authority,
    budget_lever,
    cco_mandate,
    clout,
    delegation,
    design,
    follow_up,
    leader_tenure,
    legacy_mindset,
    listening,
    overlay,
    reorganisation,
    sponsor_attention,
    transparency,
    volume_spikes,
)
from sim.model import events, feedback, history, lifecycle, metrics
from sim.model.agents import CXLeader, Department, Executive, Manager
from sim.model.collector import NumberCollector
from sim.model.customers import CustomerPopulation
from sim.model.eventlog import EventLog
from sim.model.initiatives import ActionItem, Ledger, Portfolio
from sim.model.issues import IssueTracker
from sim.model.money import Accounts
from sim.scenario.config import Scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.load import apply_overrides, load_scenario


@dataclass
class OrgState:
    """Organisation-wide state that no single agent owns."""

    integration: float = 1.0
    evidence: int = 0
    cx_budget: float = 0.0
    listening_bonus: float = 0.0
    threat: float = 0.0
    threat_until: int = 0
    reorganisations: int = 0
    last_reorg_week: int | None = None
    spend_week: float = 0.0
    spend_total: float = 0.0


class CXModel(mesa.Model):
    """Agent-based model of CX governance under a given placement.

    Args:
        scenario: a :class:`Scenario`, a path to a scenario TOML file, or None for
            the default organisation.
        placement: name of the placement to run - where CX sits (default: the scenario's).
        design: name of the governance design to run (default: the scenario's ``simulation.design``,
            or the placement's own design when that is empty).
        seed: seed of the model's random generator, the root of every random draw (default: the scenario's).
        weeks: horizon in weeks (default: the scenario's); ``running`` turns False after it.
        overrides: dotted scenario keys to replace, e.g. ``{"designs.marketing.budget_share": 0.1}``.

    Raises:
        ScenarioError: an argument or override is not allowed (unknown key or
            placement, wrong type, out of range), exactly as in a scenario file.

    Every keyword has a default, so the class works with ``mesa.batch_run``.
    One step is one week. Weekly metrics are in ``model.datacollector``; the
    per-initiative table is :meth:`initiatives_table`.
    """

    def __init__(
        self,
        scenario: Scenario | str | Path | None = None,
        placement: str | None = None,
        design: str | None = None,
        seed: int | None = None,
        weeks: int | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> None:
        cfg = _as_scenario(scenario)
        if overrides is not None and not isinstance(overrides, Mapping):
            raise ScenarioError(
                cfg.source, "overrides", f"expected a mapping of dotted keys to values, got {overrides!r}"
            )
        arguments = {
            "simulation.placement": placement,
            "simulation.design": design,
            "simulation.seed": seed,
            "simulation.weeks": weeks,
        }
        # Arguments and overrides are validated exactly like a scenario file (so is a Scenario built in code).
        cfg = apply_overrides(
            cfg, {**(overrides or {}), **{k: v for k, v in arguments.items() if v is not None}}, "model arguments"
        )
        name = cfg.simulation.placement
        super().__init__(seed=cfg.simulation.seed)
        # Child streams of the one seeded generator, so that exogenous events, customers'
        # own dynamics and people's mindsets stay the same when a placement or a mechanism
        # switch changes the organisation's decisions (common random numbers). Community
        # growth has its own stream because it only draws once a community exists.
        # model.rng serves the organisation's decisions; the firm's past (simulation.history_weeks)
        # has a stream of its own, so every placement and design of a seed shares one past.
        self.rng_events, self.rng_customers, self.rng_people, self.rng_community, rng_history = self.rng.spawn(5)
        self.cfg = cfg
        self.placement_name = name  # labels only: nothing below reads them
        self.placement = cfg.placements[name]
        self.design_name = cfg.simulation.design or self.placement.design
        self.design = cfg.designs[self.design_name]
        self.on = cfg.mechanisms
        self.weeks = cfg.simulation.weeks
        self.week = 0
        # No programme: no CX leader, team, initiatives or CX spend (the counterfactual twin).
        self.programme = cfg.simulation.programme
        self.settling = False  # True while the firm's past runs (sim.model.history)
        self.org = OrgState()
        self.results = feedback.Results()
        self.log = EventLog()
        self.portfolio = Portfolio()
        self.ledger = Ledger()
        self.issues = IssueTracker()
        self.lifecycle = lifecycle
        self._build_organisation()
        self.customers = CustomerPopulation(cfg.customers, cfg.customers.trust_initial, self.rng_customers)
        self.metrics: dict[str, float] = {}
        decisions, self.rng = self.rng, rng_history
        history.settle(self)
        self.rng = decisions
        self.accounts = Accounts(self)
        self.datacollector = NumberCollector(model_reporters=metrics.reporters())
        self._measure()
        self.initial_nps = self.metrics["nps"]
        self.results.start(self.initial_nps, self.accounts.revenue)
        self.datacollector.collect(self)

    # --- construction ---------------------------------------------------------------

    def _build_organisation(self) -> None:
        cfg, on = self.cfg, self.on
        org = cfg.organisation
        attention_other = cfg.sponsor_attention.baseline  # nobody else asked for CX work
        self.executives: dict[str, Executive] = {
            name: Executive(self, name, ecfg, attention_other) for name, ecfg in org.executives.items()
        }
        self.departments: dict[str, Department] = {}
        for name, dcfg in org.departments.items():
            head = self.executives[dcfg.head]
            head.heads.append(name)
            self.departments[name] = Department(self, name, dcfg, head, Manager(self, name))
        self.chief = self.executives[org.chief_executive]
        self.sponsor.cx_attention = cfg.sponsor_attention.initial
        self.leader = CXLeader(self)
        self.leader.vacant = not self.programme
        if on.clout:
            clout.assign(self)
        if on.legacy_mindset:
            legacy_mindset.assign(self)
        else:
            # Take the draws assign() would have taken, so the people stream (which later
            # picks reorganisations' new sponsors) is the same with the mechanism on or off.
            self.rng_people.random(len(self.executives) + len(self.departments))
        if on.overlay:
            for dept in self.departments.values():
                dept.capability = cfg.overlay.initial_capability
        self.org.integration = cfg.silos.initial_integration if on.silos else 1.0
        if on.budget_lever and self.programme:
            budget_lever.reset_envelope(self)

    # --- the week ---------------------------------------------------------------------

    def step(self) -> None:
        """Advance one week."""
        self.week = self.steps
        on = self.on
        programme = self.programme
        self.org.spend_week = cco_mandate.weekly_cost(self) if on.cco_mandate and programme else 0.0
        events.step(self)
        self.agents.do("step")
        if on.sponsor_attention:
            sponsor_attention.drift(self)
        if on.overlay and programme:
            overlay.build_capability(self)
        if on.legacy_mindset:
            legacy_mindset.replace(self)
        if on.leader_tenure and programme:
            leader_tenure.weekly(self)
        self.handle_issues()

        lifecycle.leader_scopes(self)
        if on.design and programme:
            design.departmental_proposals(self)
        lifecycle.propose_scoped(self)
        lifecycle.decide(self)
        lifecycle.launch(self)
        lifecycle.delegate(self)
        lifecycle.work(self)
        if on.delegation:
            delegation.shelve_overdue(self)
            delegation.escalate_overdue(self)
        if on.follow_up:
            follow_up.send_due(self)
        lifecycle.update_status(self)
        lifecycle.book_overdue(self)

        self.customers.step(self)
        self.org.spend_total += self.org.spend_week
        self.accounts.book(self)
        self.accounts.add_week(self.org.spend_week)
        self._measure()
        self.results.update(self, self.metrics["nps"], self.accounts.revenue)
        self.datacollector.collect(self)
        if self.steps >= self.weeks:
            self.running = False

    def handle_issues(self) -> None:
        """The week's work on open issues: detection (m7), exposure (m17), surge response (m8), routine fixes.

        Also run in the firm's past (:mod:`sim.model.history`), where no CX team takes part.
        """
        on = self.on
        if on.listening:
            listening.detect(self)
        if on.transparency:
            transparency.expose_hidden(self)
        if on.volume_spikes:
            volume_spikes.respond(self)
        self.issues.routine_fixes(self)

    def run(self, weeks: int | None = None) -> CXModel:
        """Step ``weeks`` weeks (default: to the end of the horizon). Returns the model."""
        n = self.weeks - self.steps if weeks is None else int(weeks)
        for _ in range(max(0, n)):
            self.step()
        return self

    def _measure(self) -> None:
        self.metrics = metrics.measure(self)

    # --- quantities mechanisms share ---------------------------------------------------

    @property
    def sponsor(self) -> Executive:
        """The executive who sponsors and approves the CX leader's initiatives."""
        return self.executives[self.placement.sponsor]

    @property
    def home(self) -> Department | None:
        """The department the CX team sits in (None in the executive office, or with no CX programme)."""
        if not self.programme or self.settling:
            return None
        return self.departments.get(self.placement.home)

    @property
    def boss(self) -> Executive:
        """The executive the CX leader reports to: the home's head, or the chief executive's office."""
        home = self.home
        return home.head if home is not None else self.chief

    def escalation_success(self) -> float:
        """Chance a request up the design's escalation path gets through: every rung must agree (mechanism 3)."""
        return self.cfg.delegation.boss_willingness**self.design.escalation_steps

    def leader_clout(self) -> float:
        """The CX leader's effective clout: position x borrowed clout x relationships."""
        value = 1.0
        if self.on.authority:
            value *= authority.position_clout(self)
        if self.on.clout:
            value *= clout.borrowed_factor(self)
        if self.on.leader_tenure:
            value *= leader_tenure.relationship_factor(self)
        return value

    def item_priority(self, dept: Department, item: ActionItem) -> float:
        """Priority ``dept`` gives ``item`` before escalation (see :func:`sim.model.lifecycle.item_priority`)."""
        return lifecycle.item_priority(self, dept, item.initiative)

    def productivity(self) -> float:
        """Departments' productivity after reorganisation confusion."""
        return reorganisation.productivity(self) if self.on.reorganisation else 1.0

    def overlay_relief(self) -> float:
        """Share of political friction left after the skill an overlay has built (mechanism 11)."""
        return overlay.friction_multiplier(self) if self.on.overlay else 1.0

    def staff_followup_bandwidth(self) -> float:
        """Follow-up tasks per week CX staff add to the leader's own bandwidth."""
        return cco_mandate.followup_bandwidth(self) if self.on.cco_mandate else 0.0

    def replace_executive(self, executive: Executive, mindset_draw: float) -> None:
        """A new person takes ``executive``'s seat: no tenure, no CX commitment, a fresh mindset."""
        executive.tenure_weeks = 0
        if self.on.sponsor_attention:
            executive.cx_attention = sponsor_attention.new_executive_attention(self)
        if self.on.legacy_mindset:
            executive.legacy = legacy_mindset.new_person_is_legacy(self, mindset_draw)

    def frustrate(self, amount: float) -> None:
        """Add to the CX leader's frustration (only tracked with mechanism 14 on)."""
        if self.on.leader_tenure:
            leader_tenure.frustrate(self, amount)

    def attention_shift(self, amount: float) -> None:
        """Move every executive's CX attention (only with mechanism 1 on, and not in the firm's past)."""
        if self.on.sponsor_attention and not self.settling:
            sponsor_attention.shift(self, amount)

    def nps(self) -> float:
        """NPS as last measured (start of this week's customer update)."""
        return self.metrics["nps"] if self.metrics else self.customers.nps()

    def pressure(self) -> float:
        """Threat the organisation acts under, 0..1: a competitor's attack or its own falling results."""
        return feedback.pressure(self)

    def results_reorg_factor(self) -> float:
        """Multiplier of the reorganisation hazard from poor results (1 when results are fine)."""
        return feedback.reorganisation_factor(self)

    def nps_gain(self) -> float:
        """NPS points gained since the start."""
        return self.nps() - self.initial_nps

    # --- results ------------------------------------------------------------------------

    def initiatives_table(self) -> list[dict[str, Any]]:
        """One row per initiative: type, owner, week of each stage, items, follow-ups, outcome."""
        return self.portfolio.rows()

    def initiatives_dataframe(self):
        """The per-initiative table as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.initiatives_table())

    def summary(self, programme_value: bool = True) -> dict[str, Any]:
        """End-of-run figures (see :func:`sim.model.metrics.summarise`).

        ``programme_value=False`` skips the no-programme twin run behind ``programme_npv``,
        ``programme_return`` and ``payback_week`` (then NaN) when they are not needed.
        """
        return metrics.summarise(self, programme_value)

    def release(self) -> None:
        """Drop Mesa's class-level reference to this model so it can be freed (long batches)."""
        mesa.Agent._ids.pop(self, None)


def _as_scenario(scenario: Scenario | str | Path | None) -> Scenario:
    if scenario is None:
        return Scenario()
    if isinstance(scenario, Scenario):
        return scenario
    return load_scenario(scenario)


__all__ = ["CXModel", "OrgState"]
