//! Accounts: e-mail verification, server-side sessions (shared by every app
//! instance through the database), one-time tokens for verification and
//! password reset, and rate-limit counters.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser { Table, Id, EmailVerifiedAt }

#[derive(DeriveIden)]
enum Session { Table, IdHash, UserId, CreatedAt, ExpiresAt, LastSeenAt }

#[derive(DeriveIden)]
enum AccountToken { Table, TokenHash, UserId, Purpose, CreatedAt, ExpiresAt, UsedAt }

#[derive(DeriveIden)]
enum RateLimit { Table, Bucket, WindowStart, Hits }

fn ts<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).timestamp_with_time_zone().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(AppUser::Table).add_column(ColumnDef::new(AppUser::EmailVerifiedAt).timestamp_with_time_zone().null()).to_owned(),
            )
            .await?;
        // Only a hash of the token is stored: a leaked table logs nobody in.
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(ColumnDef::new(Session::IdHash).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Session::UserId).integer().not_null())
                    .col(ts(Session::CreatedAt))
                    .col(ts(Session::ExpiresAt))
                    .col(ts(Session::LastSeenAt))
                    .foreign_key(
                        ForeignKey::create().from(Session::Table, Session::UserId).to(AppUser::Table, AppUser::Id).on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("session_user").table(Session::Table).col(Session::UserId).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(AccountToken::Table)
                    .col(ColumnDef::new(AccountToken::TokenHash).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(AccountToken::UserId).integer().not_null())
                    .col(ColumnDef::new(AccountToken::Purpose).string_len(16).not_null())
                    .col(ts(AccountToken::CreatedAt))
                    .col(ts(AccountToken::ExpiresAt))
                    .col(ColumnDef::new(AccountToken::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccountToken::Table, AccountToken::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("account_token_user").table(AccountToken::Table).col(AccountToken::UserId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RateLimit::Table)
                    .col(ColumnDef::new(RateLimit::Bucket).string_len(200).not_null().primary_key())
                    .col(ts(RateLimit::WindowStart))
                    .col(ColumnDef::new(RateLimit::Hits).integer().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [RateLimit::Table.into_iden(), AccountToken::Table.into_iden(), Session::Table.into_iden()] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(AppUser::Table).drop_column(AppUser::EmailVerifiedAt).to_owned()).await
    }
}
