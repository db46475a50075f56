"""Metrics stay in their bounds; customers are conserved; the per-initiative table is complete."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.customers import ACTIVE, CHURNED
from tests.conftest import run, series

BOUNDS = {
    "follow_through": (0, 1),
    "follow_through_13w": (0, 1),
    "nps": (-100, 100),
    "retention": (0, 1),
    "participation": (0, 1),
    "participant_willingness": (0, 1),
    "satisfaction": (0, 10),
    "trust": (0, 1),
    "engaged_share": (0, 1),
    "sponsor_attention": (0, 1),
    "leader_clout": (0, 1),
    "leader_present": (0, 1),
    "integration": (0, 1),
    "capability": (0, 1),
    "unhandled_contacts": (0, 1),
    "threat": (0, 1),
    "perceived_threat": (0, 1),
}
CUMULATIVE = [
    "initiatives_proposed",
    "initiatives_approved",
    "initiatives_rejected",
    "initiatives_completed",
    "initiatives_abandoned",
    "spend_total",
    "leader_departures",
    "evidence",
    "reorganisations",
]


@pytest.fixture(scope="module")
def runs(small):
    return [
        run(small, p, seed=s)
        for p in ("marketing", "service", "ceo_overlay", "cco_authority", "distributed")
        for s in (1, 2)
    ]


def test_every_metric_stays_in_its_bounds(runs):
    for model in runs:
        for name, (lo, hi) in BOUNDS.items():
            values = series(model, name)
            values = values[np.isfinite(values)]  # NaN only where a metric is undefined (nobody took part yet)
            undefined_ok = name == "participant_willingness" or (
                name.startswith("follow_through") and model.ledger.due == 0  # nothing ever fell due
            )
            if not undefined_ok:
                assert values.size, name
            assert np.all((values >= lo) & (values <= hi)), name


def test_counts_are_non_negative_and_cumulative_counts_never_fall(runs):
    for model in runs:
        for name in CUMULATIVE:
            values = series(model, name)
            assert values.min() >= 0 and np.all(np.diff(values) >= 0), name
        for name in ("initiatives_active", "initiatives_stalled", "items_open", "items_overdue", "spend"):
            assert series(model, name).min() >= 0


def test_follow_through_is_defined_once_something_fell_due(runs):
    assert any(model.ledger.due > 0 for model in runs)
    for model in runs:
        assert np.isfinite(series(model, "follow_through")[-1]) == (model.ledger.due > 0)


def test_customers_are_conserved(runs):
    for model in runs:
        c = model.customers
        active = int(np.count_nonzero(c.status == ACTIVE))
        assert active == c.n_initial + c.acquired - c.departed
        assert int(np.count_nonzero(c.status == CHURNED)) >= c.departed  # plus those who left in the firm's past
        assert series(model, "customers_active")[-1] == active


def test_initiative_table_records_every_stage_in_order(runs):
    for model in runs:
        for row in model.initiatives_table():
            weeks = [
                row[k] for k in ("week_scoped", "week_proposed", "week_decided", "week_launched", "week_delegated")
            ]
            known = [w for w in weeks if w is not None]
            assert known == sorted(known)
            assert row["items_done"] <= row["items_delegated"]
            assert row["items_on_time"] <= row["items_done"]
            assert row["followups_sent"] <= row["followups_due"]
            assert row["outcome"] in {
                "completed",
                "abandoned",
                "dropped",
                "rejected",
                "stalled",
                "launched",
                "approved",
                "proposed",
                "scoping",
            }
            if row["outcome"] == "completed":
                assert row["items_done"] == row["items_delegated"] > 0


def test_summary_counts_agree_with_the_live_counters_and_the_weekly_columns(runs):
    for model in runs:
        summary, counts = model.summary(), model.portfolio.counts
        for name in ("completed", "abandoned", "dropped", "approved", "rejected", "proposed"):
            assert summary[f"initiatives_{name}"] == counts[name] == series(model, f"initiatives_{name}")[-1], name
        started = summary["initiatives_started"]
        parts = ("rejected", "approved", "dropped", "pending")
        assert started == sum(summary[f"initiatives_{p}"] for p in parts)
        approved = ("completed", "abandoned", "stalled", "in_progress")
        assert summary["initiatives_approved"] == sum(summary[f"initiatives_{p}"] for p in approved)


def test_every_commitment_is_booked_once_and_follow_through_is_recomputable(runs):
    for model in runs:
        items = [it for ini in model.portfolio.initiatives for it in ini.items]
        week = model.week
        for it in items:
            ended = it.initiative.outcome in ("completed", "abandoned")
            # every finished, overdue or abandoned item is booked; nothing else is
            assert it.booked == (it.done_week is not None or it.due_week < week or ended)
        booked = [it for it in items if it.booked]
        on_time = sum(it.done_week is not None and it.done_week <= it.due_week for it in booked)
        followups_due = sum(i.followups_due for i in model.portfolio.initiatives)
        followups_sent = sum(i.followups_sent for i in model.portfolio.initiatives)
        assert model.ledger.due == len(booked) + followups_due
        assert model.ledger.on_time == on_time + followups_sent
        if model.ledger.due:
            assert series(model, "follow_through")[-1] == pytest.approx(model.ledger.on_time / model.ledger.due)


@pytest.mark.parametrize("network", ["small_world", "random", "fully_mixed"])
def test_incrementally_kept_contact_and_member_counts_equal_a_full_recount(network):
    from sim import CXModel

    overrides = {"customers.network": network, "customers.count": 2000, "initiatives.types.community.weight": 2.0}
    model = CXModel(placement="service", overrides=overrides, seed=5, weeks=120)
    model.run()
    c = model.customers
    assert c.engaged.any()
    assert np.array_equal(c.neighbour_sums([c.active.astype(float)])[:, 0], c._active_contacts)
    assert np.array_equal(c.neighbour_sums([(c.engaged & c.active).astype(float)])[:, 0], c._member_contacts)


def test_summary_has_exactly_the_documented_fields(runs):
    from sim.model.metrics import SUMMARY_FIELDS

    assert tuple(runs[0].summary()) == SUMMARY_FIELDS
