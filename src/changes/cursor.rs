//! Where a follower is in the change log, and reading on from there (the
//! reasoning is in the module above).
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, IsolationLevel, Statement, TransactionTrait, Value,
};

use super::{Change, Kind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// Every row up to `upto` is read.
    Sqlite { upto: i64 },
    /// Every row up to `upto` is read but those of the transactions that
    /// were running when the cursor's snapshot was taken: the ids in
    /// `running`, and every id from `xmax` on (a snapshot does not list
    /// running transactions newer than the newest finished one).
    Postgres { upto: i64, running: Vec<u64>, xmax: u64 },
}

impl Cursor {
    /// The last sequence number covered (for logs and the page cache's stamp).
    pub fn upto(&self) -> i64 {
        match self {
            Self::Sqlite { upto } | Self::Postgres { upto, .. } => *upto,
        }
    }

    /// Whether everything `older` covers is covered here too, so rows
    /// `older` has read may be pruned for a follower at this cursor.
    pub fn covers(&self, older: &Cursor) -> bool {
        self.upto() >= older.upto()
    }
}

/// A consistent view of the database to load from, and the cursor of that
/// view: everything the view holds is covered, nothing committed after it.
pub struct Snapshot {
    pub txn: DatabaseTransaction,
    pub cursor: Cursor,
}

/// Opens a read-only view for a full load. On PostgreSQL a repeatable-read
/// transaction, whose every statement sees the same snapshot; on SQLite a
/// read transaction, which keeps the state of its first read.
pub async fn snapshot(db: &DatabaseConnection) -> Result<Snapshot, DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let upto = last_number(db).await?;
            let txn = db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await?;
            let row = txn
                .query_one_raw(Statement::from_string(DbBackend::Postgres, "SELECT pg_current_snapshot()::text AS snap"))
                .await?
                .ok_or_else(|| DbErr::Custom("no snapshot".into()))?;
            let (running, xmax) = in_progress(&row.try_get::<String>("", "snap")?)?;
            Ok(Snapshot { txn, cursor: Cursor::Postgres { upto, running, xmax } })
        }
        backend => {
            let txn = db.begin().await?;
            let row = txn.query_one_raw(Statement::from_string(backend, "SELECT COALESCE(MAX(seq), 0) AS n FROM change_log")).await?;
            let upto = row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0);
            Ok(Snapshot { txn, cursor: Cursor::Sqlite { upto } })
        }
    }
}

/// The rows committed since `cursor`, in sequence order, and the cursor
/// after them. Reading twice from the same cursor gives at least the same
/// rows: a follower moves its cursor on only once it has applied them.
pub async fn read_since<C: ConnectionTrait>(db: &C, cursor: &Cursor) -> Result<(Vec<Change>, Cursor), DbErr> {
    match cursor {
        Cursor::Sqlite { upto } => {
            let rows = db
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "SELECT seq, kind, ref_id, provider_id FROM change_log WHERE seq > ? ORDER BY seq",
                    [Value::from(*upto)],
                ))
                .await?;
            let changes = rows.iter().map(change).collect::<Result<Vec<_>, _>>()?.into_iter().flatten().collect::<Vec<_>>();
            let upto = changes.last().map_or(*upto, |c| c.seq.max(*upto));
            Ok((changes, Cursor::Sqlite { upto }))
        }
        Cursor::Postgres { upto, running, xmax } => {
            // One statement, one round trip (a request waits for a whole
            // catch-up): its snapshot, the rows it sees, and the log's last
            // number `top`, read once (MATERIALIZED) after the snapshot was
            // taken and used both as the bound and as the new `upto`. A row
            // numbered up to `top` that the snapshot does not see belongs to
            // a transaction it lists as running, or to one whose id is from
            // its `xmax` on (begun later): the new cursor keeps both.
            // Rows of transactions the old cursor saw running: those listed
            // (looked up by id once they are visible, so a long one still
            // running costs nothing), and those from its `xmax` on.
            let sql = "WITH s AS (SELECT pg_current_snapshot() AS snap), \
                 top AS MATERIALIZED (SELECT COALESCE(pg_sequence_last_value('change_log_seq_seq'), 0)::bigint AS n), \
                 done AS (SELECT x FROM unnest($2::text::xid8[]) AS x, s WHERE pg_visible_in_snapshot(x, s.snap)) \
                 SELECT (SELECT snap::text FROM s) AS snap, (SELECT n FROM top) AS last, c.seq, c.kind, c.ref_id, c.provider_id \
                 FROM (SELECT 1) AS one LEFT JOIN ( \
                   SELECT seq, kind, ref_id, provider_id FROM change_log WHERE seq > $1 AND seq <= (SELECT n FROM top) \
                   UNION ALL \
                   SELECT seq, kind, ref_id, provider_id FROM change_log WHERE seq <= $1 AND xid IN (SELECT x FROM done) \
                   UNION ALL \
                   SELECT l.seq, l.kind, l.ref_id, l.provider_id FROM change_log AS l, s \
                     WHERE l.seq <= $1 AND l.xid >= $3::text::xid8 AND pg_visible_in_snapshot(l.xid, s.snap) \
                 ) AS c ON true ORDER BY c.seq";
            let values = [Value::from(*upto), Value::from(xid_list(running)), Value::from(xmax.to_string())];
            let rows = db.query_all_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, values)).await?;
            let first = rows.first().ok_or_else(|| DbErr::Custom("no snapshot".into()))?;
            let (snap, last): (String, i64) = (first.try_get("", "snap")?, first.try_get("", "last")?);
            let mut changes = Vec::with_capacity(rows.len());
            for row in &rows {
                if row.try_get::<Option<i64>>("", "seq")?.is_some() {
                    changes.extend(change(row)?);
                }
            }
            let (running, xmax) = in_progress(&snap)?;
            Ok((changes, Cursor::Postgres { upto: last.max(*upto), running, xmax }))
        }
    }
}

fn xid_list(xids: &[u64]) -> String {
    format!("{{{}}}", xids.iter().map(u64::to_string).collect::<Vec<_>>().join(","))
}

/// Deletes the rows every follower at `older` or later has read.
pub async fn prune<C: ConnectionTrait>(db: &C, older: &Cursor) -> Result<u64, DbErr> {
    let result = match older {
        Cursor::Sqlite { upto } => {
            db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "DELETE FROM change_log WHERE seq <= ?", [Value::from(*upto)])).await?
        }
        // The rows visible in that cursor's snapshot (or aborted).
        Cursor::Postgres { upto, running, xmax } => {
            db.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "DELETE FROM change_log WHERE seq <= $1 AND NOT (xid = ANY($2::text::xid8[])) AND xid < $3::text::xid8",
                [Value::from(*upto), Value::from(xid_list(running)), Value::from(xmax.to_string())],
            ))
            .await?
        }
    };
    Ok(result.rows_affected())
}

/// The last sequence number handed out (committed or not), 0 for none.
async fn last_number<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT COALESCE(pg_sequence_last_value('change_log_seq_seq'), 0)::bigint AS n",
        ))
        .await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0))
}

fn change(row: &sea_orm::QueryResult) -> Result<Option<Change>, DbErr> {
    let code: String = row.try_get("", "kind")?;
    let Some(kind) = Kind::parse(&code) else {
        tracing::warn!(kind = %code, "unknown change kind");
        return Ok(None);
    };
    Ok(Some(Change { seq: row.try_get("", "seq")?, kind, id: row.try_get("", "ref_id")?, provider_id: row.try_get("", "provider_id")? }))
}

/// The transactions a snapshot sees running, from its text form
/// `xmin:xmax:xip,…`: the listed ids, and every id from `xmax` on.
fn in_progress(snapshot: &str) -> Result<(Vec<u64>, u64), DbErr> {
    let bad = |e: &dyn std::fmt::Display| DbErr::Custom(format!("unreadable snapshot {snapshot:?}: {e}"));
    let mut parts = snapshot.splitn(3, ':');
    let (_, xmax, xip) = (parts.next(), parts.next().ok_or_else(|| bad(&"no xmax"))?, parts.next().ok_or_else(|| bad(&"no xip"))?);
    let xmax = xmax.parse::<u64>().map_err(|e| bad(&e))?;
    let running = xip.split(',').filter(|s| !s.is_empty()).map(|s| s.parse::<u64>().map_err(|e| bad(&e))).collect::<Result<_, _>>()?;
    Ok((running, xmax))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_name_the_running_transactions() {
        assert_eq!(in_progress("752:760:752,755").unwrap(), (vec![752, 755], 760));
        assert_eq!(in_progress("760:760:").unwrap(), (Vec::<u64>::new(), 760));
        assert!(in_progress("nonsense").is_err());
        assert!(in_progress("1:x:").is_err());
    }
}
