//! The matches and every facet count of a query from the bit sets, with the
//! semantics of `store::filtered`: each facet leaves out its own filter.
//!
//! Each faceted filter (category, place, housing kind, provider) becomes one
//! set; a facet is the AND of all the others, and a facet value's count the
//! popcount of that AND with the value's set — 64 offers per word
//! operation rather than a test per offer. Price, rooms, area and project
//! have no facet, so they narrow the common base for everything.
use super::bits::Bits;
use super::index::{kind_index, Index, NONE, NONE32};
use crate::offers::query::OfferQuery;

/// What a query counts, before it is dressed up with names.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Raw {
    /// Every filter passed.
    pub matches: Bits,
    /// Category id (the offer's own) → count, ascending, nonzero.
    pub by_category: Vec<(i32, u64)>,
    /// City-wide offers and, per Stadtbezirk id, those serving it.
    pub bz_city: u64,
    pub bz_links: Vec<(i32, u64)>,
    /// Stadtteil id → offers located there; services without a Stadtteil
    /// by city-wide and by Stadtbezirk id.
    pub st_located: Vec<(i32, u64)>,
    pub st_city: u64,
    pub st_links: Vec<(i32, u64)>,
    /// By position in `HousingKind::ALL`.
    pub kinds: Vec<u64>,
    /// By providers' facet group (`GROUPS` long): every filter but
    /// ownership and rating.
    pub per_group: Vec<u64>,
}

/// In a provider's byte (`count`'s `providers`): it passes the ownership and
/// minimum-rating filters.
pub const PASSES: u8 = 0x80;
/// The rest of the byte: the provider's facet group, below `GROUPS`. The
/// ownership and rating facets are sums over a few groups, so a list counts
/// into a small array instead of one counter per provider.
pub const GROUP: u8 = 0x1f;
pub const GROUPS: usize = GROUP as usize + 1;

fn passes(providers: &[u8], p: u32) -> bool {
    providers.get(p as usize).is_some_and(|b| b & PASSES != 0)
}

/// `providers`: one byte per provider index, `PASSES` and its group; read
/// only for an ownership or rating filter or without `by_group`, and empty
/// otherwise (`Data::provider_bytes`). `by_group`, when given: the slots
/// per group and the group each is counted under (`Data::groups_under`),
/// the same as the bytes say.
pub fn count(ix: &Index, q: &OfferQuery, text: Option<&Bits>, providers: &[u8], by_group: Option<(&[Bits], Vec<usize>)>) -> Raw {
    let words = ix.slots().div_ceil(64);
    let mut base = Bits::zeros(words);
    base.or(&ix.live);
    if let Some(t) = text {
        base.and(t);
    }
    narrow_rest(ix, q, &mut base);
    let x = &q.extra;
    let own = (x.ownership.is_some() || x.min_rating.is_some()).then(|| {
        let mut own = base.clone();
        keep(&mut own, &ix.cols.provider, |p| passes(providers, p));
        own
    });
    let category = category_set(ix, q);
    let (bezirk, geo) = place_sets(ix, q);
    let empty = Bits::default();
    let kind = x.housing_kind.map(|k| ix.kind.get(kind_index(k)).unwrap_or(&empty));
    let all_but = |sets: [Option<&Bits>; 3]| {
        let mut m = base.clone();
        sets.into_iter().flatten().for_each(|s| m.and(s));
        m
    };
    let (c, g, o) = (category.as_ref(), geo.as_ref(), own.as_ref());

    let mut raw = Raw::default();
    let no_category = all_but([g, kind, o]);
    raw.by_category = counts(&no_category, ix.category.iter().map(|(id, b)| (*id, b)));
    raw.matches = no_category;
    if let Some(c) = c {
        raw.matches.and(c);
    }
    let no_geo = all_but([c, kind, o]);
    raw.bz_city = no_geo.count_and(&ix.city_wide);
    raw.bz_links = counts(&no_geo, ix.bezirk.iter().enumerate().map(|(i, b)| (i as i32, b)));
    let mut in_bezirk = no_geo;
    if let Some(b) = &bezirk {
        in_bezirk.and(b);
    }
    raw.st_located = counts(&in_bezirk, ix.stadtteil.iter().map(|(id, b)| (*id, b)));
    in_bezirk.and(&ix.no_stadtteil);
    raw.st_city = in_bezirk.count_and(&ix.city_wide);
    raw.st_links = counts(&in_bezirk, ix.bezirk.iter().enumerate().map(|(i, b)| (i as i32, b)));
    let no_kind = all_but([c, g, o]);
    raw.kinds = (0..crate::offers::domain::HousingKind::ALL.len()).map(|i| ix.kind.get(i).map_or(0, |k| no_kind.count_and(k))).collect();
    raw.per_group = vec![0; GROUPS];
    let no_provider = all_but([c, g, kind]);
    match by_group {
        Some((sets, under)) => {
            for (set, g) in sets.iter().zip(under) {
                raw.per_group[g] += no_provider.count_and(set);
            }
        }
        None => {
            for s in no_provider.ones() {
                if let Some(b) = providers.get(ix.cols.provider[s as usize] as usize) {
                    raw.per_group[(b & GROUP) as usize] += 1;
                }
            }
        }
    }
    raw
}

/// The offers of a category (with its subcategories), if the query names one.
fn category_set(ix: &Index, q: &OfferQuery) -> Option<Bits> {
    q.category_ids.as_ref().map(|ids| {
        let mut c = Bits::zeros(ix.slots().div_ceil(64));
        ids.iter().filter_map(|id| ix.category.get(id)).for_each(|b| c.or(b));
        c
    })
}

/// The Stadtbezirk alone (city-wide or serving it), and the place as chosen
/// (the Stadtteil narrows it).
fn place_sets(ix: &Index, q: &OfferQuery) -> (Option<Bits>, Option<Bits>) {
    let words = ix.slots().div_ceil(64);
    let bezirk = q.bezirk_id.map(|b| {
        let mut s = Bits::zeros(words);
        s.or(&ix.city_wide);
        if let Some(l) = ix.bezirk(b) {
            s.or(l);
        }
        s
    });
    let geo = match (&bezirk, q.stadtteil_id) {
        (Some(b), Some(st)) => {
            let mut g = Bits::zeros(words);
            if let Some(s) = ix.stadtteil.get(&st) {
                g.or(s);
            }
            g.or_and(&ix.no_stadtteil, b);
            Some(g)
        }
        (b, _) => b.clone(),
    };
    (bezirk, geo)
}

/// The matches alone among `among` (the offers that just changed), with
/// the very sets `count` narrows by: a saved search's alert and its list
/// cannot disagree. No facets, so a burst is matched against thousands of
/// saved searches quickly.
pub fn matches(ix: &Index, q: &OfferQuery, text: Option<&Bits>, providers: &[u8], among: &Bits) -> Bits {
    let mut m = Bits::zeros(ix.slots().div_ceil(64));
    m.or(&ix.live);
    m.and(among);
    if m.count() == 0 {
        return m;
    }
    if let Some(t) = text {
        m.and(t);
    }
    narrow_rest(ix, q, &mut m);
    let x = &q.extra;
    if x.ownership.is_some() || x.min_rating.is_some() {
        keep(&mut m, &ix.cols.provider, |p| passes(providers, p));
    }
    let empty = Bits::default();
    let kind = x.housing_kind.map(|k| ix.kind.get(kind_index(k)).unwrap_or(&empty));
    [category_set(ix, q).as_ref(), place_sets(ix, q).1.as_ref(), kind].into_iter().flatten().for_each(|s| m.and(s));
    m
}

/// Nonzero |m ∧ set| per value.
fn counts<'a>(m: &Bits, sets: impl Iterator<Item = (i32, &'a Bits)>) -> Vec<(i32, u64)> {
    sets.map(|(id, b)| (id, m.count_and(b))).filter(|(_, n)| *n > 0).collect()
}

/// Price, rooms, area and project: only the columns filtered on are read.
fn narrow_rest(ix: &Index, q: &OfferQuery, base: &mut Bits) {
    let (x, c) = (&q.extra, &ix.cols);
    if let Some(m) = x.price_from_cents {
        keep(base, &c.price, |v| v != NONE && v >= m);
    }
    if let Some(m) = x.price_to_cents {
        keep(base, &c.price, |v| v != NONE && v <= m);
    }
    if let Some(m) = x.min_rooms_tenths {
        keep(base, &c.rooms, |v| v != NONE32 && v >= m);
    }
    if let Some(m) = x.min_area_centi_m2 {
        keep(base, &c.area, |v| v != NONE32 && v >= m);
    }
    if let Some(p) = q.project_id {
        keep(base, &c.project, |v| v != NONE32 && v == p);
    }
}

/// Clears the slots whose column value fails `pass`, 64 at a time and
/// branch-free; words already empty are skipped.
fn keep<T: Copy>(bits: &mut Bits, col: &[T], pass: impl Fn(T) -> bool) {
    bits.map_words(|i, w| {
        if w == 0 {
            return 0;
        }
        let chunk = &col[(i * 64).min(col.len())..((i + 1) * 64).min(col.len())];
        let mut m = 0u64;
        for (j, v) in chunk.iter().enumerate() {
            m |= u64::from(pass(*v)) << j;
        }
        w & m
    });
}
