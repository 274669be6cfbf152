//! Database schema and reference data. The same migrations run on SQLite
//! (embedded default) and PostgreSQL (production).
pub use sea_orm_migration::prelude::*;

mod m20261127_000001_districts_categories;
mod m20261127_000002_core;
mod m20261127_000003_offer_search;
mod m20261127_000005_accounts;
mod m20261127_000006_provider_self_service;
mod m20261128_000001_provider_rating;
mod m20261128_000002_offer_filter_index;
mod m20261128_000003_offer_search_title;
mod m20261129_000101_recommendations;
mod m20261129_000301_openimmo;
mod m20261129_000401_city_services;
mod m20261129_000501_recommendation_moderation;
mod m20261129_000201_photos_members;
mod m20261129_000001_reviews_community;
mod m20261129_000601_contact_messages;
mod m20261130_000101_openimmo_import_run;
mod m20261205_000001_provider_profile;
mod m20261205_000002_account_lock;
mod m20261205_000003_form_flash;
mod m20261206_000001_provider_seat;
mod m20261207_000001_outbox_alerts;
mod m20261208_000001_quote_requests;
mod m20261208_000002_quote_notice;
mod m20261209_000001_quote_files;
mod m20261210_000001_service_changes;
mod m20261211_000001_recommendation_recent;
mod m20261211_000002_city_service_order;
mod m20261201_000101_housing_expose;
mod m20261201_000201_housing_project;
mod m20261201_000301_catalog_changes;
mod m20261201_000401_import_progress;
mod m20261201_000402_card_changes;
mod m20261204_000001_change_log;
mod m20261204_000101_search_tuning;
mod m20261204_000201_rate_limit_hashed;
pub mod reference;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_districts_categories::Migration),
            Box::new(m20261127_000002_core::Migration),
            Box::new(m20261127_000003_offer_search::Migration),
            Box::new(m20261127_000005_accounts::Migration),
            Box::new(m20261127_000006_provider_self_service::Migration),
            Box::new(m20261128_000001_provider_rating::Migration),
            Box::new(m20261128_000002_offer_filter_index::Migration),
            Box::new(m20261128_000003_offer_search_title::Migration),
            Box::new(m20261129_000101_recommendations::Migration),
            Box::new(m20261129_000301_openimmo::Migration),
            Box::new(m20261129_000401_city_services::Migration),
            Box::new(m20261129_000501_recommendation_moderation::Migration),
            Box::new(m20261129_000201_photos_members::Migration),
            Box::new(m20261129_000001_reviews_community::Migration),
            Box::new(m20261129_000601_contact_messages::Migration),
            Box::new(m20261130_000101_openimmo_import_run::Migration),
            Box::new(m20261201_000101_housing_expose::Migration),
            Box::new(m20261201_000201_housing_project::Migration),
            Box::new(m20261201_000301_catalog_changes::Migration),
            Box::new(m20261201_000401_import_progress::Migration),
            Box::new(m20261201_000402_card_changes::Migration),
            Box::new(m20261204_000001_change_log::Migration),
            Box::new(m20261204_000101_search_tuning::Migration),
            Box::new(m20261204_000201_rate_limit_hashed::Migration),
            Box::new(m20261205_000001_provider_profile::Migration),
            Box::new(m20261205_000002_account_lock::Migration),
            Box::new(m20261205_000003_form_flash::Migration),
            Box::new(m20261206_000001_provider_seat::Migration),
            Box::new(m20261207_000001_outbox_alerts::Migration),
            Box::new(m20261208_000001_quote_requests::Migration),
            Box::new(m20261208_000002_quote_notice::Migration),
            Box::new(m20261209_000001_quote_files::Migration),
            Box::new(m20261210_000001_service_changes::Migration),
            Box::new(m20261211_000001_recommendation_recent::Migration),
            Box::new(m20261211_000002_city_service_order::Migration),
        ]
    }
}
