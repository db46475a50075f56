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
    from sim.model.cxmodel import CXModel
    from sim.model.issues import Issue, Surge
    from sim.scenario.config import CustomersConfig

PROSPECT, ACTIVE, CHURNED = 0, 1, 2
# NPS bands on the latent 0-10 score: rounded answers of 9-10 promote, 0-6 detract.
PROMOTER_ABOVE, DETRACTOR_AT_MOST = 8.5, 6.5


class CustomerPopulation:
    """Customers and prospects as parallel numpy arrays."""

    def __init__(self, cfg: CustomersConfig, trust_initial: float, rng: np.random.Generator) -> None:
        self.cfg = cfg
        n0 = cfg.count
        n = n0 + round(cfg.prospects * n0)
        self.size = n
        segs = cfg.segments
        shares = np.array([s.share for s in segs])
        # Prospects' segment mix follows who leaves (share x expected churn), so that
        # acquisition replaces churn in kind and the base's mix stays as described.
        self.segment = rng.choice(len(segs), size=n, p=shares / shares.sum()).astype(np.int16)
        newcomer_mix = shares * self._expected_churn()
        if newcomer_mix.sum() <= 0:  # nobody ever leaves: newcomers look like today's customers
            newcomer_mix = shares
        newcomer_segment = rng.choice(len(segs), size=n, p=newcomer_mix / newcomer_mix.sum()).astype(np.int16)
        spread = cfg.heterogeneity
        draws = rng.standard_normal(n)
        self.trust = np.full(n, trust_initial)
        self.trust_initial = trust_initial
        self.engaged = np.zeros(n, dtype=bool)
        self.participated = np.zeros(n, dtype=bool)  # ever took part in an initiative
        # Starting customers sit at random places in the network, among the prospects.
        self.status = np.full(n, PROSPECT, dtype=np.int8)
        self.status[rng.permutation(n)[:n0]] = ACTIVE
        self.initial = self.status == ACTIVE
        self.segment = np.where(self.initial, self.segment, newcomer_segment)
        mean = np.array([s.loyalty_mean for s in segs])[self.segment]
        sd = np.array([s.loyalty_sd for s in segs])[self.segment] * spread
        # Each customer's baseline (the loyalty their own experience would settle at) is fixed.
        # loyalty_mean/sd describe today's customers. Churn keeps removing the least loyal, so
        # for the base to stay as described, newcomers must be less loyal: tilting a normal
        # density by the churn hazard exp(-s*b) shifts its mean by -s*sd^2 (s: the churn
        # sensitivity per baseline point, diluted by word of mouth).
        self.baseline = np.clip(mean + sd * draws - ~self.initial * self._newcomer_shift(sd), 0.0, 10.0)
        self.loyalty = self.baseline.copy()
        w_mean = np.array([s.willingness_mean for s in segs])[self.segment]
        self.willingness = _beta_around(w_mean, spread, rng)
        # The active mask is read often and changed in two places (churn, acquisition); the
        # same mask as 0/1 floats feeds einsum dot products, which avoid BLAS threads.
        self._active = self.initial.copy()
        self._weight = self._active.astype(np.float64)
        self._n_active = n0  # counts kept with the masks, so weekly measures need no recount
        self._n_initial_active = n0
        self.n_initial = n0
        self.acquired = 0
        self.departed = 0  # starting or acquired customers who churned since week 0
        self.gone_this_week = np.empty(0, dtype=np.int64)
        self.exposure_u = rng.random(n)  # fixes which customers an issue's slice covers
        self.quality = np.zeros(len(segs))
        self.base_churn = np.array([s.weekly_churn for s in segs])
        self.usual_contacts = np.array([s.contacts_per_week for s in segs])[self.segment]
        self.pain = np.zeros(n)
        self.unhandled_share = 0.0
        self._issue_masks: dict[tuple[str, int], np.ndarray] = {}
        self._pain_key: tuple = ()
        self.adjacency = build_network(cfg, n, rng)
        self.degree = np.asarray(self.adjacency.sum(axis=1)).ravel() if self.adjacency is not None else None
        # 1/number of contacts (0 for isolated customers): shares of contacts become one multiplication
        reach = self.degree if self.degree is not None else np.full(n, float(n))
        self._inv_reach = np.divide(1.0, reach, out=np.zeros(n), where=reach > 0)
        # Active contacts per person, kept up to date as customers come and go (a few a week)
        # rather than recomputed with a full sparse product every week.
        self._active_contacts = self.neighbour_sums([self._weight])[:, 0].copy()
        self._inv_contacts = np.zeros(n)
        self._has_contacts = np.zeros(n)
        self._refresh_inverse(np.arange(n))
        self._member_contacts = np.zeros(n)  # community members among each person's contacts (kept likewise)
        self._warm_up(rng)

    def _own_share(self) -> float:
        """How much of loyalty follows a customer's own baseline rather than their contacts'."""
        cfg = self.cfg
        return cfg.loyalty_adapt / (cfg.loyalty_adapt + cfg.word_of_mouth) if cfg.loyalty_adapt > 0 else 1.0

    def _newcomer_shift(self, sd: np.ndarray) -> np.ndarray:
        return self.cfg.churn_sensitivity * self._own_share() * sd**2

    def _expected_churn(self) -> np.ndarray:
        """Each segment's mean weekly churn hazard (lognormal mean over its loyalty spread)."""
        cfg = self.cfg
        s = cfg.churn_sensitivity
        k = self._own_share() * cfg.heterogeneity
        mu = np.array([seg.loyalty_mean for seg in cfg.segments])
        sd = np.array([seg.loyalty_sd for seg in cfg.segments])
        rate = np.array([seg.weekly_churn for seg in cfg.segments])
        return rate * np.exp(s * (cfg.churn_reference - mu) + 0.5 * (s * k * sd) ** 2)

    def _warm_up(self, rng: np.random.Generator) -> None:
        """Start loyalty where word of mouth and noise would hold it, so week 0 is already settled.

        Without the organisation, loyalty relaxes to the fixed point of
        ``(a + w) L = a * baseline + w * contacts' mean(L)``; Jacobi iterations
        reach it fast (each shrinks the error by w / (a + w)). The weekly noise
        then adds its stationary spread, sigma / sqrt(1 - (1 - a - w)^2).
        """
        cfg = self.cfg
        a, w = cfg.loyalty_adapt, cfg.word_of_mouth
        if not cfg.warm_start or a + w <= 0:
            return
        level = self.baseline.copy()
        for _ in range(100):
            sums = self.neighbour_sums([level * self._weight])[:, 0]
            contacts_mean = sums * self._inv_contacts + level * (1.0 - self._has_contacts)
            updated = (a * self.baseline + w * contacts_mean) / (a + w)
            done = np.max(np.abs(updated - level)) < 1e-6
            level = updated
            if done:
                break
        if cfg.loyalty_noise > 0 and cfg.heterogeneity > 0:
            keep = min(1.0, max(0.0, 1.0 - a - w))
            spread = cfg.loyalty_noise * cfg.heterogeneity / np.sqrt(1.0 - keep**2)
            level += spread * np.sqrt(12.0) * (rng.random(self.size) - 0.5)
        self.loyalty = np.clip(level, 0.0, 10.0)

    # --- views ------------------------------------------------------------------------

    @property
    def active(self) -> np.ndarray:
        """Mask of current customers (read-only view; status changes go through churn and acquisition)."""
        return self._active

    def active_count(self) -> int:
        """Number of current customers."""
        return self._n_active

    @property
    def weights(self) -> np.ndarray:
        """1.0 for current customers, 0.0 for everyone else (read-only view)."""
        return self._weight

    def start_here(self) -> None:
        """Week 0 after the firm's past: today's customers are the starting base and counts restart."""
        self.initial = self._active.copy()
        self.n_initial = self._n_initial_active = self._n_active
        self.acquired = 0
        self.departed = 0
        self.gone_this_week = np.empty(0, dtype=np.int64)

    def neighbour_sums(self, columns: list[np.ndarray]) -> np.ndarray:
        """Per customer, sums of each column over their contacts, in one sparse product.

        Returns an (n, len(columns)) array; with a fully mixed population every
        customer's "contacts" are everyone, so each row holds the column totals.
        """
        stacked = np.empty((self.size, len(columns)))
        for i, column in enumerate(columns):
            stacked[:, i] = column
        if self.adjacency is None:
            return np.broadcast_to(stacked.sum(axis=0), stacked.shape)
        return self.adjacency @ stacked

    def set_engaged(self, idx: np.ndarray, member: bool) -> None:
        """Make customers ``idx`` community members (or not), keeping contacts' member counts."""
        idx = np.asarray(idx, dtype=np.int64)
        changed = idx[self.engaged[idx] != member]
        if changed.size == 0:
            return
        self.engaged[changed] = member
        self._add_to_neighbours(self._member_contacts, np.unique(changed), 1.0 if member else -1.0)

    def _count_contacts(self, changed: np.ndarray, delta: float) -> None:
        """Customers ``changed`` became active (+1) or left (-1): update their contacts' counts."""
        touched = self._add_to_neighbours(self._active_contacts, changed, delta)
        if touched is not None:
            self._refresh_inverse(touched)

    def _add_to_neighbours(self, counts: np.ndarray, changed: np.ndarray, delta: float) -> np.ndarray | None:
        """Add ``delta`` to ``counts`` of every contact of ``changed``; return who was touched."""
        if changed.size == 0:
            return None
        if self.adjacency is None:  # fully mixed: everyone's contacts are everyone
            counts += delta * changed.size
            return np.arange(self.size)
        indptr, indices = self.adjacency.indptr, self.adjacency.indices
        starts, lengths = indptr[changed], indptr[changed + 1] - indptr[changed]
        total = int(lengths.sum())
        if total == 0:
            return None
        # positions of every changed customer's contacts in the CSR index array, without a Python loop
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(total)
        touched = indices[offsets]
        np.add.at(counts, touched, delta)
        return touched

    def _refresh_inverse(self, idx: np.ndarray) -> None:
        """Keep 1/active contacts (0 without any) and a has-contacts flag for ``idx``."""
        count = self._active_contacts[idx]
        has = count > 0
        self._has_contacts[idx] = has
        self._inv_contacts[idx] = np.divide(1.0, count, out=np.zeros(count.shape), where=has)

    def affected_by(self, event: Issue | Surge) -> np.ndarray:
        """Mask of customers in an issue's or surge's slice (fixed per event, so it touches the same people)."""
        key = (type(event).__name__, event.uid)
        hit = self._issue_masks.get(key)
        if hit is None:
            hit = (self.exposure_u + event.offset) % 1.0 < event.share
            if event.segment >= 0:
                hit &= self.segment == event.segment
            self._issue_masks[key] = hit
        return hit

    # --- actions from the organisation --------------------------------------------

    def invite(self, share: float, rng: np.random.Generator, returning: float = 0.0) -> tuple[int, np.ndarray]:
        """Invite a share of active customers; those willing take part. Returns (invited, participants).

        A ``returning`` share of the invitations goes first to customers who took part
        before or are community members (as many as there are); the rest to anyone.
        """
        pool = np.flatnonzero(self._active)
        k = min(pool.size, round(share * pool.size))
        if k == 0:
            return 0, np.empty(0, dtype=np.int64)
        known = np.flatnonzero(self._active & (self.participated | self.engaged)) if returning > 0 else pool[:0]
        k_known = min(known.size, round(returning * k))
        if k_known > 0:  # no draw when nobody returns, so the stream is as without the loop
            again = rng.choice(known, size=k_known, replace=False)
            fresh = np.setdiff1d(pool, again, assume_unique=True)
            invited = np.concatenate([again, rng.choice(fresh, size=k - k_known, replace=False)])
        else:
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
        active = self._active
        self.quality *= 1.0 - cfg.quality_erosion
        self._update_pain(model)

        # One sparse product a week: loyalty (and, for local word of mouth, promoters minus
        # detractors) summed over active contacts.
        local = model.cfg.feedback.local_word_of_mouth
        columns = [self.loyalty * self._weight]
        if local:
            columns.append(self._net_promoter())
        sums = self.neighbour_sums(columns)
        members = on.engagement and self.engaged.any()

        target = self.quality.take(self.segment)
        target += self.baseline
        target -= self.pain
        target += cfg.trust_weight * self.trust
        target -= cfg.trust_weight * self.trust_initial
        pull = cfg.word_of_mouth
        if members:
            target += engagement.loyalty_term(model)
            pull = pull * engagement.wom_weight(model)
        self._update_loyalty(target, pull, sums[:, 0], rng, clip=False)

        self._contacts(model, active)
        np.clip(self.loyalty, 0.0, 10.0, out=self.loyalty)
        # Trust only ever falls below its initial level and recovers towards it (never past it).
        self.trust += cfg.trust_recovery * (self.trust_initial - self.trust)

        if members:
            engagement.community_dynamics(model, self._member_contacts * self._inv_reach)
        draw = rng.random(self.size)  # one uniform per customer serves churn (active) and adoption (prospects)
        self._churn(model, draw)
        heard = sums[:, 1] * self._inv_contacts if local else None
        self._acquire(model, draw, self._active_contacts * self._inv_reach, heard)
        self._forget_resolved(model)

    def _update_loyalty(
        self, target, pull, loyalty_sums: np.ndarray, rng: np.random.Generator, clip: bool = True
    ) -> None:
        """Loyalty moves towards its target and towards active contacts' mean, plus noise.

        The weekly noise is uniform with standard deviation ``loyalty_noise`` (a third of
        the cost of a normal draw; summed over weeks it is Gaussian all the same).
        """
        cfg = self.cfg
        # pull x (contacts' mean - own), nil for customers without active contacts
        towards_contacts = loyalty_sums * self._inv_contacts - self.loyalty * self._has_contacts
        self.loyalty += cfg.loyalty_adapt * (target - self.loyalty) + pull * towards_contacts
        if cfg.loyalty_noise > 0 and cfg.heterogeneity > 0:
            width = cfg.loyalty_noise * cfg.heterogeneity * np.sqrt(12.0)
            self.loyalty += width * (rng.random(self.size) - 0.5)
        if clip:
            np.clip(self.loyalty, 0.0, 10.0, out=self.loyalty)

    def _update_pain(self, model: CXModel) -> None:
        """Pain from open issues, recomputed only when the open issues (or their disclosure) change."""
        key = tuple((issue.uid, issue.disclosed) for issue in model.issues.open)
        if key == self._pain_key:
            return
        self._pain_key = key
        self.pain[:] = 0.0
        for issue in model.issues.open:
            severity = issue.severity
            if model.on.transparency:
                severity *= transparency.pain_multiplier(model, issue)
            self.pain[self.affected_by(issue)] += severity

    def _forget_resolved(self, model: CXModel) -> None:
        current = {("Issue", i.uid) for i in model.issues.open} | {("Surge", s.uid) for s in model.issues.surges}
        for key in [k for k in self._issue_masks if k not in current]:
            del self._issue_masks[key]

    def _contacts(self, model: CXModel, active: np.ndarray) -> None:
        """Contacts beyond handling capacity go unanswered and cost loyalty (mechanism 8).

        Surges add: a customer in surges with multipliers m1, m2, ... makes
        1 + (m1 - 1) + (m2 - 1) + ... times their usual contacts. Contacts reach
        departments in proportion to their contact shares, so every customer's
        contacts meet the same unanswered share. Capacity sits above the usual
        volume, so only weeks with a surge can overflow.
        """
        surges = model.issues.active_surges(model.week)
        if not model.on.volume_spikes or not surges:
            self.unhandled_share = 0.0
            return
        contacts = self.usual_contacts * self.contact_factor(surges)
        contacts *= self._weight  # only active customers make contacts
        usual = float(np.einsum("i,i", self.usual_contacts, self._weight))
        self.unhandled_share = volume_spikes.unanswered_share(model, float(contacts.sum()), usual)
        if self.unhandled_share > 0:
            cost = model.cfg.volume_spikes.unhandled_cost
            self.loyalty -= cost * self.unhandled_share * contacts

    def contact_factor(self, surges: list[Surge] | tuple[Surge, ...]) -> np.ndarray:
        """Per customer, the multiple of usual contacts the given surges cause: 1 + sum of (multiplier - 1)."""
        factor = np.ones(self.size)
        for surge in surges:
            factor += (surge.multiplier - 1.0) * self.affected_by(surge)
        return factor

    def _churn(self, model: CXModel, draw: np.ndarray) -> None:
        cfg = self.cfg
        idx = np.flatnonzero(self._active)  # the hazard only matters for current customers
        hazard = cfg.churn_reference - self.loyalty[idx]
        hazard *= cfg.churn_sensitivity
        np.exp(hazard, out=hazard)
        hazard *= self.base_churn[self.segment[idx]]
        hazard *= 1.0 + model.cfg.events.threat_churn * model.org.threat
        gone = idx[draw[idx] < hazard]
        self.gone_this_week = gone
        self.departed += gone.size
        self.status[gone] = CHURNED
        self._active[gone] = False
        self._weight[gone] = 0.0
        self._n_active -= gone.size
        self._n_initial_active -= int(np.count_nonzero(self.initial[gone]))
        self._count_contacts(gone, -1.0)
        self.set_engaged(gone, False)

    def _acquire(
        self, model: CXModel, draw: np.ndarray, customer_share: np.ndarray, heard: np.ndarray | None = None
    ) -> None:
        """Bass adoption: prospects join unprompted or through customer contacts.

        What the contacts say colours the talk: their own net promoter share (``heard``,
        local word of mouth) or else the firm's overall NPS.
        """
        prospects = self.status == PROSPECT
        acq = model.cfg.acquisition
        if heard is None:
            valence = max(0.0, 1.0 + acq.valence * model.nps() / 100.0)
        else:
            valence = np.maximum(0.0, 1.0 + acq.valence * heard)
        hazard = acq.innovation + acq.imitation * valence * customer_share
        joining = prospects & (draw < hazard)
        self.status[joining] = ACTIVE
        self._active |= joining
        self._weight[joining] = 1.0
        joined = np.flatnonzero(joining)
        self._n_active += joined.size
        self._count_contacts(joined, +1.0)
        self.acquired += int(np.count_nonzero(joining))

    def _net_promoter(self) -> np.ndarray:
        """+1 for active promoters, -1 for active detractors, 0 otherwise (the NPS bands)."""
        net = (self.loyalty > PROMOTER_ABOVE).astype(np.float64)
        net -= self.loyalty <= DETRACTOR_AT_MOST
        net *= self._weight
        return net

    # --- measures -----------------------------------------------------------------------

    def nps(self) -> float:
        """Net Promoter Score of active customers (-100..100) from rounded 0-10 scores."""
        active = self._active
        n = self._n_active
        if n == 0:
            return 0.0
        # Survey answers are whole numbers: rint (half to even) gives 9+ exactly when the
        # latent score exceeds 8.5, and 6 or less exactly when it is at most 6.5.
        promoters = np.count_nonzero(active & (self.loyalty > PROMOTER_ABOVE))
        detractors = np.count_nonzero(active & (self.loyalty <= DETRACTOR_AT_MOST))
        return 100.0 * (promoters - detractors) / n

    def retention(self) -> float:
        """Share of the starting customers still active."""
        return self._n_initial_active / self.n_initial

    def mean_active(self, values: np.ndarray) -> float:
        """Mean of ``values`` over active customers (NaN if there are none)."""
        n = self.active_count()
        return float(np.einsum("i,i", values, self._weight)) / n if n else float("nan")

    def mean_over(self, values: np.ndarray, mask: np.ndarray) -> float:
        """Mean of ``values`` where ``mask`` holds (NaN if nowhere)."""
        n = np.count_nonzero(mask)
        return float(values[mask].sum()) / n if n else float("nan")


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
    elif cfg.network == "random":
        dst = rng.integers(0, n, size=src.size)
    else:  # the loader allows only the three names; anything else is a programming error
        raise ValueError(f"unknown network {cfg.network!r}")
    keep = src != dst
    src, dst = src[keep], dst[keep]
    data = np.ones(2 * src.size)
    adj = sp.coo_matrix((data, (np.concatenate([src, dst]), np.concatenate([dst, src]))), shape=(n, n)).tocsr()
    adj.data[:] = 1.0  # merge duplicate edges
    return adj
