//! The server binary. `smart-city-duisburg [serve|migrate|seed-demo]`.
use smart_city_duisburg::{db, demo, server};
use std::process::ExitCode;

const USAGE: &str = "usage: smart-city-duisburg [serve | migrate | seed-demo]

  serve       migrate, fill an empty database with the demo city (unless
              SCD_DEMO=0) and serve the site (default)
  migrate     apply pending migrations and exit
  seed-demo   load the demo city into an empty database and exit

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

async fn serve(config: server::Config) -> Result<(), String> {
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    if config.seed_demo {
        if let Some(stats) = demo::seed_if_empty(&db).await.map_err(|e| format!("demo data: {e}"))? {
            tracing::info!(?stats, "empty database: demo city loaded");
        }
    }
    let addr = config.leptos.site_addr;
    let state = server::AppState::new(db, config.leptos)
        .await
        .map_err(|e| format!("database: {e}"))?
        .with_public_origin(config.public_origin);
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
