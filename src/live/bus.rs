//! The live bus of one instance: the offer catalogue's follower, having
//! applied a batch from the change log, sends what changed here
//! (`send`), and every open page's server-sent-event stream subscribed to
//! it picks what it shows. Changes made by other instances or processes
//! reach this instance through the change log too; on PostgreSQL a LISTEN
//! on `scd_changes` (the triggers' NOTIFY, sent at commit) wakes the
//! follower at once (`notices`).
use sea_orm::{DatabaseConnection, DbBackend};
use tokio::sync::{broadcast, watch};

use super::Change;

const CHANNEL: &str = "scd_changes";

#[derive(Clone)]
pub struct ChangeBus {
    tx: broadcast::Sender<Change>,
    notices: watch::Receiver<u64>,
    /// Kept so `notices` never reports a closed channel (on SQLite nothing
    /// sends: waiting on it must wait, not return at once).
    _notify: std::sync::Arc<watch::Sender<u64>>,
}

impl ChangeBus {
    /// Starts the bus; with PostgreSQL also the listener task.
    pub async fn start(db: &DatabaseConnection) -> Result<Self, String> {
        let (tx, _) = broadcast::channel(4096);
        let (notify, notices) = watch::channel(0u64);
        let notify = std::sync::Arc::new(notify);
        if db.get_database_backend() == DbBackend::Postgres {
            let notify = notify.clone();
            let mut listener = sqlx::postgres::PgListener::connect_with(db.get_postgres_connection_pool()).await.map_err(|e| e.to_string())?;
            listener.listen(CHANNEL).await.map_err(|e| e.to_string())?;
            tokio::spawn(async move {
                let mut failing = false;
                loop {
                    // recv reconnects by itself after a dropped connection;
                    // what was sent meanwhile the follower's poll finds.
                    match listener.recv().await {
                        Ok(_) => {
                            if std::mem::take(&mut failing) {
                                tracing::info!("change listener connected again");
                            }
                            notify.send_modify(|n| *n = n.wrapping_add(1));
                        }
                        Err(e) => {
                            if !std::mem::replace(&mut failing, true) {
                                tracing::error!(error = %e, "change listener");
                            }
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        }
                    }
                }
            });
        }
        Ok(Self { tx, notices, _notify: notify })
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.tx.subscribe()
    }

    /// Announces an applied change to this instance's open pages.
    pub fn send(&self, change: Change) {
        let _ = self.tx.send(change);
    }

    /// Counts NOTIFYs from any instance's commits (PostgreSQL only).
    pub fn notices(&self) -> watch::Receiver<u64> {
        self.notices.clone()
    }
}
