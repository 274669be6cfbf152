//! Members, invitations and why a member change was refused.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::accounts::authz::MemberRole;
use crate::i18n::{t, Texts};

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub user_id: i32,
    pub name: String,
    pub email: String,
    pub role: MemberRole,
    pub since: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub id: i32,
    pub email: String,
    pub role: MemberRole,
    pub expires_at: DateTime<Utc>,
}

/// What an owner sees in the members section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Members {
    pub members: Vec<MemberView>,
    pub invitations: Vec<InvitationView>,
}

/// What the invitation page shows about a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub provider_name: String,
    pub role: MemberRole,
    pub signed_in: bool,
}

pub fn role_label(role: MemberRole) -> &'static str {
    match role {
        MemberRole::Owner => t().member_role_owner,
        MemberRole::Member => t().member_role_member,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberError {
    Email,
    Role,
    AlreadyMember,
    /// Removing or demoting the only owner.
    LastOwner,
    /// The link is unknown, used, revoked or expired.
    Token,
    /// An invitation is for the address it was sent to; another account
    /// cannot take it up.
    OtherAddress,
    RateLimited,
}

impl MemberError {
    pub const ALL: [MemberError; 7] = [Self::Email, Self::Role, Self::AlreadyMember, Self::LastOwner, Self::Token, Self::OtherAddress, Self::RateLimited];

    pub fn code(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Role => "rolle",
            Self::AlreadyMember => "schon_mitglied",
            Self::LastOwner => "letzter_eigentuemer",
            Self::Token => "link",
            Self::OtherAddress => "andere_adresse",
            Self::RateLimited => "zu_oft",
        }
    }

    pub fn parse_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == s)
    }

    pub fn status(self) -> u16 {
        match self {
            Self::LastOwner | Self::AlreadyMember => 409,
            Self::Token => 410,
            Self::OtherAddress => 403,
            Self::RateLimited => 429,
            Self::Email | Self::Role => 422,
        }
    }

    pub fn message(self) -> String {
        self.message_in(t())
    }

    pub fn message_in(self, x: &Texts) -> String {
        match self {
            Self::Email => x.account_error_email,
            Self::Role => x.member_error_role,
            Self::AlreadyMember => x.member_error_already,
            Self::LastOwner => x.member_error_last_owner,
            Self::Token => x.member_error_token,
            Self::OtherAddress => x.member_error_other_address,
            Self::RateLimited => x.member_error_rate,
        }
        .to_owned()
    }
}

/// Whether removing or demoting `target` leaves the provider an owner.
pub fn keeps_an_owner(owners: usize, target: MemberRole, new_role: Option<MemberRole>) -> bool {
    target != MemberRole::Owner || new_role == Some(MemberRole::Owner) || owners > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_owner_stays() {
        use MemberRole::*;
        assert!(!keeps_an_owner(1, Owner, None), "removing the only owner");
        assert!(!keeps_an_owner(1, Owner, Some(Member)), "demoting the only owner");
        assert!(keeps_an_owner(1, Owner, Some(Owner)));
        assert!(keeps_an_owner(2, Owner, None));
        assert!(keeps_an_owner(1, Member, None));
    }

    #[test]
    fn codes_round_trip() {
        for e in MemberError::ALL {
            assert_eq!(MemberError::parse_code(e.code()), Some(e));
            assert!(!e.message().is_empty());
        }
    }
}
