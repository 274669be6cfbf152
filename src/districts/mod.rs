//! Duisburg's 7 Stadtbezirke and 46 Stadtteile.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bezirk {
    pub id: i32,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stadtteil {
    pub id: i32,
    pub bezirk_id: i32,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Districts {
    pub bezirke: Vec<Bezirk>,
    pub stadtteile: Vec<Stadtteil>,
}

impl Districts {
    pub fn bezirk_by_slug(&self, slug: &str) -> Option<&Bezirk> {
        self.bezirke.iter().find(|b| b.slug == slug)
    }

    pub fn bezirk(&self, id: i32) -> Option<&Bezirk> {
        self.bezirke.iter().find(|b| b.id == id)
    }

    pub fn stadtteil_by_slug(&self, slug: &str) -> Option<&Stadtteil> {
        self.stadtteile.iter().find(|s| s.slug == slug)
    }

    pub fn stadtteile_of(&self, bezirk_id: i32) -> impl Iterator<Item = &Stadtteil> {
        self.stadtteile.iter().filter(move |s| s.bezirk_id == bezirk_id)
    }

    pub fn stadtteil(&self, id: i32) -> Option<&Stadtteil> {
        self.stadtteile.iter().find(|s| s.id == id)
    }

    /// "Neudorf-Nord (Mitte)"
    pub fn stadtteil_label(&self, id: i32) -> String {
        match self.stadtteil(id) {
            Some(s) => match self.bezirk(s.bezirk_id) {
                Some(b) if b.name != s.name => format!("{} ({})", s.name, b.name),
                _ => s.name.clone(),
            },
            None => String::new(),
        }
    }
}

/// A Stadtbezirk with the number of offers available there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BezirkCount {
    pub bezirk: Bezirk,
    pub count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let d = Districts {
            bezirke: vec![Bezirk { id: 1, slug: "mitte".into(), name: "Mitte".into() }],
            stadtteile: vec![Stadtteil { id: 3, bezirk_id: 1, slug: "hochfeld".into(), name: "Hochfeld".into() }],
        };
        assert_eq!(d.stadtteil_label(3), "Hochfeld (Mitte)");
        assert_eq!(d.stadtteil_label(9), "");
        assert_eq!(d.bezirk_by_slug("mitte").map(|b| b.id), Some(1));
    }
}
