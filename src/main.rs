//! The server binary. `smart-city-duisburg [serve|migrate|seed-demo|admin create|admin grant-role|backup|restore|bench-*|import-openimmo|export-openimmo]`.
use smart_city_duisburg::{app, bench, db, demo, openimmo_import, reference, server};
use std::process::ExitCode;

/// mimalloc rather than glibc's malloc: loading the catalogue makes tens of
/// millions of small allocations, and glibc's bookkeeping took a third of
/// the time, more the larger the heap (README, "Crates we chose").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: smart-city-duisburg [serve | migrate | seed-demo | admin create EMAIL NAME | admin grant-role EMAIL ROLE
                            | admin mail-failed | admin mail-retry [ID] | backup FILE | restore FILE
                            | bench-seed OFFERS REVIEWS | bench-search [ROUNDS] [-v]
                            | import-openimmo FILE --provider ID | export-openimmo --provider ID [FILE]]

  serve         migrate, fill an empty database with the demo city (unless
                SCD_DEMO=0) and serve the site (default)
  migrate       apply pending migrations and exit
  seed-demo     load the demo city into an empty database and exit
  admin create EMAIL NAME
                create an administrator (verified); the password is read from
                SCD_ADMIN_PASSWORD or, if unset, from the first line of stdin
  admin grant-role EMAIL ROLE
                make an account resident, moderator or admin (audited; the
                last administrator cannot be demoted)
  admin mail-failed
                list the mails the outbox could not deliver
  admin mail-retry [ID]
                queue failed mails (all, or the one with ID) again
  bench-seed    fill an empty database with a large generated city (benchmark)
  bench-search  time the search of the results page over 56 queries (benchmark)
  bench-live [SUBSCRIBERS] [SAVES]
              time from a provider's save to its arrival at SUBSCRIBERS open
              pages (server-sent events; benchmark, default 1000 x 20)
  import-openimmo FILE --provider ID
                import an OpenImmo XML or ZIP file into the provider's housing
                offers (one transaction) and print the report
  export-openimmo --provider ID [FILE]
                write the provider's published housing offers as OpenImmo
                1.2.7 (to FILE, else to stdout)
  backup FILE   write the whole database (photos included) to FILE while the
                site runs, and check it: SQLite: VACUUM INTO; PostgreSQL:
                pg_dump --format=custom
  restore FILE  replace the database with a backup (stop every instance
                first; SQLite refuses while the file is in use)
  bench-catchup [LISTINGS]
                time from an import's commit (default 100000 listings) until
                two independently following catalogues list every imported
                offer, with writers busy meanwhile; then the list p99
                normally and during a full reload (benchmark)
  bench-alerts [SEARCHES] [LISTINGS]
                save SEARCHES (default 10000) searches, import LISTINGS
                (default 20000) flats and time the alert matching (benchmark)
  bench-openimmo [LISTINGS]
                time importing LISTINGS generated listings (default 20000,
                ~50 MB) and their unchanged re-import; prints listings/s and
                peak memory (benchmark)

environment: DATABASE_URL (default sqlite://data/smart-city-duisburg.db),
LEPTOS_SITE_ADDR (default 127.0.0.1:3000), SCD_DEMO, SCD_PUBLIC_URL, SCD_LOG_FORMAT=json,
SCD_METRICS_TOKEN, SCD_METRICS_ADDR (see the README),
RUST_LOG";

#[tokio::main]
async fn main() -> ExitCode {
    let cmd = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    if matches!(cmd.as_str(), "-h" | "--help" | "help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let config = match server::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::FAILURE;
        }
    };
    init_tracing(config.json_logs);
    let result = match cmd.as_str() {
        "serve" => serve(config).await,
        "migrate" => db::connect_and_migrate(&config.database_url).await.map(|_| ()).map_err(|e| e.to_string()),
        "seed-demo" => seed(&config).await,
        "admin" => admin(&config, std::env::args().skip(2).collect()).await,
        "bench-seed" => bench_seed(&config).await,
        "bench-search" => bench_search(&config).await,
        "bench-live" => bench_live(&config).await,
        "import-openimmo" => import_openimmo(&config).await,
        "export-openimmo" => export_openimmo(&config).await,
        "bench-openimmo" => bench_openimmo(&config).await,
        "bench-catchup" => bench_catchup(&config).await,
        "bench-alerts" => bench_alerts(&config).await,
        "backup" => backup(&config, false).await,
        "restore" => backup(&config, true).await,
        other => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The outbox from the command line: list what failed, queue it again.
async fn mail_admin(config: &server::Config, cmd: &str, id: Option<&String>) -> Result<(), String> {
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    if cmd == "mail-failed" {
        for m in server::outbox::undelivered(&db).await.map_err(|e| e.to_string())? {
            println!("{}\t{}\t{} attempts\t{}\t{}\t{}", m.id, m.state, m.attempts, m.created_at.to_rfc3339(), m.subject, m.last_error.unwrap_or_default());
        }
        return Ok(());
    }
    let id = match id {
        Some(s) => Some(s.parse::<i32>().map_err(|_| format!("not a mail id: {s:?}"))?),
        None => None,
    };
    let n = server::outbox::retry_failed(&db, id).await.map_err(|e| e.to_string())?;
    println!("{n} mail(s) queued again");
    Ok(())
}

async fn seed(config: &server::Config) -> Result<(), String> {
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    match demo::seed_if_empty(&db).await.map_err(|e| e.to_string())? {
        Some(stats) => tracing::info!(?stats, "demo city loaded"),
        None => tracing::info!("database already has providers; demo city not loaded"),
    }
    Ok(())
}

async fn admin(config: &server::Config, args: Vec<String>) -> Result<(), String> {
    use smart_city_duisburg::accounts::{domain, password, roles, store};
    if let Some(cmd @ ("mail-failed" | "mail-retry")) = args.first().map(String::as_str) {
        return mail_admin(config, cmd, args.get(1)).await;
    }
    if let [cmd, email, role] = args.as_slice() {
        if cmd == "grant-role" {
            let email = domain::Email::parse(email).map_err(|e| e.message())?;
            let role = roles::parse_role(role).ok_or_else(|| format!("unknown role {role:?}: resident, moderator or admin"))?;
            let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
            let user = store::by_email(&db, &email).await.map_err(|e| e.to_string())?.ok_or_else(|| roles::RoleError::NoSuchAccount.to_string())?;
            let changed = roles::set_role(&db, None, user.id, role).await.map_err(|e| e.to_string())?;
            println!("{} is {}{}", email.as_str(), role.as_str(), if changed { "" } else { " already" });
            return Ok(());
        }
    }
    let [cmd, email, name] = args.as_slice() else { return Err(USAGE.into()) };
    if cmd != "create" {
        return Err(USAGE.into());
    }
    let email = domain::Email::parse(email).map_err(|e| e.message())?;
    let name = domain::DisplayName::parse(name).map_err(|e| e.message())?;
    let raw = match std::env::var("SCD_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let pw = domain::NewPassword::parse(&raw, &raw, Some(&email)).map_err(|e| e.message())?;
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    if store::by_email(&db, &email).await.map_err(|e| e.to_string())?.is_some() {
        return Err(format!("an account with {} exists already", email.as_str()));
    }
    let hash = password::hash(&pw).await.map_err(|e| e.to_string())?;
    let user = store::create_user(&db, &name, &email, hash, domain::Role::Admin, true).await.map_err(|e| e.to_string())?;
    println!("administrator {} created (id {})", email.as_str(), user.id);
    Ok(())
}

fn arg(n: usize) -> Option<String> {
    std::env::args().nth(n).filter(|a| !a.starts_with('-'))
}

async fn bench_seed(config: &server::Config) -> Result<(), String> {
    let number = |n: usize, default: usize| arg(n).map_or(Ok(default), |a| a.parse::<usize>().map_err(|e| format!("{a}: {e}")));
    let (offers, reviews) = (number(2, 100_000)?, number(3, 1_000_000)?);
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    let s = bench::seed::seed(&db, offers, reviews).await.map_err(|e| e.to_string())?;
    println!(
        "seeded {} offers, {} reviews, {} providers, {} users in {:.1} s; search index built in {:.1} s",
        s.offers, s.reviews, s.providers, s.users, s.insert_secs, s.index_secs
    );
    Ok(())
}

async fn bench_search(config: &server::Config) -> Result<(), String> {
    let rounds = arg(2).map_or(Ok(5), |a| a.parse::<usize>().map_err(|e| format!("{a}: {e}")))?;
    let verbose = std::env::args().any(|a| a == "-v");
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    bench::report_search(&db, rounds, verbose).await
}

async fn bench_live(config: &server::Config) -> Result<(), String> {
    let number = |n: usize, default: usize| arg(n).map_or(Ok(default), |a| a.parse::<usize>().map_err(|e| format!("{a}: {e}")));
    let (subscribers, saves) = (number(2, 1000)?, number(3, 20)?);
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    let f = bench::live::run(db, config.leptos.clone(), subscribers, saves).await?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let p = bench::live::LiveFigures::percentile;
    println!(
        "live updates: {} subscribers x {} saves, {} of {} delivered; save -> visible p50 {:.1} ms  p95 {:.1} ms  max {:.1} ms; save request p50 {:.1} ms",
        f.subscribers,
        f.saves,
        f.delivered,
        f.subscribers * f.saves,
        ms(p(&f.latencies, 0.50)),
        ms(p(&f.latencies, 0.95)),
        ms(p(&f.latencies, 1.0)),
        ms(p(&f.save_times, 0.50)),
    );
    Ok(())
}

fn provider_arg() -> Result<i32, String> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == "--provider").ok_or("--provider ID is required")?;
    let id = args.get(at + 1).ok_or("--provider needs an ID")?;
    id.parse().map_err(|e| format!("--provider {id}: {e}"))
}

/// Positional arguments after the command, without `--provider ID`.
fn plain_args() -> Vec<String> {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if std::mem::take(&mut skip) {
            continue;
        }
        if a == "--provider" {
            skip = true;
        } else {
            out.push(a);
        }
    }
    out
}

async fn import_openimmo(config: &server::Config) -> Result<(), String> {
    use indicatif::{ProgressBar, ProgressStyle};
    use smart_city_duisburg::openimmo_import::progress::Phase;
    let provider = provider_arg()?;
    let file = plain_args().into_iter().next().ok_or("import-openimmo FILE --provider ID")?;
    let bytes = std::fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    let r = reference::Reference::load(&db).await.map_err(|e| e.to_string())?;
    let bar = ProgressBar::new(0);
    bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} listings {msg}").map_err(|e| e.to_string())?);
    let progress = |phase: Phase, done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
        match phase {
            Phase::Listings if done == total => bar.set_message("- writing to the database"),
            Phase::Images => bar.set_message("- photos"),
            _ => {}
        }
    };
    let result = openimmo_import::import_file(&db, &r, provider, bytes.into(), None, &progress).await;
    bar.finish_and_clear();
    let report = result.map_err(|e| format!("{file}: {e} (nothing was changed)"))?;
    print!("{report}");
    Ok(())
}

async fn export_openimmo(config: &server::Config) -> Result<(), String> {
    let provider = provider_arg()?;
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    let r = reference::Reference::load(&db).await.map_err(|e| e.to_string())?;
    let (xml, n) = openimmo_import::export::export(&db, &r, provider).await.map_err(|e| e.to_string())?;
    match plain_args().into_iter().next() {
        Some(file) => {
            std::fs::write(&file, xml).map_err(|e| format!("{file}: {e}"))?;
            eprintln!("{n} listings written to {file}");
        }
        None => print!("{xml}"),
    }
    Ok(())
}

async fn bench_openimmo(config: &server::Config) -> Result<(), String> {
    let n = arg(2).map_or(Ok(20_000), |a| a.parse::<usize>().map_err(|e| format!("{a}: {e}")))?;
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    let f = openimmo_import::bench::run(&db, n).await?;
    let backend = format!("{:?}", sea_orm::ConnectionTrait::get_database_backend(&db));
    let cpu = |c: Option<f64>| c.map_or(String::new(), |c| format!(", {c:.2} s CPU"));
    println!(
        "openimmo import ({backend}): {} listings, {:.1} MB: first import {:.2} s{} = {:.0} listings/s (created {}); \
         same file again {:.2} s{} = {:.0} listings/s (unchanged {}); peak RSS {} MiB",
        f.listings,
        f.file_bytes as f64 / 1e6,
        f.first_secs,
        cpu(f.first_cpu_secs),
        f.listings as f64 / f.first_secs,
        f.first.created,
        f.again_secs,
        cpu(f.again_cpu_secs),
        f.listings as f64 / f.again_secs,
        f.again.unchanged,
        f.peak_rss_kib.map_or("?".into(), |k| (k / 1024).to_string()),
    );
    Ok(())
}

async fn bench_catchup(config: &server::Config) -> Result<(), String> {
    let n = arg(2).map_or(Ok(100_000), |a| a.parse::<usize>().map_err(|e| format!("{a}: {e}")))?;
    let f = bench::catchup::run(&config.database_url, n).await?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let visible: Vec<String> = f.visible_after.iter().map(|d| format!("{:.0} ms", ms(*d))).collect();
    println!(
        "catch-up: import of {} listings committed after {:.1} s (with {} concurrent writes); listed by every catalogue after {} (target <= 2000 ms)",
        f.listings, f.import_secs, f.concurrent_writes, visible.join(" / ")
    );
    println!(
        "list p99: {:.2} ms normally, {:.2} ms during a full reload ({} lists in {:.1} s; ratio {:.2}, target <= 2)",
        ms(f.list_p99),
        ms(f.list_p99_during_reload),
        f.lists_during_reload,
        f.reload_secs,
        f.list_p99_during_reload.as_secs_f64() / f.list_p99.as_secs_f64().max(1e-9)
    );
    Ok(())
}

async fn bench_alerts(config: &server::Config) -> Result<(), String> {
    let num = |i: usize, default: usize| arg(i).map_or(Ok(default), |a| a.parse::<usize>().map_err(|e| format!("{a}: {e}")));
    let f = bench::alerts::run(&config.database_url, num(2, 10_000)?, num(3, 20_000)?).await?;
    println!(
        "alerts: {} new listings matched against {} saved searches over {} offers in {:.1} s (catalogue asked {:.1} s; {} hits; catalogue caught up in {:.1} s before; peak RSS {} MB; target <= 30 s)",
        f.listings,
        f.searches,
        f.offers_before,
        f.matched.as_secs_f64(),
        f.asking.as_secs_f64(),
        f.hits,
        f.catch_up.as_secs_f64(),
        f.peak_rss_mb
    );
    Ok(())
}

async fn backup(config: &server::Config, restore: bool) -> Result<(), String> {
    let file = plain_args().into_iter().next().ok_or(if restore { "restore FILE" } else { "backup FILE" })?;
    let path = std::path::Path::new(&file);
    if restore {
        let s = db::backup::restore(&config.database_url, path).await?;
        println!("restored {file}: {s}");
    } else {
        let s = db::backup::backup(&config.database_url, path).await?;
        println!("backup written to {file} and checked: {s}");
    }
    Ok(())
}

async fn serve(config: server::Config) -> Result<(), String> {
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    if config.seed_demo {
        if let Some(stats) = demo::seed_if_empty(&db).await.map_err(|e| format!("demo data: {e}"))? {
            tracing::info!(?stats, "empty database: demo city loaded");
        }
    }
    let addr = config.leptos.site_addr;
    let state = app::AppState::new(db, config.leptos.clone())
        .await
        .map_err(|e| format!("database: {e}"))?
        .configured(&config)?
        .with_public_origin(config.public_origin.clone());
    state.start_workers();
    if let Some(addr) = config.metrics_addr {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr} (SCD_METRICS_ADDR): {e}"))?;
        tracing::info!("metrics on http://{addr}/metrics");
        let private = app::metrics::private_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, private).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    let app = app::router::build(state);
    let listener = server::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("listening on http://{addr}");
    server::serve(listener, app, server::shutdown_signal()).await.map_err(|e| e.to_string())
}

fn init_tracing(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
