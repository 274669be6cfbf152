//! One offer as the catalogue holds it (`Doc`), and the analysis that makes
//! it from a row: its filter values, what its card shows, and its terms —
//! taken from the search index the offers' door writes, or analysed afresh.
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::index::Hot;
use super::row::Row;
use super::terms::TermIds;

use crate::offers::domain::{HousingKind, PriceModel};
use crate::offers::store::CITY_WIDE;
use crate::reference::Reference;
use crate::search::analyzer::index_terms;

/// One published offer as the list filters, counts, ranks and shows it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: i32,
    pub provider_id: i32,
    /// Index into `Data::providers` (set when placed).
    pub provider: u32,
    pub category_id: i32,
    pub slug: Box<str>,
    pub title: Box<str>,
    pub price_model: PriceModel,
    pub price_cents: Option<i64>,
    pub housing_kind: Option<HousingKind>,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub plot_area_centi_m2: Option<i32>,
    pub energy_class: Option<Box<str>>,
    pub stadtteil_id: Option<i32>,
    pub project_id: Option<i32>,
    pub city_wide: bool,
    /// The Stadtbezirke it serves specifically (`offer_district`).
    pub bezirke: Box<[i32]>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The title's analysed terms and all of them, as ids into
    /// `Data::vocabulary`, packed: kept to take the doc out of the postings
    /// again and for the title match.
    pub(super) terms: TermIds,
}

/// A doc as analysis leaves it: its terms still strings, until `Data::place`
/// turns them into ids. Each list is one string, its terms joined by spaces
/// as the index stores them: a load takes the index's strings as they come,
/// not a string per term (a million offers hold some fifty million).
pub struct Analysed {
    pub(super) doc: Doc,
    pub(super) title_terms: String,
    pub(super) terms: String,
}

impl Doc {
    /// Newest first: (created_at, id) descending, as the database orders.
    pub(super) fn key(&self) -> (std::cmp::Reverse<DateTime<Utc>>, std::cmp::Reverse<i32>) {
        (std::cmp::Reverse(self.created_at), std::cmp::Reverse(self.id))
    }

    /// Analyses a row: its terms from the same text the database index has
    /// (title, description, category, provider name, place), or the terms
    /// that index `stored` for it. None unless published. Pure: runs on
    /// blocking threads, many rows at once.
    pub(super) fn of(r: &Reference, row: &Row, provider_name: &str, bezirke: Vec<i32>, stored: Option<(String, String)>) -> Option<Analysed> {
        if row.status != crate::offers::store::PUBLISHED {
            return None;
        }
        let (terms, title_terms) = match stored {
            Some(both) => both,
            None => {
                let text = crate::search::store::document_text(&row.title, &row.description, row.category_id, row.stadtteil_id, provider_name, r, &bezirke);
                (index_terms(&text).join(" "), index_terms(&row.title).join(" "))
            }
        };
        let (city_wide, bezirke) = place_of(r, row, bezirke);
        let doc = Doc {
            id: row.id,
            provider_id: row.provider_id,
            provider: u32::MAX,
            category_id: row.category_id,
            slug: row.slug.as_str().into(),
            title: row.title.as_str().into(),
            price_model: PriceModel::parse(&row.price_model).unwrap_or(PriceModel::OnRequest),
            price_cents: row.price_cents,
            housing_kind: row.housing_kind.as_deref().and_then(HousingKind::parse),
            rooms_tenths: row.rooms_tenths,
            living_area_centi_m2: row.living_area_centi_m2,
            plot_area_centi_m2: row.plot_area_centi_m2,
            energy_class: row.energy_class.as_deref().map(Into::into),
            stadtteil_id: row.stadtteil_id,
            project_id: row.project_id,
            city_wide,
            bezirke: bezirke.into_boxed_slice(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            terms: TermIds::default(),
        };
        Some(Analysed { doc, title_terms, terms })
    }
}

/// Where an offer is for the place filters: a located offer (a flat) is in
/// its own Stadtbezirk and those it names, never "the whole city" — an
/// imported flat in Walsum that names the city as its area is not a flat
/// in Neudorf. Only offers without a location are city-wide.
fn place_of(r: &Reference, row: &Row, mut bezirke: Vec<i32>) -> (bool, Vec<i32>) {
    match row.stadtteil_id.and_then(|st| r.districts.stadtteil(st)) {
        Some(st) => {
            if !bezirke.contains(&st.bezirk_id) {
                bezirke.push(st.bezirk_id);
            }
            (false, bezirke)
        }
        // (A Stadtteil the reference does not know counts as located, as in the oracle.)
        None => (row.stadtteil_id.is_none() && row.service_area == CITY_WIDE, bezirke),
    }
}

/// How hard a load may work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effort {
    /// Every core: nothing is served before it (the first load), or a
    /// change is waited for (a catch-up).
    Full,
    /// One core fewer: a reload in the background, beside live requests.
    Background,
}

/// Analyses rows on a blocking thread and the pool's others: text analysis
/// is most of the work of a large catch-up. A load hands in the terms the
/// database index holds (`stored`, by offer id), so only offers missing
/// there are analysed.
pub(super) fn analyse(
    r: &Reference,
    rows: &[Row],
    mut bezirke: HashMap<i32, Vec<i32>>,
    mut stored: HashMap<i32, (String, String)>,
    names: &HashMap<i32, String>,
    effort: Effort,
) -> Vec<Analysed> {
    use rayon::prelude::*;
    let inputs: Vec<_> = rows.iter().map(|row| (bezirke.remove(&row.id).unwrap_or_default(), stored.remove(&row.id))).collect();
    let work = || {
        rows.par_iter().zip(inputs).filter_map(|(row, (b, terms))| Doc::of(r, row, names.get(&row.provider_id).map_or("", String::as_str), b, terms)).collect()
    };
    match effort {
        Effort::Full => work(),
        Effort::Background => background_pool().install(work),
    }
}

fn background_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        rayon::ThreadPoolBuilder::new().num_threads(cores.saturating_sub(1).max(1)).thread_name(|i| format!("catalogue-reload-{i}")).build().expect("a thread pool")
    })
}


impl Doc {
    /// Its filter values, as the index takes them in and out.
    pub(super) fn hot(&self) -> Hot {
        let d = self;
        Hot {
            category_id: d.category_id,
            provider: d.provider,
            price_cents: d.price_cents,
            rooms_tenths: d.rooms_tenths,
            living_area_centi_m2: d.living_area_centi_m2,
            stadtteil_id: d.stadtteil_id,
            project_id: d.project_id,
            housing_kind: d.housing_kind,
            city_wide: d.city_wide,
            bezirke: d.bezirke.iter().fold(0, |m, b| m | super::index::bezirk_bit(*b)),
            // Past 2262 (out of i64's range) the newest it can say.
            updated_nanos: d.updated_at.timestamp_nanos_opt().unwrap_or(i64::MAX),
        }
    }
}
