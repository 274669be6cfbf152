//! Rate-limit buckets are stored as keyed SHA-256 hashes from now on (the
//! key, `server_secret`, is made by the first instance to start and shared
//! by all): the rows keyed by e-mail addresses and IPs in clear are deleted
//! (they only hold windows of the last hour or so).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DELETE FROM rate_limit").await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("server_secret"))
                    .col(ColumnDef::new(Alias::new("id")).integer().not_null().primary_key())
                    .col(ColumnDef::new(Alias::new("value")).string().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("server_secret")).to_owned()).await
    }
}
