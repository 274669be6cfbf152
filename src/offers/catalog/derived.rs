//! What a results list derives from a state of the catalogue that does not
//! depend on the query: built by the first list that needs it, shared by
//! every list after, and emptied by every write (`apply::write`) as
//! `Data::counts` is. At a million offers each is a pass over every offer
//! (a few milliseconds), which a list would otherwise repeat per request.
use std::sync::OnceLock;

use super::bits::Bits;
use super::count::GROUPS;
use super::data::Data;
use super::query::parts_of;
use crate::offers::filters::MIN_RATING_CHOICES;

/// Groups without the query's minimum: its bit (the highest) clear.
const WITHOUT_MIN: usize = GROUPS / 2;

#[derive(Debug, Default)]
pub struct Derived {
    /// Each slot's position in the newest-first order.
    positions: OnceLock<Vec<u32>>,
    /// Per provider index: its Bayesian average and its number of reviews.
    scores: OnceLock<Vec<(f64, u64)>>,
    /// Per facet group without a query's minimum (`query::group`, below
    /// `WITHOUT_MIN`): the slots of the providers in it.
    by_group: OnceLock<Vec<Bits>>,
}

impl Data {
    /// Each occupied slot's position in the newest-first order.
    pub(super) fn positions(&self) -> &[u32] {
        self.derived.positions.get_or_init(|| {
            let mut pos = vec![u32::MAX; self.slot_count()];
            for (i, s) in self.order.iter().enumerate() {
                pos[*s as usize] = i as u32;
            }
            pos
        })
    }

    /// Per provider index, what the ranking takes of its rating.
    pub(super) fn scores(&self) -> &[(f64, u64)] {
        self.derived.scores.get_or_init(|| self.providers.iter().map(|p| (p.rating.bayesian(self.prior), p.rating.count)).collect())
    }

    /// The offers per facet group as bit sets, and for each such group the
    /// group it is under `min` (the query's minimum rating): then a facet
    /// count is a popcount per group, not a look at every match's provider.
    /// None when `min` is not one of `MIN_RATING_CHOICES` (only the API
    /// takes others): which providers reach it is then the query's own.
    pub(super) fn groups_under(&self, min: Option<f64>) -> Option<(&[Bits], Vec<usize>)> {
        let reached_needed = match min {
            None => None,
            Some(m) => Some(MIN_RATING_CHOICES.iter().position(|t| *t as f64 / 10.0 == m)? + 1),
        };
        let sets = self.derived.by_group.get_or_init(|| {
            let group: Vec<u8> = self.providers.iter().map(|p| super::query::group(p, None)).collect();
            let mut sets = vec![Bits::zeros(self.slot_count().div_ceil(64)); WITHOUT_MIN];
            let provider = &self.index.cols.provider;
            for s in self.index.live.ones() {
                sets[group[provider[s as usize] as usize] as usize].set(s);
            }
            sets
        });
        // The minimum's bit is the highest (`WITHOUT_MIN`).
        let under = (0..WITHOUT_MIN).map(|g| g | if reached_needed.is_some_and(|n| parts_of(g as u8).1 >= n) { WITHOUT_MIN } else { 0 }).collect();
        Some((sets, under))
    }
}

impl Derived {
    /// Heap bytes of what is built.
    pub fn heap_bytes(&self) -> usize {
        self.positions.get().map_or(0, |v| v.capacity() * 4)
            + self.scores.get().map_or(0, |v| v.capacity() * 16)
            + self.by_group.get().map_or(0, |v| v.iter().map(Bits::heap_bytes).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::{Data, ProviderFacts};
    use super::super::index::Hot;
    use super::super::query::group;
    use crate::offers::filters::MIN_RATING_CHOICES;
    use crate::providers::domain::Ownership;
    use crate::reviews::domain::RatingSummary;

    /// Each offer is counted under the group its provider has for the
    /// query's minimum (`query::group`), for every minimum the form offers
    /// and none; other minimums are left to the per-offer count.
    #[test]
    fn offers_are_grouped_as_their_providers_are_for_each_minimum() {
        let mut data = Data::default();
        // Averages around each choice, each ownership and none, unrated too.
        let ratings: [(u64, u64); 7] = [(0, 0), (2, 5), (2, 6), (1, 4), (4, 17), (2, 9), (1, 5)];
        let owners = Ownership::ALL.iter().copied().map(Some).chain([None]);
        for (i, (o, (count, sum))) in owners.cycle().zip(ratings).enumerate() {
            data.providers.push(ProviderFacts { id: i as i32, ownership: o, rating: RatingSummary { count, sum, ..Default::default() }, ..Default::default() });
        }
        let n = data.providers.len() as u32;
        for slot in 0..40u32 {
            data.index.insert(slot, &Hot { provider: slot % n, ..Default::default() });
            data.slots.push(None);
        }
        for min in [None].into_iter().chain(MIN_RATING_CHOICES.iter().map(|t| Some(*t as f64 / 10.0))) {
            let (sets, under) = data.groups_under(min).expect("a choice");
            for slot in 0..40u32 {
                let p = &data.providers[(slot % n) as usize];
                let holding: Vec<usize> = (0..sets.len()).filter(|g| sets[*g].has(slot)).collect();
                assert_eq!(holding.len(), 1, "one group per offer");
                assert_eq!(under[holding[0]], usize::from(group(p, min)), "provider {} at {min:?}", p.id);
            }
        }
        assert!(data.groups_under(Some(3.5)).is_none(), "not a choice: counted per offer");
    }
}
