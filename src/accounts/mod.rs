//! Accounts: sign-up with e-mail verification, sign-in with server-side
//! sessions, password reset, roles. Passwords are hashed with Argon2id;
//! sessions, tokens and rate limits live in the database, so every app
//! instance shares them.
pub mod api;
pub mod authz;
pub mod components;
pub mod domain;
pub mod people;
#[cfg(feature = "ssr")]
pub mod people_routes;
#[cfg(feature = "ssr")]
pub mod gdpr;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod roles;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
