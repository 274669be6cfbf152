//! The offer search index in the database, so every instance shares it.
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    Value,
};

use super::analyzer::{index_terms, query_terms, QueryTerm};
use super::vocab::Lexicon;
#[cfg(test)]
use super::vocab::Vocabulary;
use crate::db::entities::{offer, offer_district, provider};
use crate::reference::Reference;

/// Offers per indexing batch: bounded memory for any number of offers.
const BATCH: u64 = 500;

/// What an offer is found by: its title, text, category (named in every UI
/// language, so "roofer" finds the Dachdecker too), provider and place.
pub(crate) fn document(o: &offer::Model, provider_name: &str, r: &Reference, bezirke: &[i32]) -> String {
    document_text(&o.title, &o.description, o.category_id, o.stadtteil_id, provider_name, r, bezirke)
}

/// `document` from just the columns it reads (the catalogue loads no more).
pub(crate) fn document_text(title: &str, description: &str, category_id: i32, stadtteil_id: Option<i32>, provider_name: &str, r: &Reference, bezirke: &[i32]) -> String {
    let mut doc = format!("{title} {description} {provider_name}");
    for l in crate::i18n::Locale::ALL {
        doc.push(' ');
        doc.push_str(&r.categories.path_name_in(l, category_id));
    }
    if let Some(st) = stadtteil_id {
        doc.push(' ');
        doc.push_str(&r.districts.stadtteil_label(st));
    }
    for b in bezirke.iter().filter_map(|b| r.districts.bezirk(*b)) {
        doc.push(' ');
        doc.push_str(&b.name);
    }
    doc
}

/// (Re)indexes the given offers.
pub async fn index_offers<C: ConnectionTrait>(db: &C, r: &Reference, offers: &[offer::Model]) -> Result<(), DbErr> {
    if offers.is_empty() {
        return Ok(());
    }
    let ids: Vec<i32> = offers.iter().map(|o| o.id).collect();
    let mut provider_ids: Vec<i32> = offers.iter().map(|o| o.provider_id).collect();
    provider_ids.sort_unstable();
    provider_ids.dedup();
    let providers: std::collections::HashMap<i32, String> = provider::Entity::find()
        .filter(provider::Column::Id.is_in(provider_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let links = offer_district::Entity::find().filter(offer_district::Column::OfferId.is_in(ids.clone())).all(db).await?;

    let backend = db.get_database_backend();
    let rows: Vec<(i32, String, String)> = offers
        .iter()
        .map(|o| {
            let bezirke: Vec<i32> = links.iter().filter(|l| l.offer_id == o.id).map(|l| l.bezirk_id).collect();
            let text = document(o, providers.get(&o.provider_id).map(String::as_str).unwrap_or(""), r, &bezirke);
            (o.id, index_terms(&text).join(" "), index_terms(&o.title).join(" "))
        })
        .collect();

    let (placeholders, mut values) = params(backend, &ids);
    let delete = match backend {
        DbBackend::Postgres => format!("DELETE FROM offer_search WHERE offer_id IN ({placeholders})"),
        _ => format!("DELETE FROM offer_search WHERE rowid IN ({placeholders})"),
    };
    db.execute_raw(Statement::from_sql_and_values(backend, delete, values.drain(..))).await?;

    let mut sql = match backend {
        DbBackend::Postgres => "INSERT INTO offer_search (offer_id, terms, title_terms) VALUES ".to_owned(),
        _ => "INSERT INTO offer_search (rowid, terms, title_terms) VALUES ".to_owned(),
    };
    let mut values: Vec<Value> = Vec::with_capacity(rows.len() * 3);
    for (i, (id, terms, title_terms)) in rows.into_iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&match backend {
            DbBackend::Postgres => format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3),
            _ => "(?, ?, ?)".to_owned(),
        });
        values.push(id.into());
        values.push(terms.into());
        values.push(title_terms.into());
    }
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    Ok(())
}

fn params(backend: DbBackend, ids: &[i32]) -> (String, Vec<Value>) {
    let ph: Vec<String> = (1..=ids.len())
        .map(|i| if backend == DbBackend::Postgres { format!("${i}") } else { "?".to_owned() })
        .collect();
    (ph.join(", "), ids.iter().map(|id| Value::from(*id)).collect())
}

/// Indexes every offer, batch by batch in id order (keyset paging: no
/// OFFSET scans, linear in the number of offers).
pub async fn reindex_all<C: ConnectionTrait>(db: &C, r: &Reference) -> Result<u64, DbErr> {
    let (mut after, mut total) = (0, 0);
    loop {
        let batch = offer::Entity::find()
            .filter(offer::Column::Id.gt(after))
            .order_by_asc(offer::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        total += batch.len() as u64;
        index_offers(db, r, &batch).await?;
    }
    Ok(total)
}

async fn counts<C: ConnectionTrait>(db: &C) -> Result<(u64, u64), DbErr> {
    let backend = db.get_database_backend();
    let indexed = db
        .query_one_raw(Statement::from_string(backend, "SELECT COUNT(*) AS n FROM offer_search"))
        .await?
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    Ok((indexed as u64, offer::Entity::find().count(db).await?))
}

/// Builds the index when offers exist that it lacks (a new or upgraded
/// database). Instances starting together take turns (a lock), so only
/// the first builds it and the others find it built.
pub async fn ensure_index(db: &sea_orm::DatabaseConnection, r: &Reference) -> Result<(), DbErr> {
    let (indexed, offers) = counts(db).await?;
    if indexed == offers {
        return Ok(());
    }
    let txn = crate::db::begin_write(db).await?;
    crate::db::lock_for_transaction(&txn, crate::db::INDEX_LOCK).await?;
    let (indexed, offers) = counts(&txn).await?;
    if indexed != offers {
        let started = std::time::Instant::now();
        let n = reindex_all(&txn, r).await?;
        tracing::info!(offers = n, elapsed_ms = started.elapsed().as_millis() as u64, "search index rebuilt");
    }
    txn.commit().await
}

/// The engine's query for the analysed terms: every term must match, the
/// word being typed also as a prefix.
fn engine_query(backend: DbBackend, terms: &[QueryTerm]) -> String {
    let one = |t: &QueryTerm| {
        let words = std::iter::once(&t.stem).chain(&t.alternatives);
        let mut alts: Vec<String> = match backend {
            DbBackend::Postgres => words.cloned().collect(),
            _ => words.map(|w| format!("\"{w}\"")).collect(),
        };
        if let Some(p) = &t.prefix {
            alts.push(if backend == DbBackend::Postgres { format!("{p}:*") } else { format!("\"{p}\"*") });
        }
        match (alts.len(), backend) {
            (1, _) => alts.remove(0),
            (_, DbBackend::Postgres) => format!("({})", alts.join(" | ")),
            _ => format!("({})", alts.join(" OR ")),
        }
    };
    let joiner = if backend == DbBackend::Postgres { " & " } else { " AND " };
    terms.iter().map(one).collect::<Vec<_>>().join(joiner)
}

/// The query's terms, each widened by its typo corrections.
pub fn corrected_terms<L: Lexicon + ?Sized>(text: &str, vocab: &L) -> Vec<QueryTerm> {
    let mut terms = query_terms(text);
    for t in &mut terms {
        // A word still being typed that starts known terms is no typo.
        if t.prefix.as_deref().is_some_and(|p| vocab.has_prefix(p)) {
            continue;
        }
        t.alternatives = vocab.corrections(&t.stem);
    }
    terms
}

/// A condition on `offer.id` for a text query. A query of stop words only
/// matches nothing rather than everything.
pub fn offer_matches<L: Lexicon + ?Sized>(backend: DbBackend, text: &str, vocab: &L) -> SimpleExpr {
    let terms = corrected_terms(text, vocab);
    if terms.is_empty() {
        return Expr::cust("1 = 0");
    }
    let q = engine_query(backend, &terms);
    let sub = match backend {
        DbBackend::Postgres => "\"offer\".\"id\" IN (SELECT offer_id FROM offer_search WHERE tsv @@ to_tsquery('simple', $1))",
        _ => "\"offer\".\"id\" IN (SELECT rowid FROM offer_search WHERE offer_search MATCH ?)",
    };
    // sea-query numbers `$1` for PostgreSQL and binds `?` for SQLite.
    Expr::cust_with_values(sub, [q])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_for_both_engines() {
        let terms = query_terms("Wohnungen Dachd");
        assert_eq!(engine_query(DbBackend::Postgres, &terms), "wohnung & (dachd | dachd:*)");
        assert_eq!(engine_query(DbBackend::Sqlite, &terms), "\"wohnung\" AND (\"dachd\" OR \"dachd\"*)");
        let vocab = Vocabulary::from_terms(["wohnung".to_owned()]);
        let typo = corrected_terms("Wohnnug Balkon", &vocab);
        assert_eq!(engine_query(DbBackend::Postgres, &typo), "(wohnnug | wohnung) & (balkon | balkon:*)");
    }
}
