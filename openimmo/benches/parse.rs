//! Parse throughput: `cargo bench -p openimmo --bench parse [N]` prints
//! listings/s and MB/s for a synthetic document of N listings (default 20,000).
use std::time::Instant;

fn main() {
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(20_000);
    let xml = openimmo::write(&openimmo::synth::document(n, 7));
    let mb = xml.len() as f64 / 1e6;
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let parsed = openimmo::parse(xml.as_bytes()).expect("synthetic document parses");
        assert_eq!(parsed.report.listings, n);
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "openimmo parse: {n} listings, {mb:.1} MB in {:.3} s (best of 3) = {:.0} listings/s, {:.1} MB/s",
        best,
        n as f64 / best,
        mb / best
    );
}
