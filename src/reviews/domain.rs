//! Review rules: stars, provenance, and the rating aggregates.
use serde::{Deserialize, Serialize};

use crate::i18n::t;

/// 1–5 stars; constructed only through validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Stars(u8);

impl Stars {
    pub fn new(n: i64) -> Option<Self> {
        (1..=5).contains(&n).then_some(Self(n as u8))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// How the platform knows the review comes from a real person or customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Provenance {
    Unverified,
    VerifiedResident,
    VerifiedCustomer,
    /// Accepted a quote of the provider through a request for quotes.
    QuoteCustomer,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unverified => "unverified",
            Self::VerifiedResident => "verified_resident",
            Self::VerifiedCustomer => "verified_customer",
            Self::QuoteCustomer => "quote_customer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "unverified" => Some(Self::Unverified),
            "verified_resident" => Some(Self::VerifiedResident),
            "verified_customer" => Some(Self::VerifiedCustomer),
            "quote_customer" => Some(Self::QuoteCustomer),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Unverified => t().provenance_unverified,
            Self::VerifiedResident => t().provenance_verified_resident,
            Self::VerifiedCustomer => t().provenance_verified_customer,
            Self::QuoteCustomer => t().provenance_quote_customer,
        }
    }

    /// How it was verified, for the label's explanation.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Unverified => t().provenance_unverified_hint,
            Self::VerifiedResident => t().provenance_verified_resident_hint,
            Self::VerifiedCustomer => t().provenance_verified_customer_hint,
            Self::QuoteCustomer => t().provenance_quote_customer_hint,
        }
    }
}

/// Count, sum and distribution of a provider's published stars.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingSummary {
    pub count: u64,
    pub sum: u64,
    /// distribution[0] = number of 1-star reviews … [4] = 5 stars
    pub distribution: [u64; 5],
}

/// How many reviews' worth of the city-wide mean a provider starts with, so
/// one 5-star review does not outrank two hundred reviews of 4.7 stars.
pub const BAYES_PRIOR_WEIGHT: f64 = 10.0;

impl RatingSummary {
    pub fn add(&mut self, stars: Stars) {
        self.count += 1;
        self.sum += stars.get() as u64;
        self.distribution[stars.get() as usize - 1] += 1;
    }

    pub fn average(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    /// Bayesian average against the city-wide mean `prior_mean`.
    pub fn bayesian(&self, prior_mean: f64) -> f64 {
        (BAYES_PRIOR_WEIGHT * prior_mean + self.sum as f64) / (BAYES_PRIOR_WEIGHT + self.count as f64)
    }

    /// Share of each star value in percent (0–100), for the bar chart.
    pub fn shares(&self) -> [u8; 5] {
        let mut out = [0; 5];
        if self.count > 0 {
            for (i, n) in self.distribution.iter().enumerate() {
                out[i] = ((*n * 100 + self.count / 2) / self.count) as u8;
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub id: i32,
    pub author_name: String,
    pub stars: Stars,
    pub title: String,
    pub body: String,
    pub provenance: Provenance,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The offer it is about, if any: (id, slug, title).
    pub offer: Option<(i32, String, String)>,
    /// "YYYY-MM" of the experience, if given.
    pub experience_month: Option<String>,
    pub helpful: i32,
    /// The provider's published reply.
    pub reply: Option<ReplyView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyView {
    pub id: i32,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// What the visitor may do with the reviews on a provider page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewViewer {
    pub signed_in: bool,
    /// Acts for this provider: may reply, may not review.
    pub member: bool,
    /// Their own review of this provider, if any.
    pub own_review: Option<i32>,
    /// Reviews on this page they marked helpful.
    pub voted: Vec<i32>,
}

/// How a moderator checked that someone lives in Duisburg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerificationMethod {
    IdCard,
    Registration,
    Letter,
}

impl VerificationMethod {
    pub const ALL: [VerificationMethod; 3] = [Self::IdCard, Self::Registration, Self::Letter];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::IdCard => "id_card",
            Self::Registration => "registration",
            Self::Letter => "letter",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::IdCard => t().verify_method_id_card,
            Self::Registration => t().verify_method_registration,
            Self::Letter => t().verify_method_letter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(stars: &[i64]) -> RatingSummary {
        let mut s = RatingSummary::default();
        for &n in stars {
            s.add(Stars::new(n).expect("valid stars"));
        }
        s
    }

    #[test]
    fn stars_are_validated() {
        assert!(Stars::new(0).is_none());
        assert!(Stars::new(6).is_none());
        assert_eq!(Stars::new(5).map(Stars::get), Some(5));
    }

    #[test]
    fn average_and_distribution() {
        let s = summary(&[5, 4, 4, 1]);
        assert_eq!(s.average(), Some(3.5));
        assert_eq!(s.distribution, [1, 0, 0, 2, 1]);
        assert_eq!(s.shares(), [25, 0, 0, 50, 25]);
        assert_eq!(RatingSummary::default().average(), None);
    }

    #[test]
    fn one_perfect_review_does_not_beat_many_good_ones() {
        let single = summary(&[5]);
        let mut many = RatingSummary::default();
        for i in 0..200 {
            many.add(Stars::new(if i % 10 < 7 { 5 } else { 4 }).expect("valid"));
        }
        let prior = 3.9;
        assert!(many.bayesian(prior) > single.bayesian(prior));
        // Without reviews the prior decides.
        assert!((RatingSummary::default().bayesian(prior) - prior).abs() < 1e-9);
    }

    #[test]
    fn provenance_round_trips() {
        for p in [Provenance::Unverified, Provenance::VerifiedResident, Provenance::VerifiedCustomer, Provenance::QuoteCustomer] {
            assert_eq!(Provenance::parse(p.as_str()), Some(p));
        }
        assert_eq!(Provenance::parse("bogus"), None);
    }
}
