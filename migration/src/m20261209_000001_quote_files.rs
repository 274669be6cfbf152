//! What a request for quotes and a quote may carry besides their text: the
//! resident's photos of the job (`quote_request_photo`, re-encoded sizes in
//! `quote_request_photo_variant`, as offer photos) and one PDF per quote
//! (`quote_file`). Both are served only to the people who may see the
//! request or the quote, and go with them (cascade).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(s: &str) -> Alias {
    Alias::new(s)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let photo = "quote_request_photo";
        manager
            .create_table(
                Table::create()
                    .table(a(photo))
                    .col(ColumnDef::new(a("id")).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("request_id")).integer().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .col(ColumnDef::new(a("alt_text")).string_len(300).not_null())
                    .col(ColumnDef::new(a("width")).integer().not_null())
                    .col(ColumnDef::new(a("height")).integer().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().from(a(photo), a("request_id")).to(a("quote_request"), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("quote_request_photo_request").table(a(photo)).col(a("request_id")).col(a("position")).to_owned()).await?;
        let variant = "quote_request_photo_variant";
        manager
            .create_table(
                Table::create()
                    .table(a(variant))
                    .col(ColumnDef::new(a("photo_id")).integer().not_null())
                    .col(ColumnDef::new(a("width")).integer().not_null())
                    .col(ColumnDef::new(a("height")).integer().not_null())
                    .col(ColumnDef::new(a("mime")).string_len(16).not_null())
                    .col(ColumnDef::new(a("bytes")).blob().not_null())
                    .primary_key(Index::create().col(a("photo_id")).col(a("width")))
                    .foreign_key(ForeignKey::create().from(a(variant), a("photo_id")).to(a(photo), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        let file = "quote_file";
        manager
            .create_table(
                Table::create()
                    .table(a(file))
                    .col(ColumnDef::new(a("quote_id")).integer().not_null().primary_key())
                    .col(ColumnDef::new(a("name")).string_len(120).not_null())
                    .col(ColumnDef::new(a("size")).integer().not_null())
                    .col(ColumnDef::new(a("bytes")).blob().not_null())
                    .col(ColumnDef::new(a("author_id")).integer().null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().from(a(file), a("quote_id")).to(a("quote"), a("id")).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(a(file), a("author_id")).to(a("app_user"), a("id")).on_delete(ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["quote_file", "quote_request_photo_variant", "quote_request_photo"] {
            manager.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
