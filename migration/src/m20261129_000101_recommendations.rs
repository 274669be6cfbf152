//! Residents' recommendations: a resident recommends a provider for a need
//! in a category; others second it. A recommended firm that is not on the
//! platform is a lightweight `unlisted_provider` (its own table, so it never
//! appears in provider search, the API, ranking or counts) until someone
//! claims it and a moderator approves the claim.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser { Table, Id }

#[derive(DeriveIden)]
enum Provider { Table, Id }

#[derive(DeriveIden)]
enum Category { Table, Id }

#[derive(DeriveIden)]
enum UnlistedProvider { Table, Id, Name, Town, Website, NormKey, CreatedBy, ClaimedProviderId, IsDemo, CreatedAt }

#[derive(DeriveIden)]
enum Recommendation { Table, Id, AuthorId, CategoryId, ProviderId, UnlistedId, Reason, IsDemo, CreatedAt }

#[derive(DeriveIden)]
enum RecommendationSecond { Table, RecommendationId, UserId, CreatedAt }

#[derive(DeriveIden)]
enum UnlistedClaim { Table, Id, UnlistedId, ClaimantId, Form, Status, ProviderId, DecidedBy, CreatedAt, DecidedAt }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UnlistedProvider::Table)
                    .col(ColumnDef::new(UnlistedProvider::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(UnlistedProvider::Name).string_len(480).not_null())
                    .col(ColumnDef::new(UnlistedProvider::Town).string_len(320).not_null())
                    .col(ColumnDef::new(UnlistedProvider::Website).string_len(200).null())
                    // Normalised name + town: two people naming the same firm share one entry.
                    .col(ColumnDef::new(UnlistedProvider::NormKey).text().not_null().unique_key())
                    .col(ColumnDef::new(UnlistedProvider::CreatedBy).integer().null())
                    .col(ColumnDef::new(UnlistedProvider::ClaimedProviderId).integer().null())
                    .col(ColumnDef::new(UnlistedProvider::IsDemo).boolean().not_null().default(false))
                    .col(ColumnDef::new(UnlistedProvider::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().from(UnlistedProvider::Table, UnlistedProvider::CreatedBy).to(AppUser::Table, AppUser::Id).on_delete(ForeignKeyAction::SetNull))
                    .foreign_key(
                        ForeignKey::create().from(UnlistedProvider::Table, UnlistedProvider::ClaimedProviderId).to(Provider::Table, Provider::Id).on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Recommendation::Table)
                    .col(ColumnDef::new(Recommendation::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Recommendation::AuthorId).integer().not_null())
                    .col(ColumnDef::new(Recommendation::CategoryId).integer().not_null())
                    // Exactly one of provider_id and unlisted_id is set.
                    .col(ColumnDef::new(Recommendation::ProviderId).integer().null())
                    .col(ColumnDef::new(Recommendation::UnlistedId).integer().null())
                    .col(ColumnDef::new(Recommendation::Reason).text().not_null())
                    .col(ColumnDef::new(Recommendation::IsDemo).boolean().not_null().default(false))
                    .col(ColumnDef::new(Recommendation::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().from(Recommendation::Table, Recommendation::AuthorId).to(AppUser::Table, AppUser::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(Recommendation::Table, Recommendation::CategoryId).to(Category::Table, Category::Id))
                    .foreign_key(ForeignKey::create().from(Recommendation::Table, Recommendation::ProviderId).to(Provider::Table, Provider::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(
                        ForeignKey::create().from(Recommendation::Table, Recommendation::UnlistedId).to(UnlistedProvider::Table, UnlistedProvider::Id).on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One recommendation per person, provider and category. NULLs are
        // distinct on both engines, so each index guards one kind of target.
        for (name, col) in [("recommendation_once_listed", Recommendation::ProviderId), ("recommendation_once_unlisted", Recommendation::UnlistedId)] {
            manager
                .create_index(
                    Index::create().name(name).table(Recommendation::Table).col(Recommendation::AuthorId).col(Recommendation::CategoryId).col(col).unique().to_owned(),
                )
                .await?;
        }
        manager
            .create_index(Index::create().name("recommendation_category").table(Recommendation::Table).col(Recommendation::CategoryId).col(Recommendation::CreatedAt).to_owned())
            .await?;
        manager
            .create_index(Index::create().name("recommendation_unlisted").table(Recommendation::Table).col(Recommendation::UnlistedId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecommendationSecond::Table)
                    .col(ColumnDef::new(RecommendationSecond::RecommendationId).integer().not_null())
                    .col(ColumnDef::new(RecommendationSecond::UserId).integer().not_null())
                    .col(ColumnDef::new(RecommendationSecond::CreatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(RecommendationSecond::RecommendationId).col(RecommendationSecond::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecommendationSecond::Table, RecommendationSecond::RecommendationId)
                            .to(Recommendation::Table, Recommendation::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(ForeignKey::create().from(RecommendationSecond::Table, RecommendationSecond::UserId).to(AppUser::Table, AppUser::Id).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("recommendation_second_user").table(RecommendationSecond::Table).col(RecommendationSecond::UserId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UnlistedClaim::Table)
                    .col(ColumnDef::new(UnlistedClaim::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(UnlistedClaim::UnlistedId).integer().not_null())
                    .col(ColumnDef::new(UnlistedClaim::ClaimantId).integer().not_null())
                    // The claimant's provider form (JSON), created on approval.
                    .col(ColumnDef::new(UnlistedClaim::Form).text().not_null())
                    .col(ColumnDef::new(UnlistedClaim::Status).string_len(16).not_null())
                    .col(ColumnDef::new(UnlistedClaim::ProviderId).integer().null())
                    .col(ColumnDef::new(UnlistedClaim::DecidedBy).integer().null())
                    .col(ColumnDef::new(UnlistedClaim::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(UnlistedClaim::DecidedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create().from(UnlistedClaim::Table, UnlistedClaim::UnlistedId).to(UnlistedProvider::Table, UnlistedProvider::Id).on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(ForeignKey::create().from(UnlistedClaim::Table, UnlistedClaim::ClaimantId).to(AppUser::Table, AppUser::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(UnlistedClaim::Table, UnlistedClaim::ProviderId).to(Provider::Table, Provider::Id).on_delete(ForeignKeyAction::SetNull))
                    .foreign_key(ForeignKey::create().from(UnlistedClaim::Table, UnlistedClaim::DecidedBy).to(AppUser::Table, AppUser::Id).on_delete(ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("unlisted_claim_status").table(UnlistedClaim::Table).col(UnlistedClaim::Status).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [UnlistedClaim::Table.into_iden(), RecommendationSecond::Table.into_iden(), Recommendation::Table.into_iden(), UnlistedProvider::Table.into_iden()] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
