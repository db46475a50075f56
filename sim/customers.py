"""The customer population, held as numpy arrays and updated without per-customer loops.

Every customer (and every prospect not yet acquired) is one index into arrays:
status, segment, loyalty (a 0-10 likelihood to recommend), trust, willingness to
take part in co-design, community membership and this week's contacts. A sparse
adjacency matrix (scipy.sparse CSR) carries word of mouth.

Weekly update (:meth:`CustomerPopulation.step`): loyalty moves towards an
experience-driven target (segment quality, open issues, trust, membership) and
towards neighbours' loyalty; contacts beyond handling capacity cost loyalty;
churn hazard rises as loyalty falls; prospects adopt through word of mouth
(a Bass process). Mechanism effects enter only when the model has them on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from sim.mechanisms import engagement, transparency, volume_spikes

if TYPE_CHECKING:
    from sim.config import CustomersConfig
    from sim.issues import Issue
    from sim.model import CXModel

PROSPECT, ACTIVE, CHURNED = 0, 1, 2


class CustomerPopulation:
    """Customers and prospects as parallel numpy arrays."""

    def __init__(self, cfg: CustomersConfig, trust_initial: float, rng: np.random.Generator) -> None:
        self.cfg = cfg
        n0 = cfg.count
        n = n0 + round(cfg.prospects * n0)
        self.size = n
        segs = cfg.segments
        shares = np.array([s.share for s in segs])
        self.segment = rng.choice(len(segs), size=n, p=shares / shares.sum()).astype(np.int16)
        spread = cfg.heterogeneity
        mean = np.array([s.loyalty_mean for s in segs])[self.segment]
        sd = np.array([s.loyalty_sd for s in segs])[self.segment] * spread
        self.baseline = np.clip(mean + sd * rng.standard_normal(n), 0.0, 10.0)
        self.loyalty = self.baseline.copy()
        self.trust = np.full(n, trust_initial)
        self.trust_initial = trust_initial
        w_mean = np.array([s.willingness_mean for s in segs])[self.segment]
        self.willingness = _beta_around(w_mean, spread, rng)
        self.engaged = np.zeros(n, dtype=bool)
        self.participated = np.zeros(n, dtype=bool)  # ever took part in an initiative
        # Starting customers sit at random places in the network, among the prospects.
        self.status = np.full(n, PROSPECT, dtype=np.int8)
        self.status[rng.permutation(n)[:n0]] = ACTIVE
        self.initial = self.status == ACTIVE
        self.n_initial = n0
        self.acquired = 0
        self.exposure_u = rng.random(n)  # fixes which customers an issue's slice covers
        self.quality = np.zeros(len(segs))
        self.base_churn = np.array([s.weekly_churn for s in segs])
        self.usual_contacts = np.array([s.contacts_per_week for s in segs])[self.segment]
        self.contacts = np.zeros(n)
        self.pain = np.zeros(n)
        self.unhandled_share = 0.0
        self.adjacency = build_network(cfg, n, rng)
        self.degree = np.asarray(self.adjacency.sum(axis=1)).ravel() if self.adjacency is not None else None

    # --- views ------------------------------------------------------------------------

    @property
    def active(self) -> np.ndarray:
        """Mask of current customers."""
        return self.status == ACTIVE

    def neighbour_share(self, mask: np.ndarray) -> np.ndarray:
        """Per customer, the share of their contacts for whom ``mask`` holds."""
        if self.adjacency is None:
            return np.full(self.size, mask.sum() / self.size)
        counts = self.adjacency @ mask.astype(np.float64)
        return np.divide(counts, self.degree, out=np.zeros(self.size), where=self.degree > 0)

    def neighbour_mean(self, values: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Per customer, the mean of ``values`` over contacts in ``mask`` (own value if none)."""
        if self.adjacency is None:
            return np.full(self.size, values[mask].mean()) if mask.any() else values.copy()
        w = mask.astype(np.float64)
        total = self.adjacency @ (values * w)
        count = self.adjacency @ w
        return np.divide(total, count, out=values.copy(), where=count > 0)

    def affected_by(self, issue: Issue) -> np.ndarray:
        """Mask of customers in ``issue``'s slice (fixed per issue, so it pains the same people)."""
        hit = (self.exposure_u + issue.offset) % 1.0 < issue.share
        if issue.segment >= 0:
            hit &= self.segment == issue.segment
        return hit

    # --- actions from the organisation --------------------------------------------

    def invite(self, share: float, rng: np.random.Generator) -> tuple[int, np.ndarray]:
        """Invite a share of active customers; those willing take part. Returns (invited, participants)."""
        pool = np.flatnonzero(self.active)
        k = min(pool.size, round(share * pool.size))
        if k == 0:
            return 0, np.empty(0, dtype=np.int64)
        invited = rng.choice(pool, size=k, replace=False)
        accept = rng.random(k) < self.willingness[invited]
        return k, invited[accept]

    def improve(self, segment: int, gain: float) -> None:
        """A completed initiative raises the experience of one segment (or all, for -1)."""
        if segment < 0:
            self.quality += gain
        else:
            self.quality[segment] += gain

    # --- weekly dynamics -----------------------------------------------------------

    def step(self, model: CXModel) -> None:
        """One week of experience, word of mouth, contacts, churn and acquisition."""
        cfg = self.cfg
        rng = model.rng_customers
        on = model.on
        active = self.active
        self.quality *= 1.0 - cfg.quality_erosion
        self._update_pain(model)

        target = self.baseline + self.quality[self.segment] - self.pain
        target += cfg.trust_weight * (self.trust - self.trust_initial)
        pull = cfg.word_of_mouth
        if on.engagement:
            target += engagement.loyalty_term(model)
            pull = pull * engagement.wom_weight(model)
        neighbours = self.neighbour_mean(self.loyalty, active)
        self.loyalty += cfg.loyalty_adapt * (target - self.loyalty) + pull * (neighbours - self.loyalty)
        if cfg.loyalty_noise > 0 and cfg.heterogeneity > 0:
            self.loyalty += cfg.loyalty_noise * cfg.heterogeneity * rng.standard_normal(self.size)

        self._contacts(model, active)
        np.clip(self.loyalty, 0.0, 10.0, out=self.loyalty)
        self.trust += cfg.trust_recovery * (self.trust_initial - self.trust) * (self.trust < self.trust_initial)

        if on.engagement:
            engagement.community_dynamics(model)
        self._churn(model, active, rng)
        self._acquire(model, rng)

    def _update_pain(self, model: CXModel) -> None:
        self.pain[:] = 0.0
        for issue in model.issues.open:
            severity = issue.severity
            if model.on.transparency:
                severity *= transparency.pain_multiplier(model, issue)
            self.pain[self.affected_by(issue)] += severity

    def _contacts(self, model: CXModel, active: np.ndarray) -> None:
        contacts = self.usual_contacts * active
        spike = model.cfg.events.contact_multiplier
        for issue in model.issues.open:
            if issue.spiking(model.week):
                contacts = np.where(self.affected_by(issue) & active, contacts * spike, contacts)
        self.contacts = contacts
        if not model.on.volume_spikes:
            self.unhandled_share = 0.0
            return
        usual = float(self.usual_contacts[active].sum())
        self.unhandled_share = volume_spikes.unhandled_share(model, float(contacts.sum()), usual)
        if self.unhandled_share > 0:
            cost = model.cfg.volume_spikes.unhandled_cost
            self.loyalty -= cost * self.unhandled_share * contacts

    def _churn(self, model: CXModel, active: np.ndarray, rng: np.random.Generator) -> None:
        cfg = self.cfg
        hazard = self.base_churn[self.segment] * np.exp(cfg.churn_sensitivity * (cfg.churn_reference - self.loyalty))
        hazard *= 1.0 + model.cfg.events.threat_churn * model.org.threat
        leaving = active & (rng.random(self.size) < hazard)
        self.status[leaving] = CHURNED
        self.engaged[leaving] = False

    def _acquire(self, model: CXModel, rng: np.random.Generator) -> None:
        prospects = self.status == PROSPECT
        if not prospects.any():
            return
        acq = model.cfg.acquisition
        valence = max(0.0, 1.0 + acq.valence * model.nps() / 100.0)
        social = (
            self.neighbour_share(self.status == ACTIVE)
            if self.adjacency is not None
            else (np.full(self.size, self.active.sum() / self.size))
        )
        hazard = acq.innovation + acq.imitation * valence * social
        joining = prospects & (rng.random(self.size) < hazard)
        self.status[joining] = ACTIVE
        self.acquired += int(joining.sum())

    # --- measures -----------------------------------------------------------------------

    def nps(self) -> float:
        """Net Promoter Score of active customers (-100..100) from rounded 0-10 scores."""
        active = self.active
        n = active.sum()
        if n == 0:
            return 0.0
        score = np.rint(self.loyalty[active])
        return 100.0 * (np.count_nonzero(score >= 9) - np.count_nonzero(score <= 6)) / n

    def retention(self) -> float:
        """Share of the starting customers still active."""
        return float(np.count_nonzero(self.initial & self.active)) / self.n_initial


def _beta_around(mean: np.ndarray, spread: float, rng: np.random.Generator) -> np.ndarray:
    """Willingness draws with the given means (all equal to the mean when spread is 0)."""
    if spread <= 0:
        return mean.astype(np.float64).copy()
    concentration = 6.0 / spread
    a = np.clip(mean, 1e-3, 1 - 1e-3) * concentration
    b = (1 - np.clip(mean, 1e-3, 1 - 1e-3)) * concentration
    return rng.beta(a, b)


def build_network(cfg: CustomersConfig, n: int, rng: np.random.Generator) -> sp.csr_matrix | None:
    """Symmetric word-of-mouth network over customers and prospects (None when fully mixed)."""
    if cfg.network == "fully_mixed":
        return None
    k = max(1, cfg.degree // 2)
    src = np.repeat(np.arange(n), k)
    if cfg.network == "small_world":
        dst = (src + np.tile(np.arange(1, k + 1), n)) % n
        rewire = rng.random(src.size) < cfg.rewire
        dst[rewire] = rng.integers(0, n, size=int(rewire.sum()))
    else:
        dst = rng.integers(0, n, size=src.size)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    data = np.ones(2 * src.size)
    adj = sp.coo_matrix((data, (np.concatenate([src, dst]), np.concatenate([dst, src]))), shape=(n, n)).tocsr()
    adj.data[:] = 1.0  # merge duplicate edges
    return adj
