//! Administrators can lock an account (`app_user.locked_at`): it cannot sign
//! in, and its sessions end when it is locked.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("app_user")).add_column(ColumnDef::new(Alias::new("locked_at")).timestamp_with_time_zone().null()).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Alias::new("app_user")).drop_column(Alias::new("locked_at")).to_owned()).await
    }
}
