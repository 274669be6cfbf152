//! A covering index for the results page: every column the list filters,
//! counts facets over and ranks candidates by (all but the title), so a
//! large match set is read from this narrow index instead of the wide rows
//! (descriptions make those hundreds of bytes each).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Provider { Table, Ownership, Id }

#[derive(DeriveIden)]
enum Offer {
    Table, Id, Status, CategoryId, ServiceArea, CreatedAt, ProviderId, UpdatedAt, StadtteilId, PriceCents,
    HousingKind, RoomsTenths, LivingAreaCentiM2,
}

const NAME: &str = "idx_offer_filter";
/// The ownership filter's subquery, without reading provider rows.
const OWNERSHIP: &str = "idx_provider_ownership";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Offer::Table)
                    .col(Offer::Status)
                    .col(Offer::CategoryId)
                    .col(Offer::ServiceArea)
                    .col(Offer::CreatedAt)
                    .col(Offer::Id)
                    .col(Offer::ProviderId)
                    .col(Offer::UpdatedAt)
                    .col(Offer::StadtteilId)
                    .col(Offer::PriceCents)
                    .col(Offer::HousingKind)
                    .col(Offer::RoomsTenths)
                    .col(Offer::LivingAreaCentiM2)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name(OWNERSHIP).table(Provider::Table).col(Provider::Ownership).col(Provider::Id).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(OWNERSHIP).table(Provider::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name(NAME).table(Offer::Table).to_owned()).await
    }
}
