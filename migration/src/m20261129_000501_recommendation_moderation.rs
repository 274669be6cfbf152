//! Recommendations can be reported and hidden by moderators like reviews:
//! a status and the statement of reasons its author sees.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Recommendation { Table, Status, ModerationReason }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Recommendation::Table)
                    .add_column(ColumnDef::new(Recommendation::Status).string_len(16).not_null().default("published"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(Recommendation::Table).add_column(ColumnDef::new(Recommendation::ModerationReason).text().null()).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Recommendation::Table).drop_column(Recommendation::ModerationReason).to_owned()).await?;
        manager.alter_table(Table::alter().table(Recommendation::Table).drop_column(Recommendation::Status).to_owned()).await
    }
}
