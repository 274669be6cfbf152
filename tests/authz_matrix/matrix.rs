//! The matrix's vocabulary: actors, the rule a row follows, and rows and
//! cross-id cells with the request each builds.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde_json::Value;
use smart_city_duisburg::accounts::authz::{check, Action, MemberRole};
use smart_city_duisburg::accounts::domain::{Account, Role};
use smart_city_duisburg::error::AppError;

use crate::world::{Me, World};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    /// Signed in, address not confirmed.
    Unconfirmed,
    Resident,
    /// A member of P.
    Member,
    /// An owner of P.
    Owner,
    /// An owner of Q, nothing in P.
    OtherOwner,
    Moderator,
    Admin,
}

impl Actor {
    pub const ALL: [Actor; 8] =
        [Self::Anonymous, Self::Unconfirmed, Self::Resident, Self::Member, Self::Owner, Self::OtherOwner, Self::Moderator, Self::Admin];

    pub fn label(self) -> &'static str {
        match self {
            Self::Anonymous => "anonymous",
            Self::Unconfirmed => "unconfirmed",
            Self::Resident => "resident",
            Self::Member => "member",
            Self::Owner => "owner",
            Self::OtherOwner => "other owner",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }

    /// The account as `authz::check` sees it.
    fn account(self) -> Option<Account> {
        let role = match self {
            Self::Anonymous => return None,
            Self::Moderator => Role::Moderator,
            Self::Admin => Role::Admin,
            _ => Role::Resident,
        };
        Some(Account { id: 0, display_name: String::new(), email: String::new(), role, email_verified: self != Self::Unconfirmed })
    }

    /// The actor's place in P, the provider every row asks about.
    fn membership(self) -> Option<MemberRole> {
        match self {
            Self::Member => Some(MemberRole::Member),
            Self::Owner => Some(MemberRole::Owner),
            _ => None,
        }
    }
}

/// Who may use an endpoint.
#[derive(Clone, Copy, Debug)]
pub enum Rule {
    /// As `accounts::authz::check` decides for the action on P.
    Authz(Action),
    /// Anyone, signed in or not (what the request carries is the authority:
    /// a token, a password, or nothing).
    Public,
    /// Any account, acting on its own things.
    SignedIn,
    /// A visitor without an account (who acts for an address, confirmed by
    /// mail), or an account as `authz::check` decides for the action.
    VisitorOrConfirmed(Action),
    /// P's owners and administrators: changing P's ownership declaration
    /// (`providers::door::update`'s `may_declare`).
    OwnersOfP,
}

/// What a cell must answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Done,
    /// 401, or the redirect to the sign-in page.
    SignIn,
    /// 403 or the handler's own refusal.
    Refused,
}

impl Rule {
    pub fn expect(self, actor: Actor) -> Expect {
        let verdict = match self {
            Rule::Authz(action) => check(actor.account().as_ref(), actor.membership(), action),
            Rule::Public => Ok(()),
            Rule::SignedIn => actor.account().map(|_| ()).ok_or(AppError::Unauthenticated),
            Rule::VisitorOrConfirmed(action) => match actor.account() {
                None => Ok(()),
                Some(a) => check(Some(&a), None, action),
            },
            Rule::OwnersOfP => match actor {
                Actor::Anonymous => Err(AppError::Unauthenticated),
                Actor::Owner | Actor::Admin => Ok(()),
                _ => Err(AppError::Forbidden),
            },
        };
        match verdict {
            Ok(()) => Expect::Done,
            Err(AppError::Unauthenticated) => Expect::SignIn,
            Err(_) => Expect::Refused,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Rule::Authz(a) => format!("authz {a:?}"),
            other => format!("{other:?}"),
        }
    }
}

/// What an allowed call does to the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Changes something (and a refused call nothing).
    Writes,
    /// Changes something when a signed-in person asks; nothing otherwise.
    WritesIfSignedIn,
    /// Never changes anything: read-only server functions, and the
    /// forgotten-password form (it only mails, for addresses with an account).
    Nothing,
}

pub enum Body {
    Empty,
    Form(Vec<(&'static str, String)>),
    Json(Value),
    Multipart(Vec<u8>),
}

/// One request, as a client without `Accept: text/html` sends it.
pub struct Req {
    pub get: bool,
    pub path: String,
    pub body: Body,
}

impl Req {
    pub fn form(path: impl Into<String>, fields: Vec<(&'static str, String)>) -> Self {
        Req { get: false, path: path.into(), body: Body::Form(fields) }
    }

    /// A server function with URL-encoded arguments.
    pub fn call(name: &str, fields: Vec<(&'static str, String)>) -> Self {
        Self::form(format!("/api/{name}"), fields)
    }

    /// A server function with JSON arguments (`input = Json`).
    pub fn json(name: &str, body: Value) -> Self {
        Req { get: false, path: format!("/api/{name}"), body: Body::Json(body) }
    }

    pub fn get(path: impl Into<String>) -> Self {
        Req { get: true, path: path.into(), body: Body::Empty }
    }
}

/// What a request builder gets: the world, who asks and their account.
pub struct Cx {
    pub w: Arc<World>,
    pub actor: Actor,
    pub me: Option<Me>,
}

impl Cx {
    pub fn id(&self) -> Option<i32> {
        self.me.as_ref().map(|m| m.id)
    }
}

pub type Build = fn(Cx) -> Pin<Box<dyn Future<Output = Req>>>;

/// One endpoint (or one variant of it, `case`) × every actor.
pub struct Row {
    /// The route's path pattern, or `/api/{endpoint}` of a server function.
    pub endpoint: &'static str,
    pub case: &'static str,
    pub rule: Rule,
    pub effect: Effect,
    /// A new account per cell: the call uses its actor up (signs it out,
    /// deletes it, makes it a member).
    pub fresh_actor: bool,
    /// Where the handler sends a refused caller instead of answering 403.
    pub refused_to: Option<&'static str>,
    pub build: Build,
}

pub fn row(endpoint: &'static str, case: &'static str, rule: Rule, build: Build) -> Row {
    Row { endpoint, case, rule, effect: Effect::Writes, fresh_actor: false, refused_to: None, build }
}

/// A read-only server function.
pub fn read(endpoint: &'static str, rule: Rule, build: Build) -> Row {
    Row { effect: Effect::Nothing, ..row(endpoint, "", rule, build) }
}

impl Row {
    pub fn effect(self, effect: Effect) -> Self {
        Row { effect, ..self }
    }

    pub fn fresh_actor(self) -> Self {
        Row { fresh_actor: true, ..self }
    }

    pub fn refused_to(self, location: &'static str) -> Self {
        Row { refused_to: Some(location), ..self }
    }
}

/// A cell where someone names an object of another provider (or someone
/// else's): it must be refused (403 or 404) and change nothing.
pub struct Cross {
    pub endpoint: &'static str,
    pub case: &'static str,
    pub actor: Actor,
    pub build: Build,
}

pub fn cross(endpoint: &'static str, case: &'static str, actor: Actor, build: Build) -> Cross {
    Cross { endpoint, case, actor, build }
}
