//! Provider rules: who owns a provider is always shown.
use serde::{Deserialize, Serialize};

use crate::reviews::domain::RatingSummary;
use crate::i18n::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ownership {
    Private,
    Cooperative,
    Municipal,
}

impl Ownership {
    pub const ALL: [Ownership; 3] = [Ownership::Private, Ownership::Cooperative, Ownership::Municipal];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Cooperative => "cooperative",
            Self::Municipal => "municipal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "private" => Some(Self::Private),
            "cooperative" => Some(Self::Cooperative),
            "municipal" => Some(Self::Municipal),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Private => t().ownership_private,
            Self::Cooperative => t().ownership_cooperative,
            Self::Municipal => t().ownership_municipal,
        }
    }
}

/// What a card or an offer page shows of a provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderSummary {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub ownership: Ownership,
    pub owner_name: Option<String>,
    pub location: String,
    pub rating: RatingSummary,
    /// Filled where cards show it.
    #[serde(default)]
    pub logo: Option<crate::photos::domain::PhotoView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderDetail {
    pub summary: ProviderSummary,
    pub description: String,
    pub street: String,
    pub postal_code: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub is_demo: bool,
    /// The owner's share in percent, as declared.
    pub ownership_share: Option<i16>,
    /// False while the ownership is self-declared; true once a moderator confirmed it.
    pub ownership_verified: bool,
    #[serde(default)]
    pub opening_hours: Option<String>,
    /// Names of the Stadtbezirke served; empty for the whole city.
    #[serde(default)]
    pub served: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ownership_round_trips() {
        for o in [Ownership::Private, Ownership::Cooperative, Ownership::Municipal] {
            assert_eq!(Ownership::parse(o.as_str()), Some(o));
        }
        assert_eq!(Ownership::parse("paid"), None);
        assert_eq!(Ownership::Municipal.label(), "Kommunal");
    }
}
