//! Projects in the database: the provider's list, a new project (with its
//! audit entry), the names cards show, and a project's public page.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QueryTrait, Set,
};
use serde_json::json;

use super::domain::{summarize, ProjectDraft, ProjectPage, ProjectRef};
use crate::audit::store::record;
use crate::common::url_key::{provider_path, short_slug};
use crate::db::entities::{housing_project, provider};
use crate::error::AppError;
use crate::offers::catalog::{Catalog, Freshness};
use crate::reference::Reference;

fn to_ref(p: &housing_project::Model) -> ProjectRef {
    ProjectRef { id: p.id, slug: p.slug.clone(), name: p.name.clone() }
}

/// Names and links of the given projects, by id.
pub async fn refs<C: ConnectionTrait>(db: &C, ids: &[i32]) -> Result<HashMap<i32, ProjectRef>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = housing_project::Entity::find().filter(housing_project::Column::Id.is_in(ids.iter().copied())).all(db).await?;
    Ok(rows.iter().map(|p| (p.id, to_ref(p))).collect())
}

/// The provider's projects, by name.
pub async fn of_provider<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Vec<ProjectRef>, DbErr> {
    let rows = housing_project::Entity::find()
        .filter(housing_project::Column::ProviderId.eq(provider_id))
        .order_by_asc(housing_project::Column::Name)
        .all(db)
        .await?;
    Ok(rows.iter().map(to_ref).collect())
}

/// Whether the project is the provider's (the only projects its offers may name).
pub async fn belongs<C: ConnectionTrait>(db: &C, provider_id: i32, project_id: i32) -> Result<bool, DbErr> {
    Ok(housing_project::Entity::find_by_id(project_id).one(db).await?.is_some_and(|p| p.provider_id == provider_id))
}

pub async fn create(db: &DatabaseConnection, provider_id: i32, d: &ProjectDraft, actor: i32) -> Result<housing_project::Model, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let now = Utc::now();
    let p = housing_project::ActiveModel {
        provider_id: Set(provider_id),
        slug: Set(short_slug(&d.name)),
        name: Set(d.name.clone()),
        description: Set(d.description.clone()),
        stadtteil_id: Set(d.stadtteil_id),
        completion_date: Set(d.completion_date),
        is_demo: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let snapshot = json!({ "provider_id": provider_id, "name": d.name, "stadtteil_id": d.stadtteil_id, "completion_date": d.completion_date });
    record(&txn, actor, "project.create", "housing_project", p.id, None, Some(snapshot)).await?;
    txn.commit().await?;
    Ok(p)
}

/// The project with its published units; None if there is no such project.
/// The project and its provider's name come in one query, the units from
/// the catalogue, as current as a results list (`fresh`);
/// `offers::oracle::project_units_from_database` gives the units from the
/// database alone, and `tests/catalog.rs` compares the two for every project.
/// `Unavailable` (503) while a catch-up longer than `FRESH_WAIT` has not
/// reached a unit the database publishes, rather than a page without it.
pub async fn page<C: ConnectionTrait>(catalog: &Catalog, db: &C, r: &Reference, id: i32) -> Result<Option<ProjectPage>, AppError> {
    let freshness = catalog.fresh().await?;
    let pr = provider::Entity;
    let mut q = housing_project::Entity::find_by_id(id).into_query();
    q.expr_as(Expr::col((pr, provider::Column::Name)), Alias::new("provider_name"))
        .expr_as(Expr::col((pr, provider::Column::Slug)), Alias::new("provider_slug"))
        .inner_join(pr, Expr::col((pr, provider::Column::Id)).equals((housing_project::Entity, housing_project::Column::ProviderId)));
    let Some(row) = db.query_one_raw(db.get_database_backend().build(&q)).await? else { return Ok(None) };
    let p = housing_project::Model::from_query_result(&row, "")?;
    let (provider_name, provider_slug): (String, String) = (row.try_get("", "provider_name")?, row.try_get("", "provider_slug")?);
    let units = catalog.with(|d| d.of_project(r, p.id));
    if freshness != Freshness::Current && (units.len() as u64) < crate::offers::store::published_in_project(db, p.id).await? {
        return Err(AppError::Unavailable);
    }
    Ok(Some(ProjectPage {
        project: to_ref(&p),
        description: p.description.clone(),
        stadtteil: r.districts.stadtteil_label(p.stadtteil_id),
        completion_date: p.completion_date,
        provider_name,
        provider_path: provider_path(p.provider_id, &provider_slug),
        summary: summarize(&units),
        units,
    }))
}
