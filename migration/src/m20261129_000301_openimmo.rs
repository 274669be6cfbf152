//! OpenImmo import: which offer each estate agent's listing became.
//! `(provider_id, external_key)` identifies a listing across imports
//! (`nr:<objektnr_extern>` or `obid:<openimmo_obid>`); `source_xml` is the
//! listing as last imported (OpenImmo 1.2.7, one `immobilie`), so a
//! re-import can tell "unchanged" and an export can give back the fields
//! the offer table does not hold.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OpenimmoListing { Table, Id, ProviderId, ExternalKey, OfferId, SourceXml, ImportedAt }

#[derive(DeriveIden)]
enum Provider { Table, Id }

#[derive(DeriveIden)]
enum Offer { Table, Id }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OpenimmoListing::Table)
                    .col(ColumnDef::new(OpenimmoListing::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(OpenimmoListing::ProviderId).integer().not_null())
                    .col(ColumnDef::new(OpenimmoListing::ExternalKey).string_len(200).not_null())
                    .col(ColumnDef::new(OpenimmoListing::OfferId).integer().not_null())
                    .col(ColumnDef::new(OpenimmoListing::SourceXml).text().not_null())
                    .col(ColumnDef::new(OpenimmoListing::ImportedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(OpenimmoListing::Table, OpenimmoListing::ProviderId)
                            .to(Provider::Table, Provider::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OpenimmoListing::Table, OpenimmoListing::OfferId)
                            .to(Offer::Table, Offer::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_openimmo_listing_key")
                    .table(OpenimmoListing::Table)
                    .col(OpenimmoListing::ProviderId)
                    .col(OpenimmoListing::ExternalKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ux_openimmo_listing_offer").table(OpenimmoListing::Table).col(OpenimmoListing::OfferId).unique().to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OpenimmoListing::Table).to_owned()).await
    }
}
