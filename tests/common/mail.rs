//! A real SMTP server for the tests: aiosmtpd (PyPI, installed by `make test`
//! into ~/.cache/scd-venv) storing every message in a Maildir.
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct MailSink {
    child: Child,
    dir: PathBuf,
    pub url: String,
}

fn python() -> PathBuf {
    if let Ok(p) = std::env::var("SCD_PYTHON") {
        return p.into();
    }
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    PathBuf::from(home).join(".cache/scd-venv/bin/python")
}

impl MailSink {
    pub fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join("scd-tests").join(format!("mail-{port}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let py = python();
        let child = Command::new(&py)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.join("maildir"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start aiosmtpd with {} ({e}); `make test` installs it", py.display()));
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(15), "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, dir, url: format!("smtp://127.0.0.1:{port}") }
    }

    fn messages(&self) -> Vec<String> {
        let new = self.dir.join("maildir").join("new");
        let mut out: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(new)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, std::fs::read_to_string(e.path()).ok()?)))
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out.into_iter().map(|(_, m)| m).collect()
    }

    /// All messages to `to` so far, decoded (headers + body).
    pub fn to(&self, to: &str) -> Vec<String> {
        self.messages().into_iter().filter(|m| header_has(m, "to", to)).map(|m| decode(&m)).collect()
    }

    /// Waits for the `n`-th message (1-based) to `to`.
    pub async fn nth_to(&self, to: &str, n: usize) -> String {
        let started = Instant::now();
        loop {
            if let Some(m) = self.to(to).into_iter().nth(n - 1) {
                return m;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "no mail #{n} to {to}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn header_has(m: &str, name: &str, value: &str) -> bool {
    m.lines()
        .take_while(|l| !l.is_empty())
        .any(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")) && l.to_ascii_lowercase().contains(&value.to_ascii_lowercase()))
}

/// Undoes the transfer encoding lettre chose (quoted-printable or base64).
fn decode(m: &str) -> String {
    let (head, body) = m.split_once("\n\n").or_else(|| m.split_once("\r\n\r\n")).unwrap_or((m, ""));
    let enc = head.to_ascii_lowercase();
    let text = if enc.contains("content-transfer-encoding: base64") {
        let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        String::from_utf8(base64_decode(&clean)).unwrap_or_default()
    } else if enc.contains("content-transfer-encoding: quoted-printable") {
        quoted_printable(body)
    } else {
        body.to_owned()
    };
    format!("{head}\n\n{text}")
}

fn quoted_printable(s: &str) -> String {
    let s = s.replace("=\r\n", "").replace("=\n", "");
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 3 <= b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64_decode(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=') {
        let Some(v) = A.iter().position(|a| *a == c) else { continue };
        buf = (buf << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}

/// The path of the first link in a mail to `path` (e.g. "/passwort-neu"),
/// with its query: ready to request from the test app.
pub fn link_path(mail: &str, path: &str) -> String {
    let start = mail.find(&format!("{path}?")).unwrap_or_else(|| panic!("no link to {path} in mail:\n{mail}"));
    mail[start..].chars().take_while(|c| !c.is_whitespace()).collect()
}
