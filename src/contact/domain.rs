//! A contact request as typed into the offer page's form, checked once:
//! a `ContactForm` exists only with valid contents.
use serde::{Deserialize, Serialize};

use crate::i18n::t;

pub const NAME_MAX: usize = 100;
pub const PHONE_MAX: usize = 40;
pub const MESSAGE_MIN: usize = 20;
pub const MESSAGE_MAX: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactError {
    NameMissing,
    NameLong,
    Email,
    Phone,
    MessageShort,
    MessageLong,
    Consent,
    /// A NUL character anywhere: no browser sends one in typed text.
    Nul,
    /// The offer is not (or no longer) published.
    Offer,
    RateLimited,
    Internal,
}

impl ContactError {
    pub const ALL: [ContactError; 11] = [
        Self::NameMissing, Self::NameLong, Self::Email, Self::Phone, Self::MessageShort, Self::MessageLong,
        Self::Consent, Self::Nul, Self::Offer, Self::RateLimited, Self::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::NameMissing => "name_missing",
            Self::NameLong => "name_long",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::MessageShort => "message_short",
            Self::MessageLong => "message_long",
            Self::Consent => "consent",
            Self::Nul => "nul",
            Self::Offer => "offer",
            Self::RateLimited => "rate",
            Self::Internal => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The form field the message belongs next to; None for the whole form.
    pub fn field(self) -> Option<&'static str> {
        match self {
            Self::NameMissing | Self::NameLong => Some("name"),
            Self::Email => Some("email"),
            Self::Phone => Some("phone"),
            Self::MessageShort | Self::MessageLong => Some("message"),
            Self::Consent => Some("consent"),
            Self::Nul | Self::Offer | Self::RateLimited | Self::Internal => None,
        }
    }

    pub fn message(self) -> String {
        let x = t();
        let n = |s: &str, n: usize| s.replace("{n}", &n.to_string());
        match self {
            Self::NameMissing => x.contact_error_name_missing.to_owned(),
            Self::NameLong => n(x.contact_error_name_long, NAME_MAX),
            Self::Email => x.contact_error_email.to_owned(),
            Self::Phone => n(x.contact_error_phone, PHONE_MAX),
            Self::MessageShort => n(x.contact_error_message_short, MESSAGE_MIN),
            Self::MessageLong => n(x.contact_error_message_long, MESSAGE_MAX),
            Self::Consent => x.contact_error_consent.to_owned(),
            Self::Nul => x.contact_error_nul.to_owned(),
            Self::Offer => x.contact_error_offer.to_owned(),
            Self::RateLimited => x.contact_error_rate.to_owned(),
            Self::Internal => x.error_internal.to_owned(),
        }
    }
}

/// A valid contact request. Texts are kept exactly as typed (apart from
/// the name's and phone's surrounding blanks); the address is normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactForm {
    name: String,
    email: String,
    phone: Option<String>,
    message: String,
}

impl ContactForm {
    pub fn parse(name: &str, email: &str, phone: &str, message: &str, consent: bool) -> Result<Self, ContactError> {
        if [name, email, phone, message].iter().any(|v| v.contains('\0')) {
            return Err(ContactError::Nul);
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(ContactError::NameMissing);
        }
        if name.chars().count() > NAME_MAX {
            return Err(ContactError::NameLong);
        }
        let email = crate::accounts::domain::Email::parse(email).map_err(|_| ContactError::Email)?.as_str().to_owned();
        let phone = phone.trim();
        let phone_ok = phone.chars().count() <= PHONE_MAX
            && phone.chars().all(|c| c.is_ascii_digit() || " +-/().".contains(c))
            && phone.chars().filter(char::is_ascii_digit).count() >= if phone.is_empty() { 0 } else { 5 };
        if !phone_ok {
            return Err(ContactError::Phone);
        }
        let n = message.trim().chars().count();
        if n < MESSAGE_MIN {
            return Err(ContactError::MessageShort);
        }
        if message.chars().count() > MESSAGE_MAX {
            return Err(ContactError::MessageLong);
        }
        if !consent {
            return Err(ContactError::Consent);
        }
        Ok(Self { name: name.to_owned(), email, phone: (!phone.is_empty()).then(|| phone.to_owned()), message: message.to_owned() })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn email(&self) -> &str {
        &self.email
    }

    pub fn phone(&self) -> Option<&str> {
        self.phone.as_deref()
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

/// One message in a provider's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: i32,
    pub offer: Option<(i32, String, String)>,
    pub sender_name: String,
    pub sender_email: String,
    pub sender_phone: Option<String>,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub provider_id: i32,
    pub provider_name: String,
    pub messages: Vec<InboxItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Ist die Wohnung noch frei? Ich würde sie gern ansehen.";

    #[test]
    fn a_complete_request_is_kept_exactly() {
        let f = ContactForm::parse("  Ayşe Öztürk ", " Ayse@Example.ORG ", " 0203 123456 ", "  Grüße 👋 <b>\n\nzweiter Absatz", true).unwrap();
        assert_eq!(f.name(), "Ayşe Öztürk");
        assert_eq!(f.email(), "ayse@example.org");
        assert_eq!(f.phone(), Some("0203 123456"));
        assert_eq!(f.message(), "  Grüße 👋 <b>\n\nzweiter Absatz");
    }

    #[test]
    fn the_phone_is_optional() {
        assert_eq!(ContactForm::parse("A", "a@example.org", "  ", TEXT, true).unwrap().phone(), None);
    }

    #[test]
    fn each_rule_has_its_error() {
        let long_name = "n".repeat(NAME_MAX + 1);
        let long_text = "x".repeat(MESSAGE_MAX + 1);
        let cases = [
            (("", "a@example.org", "", TEXT, true), ContactError::NameMissing),
            ((long_name.as_str(), "a@example.org", "", TEXT, true), ContactError::NameLong),
            (("A", "kein-at", "", TEXT, true), ContactError::Email),
            (("A", "a@example.org", "call me", TEXT, true), ContactError::Phone),
            (("A", "a@example.org", "12", TEXT, true), ContactError::Phone),
            (("A", "a@example.org", "", "zu kurz          ", true), ContactError::MessageShort),
            (("A", "a@example.org", "", long_text.as_str(), true), ContactError::MessageLong),
            (("A", "a@example.org", "", TEXT, false), ContactError::Consent),
            (("A\0", "a@example.org", "", TEXT, true), ContactError::Nul),
            (("A", "a@example.org", "", "Hallo\0 Welt, ist das noch frei?", true), ContactError::Nul),
        ];
        for ((name, email, phone, msg, consent), want) in cases {
            assert_eq!(ContactForm::parse(name, email, phone, msg, consent), Err(want), "{name:?} {email:?} {phone:?}");
        }
    }

    #[test]
    fn the_limits_are_exact() {
        let at_max = "ä".repeat(MESSAGE_MAX);
        assert!(ContactForm::parse("A", "a@example.org", "", &at_max, true).is_ok());
        let at_min = "ö".repeat(MESSAGE_MIN);
        assert!(ContactForm::parse("A", "a@example.org", "", &at_min, true).is_ok());
        let below = "ö".repeat(MESSAGE_MIN - 1);
        assert_eq!(ContactForm::parse("A", "a@example.org", "", &below, true), Err(ContactError::MessageShort));
        assert!(ContactForm::parse(&"n".repeat(NAME_MAX), "a@example.org", "", TEXT, true).is_ok());
    }

    #[test]
    fn codes_round_trip() {
        for e in ContactError::ALL {
            assert_eq!(ContactError::from_code(e.code()), Some(e));
        }
        assert_eq!(ContactError::from_code("unknown"), None);
    }
}
