//! Citizens review and report: the month of the experience and one review
//! per person and provider; helpful votes (with a counter for sorting);
//! providers' public replies; one-time customer codes (only their hash);
//! moderators' resident verifications; in-app notifications; and reports
//! (DSA notice and action) with the moderators' decisions.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Review { Table, Id, AuthorId, ProviderId, ExperienceMonth, HelpfulCount, ModerationReason, BodyKey }

#[derive(DeriveIden)]
enum AppUser { Table, Id }

#[derive(DeriveIden)]
enum Provider { Table, Id }

#[derive(DeriveIden)]
enum ReviewVote { Table, ReviewId, UserId, CreatedAt }

#[derive(DeriveIden)]
enum ReviewReply { Table, Id, ReviewId, ProviderId, AuthorId, Body, Status, ModerationReason, CreatedAt, UpdatedAt }

#[derive(DeriveIden)]
enum CustomerCode { Table, Id, ProviderId, CodeHash, CreatedBy, CreatedAt, UsedAt, ReviewId }

#[derive(DeriveIden)]
enum ResidentVerification { Table, UserId, Method, VerifiedBy, VerifiedAt }

#[derive(DeriveIden)]
enum Notification { Table, Id, UserId, Kind, Link, Detail, ReadAt, CreatedAt }

#[derive(DeriveIden)]
enum Report {
    Table, Id, TargetKind, TargetId, Reason, Explanation, ReporterName, ReporterEmail, ReporterId, Automatic,
    Status, Decision, DecidedBy, DecidedAt, CreatedAt,
}

fn ts<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).timestamp_with_time_zone().not_null().to_owned()
}

fn id<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).integer().not_null().auto_increment().primary_key().to_owned()
}

fn cascade(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), action: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(action).to_owned()
}

async fn add_column(manager: &SchemaManager<'_>, col: ColumnDef) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(Review::Table).add_column(col).to_owned()).await
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: Vec<DynIden>, unique: bool) -> Result<(), DbErr> {
    let mut stmt = Index::create().name(name).table(table).to_owned();
    for c in cols {
        stmt.col(c);
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        add_column(manager, ColumnDef::new(Review::ExperienceMonth).string_len(7).null().to_owned()).await?;
        add_column(manager, ColumnDef::new(Review::HelpfulCount).integer().not_null().default(0).to_owned()).await?;
        add_column(manager, ColumnDef::new(Review::ModerationReason).text().null().to_owned()).await?;
        add_column(manager, ColumnDef::new(Review::BodyKey).string_len(64).null().to_owned()).await?;
        // One review per person and provider.
        index(manager, "uq_review_author_provider", Review::Table, vec![Review::AuthorId.into_iden(), Review::ProviderId.into_iden()], true).await?;
        index(manager, "idx_review_body_key", Review::Table, vec![Review::BodyKey.into_iden()], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(ReviewVote::Table)
                    .col(ColumnDef::new(ReviewVote::ReviewId).integer().not_null())
                    .col(ColumnDef::new(ReviewVote::UserId).integer().not_null())
                    .col(ts(ReviewVote::CreatedAt))
                    .primary_key(Index::create().col(ReviewVote::ReviewId).col(ReviewVote::UserId))
                    .foreign_key(&mut cascade((ReviewVote::Table, ReviewVote::ReviewId), (Review::Table, Review::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut cascade((ReviewVote::Table, ReviewVote::UserId), (AppUser::Table, AppUser::Id), ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_review_vote_user", ReviewVote::Table, vec![ReviewVote::UserId.into_iden()], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(ReviewReply::Table)
                    .col(id(ReviewReply::Id))
                    .col(ColumnDef::new(ReviewReply::ReviewId).integer().not_null().unique_key())
                    .col(ColumnDef::new(ReviewReply::ProviderId).integer().not_null())
                    .col(ColumnDef::new(ReviewReply::AuthorId).integer().null())
                    .col(ColumnDef::new(ReviewReply::Body).text().not_null())
                    .col(ColumnDef::new(ReviewReply::Status).string_len(16).not_null())
                    .col(ColumnDef::new(ReviewReply::ModerationReason).text().null())
                    .col(ts(ReviewReply::CreatedAt))
                    .col(ts(ReviewReply::UpdatedAt))
                    .foreign_key(&mut cascade((ReviewReply::Table, ReviewReply::ReviewId), (Review::Table, Review::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut cascade((ReviewReply::Table, ReviewReply::ProviderId), (Provider::Table, Provider::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut cascade((ReviewReply::Table, ReviewReply::AuthorId), (AppUser::Table, AppUser::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_review_reply_author", ReviewReply::Table, vec![ReviewReply::AuthorId.into_iden()], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(CustomerCode::Table)
                    .col(id(CustomerCode::Id))
                    .col(ColumnDef::new(CustomerCode::ProviderId).integer().not_null())
                    .col(ColumnDef::new(CustomerCode::CodeHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(CustomerCode::CreatedBy).integer().null())
                    .col(ts(CustomerCode::CreatedAt))
                    .col(ColumnDef::new(CustomerCode::UsedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(CustomerCode::ReviewId).integer().null())
                    .foreign_key(&mut cascade((CustomerCode::Table, CustomerCode::ProviderId), (Provider::Table, Provider::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut cascade((CustomerCode::Table, CustomerCode::CreatedBy), (AppUser::Table, AppUser::Id), ForeignKeyAction::SetNull))
                    .foreign_key(&mut cascade((CustomerCode::Table, CustomerCode::ReviewId), (Review::Table, Review::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ResidentVerification::Table)
                    .col(ColumnDef::new(ResidentVerification::UserId).integer().not_null().primary_key())
                    .col(ColumnDef::new(ResidentVerification::Method).string_len(32).not_null())
                    .col(ColumnDef::new(ResidentVerification::VerifiedBy).integer().null())
                    .col(ts(ResidentVerification::VerifiedAt))
                    .foreign_key(&mut cascade((ResidentVerification::Table, ResidentVerification::UserId), (AppUser::Table, AppUser::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut cascade((ResidentVerification::Table, ResidentVerification::VerifiedBy), (AppUser::Table, AppUser::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notification::Table)
                    .col(id(Notification::Id))
                    .col(ColumnDef::new(Notification::UserId).integer().not_null())
                    .col(ColumnDef::new(Notification::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Notification::Link).string_len(300).not_null())
                    .col(ColumnDef::new(Notification::Detail).text().null())
                    .col(ColumnDef::new(Notification::ReadAt).timestamp_with_time_zone().null())
                    .col(ts(Notification::CreatedAt))
                    .foreign_key(&mut cascade((Notification::Table, Notification::UserId), (AppUser::Table, AppUser::Id), ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_notification_user", Notification::Table, vec![Notification::UserId.into_iden(), Notification::ReadAt.into_iden()], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Report::Table)
                    .col(id(Report::Id))
                    .col(ColumnDef::new(Report::TargetKind).string_len(24).not_null())
                    .col(ColumnDef::new(Report::TargetId).integer().not_null())
                    .col(ColumnDef::new(Report::Reason).string_len(24).not_null())
                    .col(ColumnDef::new(Report::Explanation).text().not_null())
                    .col(ColumnDef::new(Report::ReporterName).string_len(200).null())
                    .col(ColumnDef::new(Report::ReporterEmail).string_len(254).null())
                    .col(ColumnDef::new(Report::ReporterId).integer().null())
                    .col(ColumnDef::new(Report::Automatic).boolean().not_null().default(false))
                    .col(ColumnDef::new(Report::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Report::Decision).text().null())
                    .col(ColumnDef::new(Report::DecidedBy).integer().null())
                    .col(ColumnDef::new(Report::DecidedAt).timestamp_with_time_zone().null())
                    .col(ts(Report::CreatedAt))
                    .foreign_key(&mut cascade((Report::Table, Report::ReporterId), (AppUser::Table, AppUser::Id), ForeignKeyAction::SetNull))
                    .foreign_key(&mut cascade((Report::Table, Report::DecidedBy), (AppUser::Table, AppUser::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_report_status", Report::Table, vec![Report::Status.into_iden(), Report::CreatedAt.into_iden()], false).await?;
        index(manager, "idx_report_target", Report::Table, vec![Report::TargetKind.into_iden(), Report::TargetId.into_iden()], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [Report::Table.into_iden(), Notification::Table.into_iden(), ResidentVerification::Table.into_iden(), CustomerCode::Table.into_iden(), ReviewReply::Table.into_iden(), ReviewVote::Table.into_iden()] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        manager.drop_index(Index::drop().name("idx_review_body_key").table(Review::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("uq_review_author_provider").table(Review::Table).to_owned()).await?;
        for c in [Review::BodyKey.into_iden(), Review::ModerationReason.into_iden(), Review::HelpfulCount.into_iden(), Review::ExperienceMonth.into_iden()] {
            manager.alter_table(Table::alter().table(Review::Table).drop_column(c).to_owned()).await?;
        }
        Ok(())
    }
}
