//! What a refused form post typed, kept for the page it returns to
//! (`server::flash`) instead of in the redirect's URL, where names,
//! addresses and texts would land in logs and the browser history. A row
//! is read once, or deleted after ten minutes; the browser holds only a
//! random key.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("form_flash"))
                    .col(ColumnDef::new(Alias::new("id_hash")).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Alias::new("fields")).text().not_null())
                    .col(ColumnDef::new(Alias::new("expires_at")).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("form_flash")).to_owned()).await
    }
}
