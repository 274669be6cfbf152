//! Valid inputs: forms, files and the JSON the server functions take.
use image::codecs::png::PngEncoder;
use image::{Rgb, RgbImage};
use serde_json::{json, Value};

use crate::outcome::MULTIPART_BOUNDARY;

/// A small real image.
pub fn png() -> Vec<u8> {
    let img = RgbImage::from_fn(48, 32, |x, y| Rgb([(x * 5) as u8, (y * 7) as u8, 90]));
    let mut out = Vec::new();
    img.write_with_encoder(PngEncoder::new(&mut out)).unwrap();
    out
}

/// A multipart body: the fields, then the file as `datei`.
pub fn multipart(fields: &[(&str, String)], file_name: &str, bytes: &[u8]) -> Vec<u8> {
    let b = MULTIPART_BOUNDARY;
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend(bytes);
    body.extend(format!("\r\n--{b}--\r\n").as_bytes());
    body
}

/// An OpenImmo file of three listings.
pub fn openimmo_file() -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/openimmo/duisburg-voll.xml", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

pub fn provider_form(name: &str) -> Value {
    json!({
        "name": name, "description": "", "street": "Musterstraße 1", "postal_code": "47053",
        "stadtteil": "hochfeld", "categories": ["dach"], "phone": "0203 123456", "email": "", "website": "",
        "ownership": "municipal", "owner_name": "Stadt Beispielhausen", "ownership_share": "51"
    })
}

pub fn offer_form(title: &str) -> Value {
    json!({
        "title": title, "description": "Wir reinigen Ihre Dachrinne gründlich und schnell.", "category": "dach",
        "price_model": "per_hour", "price": "50", "city_wide": false, "bezirke": ["mitte", "sued"],
        "stadtteil": "", "housing_kind": "", "rooms": "", "living_area": "", "plot_area": "", "energy_class": ""
    })
}

/// A flat for sale, one of the units of housing project `project`.
pub fn unit_form(title: &str, project: i32) -> Value {
    json!({
        "title": title, "description": "Erstbezug: helle Wohnung mit Balkon und Tiefgaragenplatz.",
        "category": "wohnen-kaufen", "price_model": "fixed", "price": "320000", "city_wide": true, "bezirke": [],
        "stadtteil": "huckingen", "housing_kind": "buy", "rooms": "3", "living_area": "82,5", "plot_area": "", "energy_class": "A+",
        "project": project.to_string()
    })
}

pub fn project_form(name: &str) -> Value {
    json!({"name": name, "description": "Zwölf Wohnungen rund um einen Innenhof.", "stadtteil": "huckingen", "completion": "30.06.2028"})
}

/// A form's fields from pairs of literals and values.
#[macro_export]
macro_rules! fields {
    ($($k:literal => $v:expr),* $(,)?) => { vec![$(($k, $v.to_string())),*] };
}
