//! Outgoing e-mail. With `SMTP_URL` set (e.g. `smtp://127.0.0.1:2525`,
//! `smtps://user:pass@mail.example:465`, `smtp://…?tls=required`) messages go
//! through that server; without it each is written as a file to
//! `SCD_MAIL_DIR` (readable by the server's user only), so a local run needs
//! no mail server and the links are still at hand. The log names the file
//! and the subject, never the recipient or the body: a body holds live
//! sign-in and reset links.
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

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
            Some(url) => Some(AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| format!("SMTP_URL: {e}"))?.build()),
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
    fn to_file(dir: &std::path::Path, from: &Mailbox, to: &str, subject: &str, body: &str) -> std::io::Result<std::path::PathBuf> {
        use std::io::Write;
        std::fs::create_dir_all(dir)?;
        let n = FILE_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("{}-{}-{n}.eml", chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"), std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&path)?;
        write!(f, "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}")?;
        Ok(path)
    }

    /// Sends a plain-text mail. Failures are logged and reported as false:
    /// a mail server being down must not turn into an error page that tells
    /// the visitor whether an address has an account.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> bool {
        let Some(transport) = &self.transport else {
            let Some(dir) = &self.dir else {
                tracing::info!(subject, "mail not sent: no mailer configured");
                return true;
            };
            return match Self::to_file(dir, &self.from, to, subject, body) {
                Ok(path) => {
                    tracing::info!(subject, file = %path.display(), "mail written to a file (no SMTP_URL configured)");
                    true
                }
                Err(e) => {
                    tracing::error!(error = %e, dir = %dir.display(), "cannot write mail file");
                    false
                }
            };
        };
        let message = to.parse::<Mailbox>().map_err(|e| e.to_string()).and_then(|to| {
            Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(subject)
                .header(ContentType::TEXT_PLAIN)
                .body(body.to_owned())
                .map_err(|e| e.to_string())
        });
        match message {
            Ok(m) => match transport.send(m).await {
                Ok(_) => true,
                Err(e) => {
                    tracing::error!(error = %e, "sending mail failed");
                    false
                }
            },
            Err(e) => {
                tracing::error!(error = %e, "cannot build mail");
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn without_smtp_a_mail_is_a_private_file() {
        let dir = std::env::temp_dir().join(format!("scd-mail-{}", std::process::id()));
        let m = Mailer::new(None, DEFAULT_FROM, &dir).unwrap();
        assert!(m.send("erika@example.org", "Ihr Link", "https://example.org/passwort-neu?token=geheim").await);
        assert!(m.send("erika@example.org", "Noch einer", "zweite").await);
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 2, "one file per mail");
        let text: String = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
        assert!(text.contains("To: erika@example.org") && text.contains("token=geheim"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
