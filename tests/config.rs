//! `Leptos.toml` (read by the built server) must agree with
//! `[package.metadata.leptos]` in Cargo.toml (read by cargo-leptos).
use std::fs;

fn leptos_table(path: &str) -> toml::Table {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: toml::Table = text.parse().unwrap_or_else(|e| panic!("{path}: {e}"));
    doc["package"]["metadata"]["leptos"].as_table().cloned().unwrap_or_else(|| panic!("{path}: no [package.metadata.leptos]"))
}

#[test]
fn leptos_toml_matches_cargo_toml() {
    let cargo = leptos_table("Cargo.toml");
    let runtime = leptos_table("Leptos.toml");
    for key in ["output-name", "site-root", "site-pkg-dir", "site-addr", "reload-port", "hash-files"] {
        assert_eq!(cargo.get(key), runtime.get(key), "{key} differs between Cargo.toml and Leptos.toml");
        assert!(runtime.contains_key(key), "Leptos.toml lacks {key}");
    }
    assert_eq!(runtime["env"].as_str(), Some("PROD"), "the built server runs in PROD mode");
}
