//! Synonyms and trade names as data: `data/search/synonyms.txt` (reviewed,
//! compiled in) plus the groups administrators add on `/admin/suche`
//! (stored in the database, followed by every instance through the change
//! log: each catalogue holds the list in force with its terms). "Klempner" finds the Sanitär offers, "mortgage" the
//! Baufinanzierung.
//!
//! Synonyms widen queries only, so an administrator's change applies at
//! once without re-indexing anything. The compiled-in words are also part
//! of the fixed dictionary offers' compounds are split against
//! (`analyzer`): an index must not depend on a setting that changes.
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::analyzer::{is_stop_word, stem, words};

/// The reviewed file.
pub const BUILTIN: &str = include_str!("../../data/search/synonyms.txt");

/// One group: words that find what the others find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The category the group serves.
    pub slug: String,
    /// Folded words as written.
    pub words: Vec<String>,
}

/// Why a line of a synonym list was refused (1-based line number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// No `slug:` before the words.
    NoCategory(usize),
    UnknownCategory(usize, String),
    /// An entry is not exactly one word (or only a stop word).
    NotOneWord(usize, String),
    /// Fewer than two words: nothing to be a synonym of.
    TooFew(usize),
}

impl LineError {
    pub fn line(&self) -> usize {
        match self {
            Self::NoCategory(l) | Self::UnknownCategory(l, _) | Self::NotOneWord(l, _) | Self::TooFew(l) => *l,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Thesaurus {
    groups: Vec<Group>,
    /// Stem → the other stems of its groups.
    by_stem: HashMap<String, Vec<String>>,
    /// Stem → the categories its groups serve.
    slugs: HashMap<String, Vec<String>>,
}

/// Category slugs of the tree (fixed by the migrations).
fn category_slugs() -> impl Iterator<Item = &'static str> {
    migration::reference::CATEGORIES.iter().flat_map(|(slug, _, children)| std::iter::once(*slug).chain(children.iter().map(|c| c.0)))
}

impl Thesaurus {
    /// Reads a list in the file's format; every bad line is reported.
    pub fn parse(text: &str) -> Result<Self, Vec<LineError>> {
        let slugs: HashSet<&str> = category_slugs().collect();
        let (mut groups, mut errors) = (Vec::new(), Vec::new());
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((slug, list)) = line.split_once(':') else {
                errors.push(LineError::NoCategory(n));
                continue;
            };
            let slug = slug.trim();
            if !slugs.contains(slug) {
                errors.push(LineError::UnknownCategory(n, slug.to_owned()));
                continue;
            }
            let mut group = Group { slug: slug.to_owned(), words: Vec::new() };
            for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                match words(entry).as_slice() {
                    [w] if !is_stop_word(w) => {
                        if !group.words.contains(w) {
                            group.words.push(w.clone());
                        }
                    }
                    _ => errors.push(LineError::NotOneWord(n, entry.to_owned())),
                }
            }
            if group.words.len() < 2 {
                errors.push(LineError::TooFew(n));
                continue;
            }
            groups.push(group);
        }
        if errors.is_empty() {
            Ok(Self::from_groups(groups))
        } else {
            Err(errors)
        }
    }

    fn from_groups(groups: Vec<Group>) -> Self {
        let mut by_stem: HashMap<String, Vec<String>> = HashMap::new();
        let mut slugs: HashMap<String, Vec<String>> = HashMap::new();
        for g in &groups {
            let stems: Vec<String> = g.words.iter().map(|w| stem(w)).collect();
            for s in &stems {
                let of = slugs.entry(s.clone()).or_default();
                if !of.contains(&g.slug) {
                    of.push(g.slug.clone());
                }
                let others = by_stem.entry(s.clone()).or_default();
                for o in &stems {
                    if o != s && !others.contains(o) {
                        others.push(o.clone());
                    }
                }
            }
        }
        for v in by_stem.values_mut() {
            v.sort();
        }
        Self { groups, by_stem, slugs }
    }

    /// The compiled-in list (a test proves it parses).
    pub fn builtin() -> &'static Thesaurus {
        static B: OnceLock<Thesaurus> = OnceLock::new();
        B.get_or_init(|| Thesaurus::parse(BUILTIN).unwrap_or_else(|e| panic!("data/search/synonyms.txt: {e:?}")))
    }

    /// The compiled-in list with an administrator's groups added.
    pub fn with_additions(additions: &str) -> Result<Self, Vec<LineError>> {
        let extra = Self::parse(additions)?;
        Ok(Self::from_groups(Self::builtin().groups.iter().chain(&extra.groups).cloned().collect()))
    }

    /// The other stems of `stem`'s groups, sorted.
    pub fn synonyms(&self, stem: &str) -> &[String] {
        self.by_stem.get(stem).map_or(&[], Vec::as_slice)
    }

    /// The categories of `stem`'s groups: what a resident typing it means.
    pub fn categories(&self, stem: &str) -> &[String] {
        self.slugs.get(stem).map_or(&[], Vec::as_slice)
    }

    /// Whether a group holds `stem`.
    pub fn knows(&self, stem: &str) -> bool {
        self.by_stem.contains_key(stem)
    }

    /// Stems of the groups one typo away from an unknown `stem` (as long
    /// as the index's corrections ask for), sorted.
    pub fn near(&self, stem: &str) -> Vec<&str> {
        if stem.chars().count() < super::vocab::MIN_CORRECTED_LEN || self.knows(stem) {
            return Vec::new();
        }
        let mut out: Vec<&str> = self.by_stem.keys().map(String::as_str).filter(|k| super::vocab::within_one_edit(stem, k)).collect();
        out.sort_unstable();
        out
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Words in all groups.
    pub fn entries(&self) -> usize {
        self.groups.iter().map(|g| g.words.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reviewed_file_parses_and_covers_every_category() {
        let t = Thesaurus::parse(BUILTIN).expect("synonyms.txt parses");
        assert!(t.entries() >= 150, "{} entries", t.entries());
        for slug in category_slugs() {
            assert!(t.groups().iter().any(|g| g.slug == slug), "no synonyms for {slug}");
        }
    }

    /// A typed word's stem, as a query sees it.
    fn st(w: &str) -> String {
        stem(&words(w)[0])
    }

    #[test]
    fn groups_are_symmetric_over_stems() {
        let t = Thesaurus::builtin();
        assert!(t.synonyms(&st("Klempner")).contains(&st("Sanitär")));
        assert!(t.synonyms(&st("Sanitaer")).contains(&st("klempner")), "folded spelling");
        assert!(t.synonyms(&st("Hypothek")).contains(&st("Baufinanzierung")));
        assert!(t.synonyms(&st("plumber")).contains(&st("Installateur")));
        assert!(t.synonyms("zzz").is_empty());
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let e = Thesaurus::parse("# ok\nmaler: maler, anstreicher\nklempner, sanitär\nmond: a, b\nmaler: zwei worte, x\nmaler: und\n").unwrap_err();
        assert_eq!(
            e,
            vec![
                LineError::NoCategory(3),
                LineError::UnknownCategory(4, "mond".into()),
                LineError::NotOneWord(5, "zwei worte".into()),
                LineError::TooFew(5),
                LineError::NotOneWord(6, "und".into()),
                LineError::TooFew(6),
            ]
        );
        let t = Thesaurus::with_additions("maler: maler, weißer").unwrap();
        assert!(t.synonyms(&st("Weißer")).contains(&st("Maler")));
        assert!(t.synonyms(&st("Maler")).contains(&st("Anstreicher")), "built-in groups stay");
    }
}
