//! Provider self-service: who may act for a provider (owners and members),
//! the categories a provider works in, the ownership declaration's share and
//! verification, and the audit log of provider and moderator actions.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Provider { Table, Id, OwnershipShare, OwnershipVerifiedAt }

#[derive(DeriveIden)]
enum AppUser { Table, Id }

#[derive(DeriveIden)]
enum Category { Table, Id }

#[derive(DeriveIden)]
enum ProviderMember { Table, ProviderId, UserId, Role, CreatedAt }

#[derive(DeriveIden)]
enum ProviderCategory { Table, ProviderId, CategoryId }

#[derive(DeriveIden)]
enum AuditLog { Table, Id, ActorId, Action, Entity, EntityId, Before, After, CreatedAt }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        manager
            .alter_table(Table::alter().table(Provider::Table).add_column(ColumnDef::new(Provider::OwnershipShare).small_integer().null()).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter().table(Provider::Table).add_column(ColumnDef::new(Provider::OwnershipVerifiedAt).timestamp_with_time_zone().null()).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProviderMember::Table)
                    .col(ColumnDef::new(ProviderMember::ProviderId).integer().not_null())
                    .col(ColumnDef::new(ProviderMember::UserId).integer().not_null())
                    .col(ColumnDef::new(ProviderMember::Role).string_len(16).not_null())
                    .col(ColumnDef::new(ProviderMember::CreatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(ProviderMember::ProviderId).col(ProviderMember::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProviderMember::Table, ProviderMember::ProviderId)
                            .to(Provider::Table, Provider::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create().from(ProviderMember::Table, ProviderMember::UserId).to(AppUser::Table, AppUser::Id).on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("provider_member_user").table(ProviderMember::Table).col(ProviderMember::UserId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProviderCategory::Table)
                    .col(ColumnDef::new(ProviderCategory::ProviderId).integer().not_null())
                    .col(ColumnDef::new(ProviderCategory::CategoryId).integer().not_null())
                    .primary_key(Index::create().col(ProviderCategory::ProviderId).col(ProviderCategory::CategoryId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProviderCategory::Table, ProviderCategory::ProviderId)
                            .to(Provider::Table, Provider::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(ForeignKey::create().from(ProviderCategory::Table, ProviderCategory::CategoryId).to(Category::Table, Category::Id))
                    .to_owned(),
            )
            .await?;
        // Who did what when, with the state before and after (JSON text):
        // kept when the actor's account is deleted (actor then NULL).
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(ColumnDef::new(AuditLog::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(AuditLog::ActorId).integer().null())
                    .col(ColumnDef::new(AuditLog::Action).string_len(40).not_null())
                    .col(ColumnDef::new(AuditLog::Entity).string_len(20).not_null())
                    .col(ColumnDef::new(AuditLog::EntityId).integer().not_null())
                    .col(ColumnDef::new(AuditLog::Before).text().null())
                    .col(ColumnDef::new(AuditLog::After).text().null())
                    .col(ColumnDef::new(AuditLog::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(ForeignKey::create().from(AuditLog::Table, AuditLog::ActorId).to(AppUser::Table, AppUser::Id).on_delete(ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("audit_log_entity").table(AuditLog::Table).col(AuditLog::Entity).col(AuditLog::EntityId).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [AuditLog::Table.into_iden(), ProviderCategory::Table.into_iden(), ProviderMember::Table.into_iden()] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Provider::Table).drop_column(Provider::OwnershipVerifiedAt).to_owned()).await?;
        manager.alter_table(Table::alter().table(Provider::Table).drop_column(Provider::OwnershipShare).to_owned()).await
    }
}
