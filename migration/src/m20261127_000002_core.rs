//! Users, providers, offers (with their service districts) and reviews.
use sea_orm_migration::prelude::*;

use crate::m20261127_000001_districts_categories::{Category, Stadtbezirk, Stadtteil};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser { Table, Id, DisplayName, Email, Role, PasswordHash, IsDemo, CreatedAt }

#[derive(DeriveIden)]
enum Provider {
    Table, Id, Slug, Name, Description, Street, PostalCode, StadtteilId, Phone, Email, Website,
    Ownership, OwnerName, IsDemo, CreatedAt, UpdatedAt,
}

#[derive(DeriveIden)]
enum Offer {
    Table, Id, ProviderId, CategoryId, Slug, Title, Description, PriceModel, PriceCents,
    ServiceArea, StadtteilId, Status, Version, HousingKind, RoomsTenths, LivingAreaCentiM2,
    PlotAreaCentiM2, EnergyClass, CreatedAt, UpdatedAt,
}

#[derive(DeriveIden)]
enum OfferDistrict { Table, OfferId, BezirkId }

#[derive(DeriveIden)]
enum Review {
    Table, Id, AuthorId, ProviderId, OfferId, Stars, Title, Body, Provenance, Status, CreatedAt, UpdatedAt,
}

fn id_col<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).integer().not_null().auto_increment().primary_key().to_owned()
}

fn ts<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).timestamp_with_time_zone().not_null().to_owned()
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).to_owned()
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> Result<(), DbErr> {
    let mut idx = Index::create().name(name).table(table).to_owned();
    for c in cols {
        idx.col(c);
    }
    manager.create_index(idx).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .col(id_col(AppUser::Id))
                    .col(ColumnDef::new(AppUser::DisplayName).string_len(80).not_null())
                    .col(ColumnDef::new(AppUser::Email).string_len(254).not_null().unique_key())
                    .col(ColumnDef::new(AppUser::Role).string_len(16).not_null())
                    .col(ColumnDef::new(AppUser::PasswordHash).string_len(255).null())
                    .col(ColumnDef::new(AppUser::IsDemo).boolean().not_null().default(false))
                    .col(ts(AppUser::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Provider::Table)
                    .col(id_col(Provider::Id))
                    .col(ColumnDef::new(Provider::Slug).string_len(160).not_null())
                    .col(ColumnDef::new(Provider::Name).string_len(160).not_null())
                    .col(ColumnDef::new(Provider::Description).text().not_null())
                    .col(ColumnDef::new(Provider::Street).string_len(160).not_null())
                    .col(ColumnDef::new(Provider::PostalCode).string_len(5).not_null())
                    .col(ColumnDef::new(Provider::StadtteilId).integer().not_null())
                    .col(ColumnDef::new(Provider::Phone).string_len(40).null())
                    .col(ColumnDef::new(Provider::Email).string_len(254).null())
                    .col(ColumnDef::new(Provider::Website).string_len(300).null())
                    .col(ColumnDef::new(Provider::Ownership).string_len(16).not_null())
                    .col(ColumnDef::new(Provider::OwnerName).string_len(160).null())
                    .col(ColumnDef::new(Provider::IsDemo).boolean().not_null().default(false))
                    .col(ts(Provider::CreatedAt))
                    .col(ts(Provider::UpdatedAt))
                    .foreign_key(&mut fk((Provider::Table, Provider::StadtteilId), (Stadtteil::Table, Stadtteil::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Offer::Table)
                    .col(id_col(Offer::Id))
                    .col(ColumnDef::new(Offer::ProviderId).integer().not_null())
                    .col(ColumnDef::new(Offer::CategoryId).integer().not_null())
                    .col(ColumnDef::new(Offer::Slug).string_len(160).not_null())
                    .col(ColumnDef::new(Offer::Title).string_len(160).not_null())
                    .col(ColumnDef::new(Offer::Description).text().not_null())
                    .col(ColumnDef::new(Offer::PriceModel).string_len(16).not_null())
                    .col(ColumnDef::new(Offer::PriceCents).big_integer().null())
                    .col(ColumnDef::new(Offer::ServiceArea).string_len(16).not_null())
                    .col(ColumnDef::new(Offer::StadtteilId).integer().null())
                    .col(ColumnDef::new(Offer::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Offer::Version).integer().not_null().default(1))
                    .col(ColumnDef::new(Offer::HousingKind).string_len(8).null())
                    .col(ColumnDef::new(Offer::RoomsTenths).integer().null())
                    .col(ColumnDef::new(Offer::LivingAreaCentiM2).integer().null())
                    .col(ColumnDef::new(Offer::PlotAreaCentiM2).integer().null())
                    .col(ColumnDef::new(Offer::EnergyClass).string_len(4).null())
                    .col(ts(Offer::CreatedAt))
                    .col(ts(Offer::UpdatedAt))
                    .foreign_key(&mut fk((Offer::Table, Offer::ProviderId), (Provider::Table, Provider::Id)).on_delete(ForeignKeyAction::Cascade).to_owned())
                    .foreign_key(&mut fk((Offer::Table, Offer::CategoryId), (Category::Table, Category::Id)))
                    .foreign_key(&mut fk((Offer::Table, Offer::StadtteilId), (Stadtteil::Table, Stadtteil::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfferDistrict::Table)
                    .col(ColumnDef::new(OfferDistrict::OfferId).integer().not_null())
                    .col(ColumnDef::new(OfferDistrict::BezirkId).integer().not_null())
                    .primary_key(Index::create().col(OfferDistrict::OfferId).col(OfferDistrict::BezirkId))
                    .foreign_key(&mut fk((OfferDistrict::Table, OfferDistrict::OfferId), (Offer::Table, Offer::Id)).on_delete(ForeignKeyAction::Cascade).to_owned())
                    .foreign_key(&mut fk((OfferDistrict::Table, OfferDistrict::BezirkId), (Stadtbezirk::Table, Stadtbezirk::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Review::Table)
                    .col(id_col(Review::Id))
                    .col(ColumnDef::new(Review::AuthorId).integer().not_null())
                    .col(ColumnDef::new(Review::ProviderId).integer().not_null())
                    .col(ColumnDef::new(Review::OfferId).integer().null())
                    .col(ColumnDef::new(Review::Stars).small_integer().not_null())
                    .col(ColumnDef::new(Review::Title).string_len(120).not_null())
                    .col(ColumnDef::new(Review::Body).text().not_null())
                    .col(ColumnDef::new(Review::Provenance).string_len(24).not_null())
                    .col(ColumnDef::new(Review::Status).string_len(16).not_null())
                    .col(ts(Review::CreatedAt))
                    .col(ts(Review::UpdatedAt))
                    .check(Expr::col(Review::Stars).between(1, 5))
                    .foreign_key(&mut fk((Review::Table, Review::AuthorId), (AppUser::Table, AppUser::Id)).on_delete(ForeignKeyAction::Cascade).to_owned())
                    .foreign_key(&mut fk((Review::Table, Review::ProviderId), (Provider::Table, Provider::Id)).on_delete(ForeignKeyAction::Cascade).to_owned())
                    .foreign_key(&mut fk((Review::Table, Review::OfferId), (Offer::Table, Offer::Id)).on_delete(ForeignKeyAction::SetNull).to_owned())
                    .to_owned(),
            )
            .await?;

        // Indexes for the queries the pages make: lists filter on status and
        // category and sort by recency; detail pages join by provider.
        index(manager, "idx_offer_status_category", Offer::Table, vec![Offer::Status.into_iden(), Offer::CategoryId.into_iden(), Offer::CreatedAt.into_iden()]).await?;
        index(manager, "idx_offer_status_created", Offer::Table, vec![Offer::Status.into_iden(), Offer::CreatedAt.into_iden()]).await?;
        index(manager, "idx_offer_provider", Offer::Table, vec![Offer::ProviderId.into_iden()]).await?;
        index(manager, "idx_offer_district_bezirk", OfferDistrict::Table, vec![OfferDistrict::BezirkId.into_iden(), OfferDistrict::OfferId.into_iden()]).await?;
        index(manager, "idx_provider_stadtteil", Provider::Table, vec![Provider::StadtteilId.into_iden()]).await?;
        index(manager, "idx_review_provider_status", Review::Table, vec![Review::ProviderId.into_iden(), Review::Status.into_iden(), Review::CreatedAt.into_iden()]).await?;
        index(manager, "idx_review_author", Review::Table, vec![Review::AuthorId.into_iden()]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Review::Table.into_iden(),
            OfferDistrict::Table.into_iden(),
            Offer::Table.into_iden(),
            Provider::Table.into_iden(),
            AppUser::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
