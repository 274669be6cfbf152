//! Photos of offers and provider logos, stored in the database (`photo` with
//! its re-encoded sizes in `photo_variant`), and invitations of further
//! members into a provider (`provider_invitation`).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Provider { Table, Id }

#[derive(DeriveIden)]
enum Offer { Table, Id }

#[derive(DeriveIden)]
enum AppUser { Table, Id }

#[derive(DeriveIden)]
enum Photo { Table, Id, ProviderId, OfferId, Kind, Position, AltText, Width, Height, UploadedBy, CreatedAt }

#[derive(DeriveIden)]
enum PhotoVariant { Table, PhotoId, Width, Height, Mime, Bytes }

#[derive(DeriveIden)]
enum ProviderInvitation { Table, Id, ProviderId, Email, Role, TokenHash, InvitedBy, CreatedAt, ExpiresAt, AcceptedAt, AcceptedBy, RevokedAt }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A photo row never changes its bytes: a new upload is a new row, so
        // `/bilder/{id}-{width}.jpg` can be cached for good.
        manager
            .create_table(
                Table::create()
                    .table(Photo::Table)
                    .col(ColumnDef::new(Photo::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Photo::ProviderId).integer().not_null())
                    .col(ColumnDef::new(Photo::OfferId).integer().null())
                    // "offer" or "logo"
                    .col(ColumnDef::new(Photo::Kind).string_len(8).not_null())
                    .col(ColumnDef::new(Photo::Position).integer().not_null())
                    .col(ColumnDef::new(Photo::AltText).string_len(300).not_null())
                    .col(ColumnDef::new(Photo::Width).integer().not_null())
                    .col(ColumnDef::new(Photo::Height).integer().not_null())
                    .col(ColumnDef::new(Photo::UploadedBy).integer().null())
                    .col(ColumnDef::new(Photo::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().from(Photo::Table, Photo::ProviderId).to(Provider::Table, Provider::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(Photo::Table, Photo::OfferId).to(Offer::Table, Offer::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(Photo::Table, Photo::UploadedBy).to(AppUser::Table, AppUser::Id).on_delete(ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("photo_offer").table(Photo::Table).col(Photo::OfferId).col(Photo::Position).to_owned()).await?;
        manager.create_index(Index::create().name("photo_provider").table(Photo::Table).col(Photo::ProviderId).col(Photo::Kind).to_owned()).await?;
        manager.create_index(Index::create().name("photo_uploader").table(Photo::Table).col(Photo::UploadedBy).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(PhotoVariant::Table)
                    .col(ColumnDef::new(PhotoVariant::PhotoId).integer().not_null())
                    .col(ColumnDef::new(PhotoVariant::Width).integer().not_null())
                    .col(ColumnDef::new(PhotoVariant::Height).integer().not_null())
                    .col(ColumnDef::new(PhotoVariant::Mime).string_len(16).not_null())
                    .col(ColumnDef::new(PhotoVariant::Bytes).blob().not_null())
                    .primary_key(Index::create().col(PhotoVariant::PhotoId).col(PhotoVariant::Width))
                    .foreign_key(
                        ForeignKey::create().from(PhotoVariant::Table, PhotoVariant::PhotoId).to(Photo::Table, Photo::Id).on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProviderInvitation::Table)
                    .col(ColumnDef::new(ProviderInvitation::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(ProviderInvitation::ProviderId).integer().not_null())
                    .col(ColumnDef::new(ProviderInvitation::Email).string_len(254).not_null())
                    .col(ColumnDef::new(ProviderInvitation::Role).string_len(16).not_null())
                    // SHA-256 of the link's token, hex: the token itself is only in the mail.
                    .col(ColumnDef::new(ProviderInvitation::TokenHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(ProviderInvitation::InvitedBy).integer().null())
                    .col(ColumnDef::new(ProviderInvitation::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ProviderInvitation::ExpiresAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ProviderInvitation::AcceptedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(ProviderInvitation::AcceptedBy).integer().null())
                    .col(ColumnDef::new(ProviderInvitation::RevokedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProviderInvitation::Table, ProviderInvitation::ProviderId)
                            .to(Provider::Table, Provider::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProviderInvitation::Table, ProviderInvitation::InvitedBy)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProviderInvitation::Table, ProviderInvitation::AcceptedBy)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("provider_invitation_provider").table(ProviderInvitation::Table).col(ProviderInvitation::ProviderId).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [ProviderInvitation::Table.into_iden(), PhotoVariant::Table.into_iden(), Photo::Table.into_iden()] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
