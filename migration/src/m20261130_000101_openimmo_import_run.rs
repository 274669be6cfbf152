//! The OpenImmo imports run from the provider dashboard: who, when, which
//! file, and the report (JSON) or the reason the file could not be read;
//! and which image bytes (SHA-256) an import already attached to an offer,
//! so re-importing the same ZIP adds no photo twice.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OpenimmoImportRun { Table, Id, ProviderId, ActorId, FileName, Report, Error, CreatedAt }

#[derive(DeriveIden)]
enum Provider { Table, Id }

#[derive(DeriveIden)]
enum OpenimmoImage { Table, Id, OfferId, ContentHash, PhotoId }

#[derive(DeriveIden)]
enum Offer { Table, Id }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OpenimmoImportRun::Table)
                    .col(ColumnDef::new(OpenimmoImportRun::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(OpenimmoImportRun::ProviderId).integer().not_null())
                    .col(ColumnDef::new(OpenimmoImportRun::ActorId).integer().null())
                    .col(ColumnDef::new(OpenimmoImportRun::FileName).string_len(255).not_null())
                    .col(ColumnDef::new(OpenimmoImportRun::Report).text().null())
                    .col(ColumnDef::new(OpenimmoImportRun::Error).text().null())
                    .col(ColumnDef::new(OpenimmoImportRun::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(OpenimmoImportRun::Table, OpenimmoImportRun::ProviderId)
                            .to(Provider::Table, Provider::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_openimmo_import_run_provider").table(OpenimmoImportRun::Table).col(OpenimmoImportRun::ProviderId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OpenimmoImage::Table)
                    .col(ColumnDef::new(OpenimmoImage::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(OpenimmoImage::OfferId).integer().not_null())
                    .col(ColumnDef::new(OpenimmoImage::ContentHash).string_len(64).not_null())
                    .col(ColumnDef::new(OpenimmoImage::PhotoId).integer().not_null())
                    .foreign_key(ForeignKey::create().from(OpenimmoImage::Table, OpenimmoImage::OfferId).to(Offer::Table, Offer::Id).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_openimmo_image_offer_hash").table(OpenimmoImage::Table).col(OpenimmoImage::OfferId).col(OpenimmoImage::ContentHash).unique().to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OpenimmoImage::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OpenimmoImportRun::Table).to_owned()).await
    }
}
