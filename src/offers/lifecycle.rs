//! The offer life cycle: its states, who may move an offer from which state
//! to which, and the commands a provider's dashboard offers. The one door
//! for offer writes (`offers::door`) asks `may_move` before every status
//! change, whoever asks for it; nothing else decides.
//!
//! ```text
//!            provider                 provider
//!   draft ───────────► published ◄──────────── archived
//!     ▲   ◄─────────── │   │   ───────────────►   ▲
//!     │     provider    │   │      provider        │
//!     │                 │   └──────────────────────┘ import (DELETE, VOLL)
//!     │      moderator  ▼   ▲ moderator
//!     └─────────────── hidden ─┘   (restore: back to the state it was hidden from)
//!   every state but hidden ──provider──► deleted (final); hidden ──provider──► deleted
//! ```
use serde::{Deserialize, Serialize};

use crate::i18n::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OfferStatus {
    /// Invisible to residents; the provider is still working on it.
    Draft,
    Published,
    /// Taken off the market (sold, let, season over); can be published again.
    Archived,
    /// Taken down by a moderator on a report. Only a moderator shows it
    /// again; the provider may still edit or delete it.
    Hidden,
    /// Final; the row stays only for the audit trail.
    Deleted,
}

impl OfferStatus {
    pub const ALL: [OfferStatus; 5] = [Self::Draft, Self::Published, Self::Archived, Self::Hidden, Self::Deleted];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
            Self::Hidden => "hidden",
            Self::Deleted => "deleted",
        }
    }

    /// The stored value; an unknown one is treated as a draft (invisible).
    pub fn parse(s: &str) -> Self {
        match s {
            "published" => Self::Published,
            "archived" => Self::Archived,
            "hidden" => Self::Hidden,
            "deleted" => Self::Deleted,
            _ => Self::Draft,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => t().status_draft,
            Self::Published => t().status_published,
            Self::Archived => t().status_archived,
            Self::Hidden => t().status_hidden,
            Self::Deleted => t().status_deleted,
        }
    }
}

/// Who asks for a change of state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    /// A member of the offer's provider (or an administrator acting for it).
    Provider,
    /// A moderator deciding a report.
    Moderator,
    /// An OpenImmo import of the provider's listings.
    Import,
    /// The deletion of the account that alone owned the provider.
    AccountDeletion,
}

/// Why a change of state is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A moderator hid it: only a moderator shows it again.
    HiddenByModeration,
    /// Deleted is final.
    Deleted,
    /// Not a step this mover may take.
    NotAllowed,
}

impl Refusal {
    /// What the provider reads.
    pub fn message(self) -> &'static str {
        match self {
            Self::HiddenByModeration => t().error_offer_hidden,
            Self::Deleted => t().not_found_text,
            Self::NotAllowed => t().error_status_step,
        }
    }
}

/// Whether `by` may move an offer from `from` to `to`. Moving to the same
/// state is a content update (an edit, or an import re-publishing what is
/// published): allowed wherever editing is.
pub fn may_move(from: OfferStatus, to: OfferStatus, by: Mover) -> Result<(), Refusal> {
    use Mover::*;
    use OfferStatus::*;
    if from == Deleted {
        return Err(Refusal::Deleted);
    }
    let allowed = match (by, from, to) {
        (Provider, Hidden, Deleted) => true,
        (Provider, Hidden, Hidden) => true,
        (Provider | Import, Hidden, _) => return Err(Refusal::HiddenByModeration),
        (Provider, Draft, Published | Deleted | Draft) => true,
        (Provider, Published, Draft | Archived | Deleted | Published) => true,
        (Provider, Archived, Published | Deleted | Archived) => true,
        // A listing in the agent's file is on the market; a DELETE or a full
        // transfer without it takes it off.
        (Import, Draft | Archived | Published, Published) => true,
        (Import, Published, Archived) => true,
        (Moderator, Draft | Published | Archived, Hidden) => true,
        // Back to the state it was hidden from (the door knows which).
        (Moderator, Hidden, Draft | Published | Archived) => true,
        (AccountDeletion, Published, Archived) => true,
        _ => false,
    };
    if allowed { Ok(()) } else { Err(Refusal::NotAllowed) }
}

/// Whether the offer may be copied into a new draft: not what a moderator
/// took down (the copy would bring it back).
pub fn may_duplicate(from: OfferStatus) -> Result<(), Refusal> {
    match from {
        OfferStatus::Hidden => Err(Refusal::HiddenByModeration),
        OfferStatus::Deleted => Err(Refusal::Deleted),
        _ => Ok(()),
    }
}

/// The status changes a provider can ask for in the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferCommand {
    Publish,
    Unpublish,
    Archive,
    Duplicate,
    Delete,
}

impl OfferCommand {
    pub const ALL: [OfferCommand; 5] = [Self::Publish, Self::Unpublish, Self::Archive, Self::Duplicate, Self::Delete];

    /// The status it leads to, or None for a duplicate.
    pub fn target(self) -> Option<OfferStatus> {
        match self {
            Self::Publish => Some(OfferStatus::Published),
            Self::Unpublish => Some(OfferStatus::Draft),
            Self::Archive => Some(OfferStatus::Archived),
            Self::Delete => Some(OfferStatus::Deleted),
            Self::Duplicate => None,
        }
    }

    /// Whether a provider may run it on an offer in `status`.
    pub fn allowed(self, status: OfferStatus) -> bool {
        match self.target() {
            Some(to) => to != status && may_move(status, to, Mover::Provider).is_ok(),
            None => may_duplicate(status).is_ok(),
        }
    }

    /// The buttons shown for an offer in `status`: exactly what `allowed` permits.
    pub fn available(status: OfferStatus) -> Vec<OfferCommand> {
        Self::ALL.into_iter().filter(|c| c.allowed(status)).collect()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Publish => t().cmd_publish,
            Self::Unpublish => t().cmd_unpublish,
            Self::Archive => t().cmd_archive,
            Self::Duplicate => t().cmd_duplicate,
            Self::Delete => t().cmd_delete,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Mover::*;
    use OfferStatus::*;

    #[test]
    fn statuses_round_trip() {
        for s in OfferStatus::ALL {
            assert_eq!(OfferStatus::parse(s.as_str()), s);
        }
        assert_eq!(OfferStatus::parse("something else"), Draft, "unknown values stay invisible");
    }

    #[test]
    fn only_a_moderator_lifts_a_hide() {
        for to in [Draft, Published, Archived] {
            assert_eq!(may_move(Hidden, to, Provider), Err(Refusal::HiddenByModeration), "{to:?}");
            assert_eq!(may_move(Hidden, to, Import), Err(Refusal::HiddenByModeration), "{to:?}");
            assert_eq!(may_move(Hidden, to, AccountDeletion), Err(Refusal::NotAllowed), "{to:?}");
            assert_eq!(may_move(Hidden, to, Moderator), Ok(()), "{to:?}");
        }
        assert_eq!(may_move(Hidden, Deleted, Provider), Ok(()), "the provider may still delete it");
        assert_eq!(may_move(Hidden, Hidden, Provider), Ok(()), "and edit it, hidden");
        assert_eq!(may_duplicate(Hidden), Err(Refusal::HiddenByModeration));
    }

    #[test]
    fn the_whole_table() {
        // (mover, from, the states it may move to)
        let table: [(Mover, OfferStatus, &[OfferStatus]); 16] = [
            (Provider, Draft, &[Draft, Published, Deleted]),
            (Provider, Published, &[Draft, Published, Archived, Deleted]),
            (Provider, Archived, &[Published, Archived, Deleted]),
            (Provider, Hidden, &[Hidden, Deleted]),
            (Import, Draft, &[Published]),
            (Import, Published, &[Published, Archived]),
            (Import, Archived, &[Published]),
            (Import, Hidden, &[]),
            (Moderator, Draft, &[Hidden]),
            (Moderator, Published, &[Hidden]),
            (Moderator, Archived, &[Hidden]),
            (Moderator, Hidden, &[Draft, Published, Archived]),
            (AccountDeletion, Published, &[Archived]),
            (AccountDeletion, Draft, &[]),
            (AccountDeletion, Archived, &[]),
            (AccountDeletion, Hidden, &[]),
        ];
        for (by, from, allowed) in table {
            for to in OfferStatus::ALL {
                assert_eq!(may_move(from, to, by).is_ok(), allowed.contains(&to), "{by:?}: {from:?} -> {to:?}");
            }
        }
        for by in [Provider, Import, Moderator, AccountDeletion] {
            for to in OfferStatus::ALL {
                assert_eq!(may_move(Deleted, to, by), Err(Refusal::Deleted), "deleted is final");
            }
        }
    }

    #[test]
    fn the_dashboard_offers_exactly_the_allowed_commands() {
        assert_eq!(OfferCommand::available(Draft), vec![OfferCommand::Publish, OfferCommand::Duplicate, OfferCommand::Delete]);
        assert_eq!(
            OfferCommand::available(Published),
            vec![OfferCommand::Unpublish, OfferCommand::Archive, OfferCommand::Duplicate, OfferCommand::Delete]
        );
        assert_eq!(OfferCommand::available(Archived), vec![OfferCommand::Publish, OfferCommand::Duplicate, OfferCommand::Delete]);
        assert_eq!(OfferCommand::available(Hidden), vec![OfferCommand::Delete], "no Publish button that would fail");
        assert!(OfferCommand::available(Deleted).is_empty());
        assert_eq!(OfferCommand::Unpublish.target(), Some(Draft));
    }
}
