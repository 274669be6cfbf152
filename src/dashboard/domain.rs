//! What the provider dashboard shows and the offer life cycle.
use serde::{Deserialize, Serialize};

use crate::accounts::authz::MemberRole;
use crate::i18n::t;
use crate::offers::domain::Price;

/// draft → published ⇄ draft (unpublished), → archived; deleted is final
/// and kept only for the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferStatus {
    Draft,
    Published,
    Archived,
    Deleted,
}

impl OfferStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "published" => Self::Published,
            "archived" => Self::Archived,
            "deleted" => Self::Deleted,
            _ => Self::Draft,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => t().status_draft,
            Self::Published => t().status_published,
            Self::Archived => t().status_archived,
            Self::Deleted => t().status_deleted,
        }
    }
}

/// The status changes a provider can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferCommand {
    Publish,
    Unpublish,
    Archive,
    Duplicate,
    Delete,
}

impl OfferCommand {
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

    /// Which commands make sense from a status (the buttons shown).
    pub fn available(status: OfferStatus) -> &'static [OfferCommand] {
        match status {
            OfferStatus::Draft => &[Self::Publish, Self::Duplicate, Self::Delete],
            OfferStatus::Published => &[Self::Unpublish, Self::Archive, Self::Duplicate, Self::Delete],
            OfferStatus::Archived => &[Self::Publish, Self::Duplicate, Self::Delete],
            OfferStatus::Deleted => &[],
        }
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashOffer {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub status: OfferStatus,
    pub version: i32,
    pub price: Price,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProvider {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub role: MemberRole,
    pub ownership_verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub provider: MyProvider,
    pub offers: Vec<DashOffer>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn life_cycle() {
        assert!(OfferCommand::available(OfferStatus::Draft).contains(&OfferCommand::Publish));
        assert!(!OfferCommand::available(OfferStatus::Published).contains(&OfferCommand::Publish));
        assert!(OfferCommand::available(OfferStatus::Deleted).is_empty());
        for s in [OfferStatus::Draft, OfferStatus::Published, OfferStatus::Archived, OfferStatus::Deleted] {
            assert_eq!(OfferStatus::parse(s.as_str()), s);
        }
        assert_eq!(OfferCommand::Unpublish.target(), Some(OfferStatus::Draft));
    }
}
