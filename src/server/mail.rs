//! Outgoing e-mail. With `SMTP_URL` set (e.g. `smtp://127.0.0.1:2525`,
//! `smtps://user:pass@mail.example:465`, `smtp://…?tls=required`) messages go
//! through that server; without it they are written to the log, so a local
//! run needs no mail server and the links are still at hand.
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub const DEFAULT_FROM: &str = "Smart City Duisburg <noreply@smart-city-duisburg.invalid>";

pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("smtp", &self.transport.is_some()).field("from", &self.from.to_string()).finish()
    }
}

impl Mailer {
    /// `smtp_url`: None writes mails to the log.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self, String> {
        let transport = match smtp_url {
            Some(url) => Some(AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| format!("SMTP_URL: {e}"))?.build()),
            None => None,
        };
        let from = from.parse().map_err(|e| format!("SCD_MAIL_FROM: {e}"))?;
        Ok(Self { transport, from })
    }

    pub fn log_only() -> Self {
        Self { transport: None, from: DEFAULT_FROM.parse().expect("default sender") }
    }

    /// Sends a plain-text mail. Failures are logged and reported as false:
    /// a mail server being down must not turn into an error page that tells
    /// the visitor whether an address has an account.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> bool {
        let Some(transport) = &self.transport else {
            tracing::info!(to, subject, body, "mail (no SMTP_URL configured, written to the log)");
            return true;
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
