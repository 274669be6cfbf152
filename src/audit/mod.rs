//! The audit log: who did what to which provider or offer, when, with the
//! state before and after. Written in the same transaction as the change.
#[cfg(feature = "ssr")]
pub mod store {
    use chrono::Utc;
    use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

    use crate::db::entities::audit_log;

    pub async fn record<C: ConnectionTrait>(
        db: &C,
        actor_id: i32,
        action: &str,
        entity: &str,
        entity_id: i32,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Result<(), DbErr> {
        record_as(db, Some(actor_id), action, entity, entity_id, before, after).await
    }

    /// `record` for changes no person made in the app (an import from the
    /// command line, an account deletion's consequences): no actor.
    pub async fn record_as<C: ConnectionTrait>(
        db: &C,
        actor_id: Option<i32>,
        action: &str,
        entity: &str,
        entity_id: i32,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Result<(), DbErr> {
        audit_log::ActiveModel {
            actor_id: Set(actor_id),
            action: Set(action.to_owned()),
            entity: Set(entity.to_owned()),
            entity_id: Set(entity_id),
            before: Set(before.map(|v| v.to_string())),
            after: Set(after.map(|v| v.to_string())),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }
}
