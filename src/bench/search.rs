//! Search server time: the store call the results page's server function
//! makes (`offers::store::list`, facets included), timed in-process over a
//! fixed set of realistic queries.
use std::time::{Duration, Instant};

use axum::extract::Query;
use axum::http::Uri;
use sea_orm::DbErr;

use crate::common::paging::PER_PAGE;
use crate::offers::query::{OfferFilter, OfferQuery};
use crate::offers::store;
use crate::reference::Reference;

/// What residents type and pick on `/angebote`: words (one with a typo, one
/// half-typed), categories, Stadtbezirke, price and housing filters,
/// ownership and rating, the sort orders and later pages.
pub const QUERIES: [&str; 56] = [
    "q=wohnung",
    "q=wohnung&bezirk=mitte",
    "q=wohnung+balkon&bezirk=sued",
    "q=3-zimmer-wohnung&bezirk=rheinhausen",
    "q=wohnnug&bezirk=hamborn",
    "q=einfamilienhaus&kategorie=wohnen-kaufen",
    "q=garten&kategorie=wohnen",
    "q=neubau&bezirk=homberg-ruhrort-baerl",
    "q=dachdecker",
    "q=dach+reparatur&bezirk=walsum",
    "q=heizung",
    "q=heizung+wartung&bezirk=meiderich-beeck",
    "q=elektriker&bezirk=mitte",
    "q=maler&bezirk=sued",
    "q=reinigung",
    "q=fensterreinigung&bezirk=mitte",
    "q=umzug&bezirk=rheinhausen",
    "q=entrümpelung",
    "q=strom",
    "q=solar&bezirk=sued",
    "q=pflege&bezirk=hamborn",
    "q=physiotherapie",
    "q=catering&bezirk=mitte",
    "q=versicherung",
    "q=girokonto&eigentum=cooperative",
    "q=hausmeister&bezirk=walsum",
    "q=rasenpf",
    "q=tischler&sortierung=preis-aufsteigend",
    "kategorie=wohnen-mieten&bezirk=mitte",
    "kategorie=wohnen-mieten&bezirk=sued&preis_bis=900&zimmer_ab=2",
    "kategorie=wohnen-kaufen&bezirk=rheinhausen&preis_bis=300.000",
    "kategorie=wohnen-kaufen&vermarktung=kaufen&zimmer_ab=4&flaeche_ab=100",
    "kategorie=neubauprojekte&sortierung=preis-aufsteigend",
    "kategorie=wohnen&bezirk=walsum&flaeche_ab=70",
    "kategorie=wohnen-mieten&eigentum=cooperative",
    "kategorie=dach&bezirk=hamborn",
    "kategorie=sanitaer-heizung&bezirk=mitte&bewertung_ab=4",
    "kategorie=handwerk&bezirk=meiderich-beeck",
    "kategorie=reinigung&preis_bis=50",
    "kategorie=umzugsunternehmen&sortierung=bewertung",
    "kategorie=strom&eigentum=municipal",
    "kategorie=ambulante-pflege&bezirk=sued",
    "kategorie=energie&sortierung=neueste",
    "kategorie=garten&bezirk=homberg-ruhrort-baerl&bewertung_ab=4,5",
    "kategorie=finanzen&sortierung=preis-absteigend",
    "kategorie=pflege-gesundheit&seite=2",
    "bezirk=mitte",
    "bezirk=sued&sortierung=neueste",
    "bezirk=rheinhausen&eigentum=municipal",
    "q=wohnung&seite=3",
    // Synonyms, compounds, English, and a query with a "Meinten Sie …?".
    "q=klempner",
    "q=malerarbeiten&bezirk=mitte",
    "q=heizungsinstallateur",
    "q=hypothek",
    "q=plumber&bezirk=sued",
    "q=dachdekcre",
];

pub fn filter(query: &str) -> OfferFilter {
    let uri: Uri = format!("/angebote?{query}").parse().expect("benchmark queries are valid URIs");
    Query::<OfferFilter>::try_from_uri(&uri).expect("benchmark queries parse").0
}

pub struct Timings {
    /// Every sample, sorted.
    pub samples: Vec<Duration>,
    /// Per query: (query, median, results).
    pub per_query: Vec<(&'static str, Duration, u64)>,
}

impl Timings {
    pub fn percentile(&self, p: f64) -> Duration {
        let i = ((self.samples.len() as f64 * p).ceil() as usize).clamp(1, self.samples.len()) - 1;
        self.samples[i]
    }

    pub fn max(&self) -> Duration {
        self.samples.last().copied().unwrap_or_default()
    }
}

/// One warm-up pass, then `rounds` timed passes over the queries.
pub async fn run(catalog: &crate::offers::catalog::Catalog, r: &Reference, rounds: usize) -> Result<Timings, DbErr> {
    let queries: Vec<OfferQuery> = QUERIES
        .iter()
        .map(|q| OfferQuery::from_filter(&filter(q), &r.categories, &r.districts))
        .collect::<Result<_, _>>()
        .map_err(|e| DbErr::Custom(format!("benchmark query rejected: {e:?}")))?;
    let mut per: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
    let mut totals = vec![0; queries.len()];
    for round in 0..=rounds {
        for (i, q) in queries.iter().enumerate() {
            let started = Instant::now();
            let page = store::list(catalog, r, q, PER_PAGE).await.map_err(|e| DbErr::Custom(e.to_string()))?;
            let took = started.elapsed();
            totals[i] = page.paging.total;
            if round > 0 {
                per[i].push(took);
            }
        }
    }
    let per_query = per
        .iter_mut()
        .enumerate()
        .map(|(i, v)| {
            v.sort();
            (QUERIES[i], v[v.len() / 2], totals[i])
        })
        .collect();
    let mut samples: Vec<Duration> = per.into_iter().flatten().collect();
    samples.sort();
    Ok(Timings { samples, per_query })
}
