//! schema.org JSON-LD for offer and provider pages, built on the server
//! from the same data the page shows.
use leptos::prelude::*;

/// Embeds JSON-LD; `<` is escaped so the text can never close the script.
#[component]
pub fn JsonLd(json: String) -> impl IntoView {
    view! { <script type="application/ld+json" inner_html=json.replace('<', "\\u003c")></script> }
}

#[cfg(feature = "ssr")]
pub use build::{offer_ld, provider_ld};

#[cfg(feature = "ssr")]
mod build {
    use serde_json::{json, Value};

    use crate::offers::domain::{OfferDetail, PriceModel};
    use crate::providers::domain::ProviderDetail;
    use crate::reviews::domain::{RatingSummary, ReviewView};

    fn euros(cents: i64) -> String {
        format!("{}.{:02}", cents / 100, (cents % 100).abs())
    }

    fn aggregate(r: &RatingSummary) -> Option<Value> {
        r.average().map(|avg| {
            json!({ "@type": "AggregateRating", "ratingValue": format!("{avg:.2}"), "reviewCount": r.count, "bestRating": 5, "worstRating": 1 })
        })
    }

    fn review(r: &ReviewView) -> Value {
        json!({
            "@type": "Review",
            "author": { "@type": "Person", "name": r.author_name },
            "datePublished": r.created_at.format("%Y-%m-%d").to_string(),
            "name": r.title,
            "reviewBody": r.body,
            "reviewRating": { "@type": "Rating", "ratingValue": r.stars.get(), "bestRating": 5, "worstRating": 1 },
        })
    }

    pub fn provider_ld(p: &ProviderDetail, reviews: &[ReviewView]) -> String {
        let s = &p.summary;
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": "LocalBusiness",
            "name": s.name,
            "description": p.description,
            "url": crate::common::url_key::provider_path(s.id, &s.slug),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": p.street,
                "postalCode": p.postal_code,
                "addressLocality": p.town,
                "addressCountry": "DE",
            },
        });
        for (key, value) in [("telephone", &p.phone), ("email", &p.email), ("sameAs", &p.website)] {
            if let Some(x) = value {
                v[key] = json!(x);
            }
        }
        if let Some(a) = aggregate(&s.rating) {
            v["aggregateRating"] = a;
        }
        if !reviews.is_empty() {
            v["review"] = Value::Array(reviews.iter().map(review).collect());
        }
        v.to_string()
    }

    pub fn offer_ld(o: &OfferDetail) -> String {
        let c = &o.card;
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": "Offer",
            "name": c.title,
            "description": o.description,
            "url": crate::common::url_key::offer_path(c.id, &c.slug),
            "category": c.category,
            "availability": "https://schema.org/InStock",
            "areaServed": if o.service_area.is_empty() { json!("Duisburg") } else { json!(o.service_area) },
            "offeredBy": {
                "@type": "LocalBusiness",
                "name": c.provider.name,
                "url": crate::common::url_key::provider_path(c.provider.id, &c.provider.slug),
            },
        });
        if let (Some(cents), true) = (c.price.cents, c.price.model != PriceModel::OnRequest) {
            v["priceCurrency"] = json!("EUR");
            v["price"] = json!(euros(cents));
            if matches!(c.price.model, PriceModel::PerMonth | PriceModel::PerHour | PriceModel::From) {
                let unit = match c.price.model {
                    PriceModel::PerMonth => Some("MON"),
                    PriceModel::PerHour => Some("HUR"),
                    _ => None,
                };
                let mut spec = json!({ "@type": "UnitPriceSpecification", "price": euros(cents), "priceCurrency": "EUR" });
                if let Some(u) = unit {
                    spec["unitCode"] = json!(u);
                }
                if c.price.model == PriceModel::From {
                    spec["minPrice"] = json!(euros(cents));
                }
                v["priceSpecification"] = spec;
            }
        }
        if let Some(a) = aggregate(&c.provider.rating) {
            v["offeredBy"]["aggregateRating"] = a;
        }
        v.to_string()
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn euro_amounts_use_a_dot() {
            assert_eq!(super::euros(123_450), "1234.50");
            assert_eq!(super::euros(5), "0.05");
        }
    }
}
