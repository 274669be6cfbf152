//! Contact requests from an offer page to its provider's inbox. The sender
//! may be anonymous; messages a person sent go with their account.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContactMessage { Table, Id, ProviderId, OfferId, SenderName, SenderEmail, SenderPhone, Body, SenderUserId, CreatedAt, ReadAt }

#[derive(DeriveIden)]
enum Provider { Table, Id }

#[derive(DeriveIden)]
enum Offer { Table, Id }

#[derive(DeriveIden)]
enum AppUser { Table, Id }

fn fk(from: impl IntoIden, to: (impl IntoIden, impl IntoIden), action: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(ContactMessage::Table, from).to(to.0, to.1).on_delete(action).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContactMessage::Table)
                    .col(ColumnDef::new(ContactMessage::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(ContactMessage::ProviderId).integer().not_null())
                    .col(ColumnDef::new(ContactMessage::OfferId).integer().null())
                    .col(ColumnDef::new(ContactMessage::SenderName).string_len(200).not_null())
                    .col(ColumnDef::new(ContactMessage::SenderEmail).string_len(254).not_null())
                    .col(ColumnDef::new(ContactMessage::SenderPhone).string_len(64).null())
                    .col(ColumnDef::new(ContactMessage::Body).text().not_null())
                    .col(ColumnDef::new(ContactMessage::SenderUserId).integer().null())
                    .col(ColumnDef::new(ContactMessage::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ContactMessage::ReadAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut fk(ContactMessage::ProviderId, (Provider::Table, Provider::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk(ContactMessage::OfferId, (Offer::Table, Offer::Id), ForeignKeyAction::SetNull))
                    .foreign_key(&mut fk(ContactMessage::SenderUserId, (AppUser::Table, AppUser::Id), ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [("idx_contact_message_provider", ContactMessage::ProviderId), ("idx_contact_message_sender", ContactMessage::SenderUserId)] {
            manager.create_index(Index::create().name(name).table(ContactMessage::Table).col(col).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ContactMessage::Table).to_owned()).await
    }
}
