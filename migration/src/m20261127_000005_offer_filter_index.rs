//! A covering index for the results page: every column the list filters,
//! counts facets over and orders its ranking candidates by, so counting a
//! large match set reads this narrow index instead of the wide offer rows
//! (descriptions make those hundreds of bytes each).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Offer {
    Table, Id, Status, CategoryId, ServiceArea, CreatedAt, ProviderId, PriceCents, HousingKind, RoomsTenths,
    LivingAreaCentiM2,
}

const NAME: &str = "idx_offer_filter";

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
                    .col(Offer::PriceCents)
                    .col(Offer::HousingKind)
                    .col(Offer::RoomsTenths)
                    .col(Offer::LivingAreaCentiM2)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(NAME).table(Offer::Table).to_owned()).await
    }
}
