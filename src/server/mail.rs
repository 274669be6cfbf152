//! Outgoing e-mail. With `SMTP_URL` set (e.g. `smtp://127.0.0.1:2525`,
//! `smtps://user:pass@mail.example:465`, `smtp://…?tls=required`) messages go
//! through that server; without it each is written as a file to
//! `SCD_MAIL_DIR` (readable by the server's user only), so a local run needs
//! no mail server and the links are still at hand. The log names the file
//! and the subject, never the recipient or the body: a body holds live
//! sign-in and reset links.
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long one delivery may take before it counts as failed (and is retried).
pub const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

pub const DEFAULT_FROM: &str = "Smart City Duisburg <noreply@smart-city-duisburg.invalid>";

pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    /// Where mails go without SMTP; None: nowhere (the default state before
    /// configuration, used by tests that do not read mail).
    dir: Option<std::path::PathBuf>,
    from: Mailbox,
}

static FILE_SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("smtp", &self.transport.is_some()).field("dir", &self.dir).field("from", &self.from.to_string()).finish()
    }
}

impl Mailer {
    /// `smtp_url`: None writes mails as files to `dir`.
    pub fn new(smtp_url: Option<&str>, from: &str, dir: &std::path::Path) -> Result<Self, String> {
        let transport = match smtp_url {
            Some(url) => Some(AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| format!("SMTP_URL: {e}"))?.timeout(Some(SMTP_TIMEOUT)).build()),
            None => None,
        };
        let from = from.parse().map_err(|e| format!("SCD_MAIL_FROM: {e}"))?;
        Ok(Self { transport, dir: Some(dir.to_owned()), from })
    }

    /// Sends nothing (logs the subject): before the configuration is applied.
    pub fn log_only() -> Self {
        Self { transport: None, dir: None, from: DEFAULT_FROM.parse().expect("default sender") }
    }

    /// Writes the mail to its own file, created for the server's user only.
    fn to_file(dir: &std::path::Path, from: &Mailbox, to: &str, subject: &str, headers: &[(String, String)], body: &str) -> std::io::Result<std::path::PathBuf> {
        use std::io::Write;
        std::fs::create_dir_all(dir)?;
        let n = FILE_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("{}-{}-{n}.eml", chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"), std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&path)?;
        write!(f, "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\n")?;
        for (name, value) in headers {
            write!(f, "{name}: {value}\r\n")?;
        }
        write!(f, "Content-Type: text/plain; charset=utf-8\r\n\r\n{body}")?;
        Ok(path)
    }

    /// Sends a plain-text mail with extra headers (`List-Unsubscribe` …).
    /// Callers go through `server::outbox`, which retries on an error: a
    /// request never waits for the mail server.
    pub async fn send(&self, to: &str, subject: &str, headers: &[(String, String)], body: &str) -> Result<(), String> {
        let Some(transport) = &self.transport else {
            let Some(dir) = &self.dir else {
                tracing::info!(subject, "mail not sent: no mailer configured");
                return Ok(());
            };
            let path = Self::to_file(dir, &self.from, to, subject, headers, body).map_err(|e| format!("cannot write mail file in {}: {e}", dir.display()))?;
            tracing::info!(subject, file = %path.display(), "mail written to a file (no SMTP_URL configured)");
            return Ok(());
        };
        let to = to.parse::<Mailbox>().map_err(|e| e.to_string())?;
        let mut builder = Message::builder().from(self.from.clone()).to(to).subject(subject).header(ContentType::TEXT_PLAIN);
        for (name, value) in headers {
            let name = HeaderName::new_from_ascii(name.clone()).map_err(|e| e.to_string())?;
            builder = builder.raw_header(HeaderValue::new(name, value.clone()));
        }
        let message = builder.body(body.to_owned()).map_err(|e| e.to_string())?;
        transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn without_smtp_a_mail_is_a_private_file() {
        let dir = std::env::temp_dir().join(format!("scd-mail-{}", std::process::id()));
        let m = Mailer::new(None, DEFAULT_FROM, &dir).unwrap();
        m.send("erika@example.org", "Ihr Link", &[], "https://example.org/passwort-neu?token=geheim").await.unwrap();
        m.send("erika@example.org", "Noch einer", &[("List-Unsubscribe".into(), "<https://example.org/x>".into())], "zweite").await.unwrap();
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 2, "one file per mail");
        let text: String = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
        assert!(text.contains("To: erika@example.org") && text.contains("token=geheim"));
        assert!(text.contains("List-Unsubscribe: <https://example.org/x>\r\n"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
