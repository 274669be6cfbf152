//! `GET /api/v1/categories` and `/api/v1/districts`: the values the
//! `kategorie` and `bezirk` filters take, with offer counts.
use axum::extract::State;
use axum::Json;

use super::problem::Problem;
use super::types::{ApiBezirk, ApiCategory, ApiStadtteil, CategoryList, DistrictList};
use crate::app::state::AppState;

/// Categories
///
/// The two-level category tree with the number of published offers in each
/// category; a parent's count includes its subcategories.
#[utoipa::path(
    get,
    path = "/api/v1/categories",
    tag = "reference",
    operation_id = "list_categories",
    responses((status = 200, description = "All categories", body = CategoryList))
)]
pub async fn categories(State(st): State<AppState>) -> Result<Json<CategoryList>, Problem> {
    let (counts, _) = crate::offers::store::counts(&st.catalog, &st.reference).await?;
    let tree = crate::categories::count_tree(&st.reference.categories, &counts);
    let item = |c: &crate::categories::Category, n: u64| ApiCategory {
        id: c.id,
        slug: c.slug.clone(),
        name: c.name.clone(),
        parent_id: c.parent_id,
        offer_count: n,
    };
    let items = tree
        .iter()
        .flat_map(|root| std::iter::once(item(&root.category, root.count)).chain(root.children.iter().map(|(c, n)| item(c, *n))))
        .collect();
    Ok(Json(CategoryList { items }))
}

/// Districts
///
/// Duisburg's seven Stadtbezirke with their Stadtteile and the number of
/// published offers available in each (city-wide offers count everywhere).
#[utoipa::path(
    get,
    path = "/api/v1/districts",
    tag = "reference",
    operation_id = "list_districts",
    responses((status = 200, description = "All Stadtbezirke", body = DistrictList))
)]
pub async fn districts(State(st): State<AppState>) -> Result<Json<DistrictList>, Problem> {
    let (_, counts) = crate::offers::store::counts(&st.catalog, &st.reference).await?;
    let d = &st.reference.districts;
    let items = counts
        .into_iter()
        .map(|bc| ApiBezirk {
            stadtteile: d
                .stadtteile
                .iter()
                .filter(|s| s.bezirk_id == bc.bezirk.id)
                .map(|s| ApiStadtteil { id: s.id, slug: s.slug.clone(), name: s.name.clone() })
                .collect(),
            id: bc.bezirk.id,
            slug: bc.bezirk.slug,
            name: bc.bezirk.name,
            offer_count: bc.count,
        })
        .collect();
    Ok(Json(DistrictList { items }))
}
