//! "Verwaltung online": the neutral directory of the city's administrative
//! services and the residents' ratings of how well each works online.
use sea_orm_migration::prelude::*;

use crate::reference::{city_services, slugify};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CityService {
    Table,
    Id,
    Slug,
    Themenfeld,
    ThemenfeldEn,
    Name,
    NameEn,
    Availability,
    OfficialUrl,
    Description,
    DescriptionEn,
    Bring,
    BringEn,
    Position,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CityServiceRating { Table, Id, ServiceId, UserId, Stars, Outcome, Tip, CreatedAt, UpdatedAt }

#[derive(DeriveIden)]
enum AppUser { Table, Id }

fn text<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).text().not_null().to_owned()
}

fn ts<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).timestamp_with_time_zone().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CityService::Table)
                    .col(ColumnDef::new(CityService::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(CityService::Slug).string_len(120).not_null().unique_key())
                    .col(text(CityService::Themenfeld))
                    .col(text(CityService::ThemenfeldEn))
                    .col(text(CityService::Name))
                    .col(text(CityService::NameEn))
                    .col(ColumnDef::new(CityService::Availability).string_len(16).not_null())
                    .col(text(CityService::OfficialUrl))
                    .col(text(CityService::Description))
                    .col(text(CityService::DescriptionEn))
                    .col(text(CityService::Bring))
                    .col(text(CityService::BringEn))
                    .col(ColumnDef::new(CityService::Position).integer().not_null())
                    .col(ts(CityService::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CityServiceRating::Table)
                    .col(ColumnDef::new(CityServiceRating::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(CityServiceRating::ServiceId).integer().not_null())
                    .col(ColumnDef::new(CityServiceRating::UserId).integer().not_null())
                    .col(ColumnDef::new(CityServiceRating::Stars).small_integer().not_null())
                    .col(ColumnDef::new(CityServiceRating::Outcome).string_len(16).not_null())
                    .col(ColumnDef::new(CityServiceRating::Tip).text().null())
                    .col(ts(CityServiceRating::CreatedAt))
                    .col(ts(CityServiceRating::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CityServiceRating::Table, CityServiceRating::ServiceId)
                            .to(CityService::Table, CityService::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CityServiceRating::Table, CityServiceRating::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One rating per person and service; the index also serves the per-service aggregates.
        manager
            .create_index(
                Index::create()
                    .name("city_service_rating_one_per_user")
                    .table(CityServiceRating::Table)
                    .col(CityServiceRating::ServiceId)
                    .col(CityServiceRating::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("city_service_rating_user").table(CityServiceRating::Table).col(CityServiceRating::UserId).to_owned())
            .await?;

        let mut insert = Query::insert()
            .into_table(CityService::Table)
            .columns([
                CityService::Slug,
                CityService::Themenfeld,
                CityService::ThemenfeldEn,
                CityService::Name,
                CityService::NameEn,
                CityService::Availability,
                CityService::OfficialUrl,
                CityService::Description,
                CityService::DescriptionEn,
                CityService::Bring,
                CityService::BringEn,
                CityService::Position,
                CityService::UpdatedAt,
            ])
            .to_owned();
        for (pos, s) in city_services().into_iter().enumerate() {
            insert.values_panic([
                slugify(s.name).into(),
                s.themenfeld.into(),
                s.themenfeld_en.into(),
                s.name.into(),
                s.name_en.into(),
                s.availability.into(),
                s.official_url.into(),
                s.description.into(),
                s.description_en.into(),
                s.bring.into(),
                s.bring_en.into(),
                (pos as i32).into(),
                // The engine's clock: both read it back as a UTC timestamp.
                Expr::cust("CURRENT_TIMESTAMP"),
            ]);
        }
        manager.exec_stmt(insert).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CityServiceRating::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(CityService::Table).to_owned()).await?;
        Ok(())
    }
}
