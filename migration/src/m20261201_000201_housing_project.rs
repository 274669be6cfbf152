//! New-build projects (Neubauprojekte): several housing offers of one
//! provider that are units of one development. A project belongs to its
//! provider; an offer may name one (`offer.project_id`).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HousingProject { Table, Id, ProviderId, Slug, Name, Description, StadtteilId, CompletionDate, IsDemo, CreatedAt, UpdatedAt }

#[derive(DeriveIden)]
enum Provider { Table, Id }

#[derive(DeriveIden)]
enum Stadtteil { Table, Id }

#[derive(DeriveIden)]
enum Offer { Table, ProjectId }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(HousingProject::Table)
                    .col(ColumnDef::new(HousingProject::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(HousingProject::ProviderId).integer().not_null())
                    .col(ColumnDef::new(HousingProject::Slug).string_len(200).not_null())
                    .col(ColumnDef::new(HousingProject::Name).string_len(120).not_null())
                    .col(ColumnDef::new(HousingProject::Description).text().not_null())
                    .col(ColumnDef::new(HousingProject::StadtteilId).integer().not_null())
                    .col(ColumnDef::new(HousingProject::CompletionDate).date().null())
                    .col(ColumnDef::new(HousingProject::IsDemo).boolean().not_null().default(false))
                    .col(ColumnDef::new(HousingProject::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(HousingProject::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(HousingProject::Table, HousingProject::ProviderId)
                            .to(Provider::Table, Provider::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(ForeignKey::create().from(HousingProject::Table, HousingProject::StadtteilId).to(Stadtteil::Table, Stadtteil::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_housing_project_provider").table(HousingProject::Table).col(HousingProject::ProviderId).to_owned())
            .await?;
        // A plain column: SQLite cannot add a foreign key to an existing
        // table. Projects are never deleted while they have units (see
        // `projects::store`), which keeps the reference valid.
        manager.alter_table(Table::alter().table(Offer::Table).add_column(ColumnDef::new(Offer::ProjectId).integer().null()).to_owned()).await?;
        manager.create_index(Index::create().name("idx_offer_project").table(Offer::Table).col(Offer::ProjectId).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_offer_project").table(Offer::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Offer::Table).drop_column(Offer::ProjectId).to_owned()).await?;
        manager.drop_table(Table::drop().table(HousingProject::Table).to_owned()).await
    }
}
