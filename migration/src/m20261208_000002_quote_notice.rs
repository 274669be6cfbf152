//! How a provider's person hears of new requests for quotes: at once (no
//! row, the default) or in one mail a day (`daily`); `digest_at` is when
//! the last daily mail went out.
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
                    .table(a("quote_notice"))
                    .col(ColumnDef::new(a("provider_id")).integer().not_null())
                    .col(ColumnDef::new(a("user_id")).integer().not_null())
                    .col(ColumnDef::new(a("daily")).boolean().not_null())
                    .col(ColumnDef::new(a("digest_at")).timestamp_with_time_zone().null())
                    .primary_key(Index::create().col(a("provider_id")).col(a("user_id")))
                    .foreign_key(ForeignKey::create().from(a("quote_notice"), a("provider_id")).to(a("provider"), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(a("quote_notice"), a("user_id")).to(a("app_user"), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(a("quote_notice")).to_owned()).await
    }
}
