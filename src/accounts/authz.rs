//! Who may do what. One table of rules, checked by every mutating server
//! function and route, and unit-tested here cell by cell.
use serde::{Deserialize, Serialize};

use super::domain::{Account, Role};
use crate::error::AppError;

/// A person's place in one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberRole {
    Owner,
    Member,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "owner" => Some(Self::Owner),
            "member" => Some(Self::Member),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Create a provider profile (and become its owner).
    CreateProvider,
    /// See a provider's dashboard, drafts included.
    ViewDashboard,
    EditProvider,
    CreateOffer,
    EditOffer,
    /// Publish, unpublish, archive.
    ChangeOfferStatus,
    DuplicateOffer,
    DeleteOffer,
    /// Confirm a provider's ownership declaration.
    VerifyOwnership,
    ViewAuditLog,
    /// Rate a city service of the "Verwaltung online" directory and leave a tip.
    RateCityService,
    /// Maintain a city service's official link, availability and texts.
    EditCityService,
    /// Recommend a provider (`membership`: the actor's role in it).
    Recommend,
    /// Second someone else's recommendation (`membership`: in its provider).
    SecondRecommendation,
    /// Ask to take over a recommended firm that is not on the platform.
    ClaimUnlisted,
    /// Approve or reject such a claim.
    DecideClaim,
    /// Add a photo to an offer, or the provider's logo.
    UploadPhoto,
    /// Reorder a photo or change its alternative text.
    EditPhoto,
    DeletePhoto,
    /// Invite people into the provider, see members and invitations.
    InviteMember,
    /// Revoke invitations, remove members, change roles.
    ManageMembers,
    /// Review a provider: anyone signed in who does not act for it.
    WriteReview,
    /// Mark a review of a provider one does not act for as helpful.
    VoteReview,
    /// Answer a review of one's own provider.
    ReplyToReview,
    /// Create one-time customer codes for one's own provider.
    ManageCustomerCodes,
    /// Decide reports: hide, restore, dismiss.
    ModerateContent,
    /// Mark an account as a verified resident of Duisburg.
    VerifyResident,
    /// Read the provider's contact requests and mark them read.
    ReadInbox,
    /// Import an OpenImmo file into the provider's housing offers.
    ImportListings,
    /// Create new-build projects of the provider (units are assigned in the offer editor).
    ManageProjects,
    /// Add synonym groups to the search, read and clear its zero-result log.
    ManageSearch,
    /// Grant and revoke roles, lock and unlock accounts.
    ManagePeople,
    /// Save a search with alerts (mail goes to a confirmed address).
    SaveSearch,
    /// Keep offers ("Merken") with the account.
    KeepFavourites,
    /// See undelivered mail and queue it again.
    ManageMail,
    /// Ask providers for quotes, and accept, decline or withdraw on one's
    /// own requests (the door checks they are one's own).
    RequestQuotes,
    /// Answer a request for quotes for the provider (`membership`: in it).
    AnswerQuoteRequest,
}

impl Action {
    pub const ALL: [Action; 37] = [
        Self::CreateProvider, Self::ViewDashboard, Self::EditProvider, Self::CreateOffer, Self::EditOffer,
        Self::ChangeOfferStatus, Self::DuplicateOffer, Self::DeleteOffer, Self::VerifyOwnership, Self::ViewAuditLog,
        Self::RateCityService, Self::EditCityService,
        Self::Recommend, Self::SecondRecommendation, Self::ClaimUnlisted, Self::DecideClaim,
        Self::UploadPhoto, Self::EditPhoto, Self::DeletePhoto, Self::InviteMember, Self::ManageMembers,
        Self::WriteReview, Self::VoteReview, Self::ReplyToReview, Self::ManageCustomerCodes, Self::ModerateContent,
        Self::VerifyResident, Self::ReadInbox, Self::ImportListings, Self::ManageProjects, Self::ManageSearch, Self::ManagePeople,
        Self::SaveSearch, Self::KeepFavourites, Self::ManageMail, Self::RequestQuotes, Self::AnswerQuoteRequest,
    ];
}

/// `Unauthenticated` for anonymous visitors, `Forbidden` for signed-in people
/// without the right; `Ok` otherwise. `membership` is the actor's role in the
/// provider the action concerns (None for other providers' members too).
pub fn check(actor: Option<&Account>, membership: Option<MemberRole>, action: Action) -> Result<(), AppError> {
    let Some(a) = actor else { return Err(AppError::Unauthenticated) };
    let admin = a.role == Role::Admin;
    let allowed = match action {
        // Publishing needs a confirmed address: someone has to be reachable.
        Action::CreateProvider => a.email_verified,
        Action::ViewDashboard
        | Action::EditProvider
        | Action::CreateOffer
        | Action::EditOffer
        | Action::ChangeOfferStatus
        | Action::DuplicateOffer
        | Action::UploadPhoto
        | Action::EditPhoto
        | Action::DeletePhoto
        | Action::ReadInbox
        | Action::ImportListings
        | Action::ManageProjects => membership.is_some() || admin,
        // Who belongs to a provider is the owners' decision.
        Action::DeleteOffer | Action::InviteMember | Action::ManageMembers => membership == Some(MemberRole::Owner) || admin,
        Action::VerifyOwnership => a.role.can_moderate(),
        Action::ViewAuditLog | Action::EditCityService | Action::ManageSearch | Action::ManagePeople | Action::ManageMail => admin,
        // Alerts are mail: to a confirmed address only.
        Action::SaveSearch => a.email_verified,
        Action::KeepFavourites => true,
        // Quotes go back and forth by mail: confirmed addresses on both
        // sides. Whether a request is one's own, or asks one's own
        // provider, the door decides per request.
        Action::RequestQuotes => a.email_verified,
        // A quote speaks for the provider: its members only, not even
        // administrators on its behalf.
        Action::AnswerQuoteRequest => membership.is_some() && a.email_verified,
        // A confirmed address for everything that counts as a voice, so
        // throwaway accounts cannot tilt ratings, recommendations or votes.
        Action::RateCityService => a.email_verified,
        // Recommendations come from the provider's fellow residents, never
        // from its own people.
        Action::Recommend | Action::SecondRecommendation => membership.is_none() && a.email_verified,
        Action::ClaimUnlisted => a.email_verified,
        Action::DecideClaim => a.role.can_moderate(),
        // Not even administrators review a provider they act for.
        Action::WriteReview => membership.is_none() && a.email_verified,
        // Votes of a provider's own people would tilt "most helpful".
        Action::VoteReview => membership.is_none() && a.email_verified,
        // Replies speak for the provider: members only.
        Action::ReplyToReview => membership.is_some(),
        Action::ManageCustomerCodes => membership.is_some() || admin,
        Action::ModerateContent | Action::VerifyResident => a.role.can_moderate(),
    };
    if allowed {
        Ok(())
    } else if !a.email_verified
        && matches!(
            action,
            Action::CreateProvider
                | Action::ClaimUnlisted
                | Action::Recommend
                | Action::SecondRecommendation
                | Action::VoteReview
                | Action::RateCityService
                | Action::SaveSearch
                | Action::RequestQuotes
                | Action::AnswerQuoteRequest
        )
    {
        Err(AppError::invalid("account", crate::i18n::t().error_unverified))
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(role: Role) -> Account {
        Account { id: 1, display_name: "X".into(), email: "x@example.org".into(), role, email_verified: true }
    }

    #[test]
    fn the_whole_matrix() {
        use Action::*;
        let resident = person(Role::Resident);
        let moderator = person(Role::Moderator);
        let admin = person(Role::Admin);
        // (who, membership, actions allowed)
        let cases: Vec<(&str, Option<&Account>, Option<MemberRole>, Vec<Action>)> = vec![
            ("anonymous", None, None, vec![]),
            ("resident", Some(&resident), None, vec![CreateProvider, RateCityService, Recommend, SecondRecommendation, ClaimUnlisted, WriteReview, VoteReview, SaveSearch, KeepFavourites, RequestQuotes]),
            ("member", Some(&resident), Some(MemberRole::Member), vec![CreateProvider, ViewDashboard, EditProvider, CreateOffer, EditOffer, ChangeOfferStatus, DuplicateOffer, RateCityService, ClaimUnlisted, UploadPhoto, EditPhoto, DeletePhoto, ReplyToReview, ManageCustomerCodes, ReadInbox, ImportListings, ManageProjects, SaveSearch, KeepFavourites, RequestQuotes, AnswerQuoteRequest]),
            ("owner", Some(&resident), Some(MemberRole::Owner), vec![CreateProvider, ViewDashboard, EditProvider, CreateOffer, EditOffer, ChangeOfferStatus, DuplicateOffer, DeleteOffer, RateCityService, ClaimUnlisted, UploadPhoto, EditPhoto, DeletePhoto, InviteMember, ManageMembers, ReplyToReview, ManageCustomerCodes, ReadInbox, ImportListings, ManageProjects, SaveSearch, KeepFavourites, RequestQuotes, AnswerQuoteRequest]),
            ("moderator", Some(&moderator), None, vec![CreateProvider, VerifyOwnership, RateCityService, Recommend, SecondRecommendation, ClaimUnlisted, DecideClaim, WriteReview, VoteReview, ModerateContent, VerifyResident, SaveSearch, KeepFavourites, RequestQuotes]),
            ("admin member", Some(&admin), Some(MemberRole::Owner), Action::ALL.into_iter().filter(|a| !matches!(a, Recommend | SecondRecommendation | WriteReview | VoteReview)).collect()),
            ("admin", Some(&admin), None, Action::ALL.iter().copied().filter(|a| !matches!(a, ReplyToReview | AnswerQuoteRequest)).collect()),
        ];
        for (who, actor, membership, allowed) in cases {
            for action in Action::ALL {
                let result = check(actor, membership, action);
                if allowed.contains(&action) {
                    assert_eq!(result, Ok(()), "{who} {action:?}");
                } else if actor.is_none() {
                    assert_eq!(result, Err(AppError::Unauthenticated), "{who} {action:?}");
                } else {
                    assert_eq!(result, Err(AppError::Forbidden), "{who} {action:?}");
                }
            }
        }
    }

    #[test]
    fn an_unconfirmed_address_cannot_review() {
        let mut a = person(Role::Resident);
        a.email_verified = false;
        assert_eq!(check(Some(&a), None, Action::WriteReview), Err(AppError::Forbidden));
        assert!(matches!(check(Some(&a), None, Action::VoteReview), Err(AppError::Invalid { .. })));
    }

    #[test]
    fn an_unconfirmed_address_cannot_create_a_provider() {
        let mut a = person(Role::Resident);
        a.email_verified = false;
        assert!(matches!(check(Some(&a), None, Action::CreateProvider), Err(AppError::Invalid { .. })));
        assert!(matches!(check(Some(&a), None, Action::ClaimUnlisted), Err(AppError::Invalid { .. })));
        // Nor recommend, second or rate: each needs a confirmed address, and
        // says so.
        for action in [Action::Recommend, Action::SecondRecommendation, Action::RateCityService, Action::SaveSearch, Action::RequestQuotes] {
            assert!(matches!(check(Some(&a), None, action), Err(AppError::Invalid { .. })), "{action:?}");
        }
    }
}
