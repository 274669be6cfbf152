//! Invariants of the generated demo city.
use super::*;
use std::sync::OnceLock;
use std::time::Instant;

#[rustfmt::skip]
const REAL_NAMES: &[&str] = &[
    "Sparkasse", "Volksbank", "Gebag", "Vivawest", "Vonovia", "Stadtwerke Duisburg", "DVG",
    "Wirtschaftsbetriebe", "Telekom", "Commerzbank", "Deutsche Bank", "ING", "Postbank", "E.ON",
    "RWE", "Vattenfall",
];

fn city() -> &'static DemoCity {
    static CITY: OnceLock<DemoCity> = OnceLock::new();
    CITY.get_or_init(|| generate(2026))
}

/// FNV-1a over every string and number in the city.
fn digest(city: &DemoCity) -> u64 {
    format!("{city:?}").bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

fn share<T>(items: &[T], f: impl Fn(&T) -> bool) -> f64 {
    items.iter().filter(|i| f(i)).count() as f64 * 100.0 / items.len() as f64
}

/// Acronyms must not appear as words, longer names not at all (any case).
fn mentions_real_company(text: &str) -> bool {
    REAL_NAMES.iter().any(|n| match n.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
        true => text.split(|c: char| !c.is_alphanumeric() && c != '.').any(|w| w == *n),
        false => text.to_lowercase().contains(&n.to_lowercase()),
    })
}

fn sentences(text: &str) -> usize {
    text.replace("inkl.", "inkl").matches(['.', '!']).count()
}

/// Sizes and structural invariants that must hold for every seed.
fn check_invariants(c: &DemoCity) {
    let bezirk_of = Gen::new(0).bezirk_of;
    assert!(c.providers.len() >= 320 && c.users.len() >= 800, "{} providers", c.providers.len());
    assert!(c.offers.len() >= 2_100 && c.reviews.len() >= 5_200);
    assert!(c.offers.iter().filter(|o| o.housing.is_some()).count() >= 320);
    let tops: HashSet<&str> = c.providers.iter().map(|p| top_of(p.category_slugs[0])).collect();
    assert_eq!(tops.len(), CATEGORIES.len());
    let homes: HashSet<usize> = c.providers.iter().map(|p| bezirk_of[p.stadtteil_index]).collect();
    assert_eq!(homes.len(), 7);
    let slugs: HashSet<String> = c.providers.iter().map(|p| slugify(&p.name)).collect();
    assert_eq!(slugs.len(), c.providers.len(), "provider names (and their slugs) are unique");
    for p in &c.providers {
        assert!((1..=3).contains(&p.category_slugs.len()) && p.stadtteil_index < 46);
        let top = top_of(p.category_slugs[0]);
        assert!(!top.is_empty() && p.category_slugs.iter().all(|s| top_of(s) == top));
        assert!(p.name.chars().count() <= 100 && p.owner_name.as_ref().is_none_or(|o| o.chars().count() <= 160));
    }
    for (slug, _) in CATEGORIES.iter().flat_map(|c| c.2.iter()) {
        assert!(c.offers.iter().filter(|o| o.category_slug == *slug).count() >= 5, "{slug}");
    }
    for b in 0..7 {
        let here =
            |o: &&DemoOffer| o.service_bezirke.contains(&b) || o.stadtteil_index.is_some_and(|t| bezirk_of[t] == b);
        assert!(c.offers.iter().filter(here).count() >= 20, "Stadtbezirk {b}");
    }
    for o in &c.offers {
        assert!(c.providers[o.provider_index].category_slugs.contains(&o.category_slug));
        assert_eq!(o.housing.is_some(), is_housing(o.category_slug));
        assert_eq!(o.stadtteil_index.is_some(), o.housing.is_some());
        assert_eq!(o.price_cents.is_none(), o.price_model == "on_request", "{}", o.title);
        assert!(o.price_cents.is_none_or(|p| p > 0) && o.title.chars().count() <= 160);
        assert!(o.age_days <= 365 && o.service_bezirke.iter().all(|&b| b < 7));
        assert!((2..=5).contains(&sentences(&o.description)), "{}", o.description);
    }
    let mut pairs = HashSet::new();
    for r in &c.reviews {
        assert!(pairs.insert((r.author_index, r.provider_index)), "one review per author and provider");
        assert!(r.author_index < c.users.len() && (1..=5).contains(&r.stars));
        if let Some(oi) = r.offer_index {
            assert_eq!(c.offers[oi].provider_index, r.provider_index);
            assert!(r.age_days <= c.offers[oi].age_days && c.offers[oi].status == "published");
        }
        assert!(r.body.chars().count() >= 20 && r.age_days <= 365 && sentences(&r.body) <= 4, "{}", r.body);
        assert!(texts::REVIEW_TITLES[r.stars as usize - 1].contains(&r.title.as_str()));
    }
    let emails: HashSet<&str> = c.users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails.len(), c.users.len());
    assert!(c.users.iter().all(|u| u.email.ends_with("@demo.invalid") && u.email.is_ascii()));
}

#[test]
fn sizes_and_invariants_hold_for_several_seeds() {
    check_invariants(city());
    for seed in [0, 1, 42, u64::MAX] {
        check_invariants(&generate(seed));
    }
}

#[test]
fn same_seed_gives_identical_city() {
    assert_eq!(digest(&generate(2026)), digest(city()));
    assert_ne!(digest(&generate(2027)), digest(city()));
}

#[test]
fn providers_are_fictitious_with_plausible_contacts() {
    for p in &city().providers {
        let texts = [&p.name, &p.description, p.owner_name.as_deref().unwrap_or_default()];
        assert!(!texts.iter().any(|t| mentions_real_company(t)), "{}", p.name);
        assert!(p.postal_code.len() == 5 && ("47051"..="47279").contains(&p.postal_code.as_str()));
        assert!(p.phone.as_deref().is_none_or(|t| t.starts_with("0203 ")));
        assert!(p.email.as_deref().is_none_or(|e| e.contains('@') && e.ends_with("-demo.invalid") && e.is_ascii()));
        assert!(p.website.as_deref().is_none_or(|w| w.starts_with("https://") && w.ends_with(".example")));
    }
    assert!(!mentions_real_company("Catering am Ring") && mentions_real_company("ING Bank"));
}

#[test]
fn ownership_mix_matches_targets() {
    let ps = &city().providers;
    assert!((78.0..=92.0).contains(&share(ps, |p| p.ownership == "private")));
    assert!((3.0..=12.0).contains(&share(ps, |p| p.ownership == "cooperative")));
    assert!((4.0..=13.0).contains(&share(ps, |p| p.ownership == "municipal")));
    for p in ps {
        assert_eq!(p.owner_name.is_some(), p.ownership != "private");
        assert!(p.ownership != "cooperative" || p.name.ends_with(" eG"));
    }
}

#[test]
fn housing_offers_are_plausible() {
    let places = districts();
    for o in &city().offers {
        let Some(h) = &o.housing else { continue };
        assert!(o.title.contains(places[o.stadtteil_index.unwrap_or(99)].1), "{}", o.title);
        let (area, rooms) = (h.living_area_centi_m2 / 100, h.rooms_tenths);
        assert!((10..=60).contains(&rooms) && rooms % 5 == 0);
        assert!(rooms * 3 / 2 + 10 <= area && area <= rooms * 3 + 30, "{area} m² for {rooms} rooms");
        assert!(h.plot_area_centi_m2.is_none() || h.kind == "buy");
        assert!(ENERGY.contains(&h.energy_class));
        let per_m2 = o.price_cents.unwrap_or(0) * 100 / i64::from(h.living_area_centi_m2);
        let (model, kind, lo, hi) = match o.category_slug {
            "wohnen-mieten" => ("per_month", "rent", 600, 1_100),
            "wohnen-kaufen" => ("fixed", "buy", 140_000, 350_000),
            _ => ("from", "buy", 320_000, 450_000),
        };
        assert!(o.price_model == model && h.kind == kind);
        assert!((lo..=hi).contains(&per_m2), "{per_m2} ct/m² for {}", o.title);
    }
}

#[test]
fn statuses_and_provenance_are_distributed() {
    let (offers, reviews) = (&city().offers, &city().reviews);
    assert!((91.0..=98.0).contains(&share(offers, |o| o.status == "published")));
    assert!(share(offers, |o| o.status == "draft") > 1.0 && share(offers, |o| o.status == "archived") > 0.5);
    assert!((96.0..=99.5).contains(&share(reviews, |r| r.status == "published")));
    assert!(reviews.iter().all(|r| ["published", "hidden"].contains(&r.status)));
    for p in ["unverified", "verified_resident", "verified_customer"] {
        assert!(share(reviews, |r| r.provenance == p) > 15.0, "{p}");
    }
    assert!(share(reviews, |r| r.offer_index.is_some()) > 25.0);
}

#[test]
fn stars_are_skewed_positive_and_providers_differ() {
    let reviews = &city().reviews;
    let mean = reviews.iter().map(|r| f64::from(r.stars)).sum::<f64>() / reviews.len() as f64;
    assert!((3.75..=4.05).contains(&mean), "mean {mean}");
    assert!((1..=5).all(|s| share(reviews, |r| r.stars == s) >= 3.0));
    let mut sums = vec![(0.0, 0usize); city().providers.len()];
    for r in reviews {
        sums[r.provider_index].0 += f64::from(r.stars);
        sums[r.provider_index].1 += 1;
    }
    let avgs: Vec<f64> = sums.iter().filter(|s| s.1 >= 8).map(|s| s.0 / s.1 as f64).collect();
    assert!(avgs.iter().any(|&a| a < 3.0) && avgs.iter().any(|&a| a > 4.5));
}

#[test]
fn texts_cover_every_category() {
    for (top, _, children) in CATEGORIES {
        let t = top_text(top);
        assert!(t.pos.len() >= 2 && t.neg.len() >= 2 && t.about.len() >= 2);
        assert!(!t.coop_names.is_empty() && !t.muni_names.is_empty() && !t.multi_names.is_empty());
        for (slug, _) in *children {
            let c = child_text(slug);
            assert!(c.names.len() >= 3);
            assert!(is_housing(slug) || (c.offers.len() >= 3 && c.details.len() >= 2), "{slug}");
            assert!(c.offers.iter().all(|o| o.lo <= o.hi && (o.model == "on_request") == (o.hi == 0)));
        }
    }
    assert_eq!(texts::ascii_slug("Özlem Yılmaz & Söhne"), "oezlem-yilmaz-soehne");
    assert_eq!(texts::join_de(&["A", "B", "C"]), "A, B und C");
    assert_eq!(texts::rooms_de(35), "3,5");
}

#[test]
fn rng_is_deterministic_and_bounded() {
    let (mut a, mut b) = (Rng::new(7), Rng::new(7));
    assert!((0..100).all(|_| a.next_u64() == b.next_u64()));
    assert!((0..1_000).all(|_| a.below(10) < 10 && a.range(-3, 3).abs() <= 3));
    assert_eq!(a.below(0), 0);
    assert!((0..100).all(|_| !a.chance(0) && a.chance(100)));
    assert_eq!(*a.pick(&[5]), 5);
}

#[test]
fn generation_is_fast() {
    let start = Instant::now();
    generate(99);
    assert!(start.elapsed().as_secs_f64() < 3.0, "{:?}", start.elapsed());
}
