//! The bit-set counts against a brute-force pass (the catalogue's former
//! per-offer loop) on random offers and queries, with slots taken out and
//! reused in between, as the catch-up does.
use std::collections::BTreeMap;

use super::bits::Bits;
use super::count::{count, matches, Raw, GROUP, GROUPS, PASSES};
use super::index::{bezirk_bit, Hot};
use super::index::{kind_index, Index};
use crate::offers::domain::HousingKind;
use crate::offers::query::OfferQuery;
use crate::providers::domain::Ownership;

/// xorshift: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    /// Two times in three a value from `f`.
    fn maybe<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        let v = f(self);
        (self.below(3) > 0).then_some(v)
    }
}

const PROVIDERS: u64 = 6;

fn hot(rng: &mut Rng) -> Hot {
    let stadtteil_id = rng.maybe(|r| rng_id(r, 9));
    Hot {
        category_id: rng_id(rng, 7),
        provider: rng.below(PROVIDERS) as u32,
        price_cents: rng.maybe(|r| r.below(2_000) as i64),
        rooms_tenths: rng.maybe(|r| r.below(60) as i32),
        living_area_centi_m2: rng.maybe(|r| r.below(20_000) as i32),
        stadtteil_id,
        project_id: rng.maybe(|r| rng_id(r, 3)),
        housing_kind: rng.maybe(|r| HousingKind::ALL[r.below(2) as usize]),
        city_wide: stadtteil_id.is_none() && rng.below(4) == 0,
        bezirke: if stadtteil_id.is_none() { (1..=7).filter(|_| rng.below(3) == 0).fold(0, |m, b| m | bezirk_bit(b)) } else { 0 },
        updated_nanos: rng.below(1 << 60) as i64,
    }
}

fn rng_id(rng: &mut Rng, n: u64) -> i32 {
    1 + rng.below(n) as i32
}

fn query(rng: &mut Rng) -> OfferQuery {
    let mut q = OfferQuery::all();
    if rng.below(2) == 0 {
        q.category_ids = Some((1..=7).filter(|_| rng.below(3) == 0).collect());
    }
    if rng.below(2) == 0 {
        q.bezirk_id = Some(rng_id(rng, 8));
        if rng.below(2) == 0 {
            q.stadtteil_id = Some(rng_id(rng, 10));
        }
    }
    let x = &mut q.extra;
    let pick = |rng: &mut Rng, n: u64| (rng.below(4) == 0).then(|| rng.below(n) as i64);
    x.price_from_cents = pick(rng, 1_000);
    x.price_to_cents = pick(rng, 2_000).map(|v| v + 500);
    x.min_rooms_tenths = pick(rng, 60).map(|v| v as i32);
    x.min_area_centi_m2 = pick(rng, 20_000).map(|v| v as i32);
    x.housing_kind = (rng.below(4) == 0).then(|| HousingKind::ALL[rng.below(2) as usize]);
    x.ownership = (rng.below(4) == 0).then_some(Ownership::ALL[0]);
    x.min_rating = (rng.below(4) == 0).then_some(4.0);
    q.project_id = pick(rng, 4).map(|v| v as i32);
    q
}

/// The former loop: every filter tested per offer.
fn brute(slots: &[Option<Hot>], q: &OfferQuery, text: Option<&Bits>, providers: &[u8]) -> Raw {
    let mut m: [BTreeMap<i32, u64>; 4] = Default::default();
    let (mut raw, words) = (Raw::default(), slots.len().div_ceil(64));
    raw.matches = Bits::zeros(words);
    raw.kinds = vec![0; HousingKind::ALL.len()];
    raw.per_group = vec![0; GROUPS];
    for (slot, h) in slots.iter().enumerate() {
        let Some(h) = h else { continue };
        if text.is_some_and(|t| !t.has(slot as u32)) {
            continue;
        }
        let x = &q.extra;
        let in_bezirk = |b: i32| h.city_wide || h.bezirke & bezirk_bit(b) != 0;
        let (geo, bezirk) = match (q.bezirk_id, q.stadtteil_id) {
            (None, _) => (true, true),
            (Some(b), Some(st)) => (h.stadtteil_id == Some(st) || (h.stadtteil_id.is_none() && in_bezirk(b)), in_bezirk(b)),
            (Some(b), None) => (in_bezirk(b), in_bezirk(b)),
        };
        let at_least = |v: Option<i64>, min: Option<i64>| min.is_none_or(|m| v.is_some_and(|v| v >= m));
        let at_most = |v: Option<i64>, max: Option<i64>| max.is_none_or(|m| v.is_some_and(|v| v <= m));
        let rest = at_least(h.price_cents, x.price_from_cents)
            && at_most(h.price_cents, x.price_to_cents)
            && at_least(h.rooms_tenths.map(i64::from), x.min_rooms_tenths.map(i64::from))
            && at_least(h.living_area_centi_m2.map(i64::from), x.min_area_centi_m2.map(i64::from))
            && q.project_id.is_none_or(|p| h.project_id == Some(p));
        let category = q.category_ids.as_ref().is_none_or(|ids| ids.contains(&h.category_id));
        let kind = x.housing_kind.is_none_or(|k| h.housing_kind == Some(k));
        let own = providers[h.provider as usize] & PASSES != 0;
        let bits = |m: &mut BTreeMap<i32, u64>, mut b: u64| {
            while b != 0 {
                *m.entry(b.trailing_zeros() as i32).or_default() += 1;
                b &= b - 1;
            }
        };
        if !rest {
            continue;
        }
        if geo && kind && own {
            *m[0].entry(h.category_id).or_default() += 1;
            if category {
                raw.matches.set(slot as u32);
            }
        }
        if category && kind && own {
            raw.bz_city += u64::from(h.city_wide);
            bits(&mut m[1], h.bezirke);
            if bezirk {
                match h.stadtteil_id {
                    Some(st) => *m[2].entry(st).or_default() += 1,
                    None => {
                        raw.st_city += u64::from(h.city_wide);
                        bits(&mut m[3], h.bezirke);
                    }
                }
            }
        }
        if category && geo && own {
            if let Some(k) = h.housing_kind {
                raw.kinds[kind_index(k)] += 1;
            }
        }
        if category && geo && kind {
            raw.per_group[(providers[h.provider as usize] & GROUP) as usize] += 1;
        }
    }
    let [c, b, s, l] = m.map(|m| m.into_iter().filter(|(_, n)| *n > 0).collect::<Vec<_>>());
    (raw.by_category, raw.bz_links, raw.st_located, raw.st_links) = (c, b, s, l);
    raw
}

#[test]
fn facet_counts_equal_a_brute_force_pass() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..40 {
        let n = 1 + rng.below(700) as usize;
        let (mut ix, mut slots) = (Index::default(), Vec::new());
        for s in 0..n {
            let h = hot(&mut rng);
            ix.insert(s as u32, &h);
            slots.push(Some(h));
        }
        // Take some out, and put new offers into some of the freed slots.
        for s in 0..n {
            if rng.below(4) == 0 {
                let old = slots[s].take().expect("occupied");
                ix.remove(s as u32, &old);
                if rng.below(2) == 0 {
                    let h = hot(&mut rng);
                    ix.insert(s as u32, &h);
                    slots[s] = Some(h);
                }
            }
        }
        let facts: Vec<(bool, bool, u8)> = (0..PROVIDERS).map(|_| (rng.below(2) == 0, rng.below(2) == 0, rng.below(GROUPS as u64) as u8)).collect();
        for _ in 0..30 {
            let q = query(&mut rng);
            // As `provider_bytes`: a filter not set passes everyone.
            let x = &q.extra;
            let providers: Vec<u8> = facts
                .iter()
                .map(|(o, r, group)| if (x.ownership.is_none() || *o) && (x.min_rating.is_none() || *r) { group | PASSES } else { *group })
                .collect();
            let text = (rng.below(3) == 0).then(|| {
                let mut t = Bits::zeros(n.div_ceil(64));
                (0..n as u32).filter(|_| rng.below(2) == 0).for_each(|s| t.set(s));
                t
            });
            let got = count(&ix, &q, text.as_ref(), &providers, None);
            assert_eq!(got, brute(&slots, &q, text.as_ref(), &providers), "round {round}, {q:?}");
            // The provider facets from each group's set of slots, as
            // `Data::groups_under` gives them: the same counts.
            let mut sets = vec![Bits::zeros(n.div_ceil(64)); GROUPS];
            for (s, h) in slots.iter().enumerate().filter_map(|(s, h)| Some((s, h.as_ref()?))) {
                sets[(providers[h.provider as usize] & GROUP) as usize].set(s as u32);
            }
            assert_eq!(count(&ix, &q, text.as_ref(), &providers, Some((&sets, (0..GROUPS).collect()))), got, "by group, round {round}");
            // The alerts' narrowing to a few changed offers agrees with the list.
            let mut among = Bits::zeros(n.div_ceil(64));
            (0..n as u32).filter(|_| rng.below(5) == 0).for_each(|s| among.set(s));
            let mut expected = got.matches;
            expected.and(&among);
            assert_eq!(matches(&ix, &q, text.as_ref(), &providers, &among), expected, "round {round}, {q:?}");
        }
    }
}

