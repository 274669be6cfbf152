//! The server binary. `smart-city-duisburg [serve|migrate|seed-demo|admin create|bench-seed|bench-search]`.
use smart_city_duisburg::{bench, db, demo, server};
use std::process::ExitCode;

const USAGE: &str = "usage: smart-city-duisburg [serve | migrate | seed-demo | admin create EMAIL NAME
                            | bench-seed OFFERS REVIEWS | bench-search [ROUNDS] [-v]]

  serve         migrate, fill an empty database with the demo city (unless
                SCD_DEMO=0) and serve the site (default)
  migrate       apply pending migrations and exit
  seed-demo     load the demo city into an empty database and exit
  admin create EMAIL NAME
                create an administrator (verified); the password is read from
                SCD_ADMIN_PASSWORD or, if unset, from the first line of stdin
  bench-seed    fill an empty database with a large generated city (benchmark)
  bench-search  time the search of the results page over 50 queries (benchmark)
  bench-live [SUBSCRIBERS] [SAVES]
              time from a provider's save to its arrival at SUBSCRIBERS open
              pages (server-sent events; benchmark, default 1000 x 20)

environment: DATABASE_URL (default sqlite://data/smart-city-duisburg.db),
LEPTOS_SITE_ADDR (default 127.0.0.1:3000), SCD_DEMO, SCD_PUBLIC_URL, SCD_LOG_FORMAT=json,
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

async fn seed(config: &server::Config) -> Result<(), String> {
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| e.to_string())?;
    match demo::seed_if_empty(&db).await.map_err(|e| e.to_string())? {
        Some(stats) => tracing::info!(?stats, "demo city loaded"),
        None => tracing::info!("database already has providers; demo city not loaded"),
    }
    Ok(())
}

async fn admin(config: &server::Config, args: Vec<String>) -> Result<(), String> {
    use smart_city_duisburg::accounts::{domain, password, store};
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

async fn serve(config: server::Config) -> Result<(), String> {
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    if config.seed_demo {
        if let Some(stats) = demo::seed_if_empty(&db).await.map_err(|e| format!("demo data: {e}"))? {
            tracing::info!(?stats, "empty database: demo city loaded");
        }
    }
    let addr = config.leptos.site_addr;
    let state = server::AppState::new(db, config.leptos.clone())
        .await
        .map_err(|e| format!("database: {e}"))?
        .configured(&config)?
        .with_public_origin(config.public_origin.clone());
    let app = server::router::build(state);
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
