//! What the provider dashboard shows (the offer life cycle is `offers::lifecycle`).
use serde::{Deserialize, Serialize};

use crate::accounts::authz::MemberRole;
use crate::offers::lifecycle::OfferStatus;
use crate::offers::domain::Price;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashOffer {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub status: OfferStatus,
    pub version: i32,
    pub price: Price,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(feature = "ssr")]
impl DashOffer {
    pub fn of(o: &crate::db::entities::offer::Model) -> Self {
        use crate::offers::domain::PriceModel;
        DashOffer {
            id: o.id,
            slug: o.slug.clone(),
            title: o.title.clone(),
            status: OfferStatus::parse(&o.status),
            version: o.version,
            price: Price { model: PriceModel::parse(&o.price_model).unwrap_or(PriceModel::OnRequest), cents: o.price_cents },
            updated_at: o.updated_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProvider {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub role: MemberRole,
    pub ownership_verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub provider: MyProvider,
    pub offers: Vec<DashOffer>,
}
