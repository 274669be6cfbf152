//! The district map: Duisburg's 7 Stadtbezirke as a server-rendered SVG,
//! shaded by the number of offers, each district a link that filters by it.
//! Boundaries © OpenStreetMap contributors (ODbL); the attribution is shown
//! wherever the map is drawn.
pub mod data;
#[cfg(feature = "ssr")]
pub mod projection;

pub use data::{DistrictMapData, MapShape};

use leptos::prelude::*;

use crate::districts::BezirkCount;
use crate::i18n::t;

/// Shade class 0–4: 0 for no offers, 1–4 spread between the smallest and
/// the largest count on the map, so districts stay distinguishable even when
/// city-wide offers make every count large.
pub fn shade(count: u64, min: u64, max: u64) -> u8 {
    if count == 0 {
        return 0;
    }
    if max <= min {
        return 2;
    }
    let span = max - min;
    (1 + ((count.clamp(min, max) - min) * 3 + span / 2) / span) as u8
}

/// The map of the shipped boundaries (projected once at start).
#[server(prefix = "/api", endpoint = "map")]
pub async fn district_map() -> Result<DistrictMapData, crate::error::AppError> {
    Ok(crate::app::state::app_state()?.reference.map.clone())
}

/// `href(slug)` is where a district links to: the list filtered by it.
#[component]
pub fn DistrictMap(
    map: DistrictMapData,
    counts: Vec<BezirkCount>,
    #[prop(default = Box::new(|slug: &str| format!("/angebote?bezirk={slug}")))] href: Box<dyn Fn(&str) -> String>,
) -> impl IntoView {
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0);
    let min = counts.iter().map(|c| c.count).filter(|c| *c > 0).min().unwrap_or(0);
    let view_box = format!("0 0 {} {}", map.width, map.height);
    let districts = map
        .shapes
        .into_iter()
        .filter_map(|shape| {
            let c = counts.iter().find(|c| c.bezirk.slug == shape.bezirk_slug)?.clone();
            // The name starts with what the map shows ("Homberg 731"), so
            // speech input can say what it sees (WCAG 2.5.3); the full name
            // follows where the map abbreviates it.
            let short = short_name(&c.bezirk.name).to_owned();
            let label = if short == c.bezirk.name {
                format!("{short} {} {}", c.count, t().results_offers)
            } else {
                format!("{short} {} {} ({})", c.count, t().results_offers, c.bezirk.name)
            };
            Some(view! {
                <a href=href(&c.bezirk.slug) aria-label=label class=format!("district shade-{}", shade(c.count, min, max))>
                    <path d=shape.path/>
                    <text x=format!("{:.1}", shape.label_x) y=format!("{:.1}", shape.label_y) text-anchor="middle" aria-hidden="true">
                        <tspan x=format!("{:.1}", shape.label_x) class="name">{short}</tspan>
                        " "
                        <tspan x=format!("{:.1}", shape.label_x) dy="1.15em" class="num">{c.count}</tspan>
                    </text>
                </a>
            })
        })
        .collect_view();
    view! {
        <figure class="district-map">
            <svg viewBox=view_box role="group" aria-label=t().map_label xmlns="http://www.w3.org/2000/svg">
                {districts}
            </svg>
            <figcaption>
                {t().map_caption}" "
                <small>
                    {t().map_data}" © "
                    <a href="https://www.openstreetmap.org/copyright" rel="license">{t().map_osm}</a>
                    " (ODbL)"
                </small>
            </figcaption>
        </figure>
    }
}

/// Long names break the map: "Homberg/Ruhrort/Baerl" -> "Homberg".
fn short_name(name: &str) -> &str {
    name.split('/').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_grow_with_counts() {
        assert_eq!(shade(0, 700, 1100), 0);
        assert_eq!(shade(700, 700, 1100), 1);
        assert_eq!(shade(840, 700, 1100), 2);
        assert_eq!(shade(1000, 700, 1100), 3);
        assert_eq!(shade(1100, 700, 1100), 4);
        assert_eq!(shade(5, 5, 5), 2);
        assert_eq!(short_name("Meiderich/Beeck"), "Meiderich");
    }
}
