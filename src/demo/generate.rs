//! Deterministic generator for the fictitious "Smart City Duisburg" demo city:
//! users, providers, offers and reviews as plain data (no database code).
//! Every business, person and contact detail is invented; e-mail domains end
//! in `.invalid`, websites in `.example`. German wording lives in `texts`.

use std::collections::HashSet;

use migration::reference::{districts, slugify, CATEGORIES};

use super::texts::{self, ChildText, TopText};

pub use super::model::{DemoCity, DemoHousing, DemoOffer, DemoProvider, DemoReview, DemoUser, Rng};

const USERS: usize = 860;
const MIN_OFFERS: usize = 2_150;
const MIN_HOUSING: usize = 330;
const MIN_REVIEWS: usize = 5_300;
const HOUSING: [&str; 3] = ["wohnen-kaufen", "wohnen-mieten", "neubauprojekte"];
const ENERGY: [&str; 9] = ["A+", "A", "B", "C", "D", "E", "F", "G", "H"];
const ENERGY_WEIGHTS: [u64; 9] = [1, 3, 8, 15, 22, 20, 15, 10, 6];
/// Provider quality tiers (excellent, good, mixed, poor) and their star weights 1..=5.
const TIER_WEIGHTS: [u64; 4] = [30, 40, 22, 8];
const STAR_WEIGHTS: [[u64; 5]; 4] = [[2, 2, 6, 25, 65], [4, 5, 12, 40, 39], [12, 13, 25, 30, 20], [35, 25, 20, 12, 8]];

/// Providers per top-level category and the municipal / cooperative share in %.
fn profile(top: &str) -> (usize, u64, u64) {
    match top {
        "wohnen" => (70, 15, 15),
        "finanzen" => (25, 8, 12),
        "energie" => (25, 20, 15),
        "handwerk" => (80, 0, 3),
        "haushalt" => (50, 8, 3),
        "sicherheit" => (18, 5, 0),
        "gastronomie" => (25, 0, 4),
        "umzug" => (20, 5, 0),
        _ => (30, 10, 8),
    }
}

/// Postal codes and housing price level (per mille of the allowed €/m² range).
fn bezirk_profile(name: &str) -> (&'static [&'static str], i64) {
    match name {
        "Walsum" => (&["47178", "47179"], 350),
        "Hamborn" => (&["47166", "47167", "47169"], 150),
        "Meiderich/Beeck" => (&["47137", "47138", "47139"], 200),
        "Homberg/Ruhrort/Baerl" => (&["47119", "47198", "47199"], 450),
        "Mitte" => (&["47051", "47053", "47055", "47057", "47058", "47059"], 550),
        "Rheinhausen" => (&["47226", "47228", "47229", "47239"], 400),
        _ => (&["47249", "47259", "47269", "47279"], 750),
    }
}

fn is_housing(slug: &str) -> bool {
    HOUSING.contains(&slug)
}

fn top_of(child: &str) -> &'static str {
    CATEGORIES.iter().find(|c| c.2.iter().any(|k| k.0 == child)).map_or("", |c| c.0)
}

fn child_name(child: &str) -> &'static str {
    CATEGORIES.iter().flat_map(|c| c.2.iter()).find(|k| k.0 == child).map_or("", |k| k.1)
}

fn child_text(slug: &str) -> &'static ChildText {
    texts::CHILDREN.iter().find(|c| c.slug == slug).expect("texts cover every child category")
}

fn top_text(slug: &str) -> &'static TopText {
    texts::TOPS.iter().find(|t| t.slug == slug).expect("texts cover every top category")
}

/// Rounds to a price a business would quote.
fn round_price(cents: i64) -> i64 {
    let step = match cents {
        c if c >= 100_000 => 1_000,
        c if c >= 10_000 => 100,
        _ => 10,
    };
    (cents + step / 2) / step * step
}

/// Deterministically generates the demo city for `seed`.
pub fn generate(seed: u64) -> DemoCity {
    generate_with(seed, 1)
}

/// The city for `seed` with about `review_rounds` times the reviews (the
/// benchmark's large cities are built from such blocks); one round is
/// the demo city.
pub fn generate_with(seed: u64, review_rounds: u32) -> DemoCity {
    let mut g = Gen::new(seed);
    let users = g.users();
    let (providers, areas) = g.providers();
    let offers = g.offers(&providers, &areas);
    let reviews = g.reviews(users.len(), &providers, &offers, review_rounds.max(1));
    DemoCity { users, providers, offers, reviews }
}

struct Gen {
    rng: Rng,
    places: Vec<(&'static str, &'static str)>,
    bezirke: Vec<&'static str>,
    bezirk_of: Vec<usize>,
}

impl Gen {
    fn new(seed: u64) -> Self {
        let places = districts();
        let (mut bezirke, mut bezirk_of) = (Vec::new(), Vec::new());
        for (b, _) in &places {
            if !bezirke.contains(b) {
                bezirke.push(*b);
            }
            bezirk_of.push(bezirke.len() - 1);
        }
        Gen { rng: Rng::new(seed), places, bezirke, bezirk_of }
    }

    fn pick(&mut self, items: &'static [&'static str]) -> &'static str {
        items[self.rng.below(items.len() as u64) as usize]
    }

    fn users(&mut self) -> Vec<DemoUser> {
        (0..USERS)
            .map(|i| {
                let first = self.pick(texts::FIRST_NAMES);
                let initial: String = self.pick(texts::SURNAMES).chars().take(1).collect();
                let local = format!("{}.{}{}", texts::ascii_slug(first), texts::ascii_slug(&initial), i + 1);
                DemoUser { display_name: format!("{first} {initial}."), email: format!("{local}@demo.invalid") }
            })
            .collect()
    }

    /// Providers plus each one's service area (Stadtbezirk indices, empty = city-wide).
    fn providers(&mut self) -> (Vec<DemoProvider>, Vec<Vec<usize>>) {
        let mut tops: Vec<usize> =
            (0..CATEGORIES.len()).flat_map(|i| std::iter::repeat_n(i, profile(CATEGORIES[i].0).0)).collect();
        self.rng.shuffle(&mut tops);
        // Every Stadtteil hosts providers, Mitte a few more.
        let weight = |t: usize| if self.bezirke[self.bezirk_of[t]] == "Mitte" { 3 } else { 2 };
        let mut homes: Vec<usize> = (0..self.places.len()).flat_map(|t| std::iter::repeat_n(t, weight(t))).collect();
        self.rng.shuffle(&mut homes);
        let mut next_child = vec![0; CATEGORIES.len()];
        let mut used = HashSet::new();
        let (mut providers, mut areas) = (Vec::new(), Vec::new());
        for (i, &top) in tops.iter().enumerate() {
            let (top_slug, _, children) = CATEGORIES[top];
            // Round-robin primary category, so every child category gets providers.
            let mut slugs = vec![children[next_child[top] % children.len()].0];
            next_child[top] += 1;
            for _ in 0..self.rng.weighted(&[50, 35, 15]) {
                let c = self.rng.pick(children).0;
                if !slugs.contains(&c) {
                    slugs.push(c);
                }
            }
            let st = homes[i % homes.len()];
            let (home, stadtteil) = (self.bezirk_of[st], self.places[st].1);
            let (_, muni, coop) = profile(top_slug);
            let ownership = match self.rng.below(100) {
                r if r < muni => "municipal",
                r if r < muni + coop => "cooperative",
                _ => "private",
            };
            let top_text = top_text(top_slug);
            let patterns = match ownership {
                "municipal" => top_text.muni_names,
                "cooperative" => top_text.coop_names,
                _ if slugs.len() > 1 => top_text.multi_names,
                _ => child_text(slugs[0]).names,
            };
            let name = self.provider_name(patterns, stadtteil, &mut used);
            let owner_name = match ownership {
                "municipal" => Some(self.pick(texts::MUNI_OWNERS).to_string()),
                "cooperative" => Some(format!("Mitglieder der {name}")),
                _ => None,
            };
            let names: Vec<&str> = slugs.iter().map(|c| child_name(c)).collect();
            let description = texts::provider_description(&mut self.rng, top_text, ownership, &names, stadtteil);
            let number = self.rng.range(1, 140);
            let street = format!("{} {number}{}", self.pick(texts::STREETS), if self.rng.chance(8) { "a" } else { "" });
            let stem = texts::domain_stem(&name);
            let phone = self.rng.chance(85).then(|| format!("0203 {}", self.rng.range(200_000, 9_999_999)));
            let email = self.rng.chance(85).then(|| format!("{}@{stem}-demo.invalid", self.pick(texts::EMAIL_USERS)));
            let website = self.rng.chance(70).then(|| format!("https://{stem}.example"));
            let mut area = Vec::new();
            if !self.rng.chance(35) {
                area.push(home);
                for _ in 0..self.rng.below(3) {
                    area.push(self.rng.below(self.bezirke.len() as u64) as usize);
                }
                area.sort_unstable();
                area.dedup();
            }
            let postal_code = self.pick(bezirk_profile(self.bezirke[home]).0).to_string();
            providers.push(DemoProvider {
                name,
                description,
                street,
                postal_code,
                stadtteil_index: st,
                phone,
                email,
                website,
                ownership,
                owner_name,
                category_slugs: slugs,
            });
            areas.push(area);
        }
        (providers, areas)
    }

    /// A name whose URL slug is unused so far.
    fn provider_name(
        &mut self,
        patterns: &'static [&'static str],
        stadtteil: &str,
        used: &mut HashSet<String>,
    ) -> String {
        for attempt in 0.. {
            let (s, t) = texts::two(&mut self.rng, texts::SURNAMES);
            let (pattern, place) = (self.pick(patterns), self.pick(texts::PLACES));
            let mut name = texts::fill(pattern, &[("{p}", place), ("{s}", s), ("{t}", t)]);
            // Fallbacks only matter if the name space were nearly exhausted.
            if attempt >= 100 {
                name = format!("{name} {stadtteil}");
            }
            if attempt >= 200 {
                name = format!("{name} {attempt}");
            }
            if used.insert(slugify(&name)) {
                return name;
            }
        }
        unreachable!("the attempt counter makes every name unique")
    }

    fn offers(&mut self, providers: &[DemoProvider], areas: &[Vec<usize>]) -> Vec<DemoOffer> {
        let mut offers = Vec::new();
        let mut titles: Vec<HashSet<String>> = vec![HashSet::new(); providers.len()];
        for (pi, p) in providers.iter().enumerate() {
            let n = if is_housing(p.category_slugs[0]) {
                3 + self.rng.below(6) + if self.rng.chance(20) { self.rng.below(15) } else { 0 }
            } else {
                3 + self.rng.below(8)
            };
            for k in 0..n {
                let slug = if k == 0 { p.category_slugs[0] } else { *self.rng.pick(&p.category_slugs) };
                offers.push(self.offer(pi, p, slug, &areas[pi], &mut titles[pi]));
            }
        }
        // Top up so the minimum sizes hold for every seed.
        let landlords: Vec<usize> =
            (0..providers.len()).filter(|&i| is_housing(providers[i].category_slugs[0])).collect();
        let mut housing = offers.iter().filter(|o| o.housing.is_some()).count();
        while housing < MIN_HOUSING || offers.len() < MIN_OFFERS {
            let pi = if housing < MIN_HOUSING {
                *self.rng.pick(&landlords)
            } else {
                self.rng.below(providers.len() as u64) as usize
            };
            let slug = *self.rng.pick(&providers[pi].category_slugs);
            housing += usize::from(is_housing(slug));
            offers.push(self.offer(pi, &providers[pi], slug, &areas[pi], &mut titles[pi]));
        }
        offers
    }

    /// One offer; retries a few times to avoid repeating one of the provider's titles.
    fn offer(
        &mut self,
        pi: usize,
        p: &DemoProvider,
        slug: &'static str,
        area: &[usize],
        titles: &mut HashSet<String>,
    ) -> DemoOffer {
        let mut offer = self.offer_body(pi, p, slug, area);
        for _ in 0..6 {
            if !titles.contains(&offer.title) {
                break;
            }
            offer = self.offer_body(pi, p, slug, area);
        }
        titles.insert(offer.title.clone());
        offer.status = ["published", "draft", "archived"][self.rng.weighted(&[95, 3, 2])];
        offer.age_days = self.rng.below(366) as u32;
        offer
    }

    fn offer_body(&mut self, pi: usize, p: &DemoProvider, slug: &'static str, area: &[usize]) -> DemoOffer {
        if is_housing(slug) {
            return self.housing_offer(pi, p, slug);
        }
        let child = child_text(slug);
        let tpl = self.rng.pick(child.offers);
        let bez = if self.rng.chance(15) { vec![self.bezirk_of[p.stadtteil_index]] } else { area.to_vec() };
        let names: Vec<&str> = bez.iter().map(|&b| self.bezirke[b]).collect();
        let mut title = tpl.title.to_string();
        if self.rng.chance(30) {
            let suffix = self.pick(texts::TITLE_SUFFIXES);
            // Area suffixes need exactly one Stadtbezirk; avoid a second "für".
            let fits = if suffix.contains("{b}") {
                names.len() == 1
            } else {
                !(suffix.contains("für") && title.contains("für"))
            };
            if fits {
                title += &texts::fill(suffix, &[("{b}", names.first().copied().unwrap_or_default())]);
            }
        }
        let price =
            (tpl.model != "on_request").then(|| round_price(self.rng.range(tpl.lo, tpl.hi)).clamp(tpl.lo, tpl.hi));
        DemoOffer {
            provider_index: pi,
            category_slug: slug,
            title,
            description: texts::service_description(&mut self.rng, child.details, &names, tpl.model),
            price_model: tpl.model,
            price_cents: price,
            service_bezirke: bez,
            stadtteil_index: None,
            housing: None,
            status: "published",
            age_days: 0,
        }
    }

    fn housing_offer(&mut self, pi: usize, p: &DemoProvider, slug: &'static str) -> DemoOffer {
        let st =
            if self.rng.chance(40) { p.stadtteil_index } else { self.rng.below(self.places.len() as u64) as usize };
        let b = self.bezirk_of[st];
        let (rent, new) = (slug == "wohnen-mieten", slug == "neubauprojekte");
        let house_pct = match (rent, new) {
            (true, _) => 10,
            (_, true) => 30,
            _ => 40,
        };
        let house = self.rng.chance(house_pct);
        let rooms = (if house { 40 + 5 * self.rng.below(5) } else { 10 + 5 * self.rng.below(8) }) as i32;
        // A share per room plus hallway, kitchen and bath, in 0.1 m² steps.
        let per_room = self.rng.range(if house { 2_200 } else { 2_000 }, 2_600);
        let extra = self.rng.range(1_000, if house { 4_500 } else { 2_500 });
        let area = ((i64::from(rooms) * per_room / 10 + extra) / 10 * 10) as i32;
        let plot = if new { (150, 400) } else { (180, 900) };
        let housing = DemoHousing {
            kind: if rent { "rent" } else { "buy" },
            rooms_tenths: rooms,
            living_area_centi_m2: area,
            plot_area_centi_m2: (house && !rent).then(|| self.rng.range(plot.0, plot.1) as i32 * 100),
            energy_class: if new { self.pick(&["A+", "A"]) } else { ENERGY[self.rng.weighted(&ENERGY_WEIGHTS)] },
        };
        // Price per m² within the allowed range, higher in pricier Stadtbezirke.
        let level = (bezirk_profile(self.bezirke[b]).1 + self.rng.range(-250, 250)).clamp(0, 1_000);
        let (lo, hi, step, model) = match (rent, new) {
            (true, _) => (610, 1_090, 100, "per_month"),
            (_, true) => (322_000, 448_000, 10_000, "from"),
            _ => (142_000, 348_000, 100_000, "fixed"),
        };
        let per_m2 = lo + (hi - lo) * level / 1_000;
        let price = (i64::from(area) * per_m2 / 100 + step / 2) / step * step;
        let (title, description) = texts::housing_text(&mut self.rng, &housing, house, new, self.places[st].1);
        DemoOffer {
            provider_index: pi,
            category_slug: slug,
            title,
            description,
            price_model: model,
            price_cents: Some(price),
            service_bezirke: vec![b],
            stadtteil_index: Some(st),
            housing: Some(housing),
            status: "published",
            age_days: 0,
        }
    }

    fn reviews(&mut self, n_users: usize, providers: &[DemoProvider], offers: &[DemoOffer], rounds: u32) -> Vec<DemoReview> {
        let mut bookable: Vec<Vec<usize>> = vec![Vec::new(); providers.len()];
        for (i, o) in offers.iter().enumerate().filter(|(_, o)| o.status == "published") {
            bookable[o.provider_index].push(i);
        }
        // Exact tier shares (shuffled) keep the overall star mean stable across seeds.
        let mut tiers: Vec<usize> = (0..TIER_WEIGHTS.len())
            .flat_map(|t| std::iter::repeat_n(t, providers.len() * TIER_WEIGHTS[t] as usize / 100))
            .collect();
        tiers.resize(providers.len(), 1);
        self.rng.shuffle(&mut tiers);
        let mut seen = HashSet::new();
        let mut reviews = Vec::new();
        for pi in (0..rounds).flat_map(|_| 0..providers.len()) {
            // Well-rated providers are more often among the much-reviewed ones.
            let popular = self.rng.chance(if tiers[pi] < 2 { 20 } else { 6 });
            for _ in 0..4 + self.rng.below(20) + if popular { self.rng.below(40) } else { 0 } {
                reviews.extend(self.review(pi, &providers[pi], tiers[pi], n_users, &bookable[pi], offers, &mut seen));
            }
        }
        while reviews.len() < MIN_REVIEWS {
            let pi = self.rng.below(providers.len() as u64) as usize;
            reviews.extend(self.review(pi, &providers[pi], tiers[pi], n_users, &bookable[pi], offers, &mut seen));
        }
        reviews
    }

    /// A review by an author who has not reviewed this provider yet (None if none was found quickly).
    #[allow(clippy::too_many_arguments)]
    fn review(
        &mut self,
        pi: usize,
        p: &DemoProvider,
        tier: usize,
        n_users: usize,
        bookable: &[usize],
        offers: &[DemoOffer],
        seen: &mut HashSet<(usize, usize)>,
    ) -> Option<DemoReview> {
        // A core of active users writes a large share of the reviews.
        let author = (0..30).find_map(|_| {
            let a = (if self.rng.chance(40) { self.rng.below(200) } else { self.rng.below(n_users as u64) }) as usize;
            seen.insert((a, pi)).then_some(a)
        })?;
        let stars = self.rng.weighted(&STAR_WEIGHTS[tier]) as i16 + 1;
        let offer_index = (!bookable.is_empty() && self.rng.chance(45)).then(|| *self.rng.pick(bookable));
        let offer = offer_index.map(|i| &offers[i]);
        let about = offer.map(|o| (o.title.as_str(), o.housing.is_some()));
        let (title, body) = texts::review_text(&mut self.rng, stars, top_text(top_of(p.category_slugs[0])), about);
        let provenance_weights = if offer.is_some() { [20, 25, 55] } else { [40, 40, 20] };
        Some(DemoReview {
            author_index: author,
            provider_index: pi,
            offer_index,
            stars,
            title,
            body,
            provenance: ["unverified", "verified_resident", "verified_customer"]
                [self.rng.weighted(&provenance_weights)],
            status: if self.rng.chance(98) { "published" } else { "hidden" },
            age_days: self.rng.below(offer.map_or(366, |o| u64::from(o.age_days) + 1)) as u32,
        })
    }
}

#[cfg(test)]
#[path = "generate_tests.rs"]
mod tests;
