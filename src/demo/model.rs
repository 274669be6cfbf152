//! The demo city as plain data, and the deterministic random source it is
//! generated from.

/// splitmix64-based PRNG; deterministic for a seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift); 0 when `n == 0`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `p_percent` / 100.
    pub fn chance(&mut self, p_percent: u64) -> bool {
        self.below(100) < p_percent
    }

    /// A uniformly chosen element. Panics if `items` is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Uniform in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// An index drawn with the given relative weights.
    pub(super) fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut r = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i as u64 + 1) as usize);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoUser {
    pub display_name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoProvider {
    pub name: String,
    pub description: String,
    pub street: String,
    pub postal_code: String,
    pub stadtteil_index: usize,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub ownership: &'static str,
    pub owner_name: Option<String>,
    pub category_slugs: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoHousing {
    pub kind: &'static str,
    pub rooms_tenths: i32,
    pub living_area_centi_m2: i32,
    pub plot_area_centi_m2: Option<i32>,
    pub energy_class: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoOffer {
    pub provider_index: usize,
    pub category_slug: &'static str,
    pub title: String,
    pub description: String,
    pub price_model: &'static str,
    pub price_cents: Option<i64>,
    pub service_bezirke: Vec<usize>,
    pub stadtteil_index: Option<usize>,
    pub housing: Option<DemoHousing>,
    pub status: &'static str,
    pub age_days: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoReview {
    pub author_index: usize,
    pub provider_index: usize,
    pub offer_index: Option<usize>,
    pub stars: i16,
    pub title: String,
    pub body: String,
    pub provenance: &'static str,
    pub status: &'static str,
    pub age_days: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoCity {
    pub users: Vec<DemoUser>,
    pub providers: Vec<DemoProvider>,
    pub offers: Vec<DemoOffer>,
    pub reviews: Vec<DemoReview>,
}
