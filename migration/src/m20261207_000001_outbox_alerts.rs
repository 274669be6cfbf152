//! The durable outbox for every outgoing mail, saved searches
//! (Suchaufträge) with their hits, favourites kept with an account, and
//! the alert state: what the alert matcher last saw of each offer, so a
//! publication or price drop is noticed once, whoever wrote it and
//! whichever instance looks.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(s: &str) -> Alias {
    Alias::new(s)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("outbox"))
                    .col(ColumnDef::new(a("id")).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("recipient")).string_len(320).not_null())
                    .col(ColumnDef::new(a("subject")).string_len(300).not_null())
                    .col(ColumnDef::new(a("body")).text().not_null())
                    // JSON [[name, value], …]: List-Unsubscribe and the like.
                    .col(ColumnDef::new(a("headers")).text().not_null())
                    // pending / sent / failed
                    .col(ColumnDef::new(a("state")).string_len(10).not_null())
                    .col(ColumnDef::new(a("attempts")).integer().not_null().default(0))
                    .col(ColumnDef::new(a("next_attempt_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("locked_until")).timestamp_with_time_zone().null())
                    // Which claim holds the lease: only it records the outcome.
                    .col(ColumnDef::new(a("claim")).string_len(64).null())
                    .col(ColumnDef::new(a("last_error")).text().null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("sent_at")).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_outbox_due").table(a("outbox")).col(a("state")).col(a("next_attempt_at")).to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(a("saved_search"))
                    .col(ColumnDef::new(a("id")).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("user_id")).integer().null())
                    // A subscriber without an account (double opt-in).
                    .col(ColumnDef::new(a("email")).string_len(320).null())
                    .col(ColumnDef::new(a("name")).string_len(100).not_null())
                    // JSON of `alerts::domain::SavedQuery`: ids, not slugs.
                    .col(ColumnDef::new(a("query")).text().not_null())
                    // instant / daily / weekly / app
                    .col(ColumnDef::new(a("frequency")).string_len(10).not_null())
                    .col(ColumnDef::new(a("lang")).string_len(2).not_null())
                    .col(ColumnDef::new(a("feed_token")).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(a("manage_token")).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(a("consent_text")).string_len(20).not_null())
                    .col(ColumnDef::new(a("consent_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("confirmed_at")).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(a("last_mailed_at")).timestamp_with_time_zone().null())
                    // Matches past the per-look cap, told as a number in the next mail.
                    .col(ColumnDef::new(a("more_hits")).integer().not_null().default(0))
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().from(a("saved_search"), a("user_id")).to(a("app_user"), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_saved_search_user").table(a("saved_search")).col(a("user_id")).to_owned()).await?;
        manager.create_index(Index::create().name("idx_saved_search_email").table(a("saved_search")).col(a("email")).to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(a("saved_search_hit"))
                    .col(ColumnDef::new(a("id")).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("search_id")).integer().not_null())
                    .col(ColumnDef::new(a("offer_id")).integer().not_null())
                    // new / price
                    .col(ColumnDef::new(a("reason")).string_len(10).not_null())
                    .col(ColumnDef::new(a("price_cents")).big_integer().null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("mailed_at")).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(a("seen_at")).timestamp_with_time_zone().null())
                    .foreign_key(ForeignKey::create().from(a("saved_search_hit"), a("search_id")).to(a("saved_search"), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(a("saved_search_hit"), a("offer_id")).to(a("offer"), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        // The digests look for what is not mailed yet.
        manager
            .create_index(Index::create().name("idx_saved_search_hit_unmailed").table(a("saved_search_hit")).col(a("mailed_at")).col(a("search_id")).to_owned())
            .await?;
        // Each offer at most once per search, whichever instance matched it.
        manager
            .create_index(Index::create().name("idx_saved_search_hit_once").table(a("saved_search_hit")).col(a("search_id")).col(a("offer_id")).unique().to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(a("favourite"))
                    .col(ColumnDef::new(a("user_id")).integer().not_null())
                    .col(ColumnDef::new(a("offer_id")).integer().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    // The last alert: never twice for one price, at most one a day.
                    .col(ColumnDef::new(a("alerted_price_cents")).big_integer().null())
                    .col(ColumnDef::new(a("alerted_at")).timestamp_with_time_zone().null())
                    .primary_key(Index::create().col(a("user_id")).col(a("offer_id")))
                    .foreign_key(ForeignKey::create().from(a("favourite"), a("user_id")).to(a("app_user"), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(a("favourite"), a("offer_id")).to(a("offer"), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_favourite_offer").table(a("favourite")).col(a("offer_id")).to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(a("offer_alert_state"))
                    .col(ColumnDef::new(a("offer_id")).integer().not_null().primary_key())
                    .col(ColumnDef::new(a("status")).string_len(20).not_null())
                    .col(ColumnDef::new(a("price_cents")).big_integer().null())
                    .to_owned(),
            )
            .await?;
        // What exists now is not news.
        manager
            .get_connection()
            .execute_unprepared("INSERT INTO offer_alert_state (offer_id, status, price_cents) SELECT id, status, price_cents FROM offer")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["offer_alert_state", "favourite", "saved_search_hit", "saved_search", "outbox"] {
            manager.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
