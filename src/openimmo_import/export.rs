//! A provider's published housing offers as one OpenImmo 1.2.7 file.
use openimmo::{Anbieter, Document, Listing, Umfang, Uebertragung};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::mapping::overlay;
use super::report::ImportError;
use super::store::values_of;
use crate::offers::lifecycle::OfferStatus;
use crate::db::entities::{offer, openimmo_listing, provider};
use crate::reference::Reference;

/// `umfang="VOLL"`: the file is the provider's whole housing stock. Imported
/// offers keep their agent's key and the fields the offer table does not
/// hold; offers made on the platform get `objektnr_extern` `SCD-<offer id>`,
/// which an import recognises. Importing the export changes nothing.
pub async fn export<C: ConnectionTrait>(db: &C, r: &Reference, provider_id: i32) -> Result<(String, usize), ImportError> {
    let p = provider::Entity::find_by_id(provider_id).one(db).await?.ok_or(ImportError::NoProvider(provider_id))?;
    let offers = offer::Entity::find()
        .filter(offer::Column::ProviderId.eq(provider_id))
        .filter(offer::Column::Status.eq(OfferStatus::Published.as_str()))
        .filter(offer::Column::HousingKind.is_not_null())
        .order_by_asc(offer::Column::Id)
        .all(db)
        .await?;
    let links: std::collections::HashMap<i32, openimmo_listing::Model> = openimmo_listing::Entity::find()
        .filter(openimmo_listing::Column::ProviderId.eq(provider_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.offer_id, l))
        .collect();
    let mut immobilien = Vec::with_capacity(offers.len());
    for o in &offers {
        let Some(values) = values_of(o) else { continue };
        let base = links
            .get(&o.id)
            .and_then(|l| openimmo::parse(l.source_xml.as_bytes()).ok())
            .and_then(|p| p.document.listings().next().cloned())
            .unwrap_or_else(|| {
                let mut l = Listing::default();
                l.verwaltung_techn.objektnr_extern = Some(format!("SCD-{}", o.id));
                l
            });
        immobilien.push(overlay(&base, &values, &r.categories, &r.districts));
    }
    let n = immobilien.len();
    let doc = Document {
        uebertragung: Uebertragung {
            umfang: Some(Umfang::Voll),
            version: Some("1.2.7".into()),
            art: Some("OFFLINE".into()),
            modus: Some("NEW".into()),
            sendersoftware: Some("smart-city-duisburg".into()),
            senderversion: Some(env!("CARGO_PKG_VERSION").into()),
            timestamp: None,
        },
        anbieter: vec![Anbieter {
            firma: Some(p.name.clone()),
            openimmo_anid: Some(format!("SCD-P{}", p.id)),
            immobilien,
            ..Anbieter::default()
        }],
    };
    Ok((openimmo::write(&doc), n))
}
