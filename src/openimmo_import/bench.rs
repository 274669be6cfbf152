//! `bench-openimmo [N]`: import throughput. Generates N synthetic listings
//! (about 2.5 KB of XML each: 20,000 make a ~50 MB file), imports them into
//! a fresh provider, then imports the same file again (all unchanged), and
//! reports listings/s and the peak resident memory (VmHWM).
use std::time::Instant;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};

use crate::db::entities::provider;
use crate::reference::Reference;

pub struct BenchFigures {
    pub listings: usize,
    pub file_bytes: usize,
    pub first_secs: f64,
    /// CPU seconds of the first import (wall time on a busy machine waits for CPU).
    pub first_cpu_secs: Option<f64>,
    pub first: super::ImportReport,
    pub again_secs: f64,
    pub again_cpu_secs: Option<f64>,
    pub again: super::ImportReport,
    pub peak_rss_kib: Option<u64>,
}

/// Peak resident set size of this process in KiB, from /proc (Linux).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU seconds (user + system) this process has used, from /proc (Linux;
/// assumes the usual 100 clock ticks per second).
pub fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

pub async fn run(db: &DatabaseConnection, n: usize) -> Result<BenchFigures, String> {
    let r = Reference::load(db).await.map_err(|e| e.to_string())?;
    let now = Utc::now();
    let p = provider::ActiveModel {
        slug: Set(format!("openimmo-bench-{}", now.timestamp_millis())),
        name: Set("OpenImmo Benchmark Immobilien".into()),
        description: Set("Benchmark".into()),
        street: Set("Königstraße 1".into()),
        postal_code: Set("47051".into()),
        stadtteil_id: Set(Some(r.districts.stadtteile.first().map(|s| s.id).ok_or("no Stadtteile loaded")?)),
        ownership: Set("private".into()),
        is_demo: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| e.to_string())?;
    let xml: std::sync::Arc<[u8]> = openimmo::write(&openimmo::synth::document(n, 42)).into_bytes().into();
    let quiet = |_, _: u64, _: u64| {};
    let (start, cpu) = (Instant::now(), cpu_secs());
    let first = super::import_file(db, &r, p.id, xml.clone(), None, &quiet).await.map_err(|e| e.to_string())?;
    let first_secs = start.elapsed().as_secs_f64();
    let first_cpu_secs = cpu_secs().zip(cpu).map(|(b, a)| b - a);
    let (start, cpu) = (Instant::now(), cpu_secs());
    let again = super::import_file(db, &r, p.id, xml.clone(), None, &quiet).await.map_err(|e| e.to_string())?;
    let again_secs = start.elapsed().as_secs_f64();
    let again_cpu_secs = cpu_secs().zip(cpu).map(|(b, a)| b - a);
    Ok(BenchFigures { listings: n, file_bytes: xml.len(), first_secs, first_cpu_secs, first, again_secs, again_cpu_secs, again, peak_rss_kib: peak_rss_kib() })
}
