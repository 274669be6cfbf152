//! The start page's two lists, from the catalogue: the newest offers (the
//! head of its newest-first order) and the best-rated providers; a
//! provider's head and offers, for its page; a project's units. The
//! providers are ranked when an applied batch changes a rating or the
//! city-wide mean, not per request: ordering every rated provider by its
//! Bayesian average (some 150,000 in a city of a million offers) was the
//! largest cost of the start page.
use super::data::{Data, ProviderFacts};
use crate::offers::domain::OfferCard;
use crate::providers::domain::{Ownership, ProviderSummary, Seat};
use crate::reference::Reference;

/// Providers kept ranked (the start page shows six).
const BEST_KEPT: usize = 12;

impl Data {
    /// Ranks the rated providers by their Bayesian average over the
    /// city-wide prior (`RatingSummary::bayesian`), best first, ties by id.
    pub(super) fn rank_providers(&mut self) {
        let prior = self.prior;
        let mut rated: Vec<(f64, i32, u32)> =
            self.providers.iter().enumerate().filter(|(_, p)| p.rating.count > 0).map(|(i, p)| (p.rating.bayesian(prior), p.id, i as u32)).collect();
        let order = |a: &(f64, i32, u32), b: &(f64, i32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if rated.len() > BEST_KEPT {
            rated.select_nth_unstable_by(BEST_KEPT - 1, order);
            rated.truncate(BEST_KEPT);
        }
        rated.sort_by(order);
        self.best = rated.into_iter().map(|(_, _, i)| i).collect();
    }

    /// The `n` best-rated providers (at most `BEST_KEPT`).
    pub fn best_rated(&self, r: &Reference, n: usize) -> Vec<ProviderSummary> {
        self.best.iter().take(n).map(|i| self.summary(r, &self.providers[*i as usize])).collect()
    }

    /// The cards of the `n` newest offers.
    pub fn newest(&self, r: &Reference, n: usize) -> Vec<OfferCard> {
        self.order.iter().take(n).map(|s| self.card_at(r, *s)).collect()
    }

    /// The cards of one provider's `limit` newest offers, newest first (its page).
    pub fn of_provider(&self, r: &Reference, provider_id: i32, limit: usize) -> Vec<OfferCard> {
        self.slots_of(provider_id, limit).into_iter().map(|s| self.card_at(r, s)).collect()
    }

    /// The cards of a new-build project's published units, cheapest first
    /// (price on request last), ties by id: its page. One pass over the
    /// project column, 4 bytes an offer.
    pub fn of_project(&self, r: &Reference, project_id: i32) -> Vec<OfferCard> {
        // (The column's mark for "no project" is no project's id.)
        if project_id == super::index::NONE32 {
            return Vec::new();
        }
        let (cols, live) = (&self.index.cols, &self.index.live);
        let mut slots: Vec<u32> =
            cols.project.iter().enumerate().filter(|(i, p)| **p == project_id && live.has(*i as u32)).map(|(i, _)| i as u32).collect();
        slots.sort_by_key(|s| {
            let d = self.doc(*s);
            (d.price_cents.is_none(), d.price_cents, d.id)
        });
        slots.into_iter().map(|s| self.card_at(r, s)).collect()
    }

    /// A provider as its page heads it (rating and logo included); `None`
    /// for an id no provider has had since the load.
    pub fn provider_summary(&self, r: &Reference, provider_id: i32) -> Option<ProviderSummary> {
        self.provider(provider_id).map(|p| self.summary(r, p))
    }

    /// A provider as a card shows it, as `providers::oracle` builds it from
    /// the database.
    pub(super) fn summary(&self, r: &Reference, p: &ProviderFacts) -> ProviderSummary {
        ProviderSummary {
            id: p.id,
            slug: p.slug.clone(),
            name: p.name.clone(),
            ownership: p.ownership.unwrap_or(Ownership::Private),
            owner_name: p.owner_name.clone(),
            location: Seat::from_columns(p.stadtteil_id, p.town.as_deref()).label(&r.districts),
            rating: p.rating,
            logo: p.logo.clone(),
        }
    }
}
