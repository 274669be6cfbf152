//! The change bus of one instance.
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use tokio::sync::broadcast;

use super::Change;

const CHANNEL: &str = "scd_changes";

#[derive(Clone)]
pub struct ChangeBus {
    tx: broadcast::Sender<Change>,
    /// With PostgreSQL changes travel through NOTIFY, also to this instance.
    via_postgres: bool,
}

impl ChangeBus {
    /// Starts the bus; with PostgreSQL also the listener task that feeds it.
    pub async fn start(db: &DatabaseConnection) -> Result<Self, String> {
        let (tx, _) = broadcast::channel(4096);
        let via_postgres = db.get_database_backend() == DbBackend::Postgres;
        if via_postgres {
            let mut listener = sqlx::postgres::PgListener::connect_with(db.get_postgres_connection_pool()).await.map_err(|e| e.to_string())?;
            listener.listen(CHANNEL).await.map_err(|e| e.to_string())?;
            let tx = tx.clone();
            tokio::spawn(async move {
                loop {
                    // recv reconnects by itself after a dropped connection.
                    match listener.recv().await {
                        Ok(n) => match serde_json::from_str::<Change>(n.payload()) {
                            Ok(change) => {
                                let _ = tx.send(change);
                            }
                            Err(e) => tracing::warn!(error = %e, "unreadable change notification"),
                        },
                        Err(e) => {
                            tracing::error!(error = %e, "change listener");
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        }
                    }
                }
            });
        }
        Ok(Self { tx, via_postgres })
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.tx.subscribe()
    }

    /// Announces a committed change. Failing to announce never fails the
    /// save: the page still shows it on the next load.
    pub async fn publish(&self, db: &DatabaseConnection, change: Change) {
        if self.via_postgres {
            let payload = serde_json::to_string(&change).unwrap_or_default();
            let stmt = Statement::from_sql_and_values(DbBackend::Postgres, "SELECT pg_notify($1, $2)", [CHANNEL.into(), payload.into()]);
            if let Err(e) = db.execute_raw(stmt).await {
                tracing::error!(error = %e, "NOTIFY failed");
            }
        } else {
            let _ = self.tx.send(change);
        }
    }
}
