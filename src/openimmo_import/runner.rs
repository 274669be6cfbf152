//! Dashboard imports run in the background: the upload stores the run as
//! running and answers at once, the dashboard follows the progress. This
//! instance keeps the progress of its runs in memory ([`Imports`]); on
//! PostgreSQL a heartbeat also writes it to the run's row every few
//! seconds, for pages served by another instance. SQLite cannot take that
//! write while the import's transaction holds the database, and runs only
//! one instance, so there the memory alone tells.
use std::time::Duration;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter, Set};
use tokio::task::JoinHandle;

use super::progress::{summary, Registered};
pub use super::progress::Imports;
use super::ImportError;
use crate::openimmo_import::progress::{running_state, Phase, Progress, RunState};
use crate::openimmo_import::progress::RunSummary;
use crate::db::entities::openimmo_import_run as run;
use crate::app::state::AppState;

const HEARTBEAT: Duration = Duration::from_secs(2);

fn shares_heartbeats(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DbBackend::Postgres
}

/// What a stored run shows: its progress while running, else its outcome.
pub fn state_from_row(st: &AppState, m: run::Model) -> RunState {
    if m.status == "running" {
        let phase = m.phase.as_deref().and_then(Phase::parse).unwrap_or(Phase::Reading);
        let stored = Progress { phase, done: m.progress_done.max(0) as u64, total: m.progress_total.max(0) as u64 };
        return running_state(st.imports.get(m.id), stored, m.heartbeat_at, Utc::now(), shares_heartbeats(&st.db));
    }
    match (m.report, m.error) {
        (_, Some(e)) => RunState::Failed(e),
        (Some(r), None) => serde_json::from_str(&r).map_or_else(|e: serde_json::Error| RunState::Failed(e.to_string()), RunState::Done),
        // Failed for a reason the provider cannot act on (logged).
        (None, None) => RunState::Failed(String::new()),
    }
}

/// One run of the provider, `None` if it has no such run.
pub async fn state_of(st: &AppState, provider_id: i32, run_id: i32) -> Result<Option<RunState>, DbErr> {
    let m = run::Entity::find_by_id(run_id).filter(run::Column::ProviderId.eq(provider_id)).one(&st.db).await?;
    Ok(m.map(|m| state_from_row(st, m)))
}

pub enum Started {
    /// Another import of this provider is under way (here or elsewhere).
    Busy,
    /// The run's id, and its outcome once it is done.
    Run { id: i32, outcome: JoinHandle<Result<RunSummary, String>> },
}

/// Stores the run as running and imports in the background. The busy check
/// and the new run's row are one write under a per-provider lock, so two
/// uploads at once cannot both pass it (on any instance).
pub async fn start(st: &AppState, provider_id: i32, actor: i32, file_name: &str, bytes: Vec<u8>) -> Result<Started, DbErr> {
    let shared = shares_heartbeats(&st.db);
    let txn = crate::db::begin_write(&st.db).await?;
    crate::db::lock_for_transaction(&txn, crate::db::IMPORT_LOCK + i64::from(provider_id)).await?;
    let running = run::Entity::find().filter(run::Column::ProviderId.eq(provider_id)).filter(run::Column::Status.eq("running")).all(&txn).await?;
    if running.into_iter().any(|m| matches!(state_from_row(st, m), RunState::Running(_))) {
        txn.rollback().await?;
        return Ok(Started::Busy);
    }
    let now = Utc::now();
    let row = run::ActiveModel {
        provider_id: Set(provider_id),
        actor_id: Set(Some(actor)),
        file_name: Set(file_name.chars().take(255).collect()),
        status: Set("running".into()),
        phase: Set(Some(Phase::Reading.code().into())),
        heartbeat_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let id = row.id;
    // Known to this process before the row is committed: on SQLite a second
    // upload taking the lock right after the commit tells a run of this
    // process from one an earlier process left by this registry alone.
    st.imports.set(id, Progress::START);
    let registered = Registered(st.imports.clone(), id);
    txn.commit().await?;
    let st = st.clone();
    let outcome = tokio::spawn(async move {
        let _registered = registered;
        let imports = st.imports.clone();
        let progress = move |phase: Phase, done: u64, total: u64| imports.set(id, Progress { phase, done, total });
        let beat = shared.then(|| tokio::spawn(heartbeat(st.db.clone(), st.imports.clone(), id)));
        let outcome = match super::import_file(&st.db, &st.reference, provider_id, bytes.into(), Some(actor), &progress).await {
            Ok(report) => Ok(summary(&report)),
            Err(ImportError::Read(e)) => Err(e),
            Err(e) => {
                tracing::error!(run = id, provider_id, error = %e, "OpenImmo import failed");
                Err(String::new())
            }
        };
        if let Some(b) = beat {
            b.abort();
        }
        if let Err(e) = finish(&st.db, id, &outcome).await {
            tracing::error!(run = id, error = %e, "could not store the OpenImmo import's outcome");
        }
        outcome
    });
    Ok(Started::Run { id, outcome })
}

async fn finish(db: &DatabaseConnection, id: i32, outcome: &Result<RunSummary, String>) -> Result<(), DbErr> {
    let (status, report, error) = match outcome {
        Ok(s) => ("done", Some(serde_json::to_string(s).unwrap_or_default()), None),
        Err(e) if e.is_empty() => ("failed", None, None),
        Err(e) => ("failed", None, Some(e.clone())),
    };
    run::ActiveModel { id: Set(id), status: Set(status.into()), report: Set(report), error: Set(error), phase: Set(None), heartbeat_at: Set(Some(Utc::now())), ..Default::default() }
        .update(db)
        .await?;
    Ok(())
}

/// Writes this instance's progress of the run to its row until it is done.
async fn heartbeat(db: DatabaseConnection, imports: Imports, id: i32) {
    let mut tick = tokio::time::interval(HEARTBEAT);
    loop {
        tick.tick().await;
        let Some(p) = imports.get(id) else { return };
        let row = run::ActiveModel {
            id: Set(id),
            phase: Set(Some(p.phase.code().into())),
            progress_done: Set(i32::try_from(p.done).unwrap_or(i32::MAX)),
            progress_total: Set(i32::try_from(p.total).unwrap_or(i32::MAX)),
            heartbeat_at: Set(Some(Utc::now())),
            ..Default::default()
        };
        if let Err(e) = row.update(&db).await {
            tracing::warn!(run = id, error = %e, "could not write the import's heartbeat");
        }
    }
}
