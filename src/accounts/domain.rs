//! Account rules: what a valid e-mail address, password and display name
//! are, and the roles. Plain functions, unit-tested without a server.
use serde::{Deserialize, Serialize};

use crate::i18n::t;

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const NAME_MAX_CHARS: usize = 80;

/// What can be wrong with an account form. Travels as a short code in the
/// URL after a form post (`?fehler=password_short`), never as free text, so
/// nobody can make the page say something of their choosing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    Email,
    PasswordShort,
    PasswordLong,
    PasswordWeak,
    PasswordRepeat,
    NameShort,
    NameLong,
    /// Wrong e-mail or password — never which of the two.
    Credentials,
    RateLimited,
    /// A verification or reset link that is unknown, used or expired.
    Token,
    /// The right password for an account an administrator has locked.
    Locked,
    /// Deleting the site's last administrator.
    LastAdmin,
    Internal,
}

impl FormError {
    const ALL: [FormError; 13] = [
        Self::Email, Self::PasswordShort, Self::PasswordLong, Self::PasswordWeak, Self::PasswordRepeat,
        Self::NameShort, Self::NameLong, Self::Credentials, Self::RateLimited, Self::Token, Self::Locked, Self::LastAdmin, Self::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::PasswordShort => "password_short",
            Self::PasswordLong => "password_long",
            Self::PasswordWeak => "password_weak",
            Self::PasswordRepeat => "password_repeat",
            Self::NameShort => "name_short",
            Self::NameLong => "name_long",
            Self::Credentials => "credentials",
            Self::RateLimited => "rate",
            Self::Token => "token",
            Self::Locked => "locked",
            Self::LastAdmin => "last_admin",
            Self::Internal => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The form field the message belongs next to; None for the whole form.
    pub fn field(self) -> Option<&'static str> {
        match self {
            Self::Email => Some("email"),
            Self::PasswordShort | Self::PasswordLong | Self::PasswordWeak => Some("password"),
            Self::PasswordRepeat => Some("password_repeat"),
            Self::NameShort | Self::NameLong => Some("name"),
            Self::Credentials | Self::RateLimited | Self::Token | Self::Locked | Self::LastAdmin | Self::Internal => None,
        }
    }

    pub fn message(self) -> String {
        let x = t();
        match self {
            Self::Email => x.account_error_email.to_owned(),
            Self::PasswordShort => x.account_error_password_short.replace("{n}", &PASSWORD_MIN_CHARS.to_string()),
            Self::PasswordLong => x.account_error_password_long.replace("{n}", &PASSWORD_MAX_CHARS.to_string()),
            Self::PasswordWeak => x.account_error_password_weak.to_owned(),
            Self::PasswordRepeat => x.account_error_password_repeat.to_owned(),
            Self::NameShort => x.account_error_name_short.to_owned(),
            Self::NameLong => x.account_error_name_long.replace("{n}", &NAME_MAX_CHARS.to_string()),
            Self::Credentials => x.account_error_credentials.to_owned(),
            Self::RateLimited => x.account_error_rate.to_owned(),
            Self::Token => x.account_error_token.to_owned(),
            Self::Locked => x.account_error_locked.to_owned(),
            Self::LastAdmin => x.account_error_last_admin.to_owned(),
            Self::Internal => x.error_internal.to_owned(),
        }
    }
}

/// An e-mail address, trimmed and lower-cased so one person has one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FormError> {
        let s = raw.trim().to_lowercase();
        let bad = || FormError::Email;
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = s.rsplit_once('@').ok_or_else(bad)?;
        // An addr-spec only (RFC 5322 dot-atom): no display name, no
        // quoting, no comments — "x<victim@evil.de>" is not an address.
        let atom_char = |c: char| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local.split('.').all(|part| !part.is_empty() && part.chars().all(atom_char));
        let label_ok = |l: &str| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-');
        let domain_ok = domain.len() >= 3 && domain.contains('.') && domain.split('.').all(label_ok);
        if !local_ok || !domain_ok {
            return Err(bad());
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: long enough to resist guessing, short enough to hash
/// cheaply, and not the e-mail address itself.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

impl NewPassword {
    pub fn parse(raw: &str, repeat: &str, email: Option<&Email>) -> Result<Self, FormError> {
        let n = raw.chars().count();
        if n < PASSWORD_MIN_CHARS {
            return Err(FormError::PasswordShort);
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(FormError::PasswordLong);
        }
        let mut chars = raw.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) || email.is_some_and(|e| raw.trim().eq_ignore_ascii_case(e.as_str())) {
            return Err(FormError::PasswordWeak);
        }
        if raw != repeat {
            return Err(FormError::PasswordRepeat);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The name shown with a person's reviews and recommendations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, FormError> {
        let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let n = s.chars().count();
        if n < 2 {
            return Err(FormError::NameShort);
        }
        if n > NAME_MAX_CHARS || s.chars().any(char::is_control) {
            return Err(FormError::NameLong);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    #[default]
    Resident,
    Moderator,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }

    /// Unknown stored values fall back to the least privileged role.
    pub fn parse(s: &str) -> Self {
        match s {
            "moderator" => Self::Moderator,
            "admin" => Self::Admin,
            _ => Self::Resident,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Resident => t().role_resident,
            Self::Moderator => t().role_moderator,
            Self::Admin => t().role_admin,
        }
    }

    pub fn can_moderate(self) -> bool {
        matches!(self, Self::Moderator | Self::Admin)
    }
}

/// The signed-in person as pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub email_verified: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: FormError) -> String {
        e.field().unwrap_or("form").to_owned()
    }

    #[test]
    fn error_codes_round_trip() {
        for e in FormError::ALL {
            assert_eq!(FormError::from_code(e.code()), Some(e));
            assert!(!e.message().is_empty());
        }
        assert_eq!(FormError::from_code("<script>"), None);
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse("  Erika.Muster@Example.ORG ").unwrap().as_str(), "erika.muster@example.org");
        for bad in ["", "erika", "@example.org", "erika@", "erika@org", "erika@.org", "er ika@example.org", "a@b@example.org", "erika@example..org",
            "x<victim@evil.de>", "\"erika\"@example.org", "erika(c)@example.org", ".erika@example.org", "erika.@example.org", "er..ika@example.org",
            "erika@-example.org", "erika@example.org>", "erika@exa_mple.org", "erika,anna@example.org"] {
            assert_eq!(field(Email::parse(bad).unwrap_err()), "email", "{bad}");
        }
        assert!(Email::parse(&format!("{}@example.org", "a".repeat(65))).is_err());
        for good in ["erika+angebote@example.org", "o'neil@example.org", "jürgen@müller.example", "a.b-c_d@sub.example.org"] {
            assert!(Email::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn passwords_need_length_variety_and_a_matching_repeat() {
        let e = Email::parse("erika@example.org").unwrap();
        assert!(NewPassword::parse("gute-frage-42", "gute-frage-42", Some(&e)).is_ok());
        assert_eq!(field(NewPassword::parse("kurz", "kurz", None).unwrap_err()), "password");
        assert_eq!(field(NewPassword::parse(&"x".repeat(129), &"x".repeat(129), None).unwrap_err()), "password");
        assert_eq!(field(NewPassword::parse("aaaaaaaaaaaa", "aaaaaaaaaaaa", None).unwrap_err()), "password");
        assert_eq!(field(NewPassword::parse("erika@example.org", "erika@example.org", Some(&e)).unwrap_err()), "password");
        assert_eq!(field(NewPassword::parse("gute-frage-42", "gute-frage-43", None).unwrap_err()), "password_repeat");
        // Length counts characters, not bytes.
        assert!(NewPassword::parse("ääääääääöü", "ääääääääöü", None).is_ok());
        assert!(!format!("{:?}", NewPassword::parse("gute-frage-42", "gute-frage-42", None).unwrap()).contains("gute"));
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Erika   M. ").unwrap().as_str(), "Erika M.");
        assert!(DisplayName::parse("E").is_err());
        assert!(DisplayName::parse(&"x".repeat(81)).is_err());
        assert!(DisplayName::parse("Ölçü Ğ").is_ok());
    }

    #[test]
    fn roles() {
        assert_eq!(Role::parse("admin"), Role::Admin);
        assert_eq!(Role::parse("whatever"), Role::Resident);
        assert!(Role::Moderator.can_moderate() && !Role::Resident.can_moderate());
    }
}
