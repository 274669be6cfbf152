//! The projected district map as data: what `Reference` keeps and the page
//! draws.
use serde::{Deserialize, Serialize};

/// One district's outline in map coordinates, ready for `<path d>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapShape {
    pub bezirk_slug: String,
    pub path: String,
    /// Where its label goes (inside the district).
    pub label_x: f32,
    pub label_y: f32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DistrictMapData {
    pub width: u32,
    pub height: u32,
    pub shapes: Vec<MapShape>,
}
