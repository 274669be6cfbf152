//! Provider rules: who owns a provider is always shown.
use serde::{Deserialize, Serialize};

use crate::districts::Districts;
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

/// Where a provider has its seat: a Stadtteil of Duisburg, or another town
/// from which it serves the city (online banks, regional firms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seat {
    Duisburg { stadtteil_id: i32 },
    Outside { town: String },
}

impl Seat {
    /// From the stored columns: the door writes exactly one of the two.
    pub fn from_columns(stadtteil_id: Option<i32>, town: Option<&str>) -> Self {
        match stadtteil_id {
            Some(stadtteil_id) => Self::Duisburg { stadtteil_id },
            None => Self::Outside { town: town.unwrap_or_default().to_owned() },
        }
    }

    pub fn stadtteil_id(&self) -> Option<i32> {
        match self {
            Self::Duisburg { stadtteil_id } => Some(*stadtteil_id),
            Self::Outside { .. } => None,
        }
    }

    /// The town column: None in Duisburg.
    pub fn outside_town(&self) -> Option<&str> {
        match self {
            Self::Duisburg { .. } => None,
            Self::Outside { town } => Some(town),
        }
    }

    /// The town of the postal address.
    pub fn town(&self) -> &str {
        self.outside_town().unwrap_or("Duisburg")
    }

    /// What cards show: "Hochfeld (Mitte)", or "Essen (außerhalb Duisburgs)".
    pub fn label(&self, districts: &Districts) -> String {
        match self {
            Self::Duisburg { stadtteil_id } => districts.stadtteil_label(*stadtteil_id),
            Self::Outside { town } => t().provider_seat_outside_label.replace("{town}", town),
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
    /// The address's town: "Duisburg", or the seat outside it.
    #[serde(default)]
    pub town: String,
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
