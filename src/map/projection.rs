//! Projects the GeoJSON boundaries onto the SVG plane once, at start.
//! An equirectangular projection scaled by cos(latitude) is exact enough
//! for a city 25 km across.
use serde::Deserialize;

use super::data::{DistrictMapData, MapShape};

const GEOJSON: &str = include_str!("stadtbezirke.geojson");
/// Height of the map in SVG units; the width follows from the city's shape.
const HEIGHT: f64 = 520.0;
/// Points closer than this to the last kept one are dropped: invisible
/// detail that would only add bytes to every page.
const MIN_STEP: f64 = 1.2;

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    stadtbezirk: String,
}

#[derive(Deserialize)]
struct Geometry {
    /// MultiPolygon: polygons → rings → [lon, lat]
    coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

/// The map of the shipped boundaries; `slug` maps a district name to its slug.
pub fn district_map(slug: impl Fn(&str) -> String) -> Result<DistrictMapData, String> {
    project(GEOJSON, slug)
}

fn project(geojson: &str, slug: impl Fn(&str) -> String) -> Result<DistrictMapData, String> {
    let c: Collection = serde_json::from_str(geojson).map_err(|e| format!("district boundaries: {e}"))?;
    let points = || c.features.iter().flat_map(|f| f.geometry.coordinates.iter().flatten().flatten());
    let (mut lon0, mut lon1, mut lat0, mut lat1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for [lon, lat] in points() {
        lon0 = lon0.min(*lon);
        lon1 = lon1.max(*lon);
        lat0 = lat0.min(*lat);
        lat1 = lat1.max(*lat);
    }
    if !(lon0 < lon1 && lat0 < lat1) {
        return Err("district boundaries: no extent".into());
    }
    let aspect = ((lat0 + lat1) / 2.0).to_radians().cos();
    let k = HEIGHT / (lat1 - lat0);
    let width = ((lon1 - lon0) * aspect * k).ceil();
    let xy = |[lon, lat]: [f64; 2]| ((lon - lon0) * aspect * k, (lat1 - lat) * k);

    let shapes = c
        .features
        .iter()
        .map(|f| {
            let mut d = String::new();
            let mut best_ring: Vec<(f64, f64)> = Vec::new();
            for ring in f.geometry.coordinates.iter().flatten() {
                let pts = simplify(ring.iter().map(|p| xy(*p)).collect());
                for (i, (x, y)) in pts.iter().enumerate() {
                    d.push_str(&format!("{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" }));
                }
                d.push('Z');
                if area(&pts).abs() > area(&best_ring).abs() {
                    best_ring = pts;
                }
            }
            let (label_x, label_y) = centroid(&best_ring);
            MapShape { bezirk_slug: slug(&f.properties.stadtbezirk), path: d, label_x: label_x as f32, label_y: label_y as f32 }
        })
        .collect();
    Ok(DistrictMapData { width: width as u32, height: HEIGHT as u32, shapes })
}

fn simplify(pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    for p in pts {
        match out.last() {
            Some(l) if (p.0 - l.0).hypot(p.1 - l.1) < MIN_STEP => {}
            _ => out.push(p),
        }
    }
    out
}

/// Shoelace area (signed).
fn area(pts: &[(f64, f64)]) -> f64 {
    pts.iter().zip(pts.iter().cycle().skip(1)).map(|(a, b)| a.0 * b.1 - b.0 * a.1).sum::<f64>() / 2.0
}

/// Area centroid of a simple polygon; the vertex mean if it is degenerate.
fn centroid(pts: &[(f64, f64)]) -> (f64, f64) {
    let a = area(pts);
    if a.abs() < 1e-9 {
        let n = pts.len().max(1) as f64;
        return (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n);
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for (p, q) in pts.iter().zip(pts.iter().cycle().skip(1)) {
        let cross = p.0 * q.1 - q.0 * p.1;
        cx += (p.0 + q.0) * cross;
        cy += (p.1 + q.1) * cross;
    }
    (cx / (6.0 * a), cy / (6.0 * a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_the_seven_districts_into_the_view_box() {
        let map = district_map(|n| migration::reference::slugify(n)).expect("shipped GeoJSON parses");
        assert_eq!(map.shapes.len(), 7);
        assert_eq!(map.height, 520);
        // Duisburg is about twice as tall (north–south) as it is wide.
        assert!((200..=360).contains(&map.width), "width {}", map.width);
        for s in &map.shapes {
            assert!(s.path.starts_with('M') && s.path.ends_with('Z'));
            assert!(s.label_x > 0.0 && (s.label_x as u32) < map.width && s.label_y > 0.0 && (s.label_y as u32) < map.height);
        }
        let walsum = map.shapes.iter().find(|s| s.bezirk_slug == "walsum").expect("walsum");
        let sued = map.shapes.iter().find(|s| s.bezirk_slug == "sued").expect("sued");
        assert!(walsum.label_y < sued.label_y, "Walsum lies north of Süd");
        let bytes: usize = map.shapes.iter().map(|s| s.path.len()).sum();
        assert!(bytes < 24_000, "{bytes} bytes of path data");
    }

    #[test]
    fn centroid_of_a_square() {
        let sq = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)];
        assert_eq!(centroid(&sq), (1.0, 1.0));
        assert_eq!(area(&sq), 4.0);
        assert!(project("{}", |n| n.to_owned()).is_err());
    }
}
