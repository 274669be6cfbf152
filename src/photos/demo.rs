//! Generated pictures for the demo city: a few provider logos (shapes on a
//! transparent ground) and offer covers (gradients with shapes), drawn with
//! the `image` crate and stored through the same pipeline as uploads.
use image::{DynamicImage, Rgb, RgbImage, Rgba, RgbaImage};
use sea_orm::{ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::entities::{offer, provider};

const LOGOS: u64 = 8;
const COVERS: u64 = 12;
/// Distinct pictures of each kind (drawn once, then reused: seeding stays fast).
const DRAWN: usize = 3;

fn hue(i: usize) -> [u8; 3] {
    const PALETTE: [[u8; 3]; 6] = [[0, 94, 135], [180, 70, 40], [46, 125, 50], [123, 31, 162], [200, 140, 0], [21, 101, 192]];
    PALETTE[i % PALETTE.len()]
}

/// A disc with a bar across, on a transparent square.
pub fn logo(i: usize) -> DynamicImage {
    let [r, g, b] = hue(i);
    let size = 192i32;
    DynamicImage::ImageRgba8(RgbaImage::from_fn(size as u32, size as u32, |x, y| {
        let (dx, dy) = (x as i32 - size / 2, y as i32 - size / 2);
        let disc = dx * dx + dy * dy < (size / 2 - 8).pow(2);
        let bar = dy.abs() < 18 + (i as i32 % 3) * 8 && dx.abs() < size / 3;
        match (disc, bar) {
            (true, true) => Rgba([255, 255, 255, 255]),
            (true, false) => Rgba([r, g, b, 255]),
            _ => Rgba([0, 0, 0, 0]),
        }
    }))
}

/// A sky-to-ground gradient with a sun and a block, 640×400.
pub fn cover(i: usize) -> DynamicImage {
    let [r, g, b] = hue(i + 2);
    let (w, h) = (640u32, 400u32);
    let sun = (120 + (i as i32 * 167) % 400, 100);
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        let t = y as f32 / h as f32;
        let (dx, dy) = (x as i32 - sun.0, y as i32 - sun.1);
        if dx * dx + dy * dy < 48 * 48 {
            return Rgb([250, 210, 90]);
        }
        if (220..370).contains(&y) && (190..450).contains(&x) {
            return Rgb([r, g, b]);
        }
        let mix = |a: u8, z: u8| (a as f32 * (1.0 - t) + z as f32 * t) as u8;
        Rgb([mix(170, 90), mix(210, 130), mix(240, 80)])
    }))
}

/// Logos for the first demo providers, covers for the first published offers.
pub async fn seed(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    let fail = |e: super::domain::PhotoError| DbErr::Custom(format!("demo picture: {e:?}"));
    let providers = provider::Entity::find().filter(provider::Column::IsDemo.eq(true)).order_by_asc(provider::Column::Id).limit(LOGOS).all(txn).await?;
    let logos = (0..DRAWN).map(|i| super::process::variants(&logo(i))).collect::<Result<Vec<_>, _>>().map_err(fail)?;
    for (i, p) in providers.iter().enumerate() {
        super::store::insert_in(txn, p.id, None, &format!("Logo von {} (Demo)", p.name), logos[i % DRAWN].clone(), None).await?;
    }
    let offers = offer::Entity::find().filter(offer::Column::Status.eq("published")).order_by_asc(offer::Column::Id).limit(COVERS).all(txn).await?;
    let covers = (0..DRAWN).map(|i| super::process::variants(&cover(i))).collect::<Result<Vec<_>, _>>().map_err(fail)?;
    for (i, o) in offers.iter().enumerate() {
        super::store::insert_in(txn, o.provider_id, Some(o.id), &format!("Symbolbild (generiert) zu „{}“", o.title), covers[i % DRAWN].clone(), None).await?;
    }
    Ok(())
}
