//! German text analysis shared by indexing and querying, so SQLite and
//! PostgreSQL see exactly the same terms: lower case, ß and umlaut
//! spellings folded ("Strasse" = "Straße", "Muelheim" = "Mülheim"), stop
//! words dropped, Snowball German stems ("Wohnungen" → "wohnung", "Dächer"
//! → "dach"), plus the known parts of compounds ("Altbauwohnung" → also
//! "wohnung", "Heizungswartung" → also "heizung"; `compound`, against a
//! dictionary fixed per build). Terms are plain `[a-z0-9]+`, safe inside any
//! query syntax. Queries are widened further at query time (`store`):
//! synonyms, typo corrections and compounds split against the whole index.
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Words that carry no meaning for a search; matching them would match all.
const STOP_WORDS: &[&str] = &[
    "aber", "alle", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "da", "das", "dass", "dem", "den",
    "der", "des", "die", "dies", "diese", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es",
    "für", "hat", "ich", "ihr", "im", "in", "ins", "ist", "mit", "nach", "nicht", "noch", "nur", "ob", "oder", "sie",
    "sind", "so", "um", "und", "uns", "unter", "vom", "von", "vor", "war", "wie", "wir", "zu", "zum", "zur",
];

/// Heads of German compounds worth finding on their own, beside the
/// synonym file's words and the category names (`dictionary`).
const COMPOUND_HEADS: &[&str] = &[
    "wohnung", "haus", "dach", "decker", "reinigung", "versicherung", "dienst", "service", "pflege", "betreuung",
    "garten", "strom", "gas", "heizung", "finanzierung", "konto", "umzug", "anlage", "technik", "schutz", "bau",
    "sanierung", "wartung", "beratung", "kredit", "tarif", "zimmer", "büro", "küche", "bad", "fenster", "tür",
    "boden", "fassade", "transport", "reparatur", "montage", "installation", "therapie", "catering", "menü",
    "arbeiten", "betrieb", "firma", "installateur", "meister", "hilfe", "lieferung", "modul", "tapete",
];

/// Endings an indexed compound's head may carry ("Altbauwohnungen").
const HEAD_ENDINGS: &[&str] = &["en", "n", "e", "s", "es", "er", "ern"];

/// The fixed dictionary offers' compounds are split against: the compiled-in
/// synonym words, the category names in every language and the heads above,
/// as folded words. Fixed per build, so every instance indexes alike.
fn dictionary() -> &'static HashSet<String> {
    static D: OnceLock<HashSet<String>> = OnceLock::new();
    D.get_or_init(|| {
        let mut d: HashSet<String> = COMPOUND_HEADS.iter().flat_map(|h| words(h)).collect();
        for g in super::thesaurus::Thesaurus::builtin().groups() {
            d.extend(g.words.iter().cloned());
        }
        for (slug, name, children) in migration::reference::CATEGORIES {
            for (slug, name) in std::iter::once((*slug, *name)).chain(children.iter().copied()) {
                d.extend(words(name));
                for l in crate::i18n::Locale::ALL {
                    d.extend(l.category_name(slug).map(words).unwrap_or_default());
                }
            }
        }
        d.retain(|w| w.chars().count() >= super::compound::MIN_PART && !is_stop_word(w));
        d
    })
}

/// Changes whenever the analysis of a text may: bump the version with any
/// change of the code above, and the dictionary (the synonym file, the
/// category names) counts by itself. The database's index is rebuilt at
/// start when it was built with another (`store::ensure_index`).
pub fn fingerprint() -> String {
    use sha2::{Digest, Sha256};
    const VERSION: &str = "analysis-2";
    let mut words: Vec<&String> = dictionary().iter().collect();
    words.sort();
    let mut h = Sha256::new();
    h.update(VERSION.as_bytes());
    for w in words {
        h.update(b"\n");
        h.update(w.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn known_head(h: &str) -> bool {
    let d = dictionary();
    d.contains(h) || HEAD_ENDINGS.iter().any(|e| h.strip_suffix(e).is_some_and(|b| d.contains(b)))
}

fn known_modifier(m: &str) -> bool {
    m.chars().count() >= 5 && dictionary().contains(m)
}

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::German))
}

/// Lower-cases, folds ß and the ae/oe/ue spellings into umlauts (as
/// Snowball's "german2" variant does), and splits into words.
pub fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace('ß', "ss");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold_digraphs)
        .collect()
}

fn fold_digraphs(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut chars = w.chars().peekable();
    let mut prev = '\0';
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let umlaut = match (c, next) {
            ('a', Some('e')) => Some('ä'),
            ('o', Some('e')) => Some('ö'),
            // "que" stays: "Quelle" is no "Qülle".
            ('u', Some('e')) if prev != 'q' => Some('ü'),
            _ => None,
        };
        match umlaut {
            Some(u) => {
                out.push(u);
                chars.next();
                prev = u;
            }
            None => {
                out.push(c);
                prev = c;
            }
        }
    }
    out
}

/// Umlauts to plain vowels and anything outside `[a-z0-9]` dropped.
fn plain(w: &str) -> String {
    w.chars()
        .filter_map(|c| match c {
            'ä' => Some('a'),
            'ö' => Some('o'),
            'ü' => Some('u'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

pub fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.binary_search(&w).is_ok()
}

/// Stems a thread remembers at most.
const STEM_CACHE: usize = 100_000;

/// Snowball is the bulk of analysing a text, and a catalogue load meets the
/// same few thousand words over and over: each thread remembers the stems.
pub fn stem(word: &str) -> String {
    thread_local! {
        static CACHE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    CACHE.with_borrow_mut(|cache| {
        if let Some(s) = cache.get(word) {
            return s.clone();
        }
        let s = plain(&stemmer().stem(word));
        if cache.len() < STEM_CACHE {
            cache.insert(word.to_owned(), s.clone());
        }
        s
    })
}

/// `stem` without the thread's cache: for the many throwaway words a
/// typo search tries, which would only crowd the cache.
pub fn stem_uncached(word: &str) -> String {
    plain(&stemmer().stem(word))
}

/// The terms a document is indexed under, deduplicated, in order.
pub fn index_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !t.is_empty() && !terms.contains(&t) {
            terms.push(t);
        }
    };
    for w in words(text) {
        if is_stop_word(&w) {
            continue;
        }
        push(stem(&w));
        for part in super::compound::edges(&w, &known_head, &known_modifier) {
            push(stem(&part));
        }
    }
    terms
}

/// One word of a query: its stem, and for the word being typed a prefix.
/// An offer matches the word by the stem, a typo correction or the prefix
/// (exactly), or by a synonym or all parts of the compound (widened).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryTerm {
    pub stem: String,
    /// The folded word as typed (for "Meinten Sie …?").
    pub word: String,
    /// Indexed terms one typo away, when the stem itself is unknown.
    pub alternatives: Vec<String>,
    /// Stems of the word's synonyms.
    pub synonyms: Vec<String>,
    /// The compound's parts, each as its stem and the stem's synonyms.
    pub parts: Vec<Vec<String>>,
    /// Slugs of the categories the word names (by the synonym list): their
    /// offers rank next after exact matches.
    pub intents: Vec<String>,
    /// Set for the last word: "Dachd" must find "Dachdecker".
    pub prefix: Option<String>,
}

/// Query words → terms. The last word also matches as a prefix, so results
/// follow the typing and "Dach" finds the Dachdecker too.
pub fn query_terms(q: &str) -> Vec<QueryTerm> {
    let ws: Vec<String> = words(q).into_iter().filter(|w| !is_stop_word(w)).collect();
    let n = ws.len();
    let mut out: Vec<QueryTerm> = Vec::new();
    for (i, w) in ws.into_iter().enumerate() {
        let stem = stem(&w);
        if stem.is_empty() {
            continue;
        }
        let prefix = (i + 1 == n).then(|| plain(&w)).filter(|p| p.len() >= 2);
        let term = QueryTerm { stem, word: w, prefix, ..QueryTerm::default() };
        if !out.iter().any(|t: &QueryTerm| t.stem == term.stem && t.prefix == term.prefix) {
            out.push(term);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(q: &str) -> Vec<String> {
        query_terms(q).into_iter().map(|t| t.stem).collect()
    }

    #[test]
    fn stop_word_list_is_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stems("Wohnungen"), stems("Wohnung"));
        assert_eq!(stems("Dächer"), stems("Dach"));
        assert_eq!(stems("Häuser"), stems("Haus"));
    }

    #[test]
    fn spellings_fold() {
        assert_eq!(stems("Strasse"), stems("Straße"));
        assert_eq!(stems("Muelheim"), stems("Mülheim"));
        assert_eq!(stems("GRÜN"), stems("gruen"));
        assert_eq!(words("Quelle"), vec!["quelle"]);
    }

    #[test]
    fn stop_words_are_dropped() {
        assert!(stems("die und oder").is_empty());
        assert_eq!(stems("Wohnung in Hochfeld").len(), 2);
    }

    #[test]
    fn compound_heads_are_indexed() {
        let terms = index_terms("Renovierte Altbauwohnung mit Dachterrasse");
        assert!(terms.contains(&stem("wohnung")), "{terms:?}");
        let terms = index_terms("Dachdecker und Gebäudereinigung");
        assert!(terms.contains(&stem("reinigung")), "{terms:?}");
    }

    #[test]
    fn last_word_is_a_prefix_while_typing() {
        let t = query_terms("Dachd");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].prefix.as_deref(), Some("dachd"));
        assert!(index_terms("Dachdecker").iter().any(|x| x.starts_with("dachd")));
        assert!(query_terms("Dachd Wohnung")[0].prefix.is_none());
        assert_eq!(query_terms("Mühl")[0].prefix.as_deref(), Some("muhl"));
    }

    #[test]
    fn terms_are_query_syntax_safe() {
        for t in index_terms("a\"b OR c* NEAR(d) 'e' -f <script>x</script> 42m² Ölheizung") {
            assert!(t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{t}");
        }
        for t in query_terms("\" OR * :* & | !") {
            assert!(t.stem.chars().all(|c| c.is_ascii_alphanumeric()));
        }
    }
}
