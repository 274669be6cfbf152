//! The start page's newest recommendations (`recommendations::store::recent`)
//! are the newest published ones: without an index on (status, created_at)
//! the database counted the seconds of every published recommendation
//! before keeping five.
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261211_000001_recommendation_recent"
    }
}

#[derive(DeriveIden)]
enum Recommendation {
    Table,
    Status,
    CreatedAt,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("recommendation_recent")
                    .table(Recommendation::Table)
                    .col(Recommendation::Status)
                    .col(Recommendation::CreatedAt)
                    .col(Recommendation::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("recommendation_recent").table(Recommendation::Table).to_owned()).await
    }
}
