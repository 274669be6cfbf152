//! The server binary in a process of its own, as production runs it (its
//! own runtime, pool and change listener): several of them make several
//! instances. Killed when dropped, however the test ends.
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct ServerProcess {
    child: Child,
    pub port: u16,
    pub base: String,
}

impl ServerProcess {
    /// `serve` on a free port over `url`, with `env` added; its standard
    /// error goes to `log` when given.
    pub fn start(url: &str, env: &[(&str, &str)], log: Option<&std::path::Path>) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let site = std::env::temp_dir().join("scd-tests").join(format!("site-{port}"));
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_smart-city-duisburg"));
        cmd.arg("serve")
            .env("DATABASE_URL", url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", &site)
            .env("LEPTOS_OUTPUT_NAME", "scd")
            // No hashed asset names to look up next to the binary.
            .env("LEPTOS_HASH_FILES", "false")
            .env("SCD_DEMO", "0")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        if let Some(path) = log {
            cmd.stderr(std::fs::File::create(path).expect("log file"));
        }
        let child = cmd.spawn().expect("start the server binary");
        Self { child, port, base: format!("http://127.0.0.1:{port}") }
    }

    /// Waits for `/readyz`.
    pub async fn ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while reqwest::get(format!("{}/readyz", self.base)).await.map(|r| r.status().as_u16()).ok() != Some(200) {
            assert!(Instant::now() < deadline, "server on {} did not become ready", self.base);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
