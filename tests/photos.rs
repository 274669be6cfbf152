//! Photos over HTTP, on SQLite and PostgreSQL: JPEG, PNG and WebP uploads
//! become re-encoded variants without metadata; refused uploads store
//! nothing and say why in the visitor's language; the image route's cache
//! headers; who may upload, reorder and delete; drafts' photos stay private.
#![cfg(feature = "ssr")]
mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::upload::{jpeg, jpeg_with_exif, multipart, BOUNDARY};
use common::{fixtures, spawn_app, Seed, TestApp};
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{Rgba, RgbaImage};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{audit_log, offer, photo, photo_variant};

fn png(w: u32, h: u32, transparent: bool) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, _| Rgba([200, (x % 256) as u8, 40, if transparent && x < w / 2 { 0 } else { 255 }]));
    let mut out = Vec::new();
    img.write_with_encoder(PngEncoder::new(&mut out)).unwrap();
    out
}

fn webp(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, y| Rgba([(x % 256) as u8, (y % 256) as u8, 10, 255]));
    let mut out = Vec::new();
    img.write_with_encoder(WebPEncoder::new_lossless(&mut out)).unwrap();
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

/// A small PNG whose header claims `w`×`h` pixels (a decompression bomb's shape).
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut p = png(4, 4, false);
    p[16..20].copy_from_slice(&w.to_be_bytes());
    p[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&p[12..29]);
    p[29..33].copy_from_slice(&crc.to_be_bytes());
    p
}

struct Up<'a> {
    pid: i32,
    oid: Option<i32>,
    alt: &'a str,
    name: &'a str,
    ctype: &'a str,
    bytes: &'a [u8],
    accept: &'a str,
    lang: &'a str,
}

impl<'a> Up<'a> {
    fn new(pid: i32, oid: Option<i32>, bytes: &'a [u8]) -> Self {
        Self { pid, oid, alt: "Ein Foto für den Test", name: "foto.jpg", ctype: "image/jpeg", bytes, accept: "*/*", lang: "de" }
    }

    async fn send(&self, app: &TestApp, cookie: Option<&str>) -> reqwest::Response {
        let (pid, oid) = (self.pid.to_string(), self.oid.map(|o| o.to_string()));
        let mut fields = vec![("anbieter", pid.as_str()), ("alt", self.alt)];
        if let Some(o) = &oid {
            fields.push(("angebot", o.as_str()));
        }
        let mut req = app
            .client
            .post(app.url("/fotos/hochladen"))
            .header("origin", &app.base)
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .header("accept", self.accept)
            .header("accept-language", self.lang)
            .body(multipart(&fields, Some((self.name, self.ctype, self.bytes))));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.expect("upload request")
    }
}

/// An owner of a provider with one published offer: (user, cookie, provider, offer).
async fn owner_with_offer(app: &TestApp) -> (i32, String, i32, i32) {
    let (uid, cookie) = fixtures::signed_in(&app.db, "Olga", Role::Resident).await;
    let pid = fixtures::provider(&app.db, "Beispiel Dach", "private", Utc::now()).await;
    fixtures::member(&app.db, pid, uid, "owner").await;
    let o = fixtures::offer(&app.db, pid, 1, "Dachrinne reinigen", Some(5000), Utc::now()).await;
    (uid, cookie, pid, o.id)
}

async fn variants_of(app: &TestApp, photo_id: i32) -> Vec<photo_variant::Model> {
    photo_variant::Entity::find().filter(photo_variant::Column::PhotoId.eq(photo_id)).order_by_asc(photo_variant::Column::Width).all(&app.db).await.unwrap()
}

async fn uploaded(resp: reqwest::Response) -> i32 {
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body.parse().unwrap()
}

async fn photo_count(app: &TestApp) -> (u64, u64) {
    (photo::Entity::find().count(&app.db).await.unwrap(), photo_variant::Entity::find().count(&app.db).await.unwrap())
}

#[tokio::test]
async fn jpeg_png_and_webp_uploads_become_variants_never_upscaled() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie, pid, oid) = owner_with_offer(&app).await;
    let cases: [(Vec<u8>, &str, Vec<(i32, i32)>, &str); 4] = [
        (jpeg(2400, 1200), "image/jpeg", vec![(320, 160), (640, 320), (1280, 640), (1920, 960)], "image/jpeg"),
        (png(700, 350, false), "image/png", vec![(320, 160), (640, 320), (700, 350)], "image/jpeg"),
        (png(500, 250, true), "image/png", vec![(320, 160), (500, 250)], "image/png"),
        (webp(400, 200), "image/webp", vec![(320, 160), (400, 200)], "image/jpeg"),
    ];
    for (bytes, ctype, sizes, stored_as) in cases {
        let id = uploaded(Up { ctype, ..Up::new(pid, Some(oid), &bytes) }.send(&app, Some(&cookie)).await).await;
        let vs = variants_of(&app, id).await;
        assert_eq!(vs.iter().map(|v| (v.width, v.height)).collect::<Vec<_>>(), sizes, "{ctype}");
        for v in &vs {
            assert_eq!(v.mime, stored_as);
            let decoded = image::load_from_memory(&v.bytes).unwrap();
            assert_eq!((decoded.width() as i32, decoded.height() as i32), (v.width, v.height));
        }
    }
    let upload_entries = audit_log::Entity::find().filter(audit_log::Column::Action.eq("photo.upload")).count(&app.db).await.unwrap();
    assert_eq!(upload_entries, 4);
}

#[tokio::test]
async fn exif_is_applied_then_gone_from_every_served_variant() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie, pid, oid) = owner_with_offer(&app).await;
    let original = jpeg_with_exif(800, 400);
    assert!(original.windows(14).any(|w| w == b"GPSSECRET-4711"), "the fixture carries the GPS text");
    let id = uploaded(Up::new(pid, Some(oid), &original).send(&app, Some(&cookie)).await).await;
    let vs = variants_of(&app, id).await;
    // Orientation 6: the 800×400 picture stands upright as 400×800.
    assert_eq!(vs.iter().map(|v| (v.width, v.height)).collect::<Vec<_>>(), vec![(320, 640), (400, 800)]);
    for v in vs {
        let resp = app.get(&format!("/bilder/{id}-{}.jpg", v.width)).await;
        assert_eq!(resp.status().as_u16(), 200);
        let bytes = resp.bytes().await.unwrap();
        assert!(!bytes.windows(14).any(|w| w == b"GPSSECRET-4711"), "GPS data served at {}", v.width);
        assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "an Exif segment served at {}", v.width);
    }
}

#[tokio::test]
async fn refused_uploads_store_nothing_and_say_why_in_the_visitors_language() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie, pid, oid) = owner_with_offer(&app).await;
    let big = {
        let mut b = jpeg(64, 64);
        b.resize(10 * 1024 * 1024 + 100 * 1024, 0);
        b
    };
    let whole = jpeg(300, 200);
    let truncated = whole[..whole.len() / 2].to_vec();
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec();
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>".to_vec();
    let text = b"Dies ist kein Bild, nur umbenannt.".to_vec();
    let bomb = png_claiming(8000, 6000);
    let cases: [(&[u8], &str, &str, u16, &str, &str); 8] = [
        (&big, "foto.jpg", "Ein Foto", 413, "Die Datei ist zu groß", "The file is too large"),
        (&bomb, "bombe.png", "Ein Foto", 422, "zu viele Pixel", "too many pixels"),
        (&gif, "bild.gif", "Ein Foto", 415, "JPEG, PNG oder WebP", "JPEG, PNG or WebP"),
        (&svg, "bild.svg", "Ein Foto", 415, "JPEG, PNG oder WebP", "JPEG, PNG or WebP"),
        (&text, "text.jpg", "Ein Foto", 415, "JPEG, PNG oder WebP", "JPEG, PNG or WebP"),
        (&truncated, "halb.jpg", "Ein Foto", 422, "beschädigt oder unvollständig", "damaged or incomplete"),
        (&whole, "foto.jpg", "   ", 422, "Bitte beschreiben Sie", "Please describe"),
        (&[], "leer.jpg", "Ein Foto", 422, "Bitte wählen Sie eine Bilddatei", "Please choose an image file"),
    ];
    for (bytes, name, alt, status, de, en) in cases {
        for (lang, want) in [("de", de), ("en", en)] {
            let resp = Up { alt, name, lang, ..Up::new(pid, Some(oid), bytes) }.send(&app, Some(&cookie)).await;
            assert_eq!(resp.status().as_u16(), status, "{name} ({lang})");
            let body = resp.text().await.unwrap();
            assert!(body.contains(want), "{name} ({lang}): {body}");
        }
    }
    assert_eq!(photo_count(&app).await, (0, 0), "nothing stored");

    // A browser without JavaScript goes back to the form, which names the
    // problem next to the field and keeps the description typed.
    let resp = Up { accept: "text/html", name: "bild.gif", alt: "Mein Dach", ..Up::new(pid, Some(oid), &gif) }.send(&app, Some(&cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    let back = common::location(&resp);
    assert!(back.starts_with(&format!("/dashboard/{pid}/angebote/{oid}?foto_fehler=falscher_typ")), "{back}");
    let (status, page) = app.page_with_cookie(&back, &cookie).await;
    assert_eq!(status, 200);
    assert!(page.contains("Bitte laden Sie ein Foto im Format JPEG, PNG oder WebP hoch."), "message next to the field");
    assert!(page.contains("value=\"Mein Dach\""), "the description survives");
    let ok = Up { accept: "text/html", ..Up::new(pid, Some(oid), &whole) }.send(&app, Some(&cookie)).await;
    assert_eq!((ok.status().as_u16(), common::location(&ok)), (303, format!("/dashboard/{pid}/angebote/{oid}?foto=gespeichert#fotos")));
    let (_, page) = app.page_with_cookie(&common::location(&ok), &cookie).await;
    assert!(page.contains("Die Fotos wurden gespeichert.") && page.contains("alt=\"Ein Foto für den Test\""), "the form shows the new photo");
}

#[tokio::test]
async fn images_are_cached_for_an_hour_and_drafts_photos_stay_private() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie, pid, oid) = owner_with_offer(&app).await;
    let id = uploaded(Up::new(pid, Some(oid), &jpeg(700, 350)).send(&app, Some(&cookie)).await).await;
    let resp = app.get(&format!("/bilder/{id}-640.jpg")).await;
    assert_eq!(resp.status().as_u16(), 200);
    let h = resp.headers();
    assert_eq!(h["content-type"], "image/jpeg");
    assert_eq!(h["cache-control"], "public, max-age=3600", "a hidden or deleted photo must leave shared caches soon");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let etag = h["etag"].to_str().unwrap().to_owned();
    let again = app.client.get(app.url(&format!("/bilder/{id}-640.jpg"))).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(app.get(&format!("/bilder/{id}-640.png")).await.status().as_u16(), 404, "wrong extension");
    assert_eq!(app.get(&format!("/bilder/{id}-641.jpg")).await.status().as_u16(), 404, "no such width");

    // Back to draft: residents no longer see the photo, members still do.
    offer::Entity::update_many().col_expr(offer::Column::Status, Expr::value("draft")).filter(offer::Column::Id.eq(oid)).exec(&app.db).await.unwrap();
    assert_eq!(app.get(&format!("/bilder/{id}-640.jpg")).await.status().as_u16(), 404);
    let own = app.client.get(app.url(&format!("/bilder/{id}-640.jpg"))).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(own.status().as_u16(), 200);
    assert_eq!(own.headers()["cache-control"], "private, no-cache");
}

async fn change(app: &TestApp, id: i32, action: &str, alt: &str, cookie: Option<&str>) -> u16 {
    app.post_form(&format!("/fotos/{id}"), &[("aktion", action), ("alt", alt)], cookie).await.status().as_u16()
}

#[tokio::test]
async fn only_the_providers_people_change_its_photos() {
    let app = spawn_app(Seed::Empty).await;
    let (_, owner, pid, oid) = owner_with_offer(&app).await;
    let (mid, member) = fixtures::signed_in(&app.db, "Mia", Role::Resident).await;
    fixtures::member(&app.db, pid, mid, "member").await;
    let (_, stranger) = fixtures::signed_in(&app.db, "Sven", Role::Resident).await;
    let (_, moderator) = fixtures::signed_in(&app.db, "Moni", Role::Moderator).await;
    let (_, admin) = fixtures::signed_in(&app.db, "Adam", Role::Admin).await;
    let other = fixtures::provider(&app.db, "Andere Firma", "private", Utc::now()).await;
    let bytes = jpeg(100, 80);

    // Upload: (who, status).
    for (who, cookie, status) in [("anonymous", None, 401), ("stranger", Some(&stranger), 403), ("moderator", Some(&moderator), 403), ("member", Some(&member), 201), ("owner", Some(&owner), 201), ("admin", Some(&admin), 201)] {
        let resp = Up::new(pid, Some(oid), &bytes).send(&app, cookie.map(String::as_str)).await;
        assert_eq!(resp.status().as_u16(), status, "{who} uploads");
    }
    // An offer of another provider cannot be reached through this one.
    assert_eq!(Up::new(other, Some(oid), &bytes).send(&app, Some(&admin)).await.status().as_u16(), 404);
    assert_eq!(photo_count(&app).await.0, 3);

    let ids: Vec<i32> = photo::Entity::find().order_by_asc(photo::Column::Id).all(&app.db).await.unwrap().iter().map(|p| p.id).collect();
    for action in ["hoch", "runter", "alt", "loeschen"] {
        assert_eq!(change(&app, ids[1], action, "Neu", None).await, 401, "anonymous {action}");
        assert_eq!(change(&app, ids[1], action, "Neu", Some(&stranger)).await, 403, "stranger {action}");
        assert_eq!(change(&app, ids[1], action, "Neu", Some(&moderator)).await, 403, "moderator {action}");
    }
    assert_eq!(photo_count(&app).await.0, 3, "nothing changed by outsiders");
    assert_eq!(change(&app, ids[2], "alt", "   ", Some(&member)).await, 422, "the description stays required");
    assert_eq!(change(&app, ids[2], "alt", "Die Rinne nachher", Some(&member)).await, 204);
    assert_eq!(change(&app, ids[2], "hoch", "", Some(&member)).await, 204);
    assert_eq!(change(&app, ids[0], "loeschen", "", Some(&member)).await, 204);
    let left = photo::Entity::find().order_by_asc(photo::Column::Position).all(&app.db).await.unwrap();
    assert_eq!(left.iter().map(|p| (p.id, p.alt_text.as_str())).collect::<Vec<_>>(), vec![(ids[2], "Die Rinne nachher"), (ids[1], "Ein Foto für den Test")]);
    for action in ["photo.upload", "photo.alt", "photo.move", "photo.delete"] {
        assert!(audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).count(&app.db).await.unwrap() >= 1, "{action} audited");
    }
}

#[tokio::test]
async fn the_first_photo_is_the_cover_the_offer_page_shows_all_and_the_logo_the_provider() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie, pid, oid) = owner_with_offer(&app).await;
    let first = uploaded(Up { alt: "Rinne vorher", ..Up::new(pid, Some(oid), &jpeg(1000, 500)) }.send(&app, Some(&cookie)).await).await;
    let second = uploaded(Up { alt: "Rinne nachher", ..Up::new(pid, Some(oid), &jpeg(900, 600)) }.send(&app, Some(&cookie)).await).await;
    let (_, list) = app.page("/angebote").await;
    assert!(list.contains(&format!("srcset=\"/bilder/{first}-320.jpg 320w, /bilder/{first}-640.jpg 640w, /bilder/{first}-1000.jpg 1000w\"")), "cover on the card");
    assert!(list.contains("loading=\"lazy\""));
    assert!(!list.contains(&format!("/bilder/{second}-")), "only the cover on the card");
    assert_eq!(change(&app, second, "hoch", "", Some(&cookie)).await, 204);
    let (_, list) = app.page("/angebote").await;
    assert!(list.contains(&format!("/bilder/{second}-320.jpg 320w")), "the new first photo is the cover");

    let o = offer::Entity::find_by_id(oid).one(&app.db).await.unwrap().unwrap();
    let (_, page) = app.page(&format!("/angebote/{oid}-{}", o.slug)).await;
    let (a, b) = (page.find("alt=\"Rinne nachher\"").expect("gallery shows the second"), page.find("alt=\"Rinne vorher\"").expect("and the first"));
    assert!(a < b, "in their order");
    assert!(
        page.contains(&format!("srcset=\"/bilder/{first}-320.jpg 320w, /bilder/{first}-640.jpg 640w, /bilder/{first}-1000.jpg 1000w\"")),
        "the gallery offers each photo's widths, ascending"
    );

    // The logo: on the provider page and on the offer cards.
    let logo = uploaded(Up { oid: None, alt: "Logo der Beispiel Dach", ctype: "image/png", ..Up::new(pid, None, &png(300, 300, true)) }.send(&app, Some(&cookie)).await).await;
    assert_eq!(variants_of(&app, logo).await.iter().map(|v| v.mime.as_str()).collect::<Vec<_>>(), vec!["image/png"], "300 px wide: one size, never upscaled");
    let (_, provider_page) = app.page(&format!("/anbieter/{pid}-beispiel-dach")).await;
    assert!(provider_page.contains(&format!("/bilder/{logo}-300.png")), "logo on the provider page");
    let (_, list) = app.page("/angebote").await;
    assert!(list.contains(&format!("/bilder/{logo}-300.png")), "and on the offer cards (decorative there, next to the name)");
    // A new logo replaces the old one.
    let newer = uploaded(Up { oid: None, ..Up::new(pid, None, &png(200, 100, false)) }.send(&app, Some(&cookie)).await).await;
    assert_eq!(photo::Entity::find().filter(photo::Column::Kind.eq("logo")).all(&app.db).await.unwrap().iter().map(|p| p.id).collect::<Vec<_>>(), vec![newer]);
    assert_eq!(app.get(&format!("/bilder/{logo}-300.png")).await.status().as_u16(), 404);
}

#[tokio::test]
async fn a_saved_photo_reaches_open_pages_live() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie, pid, oid) = owner_with_offer(&app).await;
    let mut resp = reqwest::Client::new().get(app.url(&format!("/live?angebote={oid}"))).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let mut seen = String::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut sent = false;
    while !seen.contains(&format!("\"offer_id\":{oid}")) {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no live event for the photo: {seen}");
        match tokio::time::timeout(left, resp.chunk()).await {
            Ok(Ok(Some(bytes))) => seen.push_str(&String::from_utf8_lossy(&bytes)),
            other => panic!("stream ended: {other:?}"),
        }
        if !sent && seen.contains(':') {
            sent = true;
            uploaded(Up::new(pid, Some(oid), &jpeg(50, 50)).send(&app, Some(&cookie)).await).await;
        }
    }
}

#[tokio::test]
async fn the_demo_city_has_generated_logos_and_covers() {
    let app = spawn_app(Seed::Demo).await;
    let count = |kind: &'static str| photo::Entity::find().filter(photo::Column::Kind.eq(kind)).count(&app.db);
    assert_eq!((count("logo").await.unwrap(), count("offer").await.unwrap()), (8, 12));
    let logo = photo::Entity::find().filter(photo::Column::Kind.eq("logo")).one(&app.db).await.unwrap().unwrap();
    let resp = app.get(&format!("/bilder/{}-192.png", logo.id)).await;
    assert_eq!((resp.status().as_u16(), resp.headers()["content-type"].to_str().unwrap()), (200, "image/png"), "a transparent logo stays PNG");
    let cover = photo::Entity::find().filter(photo::Column::Kind.eq("offer")).one(&app.db).await.unwrap().unwrap();
    let o = offer::Entity::find_by_id(cover.offer_id.unwrap()).one(&app.db).await.unwrap().unwrap();
    let (status, page) = app.page(&format!("/angebote/{}-{}", o.id, o.slug)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("/bilder/{}-640.jpg", cover.id)), "the gallery shows the generated cover");
}

/// Sends an upload's headers and the start of its body, never the rest,
/// and returns the status the server answers with meanwhile (if any).
async fn status_before_the_body_is_sent(app: &TestApp, cookie: Option<&str>, pid: i32) -> Option<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let mut start = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"anbieter\"\r\n\r\n{pid}\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"gross.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    start.extend(std::iter::repeat_n(0xffu8, 4096));
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let head = format!(
        "POST /fotos/hochladen HTTP/1.1\r\nHost: {addr}\r\nOrigin: {}\r\nAccept: */*\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: 9000000\r\n{cookie}Connection: close\r\n\r\n",
        app.base
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(&start).await.unwrap();
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf)).await.ok()?.ok()?;
    std::str::from_utf8(&buf[..n]).ok()?.split(' ').nth(1)?.parse().ok()
}

#[tokio::test]
async fn who_may_upload_is_checked_before_the_file_is_read() {
    let app = spawn_app(Seed::Empty).await;
    let (_, _owner, pid, _) = owner_with_offer(&app).await;
    let (_, stranger) = fixtures::signed_in(&app.db, "Sven Fremd", Role::Resident).await;
    assert_eq!(status_before_the_body_is_sent(&app, None, pid).await, Some(401), "anonymous");
    assert_eq!(status_before_the_body_is_sent(&app, Some(&stranger), pid).await, Some(403), "not a member");
}
