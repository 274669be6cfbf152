//! The services directory lists the services in their order (position,
//! id) with their ratings counted: with this index SQLite reads them in
//! that order and groups as it goes, where it sorted them in a temporary
//! B-tree on every rendered request.
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261211_000002_city_service_order"
    }
}

#[derive(DeriveIden)]
enum CityService {
    Table,
    Position,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("city_service_order")
                    .table(CityService::Table)
                    .col(CityService::Position)
                    .col(CityService::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("city_service_order").table(CityService::Table).to_owned()).await
    }
}
