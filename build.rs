//! Generates the UI text tables from `locales/*.toml`. Every language must
//! have exactly the keys of German (the default) with the same `{placeholders}`,
//! so a missing or stray translation fails the build rather than a page.
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

const LANGS: &[(&str, &str)] = &[("de", "DE"), ("en", "EN")];

fn load(lang: &str) -> toml::Table {
    let path = Path::new("locales").join(format!("{lang}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn placeholders(s: &str) -> BTreeSet<&str> {
    s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(name, _)| name)).collect()
}

fn strings<'a>(table: &'a toml::Table, lang: &str, section: &str) -> Vec<(&'a str, &'a str)> {
    table
        .iter()
        .filter(|(_, v)| !v.is_table())
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_else(|| panic!("{lang}.toml{section}: `{k}` is not a string"))))
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let tables: Vec<toml::Table> = LANGS.iter().map(|(l, _)| load(l)).collect();
    let base = strings(&tables[0], "de", "");
    let base_cats = tables[0].get("categories").and_then(|c| c.as_table()).expect("de.toml: [categories] missing");
    let mut out = String::from("/// Every UI text of one language, generated from `locales/<lang>.toml`.\npub struct Texts {\n");
    for (k, _) in &base {
        writeln!(out, "    pub {k}: &'static str,").unwrap();
    }
    out.push_str("}\n\n");
    for ((lang, konst), table) in LANGS.iter().zip(&tables) {
        let own = strings(table, lang, "");
        let keys: BTreeSet<_> = own.iter().map(|(k, _)| *k).collect();
        let want: BTreeSet<_> = base.iter().map(|(k, _)| *k).collect();
        let missing: Vec<_> = want.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&want).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{lang}.toml: missing {missing:?}, unknown {extra:?}");
        writeln!(out, "pub const {konst}: Texts = Texts {{").unwrap();
        for (k, de_value) in &base {
            let v = own.iter().find(|(o, _)| o == k).map(|(_, v)| *v).unwrap();
            assert_eq!(placeholders(v), placeholders(de_value), "{lang}.toml: `{k}` has other placeholders than de.toml");
            writeln!(out, "    {k}: {v:?},").unwrap();
        }
        out.push_str("};\n\n");
        let cats = table.get("categories").and_then(|c| c.as_table()).unwrap_or_else(|| panic!("{lang}.toml: [categories] missing"));
        let cat_strings = strings(cats, lang, ".categories");
        for (slug, _) in base_cats {
            assert!(cats.contains_key(slug), "{lang}.toml: category `{slug}` has no name");
        }
        writeln!(out, "const {konst}_CATEGORIES: &[(&str, &str)] = &[").unwrap();
        for (slug, name) in cat_strings {
            assert!(base_cats.contains_key(slug), "{lang}.toml: unknown category `{slug}`");
            writeln!(out, "    ({slug:?}, {name:?}),").unwrap();
        }
        out.push_str("];\n\n");
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("texts.rs");
    std::fs::write(dest, out).unwrap();
}
