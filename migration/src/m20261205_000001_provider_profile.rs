//! A provider maintains its profile: opening hours, the Stadtbezirke it
//! serves (`provider_district`; none means the whole city), and a version
//! number, so an edit made from a stale form is refused instead of
//! overwriting a colleague's. Served districts change together with the
//! provider row (its version), whose trigger notes the change.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("provider")).add_column(ColumnDef::new(Alias::new("opening_hours")).text().null()).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Alias::new("provider")).add_column(ColumnDef::new(Alias::new("version")).integer().not_null().default(1)).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("provider_district"))
                    .col(ColumnDef::new(Alias::new("provider_id")).integer().not_null())
                    .col(ColumnDef::new(Alias::new("bezirk_id")).integer().not_null())
                    .primary_key(Index::create().col(Alias::new("provider_id")).col(Alias::new("bezirk_id")))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Alias::new("provider_district"), Alias::new("provider_id"))
                            .to(Alias::new("provider"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Alias::new("provider_district"), Alias::new("bezirk_id"))
                            .to(Alias::new("stadtbezirk"), Alias::new("id")),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("provider_district")).to_owned()).await?;
        for col in ["version", "opening_hours"] {
            manager.alter_table(Table::alter().table(Alias::new("provider")).drop_column(Alias::new(col)).to_owned()).await?;
        }
        Ok(())
    }
}
