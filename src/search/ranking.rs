//! The published ranking. A result's place depends only on these parts and
//! weights — never on who owns the provider, never on payment. The
//! transparency page and every result's "Warum an dieser Stelle?" show them.
use serde::{Deserialize, Serialize};

use crate::i18n::t;

/// Weights of the score parts; they add up to 1.
pub const W_RELEVANCE: f32 = 0.40;
pub const W_RATING: f32 = 0.25;
pub const W_REVIEWS: f32 = 0.10;
pub const W_FRESHNESS: f32 = 0.15;
pub const W_DISTRICT: f32 = 0.10;

/// Half-life of freshness in days: an offer updated 60 days ago counts half.
pub const FRESHNESS_HALF_LIFE_DAYS: f64 = 60.0;
/// Review count at which the "reviews" part is full.
pub const REVIEWS_FULL_AT: u64 = 100;

/// Each part in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScoreParts {
    pub relevance: f32,
    pub rating: f32,
    pub reviews: f32,
    pub freshness: f32,
    pub district: f32,
}

impl ScoreParts {
    pub fn total(&self) -> f32 {
        W_RELEVANCE * self.relevance
            + W_RATING * self.rating
            + W_REVIEWS * self.reviews
            + W_FRESHNESS * self.freshness
            + W_DISTRICT * self.district
    }

    /// (label, part, weight) for display.
    pub fn rows(&self) -> [(&'static str, f32, f32); 5] {
        [
            (t().rank_relevance, self.relevance, W_RELEVANCE),
            (t().rank_rating, self.rating, W_RATING),
            (t().rank_reviews, self.reviews, W_REVIEWS),
            (t().rank_freshness, self.freshness, W_FRESHNESS),
            (t().rank_district, self.district, W_DISTRICT),
        ]
    }
}

/// What the score is computed from: nothing about ownership or payment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankInput {
    /// Share of the query's words found in the title (0..=1); 1 without a query.
    pub title_match: f32,
    /// Bayesian average rating of the provider, 1..=5.
    pub bayesian_rating: f64,
    pub review_count: u64,
    pub age_days: f64,
    /// Some(true): serves or lies in the chosen Stadtbezirk; Some(false):
    /// city-wide; None: no Stadtbezirk chosen.
    pub district_match: Option<bool>,
}

pub fn score(i: &RankInput) -> ScoreParts {
    // Words found only in the text still count half.
    let relevance = 0.5 + 0.5 * i.title_match.clamp(0.0, 1.0);
    let rating = ((i.bayesian_rating - 1.0) / 4.0).clamp(0.0, 1.0) as f32;
    let reviews = ((1.0 + i.review_count as f64).ln() / (1.0 + REVIEWS_FULL_AT as f64).ln()).min(1.0) as f32;
    let freshness = 0.5_f64.powf(i.age_days.max(0.0) / FRESHNESS_HALF_LIFE_DAYS) as f32;
    let district = match i.district_match {
        None | Some(true) => 1.0,
        Some(false) => 0.5,
    };
    ScoreParts { relevance, rating, reviews, freshness, district }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RankInput {
        RankInput { title_match: 1.0, bayesian_rating: 4.2, review_count: 20, age_days: 10.0, district_match: None }
    }

    #[test]
    fn weights_add_up_to_one() {
        let sum = W_RELEVANCE + W_RATING + W_REVIEWS + W_FRESHNESS + W_DISTRICT;
        assert!((sum - 1.0).abs() < 1e-6);
    }

    #[test]
    fn parts_stay_in_range_and_move_the_right_way() {
        let base = score(&input());
        for (_, part, _) in base.rows() {
            assert!((0.0..=1.0).contains(&part));
        }
        assert!(score(&RankInput { title_match: 0.0, ..input() }).total() < base.total());
        assert!(score(&RankInput { bayesian_rating: 3.0, ..input() }).total() < base.total());
        assert!(score(&RankInput { review_count: 1, ..input() }).total() < base.total());
        assert!(score(&RankInput { age_days: 200.0, ..input() }).total() < base.total());
        assert!(score(&RankInput { district_match: Some(false), ..input() }).total() < base.total());
        let half = score(&RankInput { age_days: FRESHNESS_HALF_LIFE_DAYS, ..input() });
        assert!((half.freshness - 0.5).abs() < 1e-6);
        assert_eq!(score(&RankInput { review_count: 5000, ..input() }).reviews, 1.0);
    }
}
