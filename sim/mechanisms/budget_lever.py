"""Mechanism 5 - the budget lever [seed 001].

Rather than asking for more money, the CX leader may *prioritise* a share (the
essay says up to 10%) of operating expenditure across product lines. Initiatives
the leader can fund from that envelope need less of the sponsor's commitment to
be approved, and the departments doing funded items are paid to do them.

State: the CX envelope left this budget year (``OrgState.cx_budget``).
Off: the leader controls no spending; every initiative depends on the sponsor's budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel
    from sim.model.initiatives import Initiative

SEED = "001"
CLAIM = "Letting the CX leader prioritise up to 10% of opex funds fixes nobody else would, and raises follow-through."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of the CX budget envelope."""

    funded_relief: float = param(
        0.8,
        lo=0,
        hi=1,
        unit="share",
        doc="share of the sponsor-commitment hurdle removed when the leader funds an initiative",
    )
    funded_priority: float = param(
        1.5, lo=0, hi=10, unit="priority", doc="priority a funded action item gains in the department doing it"
    )
    deployable_share: float = param(
        0.2,
        lo=0,
        hi=1,
        unit="share",
        doc="share of the prioritised opex that can be spent on new CX initiatives (the rest re-prioritises existing spend)",
    )


def annual_envelope(model: CXModel) -> float:
    """Money the leader can put into new initiatives in one budget year."""
    share = model.design.budget_share
    return share * model.cfg.organisation.opex_per_week * 52.0 * model.cfg.budget_lever.deployable_share


def can_fund(model: CXModel, ini: Initiative) -> bool:
    """Whether what is left of the CX envelope pays the whole cost of ``ini``."""
    return model.org.cx_budget >= ini.cost > 0


def fund(model: CXModel, ini: Initiative) -> None:
    """Pay for ``ini`` from the CX envelope."""
    model.org.cx_budget -= ini.cost
    ini.funded = True


def commitment(model: CXModel, attention: float, funded: bool) -> float:
    """Effective attention after the funding relief (a funded proposal needs less of the sponsor)."""
    if not funded:
        return attention
    return 1.0 - (1.0 - attention) * (1.0 - model.cfg.budget_lever.funded_relief)


def reset_envelope(model: CXModel) -> None:
    """A new budget year: the envelope is refilled (unspent money does not carry over)."""
    model.org.cx_budget = annual_envelope(model)
