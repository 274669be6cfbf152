//! The offer search index in the database, so every instance shares it.
use std::collections::HashMap;

use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    Value,
};

use super::analyzer::{index_terms, is_stop_word, query_terms, stem, QueryTerm};
use super::compound::split;
use super::thesaurus::Thesaurus;
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

/// Whether the index was built by this build's analysis (else it is rebuilt
/// at start, `ensure_index`, and its terms are not this release's).
pub(crate) async fn built_by_this_analysis<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    Ok(stored_fingerprint(db).await?.as_deref() == Some(super::analyzer::fingerprint().as_str()))
}

/// The terms the index holds for the offers with ids in `(after, through]`:
/// its whole-text terms and its title's, each joined by spaces, as the
/// writers' door stored them with the offer. A catalogue load reads them
/// instead of analysing every text again (a minute at a million offers);
/// ask `built_by_this_analysis` first.
pub(crate) async fn stored_terms<C: ConnectionTrait>(db: &C, after: i32, through: i32) -> Result<HashMap<i32, (String, String)>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "SELECT offer_id AS id, terms, title_terms FROM offer_search WHERE offer_id > $1 AND offer_id <= $2",
        _ => "SELECT rowid AS id, terms, title_terms FROM offer_search WHERE rowid > ? AND rowid <= ?",
    };
    let rows = db.query_all_raw(Statement::from_sql_and_values(backend, sql, [after.into(), through.into()])).await?;
    let mut out = HashMap::with_capacity(rows.len());
    for row in rows {
        out.insert(row.try_get::<i32>("", "id")?, (row.try_get::<String>("", "terms")?, row.try_get::<String>("", "title_terms")?));
    }
    Ok(out)
}

async fn stored_fingerprint<C: ConnectionTrait>(db: &C) -> Result<Option<String>, DbErr> {
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT analysis FROM search_index_state WHERE id = 1")).await?;
    row.map(|r| r.try_get::<String>("", "analysis")).transpose()
}

/// Builds the index when offers exist that it lacks (a new or upgraded
/// database), or when it was built by another analysis (a changed synonym
/// file or analyser: `analyzer::fingerprint`). Instances starting together
/// take turns (a lock), so only the first builds it and the others find it
/// built.
pub async fn ensure_index(db: &sea_orm::DatabaseConnection, r: &Reference) -> Result<(), DbErr> {
    let fingerprint = super::analyzer::fingerprint();
    let current = |counts: (u64, u64), stored: Option<String>| counts.0 == counts.1 && stored.as_deref() == Some(fingerprint.as_str());
    if current(counts(db).await?, stored_fingerprint(db).await?) {
        return Ok(());
    }
    let txn = crate::db::begin_write(db).await?;
    crate::db::lock_for_transaction(&txn, crate::db::INDEX_LOCK).await?;
    if !current(counts(&txn).await?, stored_fingerprint(&txn).await?) {
        let started = std::time::Instant::now();
        let n = reindex_all(&txn, r).await?;
        let backend = txn.get_database_backend();
        let sql = match backend {
            DbBackend::Postgres => "INSERT INTO search_index_state (id, analysis) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET analysis = excluded.analysis",
            _ => "INSERT INTO search_index_state (id, analysis) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET analysis = excluded.analysis",
        };
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, [fingerprint.clone().into()])).await?;
        tracing::info!(offers = n, elapsed_ms = started.elapsed().as_millis() as u64, "search index rebuilt");
    }
    txn.commit().await
}

/// The engine's query for the analysed terms: every term must match — by
/// its stem, a correction, a synonym, all parts of its compound, or (the
/// word being typed) as a prefix.
fn engine_query(backend: DbBackend, terms: &[QueryTerm]) -> String {
    let pg = backend == DbBackend::Postgres;
    let word = |w: &String| if pg { w.clone() } else { format!("\"{w}\"") };
    let any = |alts: Vec<String>| match alts.len() {
        1 => alts.into_iter().next().unwrap_or_default(),
        _ => format!("({})", alts.join(if pg { " | " } else { " OR " })),
    };
    let all = |parts: Vec<String>| format!("({})", parts.join(if pg { " & " } else { " AND " }));
    let one = |t: &QueryTerm| {
        let mut alts: Vec<String> = std::iter::once(&t.stem).chain(&t.alternatives).chain(&t.synonyms).map(word).collect();
        if let Some(p) = &t.prefix {
            alts.push(if pg { format!("{p}:*") } else { format!("\"{p}\"*") });
        }
        if !t.parts.is_empty() {
            alts.push(all(t.parts.iter().map(|p| any(p.iter().map(word).collect())).collect()));
        }
        any(alts)
    };
    terms.iter().map(one).collect::<Vec<_>>().join(if pg { " & " } else { " AND " })
}

/// Longest word split into parts (the split tries every substring).
const MAX_SPLIT_CHARS: usize = 40;
/// Longest word whose one-edit variants are tried as typos.
const MAX_VARIANT_CHARS: usize = 24;

/// Heads that say only "work of that trade" ("Sanitärinstallation",
/// "Heizungsmonteur", "Malerbetrieb"): a compound's split may end in one
/// even when no offer uses the word, and it is then left out, so the
/// compound matches what its meaningful parts match.
const GENERIC_HEADS: &[&str] = &[
    "arbeit", "arbeiten", "betrieb", "dienst", "dienstleistung", "fachbetrieb", "firma", "installation", "leistung",
    "meister", "monteur", "service", "unternehmen", "werkstatt",
];

fn is_generic(part: &str) -> bool {
    GENERIC_HEADS.contains(&part)
}

/// The query's terms, each widened by the synonyms `thesaurus` lists, the
/// split of a compound into terms the index or the thesaurus knows, and —
/// for a word neither knows — its typo corrections. Synonyms the index
/// lacks are left out (they could match nothing).
pub fn analyse_query<L: Lexicon + ?Sized>(text: &str, vocab: &L, thesaurus: &Thesaurus) -> Vec<QueryTerm> {
    let widen = |s: &str| -> Vec<String> { thesaurus.synonyms(s).iter().filter(|x| vocab.contains(x)).cloned().collect() };
    let mut terms = query_terms(text);
    for t in &mut terms {
        t.synonyms = widen(&t.stem);
        let mut intents: Vec<&str> = thesaurus.categories(&t.stem).iter().map(String::as_str).collect();
        // Substrings are stemmed without the cache (they would crowd it).
        let known = |part: &str| {
            !is_stop_word(part) && (is_generic(part) || {
                let s = super::analyzer::stem_uncached(part);
                vocab.contains(&s) || thesaurus.knows(&s)
            })
        };
        let splittable = t.word.chars().count() <= MAX_SPLIT_CHARS;
        if let Some(parts) = splittable.then(|| split(&t.word, &known)).flatten() {
            let meaningful: Vec<&String> = parts.iter().filter(|p| !is_generic(p)).collect();
            let kept: Vec<&String> = if meaningful.is_empty() { parts.iter().collect() } else { meaningful };
            for p in &kept {
                intents.extend(thesaurus.categories(&stem(p)).iter().map(String::as_str));
            }
            t.parts = kept
                .iter()
                .map(|p| {
                    let s = stem(p);
                    let mut alts = widen(&s);
                    alts.insert(0, s);
                    alts
                })
                .collect();
        }
        // A word still being typed that starts known terms is no typo, nor
        // is a word the thesaurus knows.
        let typing = t.prefix.as_deref().is_some_and(|p| vocab.has_prefix(p));
        if !typing && !thesaurus.knows(&t.stem) && !vocab.contains(&t.stem) {
            t.alternatives = corrections(vocab, &t.stem, &t.word);
            // A typo in a trade name no offer uses ("Klempnr"): its synonyms.
            let near: Vec<&str> = if t.alternatives.is_empty() { thesaurus.near(&t.stem) } else { t.alternatives.iter().map(String::as_str).collect() };
            for n in near {
                intents.extend(thesaurus.categories(n).iter().map(String::as_str));
                if t.alternatives.is_empty() {
                    for x in widen(n) {
                        if !t.synonyms.contains(&x) {
                            t.synonyms.push(x);
                        }
                    }
                }
            }
        }
        intents.sort_unstable();
        intents.dedup();
        t.intents = intents.into_iter().map(str::to_owned).collect();
    }
    terms
}

/// Indexed terms one typo away from an unknown word: from its stem, and
/// the stems of the words one edit from it as typed ("Versicherng" is
/// "Versicherung" with a letter missing, whose stem is "versicher").
fn corrections<L: Lexicon + ?Sized>(vocab: &L, stem: &str, word: &str) -> Vec<String> {
    let mut out = vocab.corrections(stem);
    if (super::vocab::MIN_CORRECTED_LEN..=MAX_VARIANT_CHARS).contains(&word.chars().count()) {
        for variant in super::vocab::one_edit_variants(word) {
            let s = super::analyzer::stem_uncached(&variant);
            if s.chars().count() >= super::vocab::MIN_CORRECTED_LEN && vocab.contains(&s) && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out.sort();
    out.truncate(8);
    out
}

/// A condition on `offer.id` for a text query. A query of stop words only
/// matches nothing rather than everything.
pub fn offer_matches<L: Lexicon + ?Sized>(backend: DbBackend, text: &str, vocab: &L, thesaurus: &Thesaurus) -> SimpleExpr {
    let terms = analyse_query(text, vocab, thesaurus);
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
        let none = Thesaurus::default();
        let typo = analyse_query("Wohnnug Balkon", &vocab, &none);
        assert_eq!(engine_query(DbBackend::Postgres, &typo), "(wohnnug | wohnung) & (balkon | balkon:*)");
        let vocab = Vocabulary::from_terms(["heizung", "installateur", "sanitar", "wartung"].map(String::from));
        let t = Thesaurus::builtin();
        let compound = analyse_query("Heizungsinstallateur Wartung", &vocab, t);
        assert_eq!(compound[0].parts, vec![vec!["heizung".to_owned()], vec!["installateur".to_owned(), "sanitar".to_owned()]]);
        assert_eq!(
            engine_query(DbBackend::Postgres, &compound),
            "(heizungsinstallateur | heizung | (heizung & (installateur | sanitar))) & (wartung | wartung:*)"
        );
        assert_eq!(
            engine_query(DbBackend::Sqlite, &compound[..1]),
            "(\"heizungsinstallateur\" OR \"heizung\" OR (\"heizung\" AND (\"installateur\" OR \"sanitar\")))"
        );
    }

    #[test]
    fn typos_are_corrected_as_typed_and_in_trade_names() {
        let vocab = Vocabulary::from_terms(["versicher", "sanitar", "installateur"].map(String::from));
        let t = Thesaurus::builtin();
        // A letter missing before the stemmer's suffix: found from the word as typed.
        assert_eq!(analyse_query("Versicherng", &vocab, t)[0].alternatives, vec!["versicher"]);
        // A typo in a word no offer uses but the synonym list holds.
        let k = &analyse_query("Klempnr", &vocab, t)[0];
        assert!(k.synonyms.contains(&"sanitar".to_owned()), "{k:?}");
        assert_eq!(k.intents, vec!["sanitaer-heizung"]);
    }

    #[test]
    fn generic_heads_are_left_out_of_a_split() {
        let vocab = Vocabulary::from_terms(["sanitar", "heizung", "mal"].map(String::from));
        let t = Thesaurus::builtin();
        let q = analyse_query("Sanitärinstallation", &vocab, t);
        assert_eq!(q[0].parts, vec![vec!["sanitar".to_owned()]], "{q:?}");
        assert_eq!(q[0].intents, vec!["sanitaer-heizung"]);
        let q = analyse_query("Heizungsmonteur", &vocab, t);
        assert_eq!(q[0].parts[0][0], "heizung");
        assert!(analyse_query("Wohnung", &vocab, t)[0].parts.is_empty(), "no split into unknown pieces");
    }
}
