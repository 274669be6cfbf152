//! Stadtbezirke, Stadtteile and the category tree, with their reference rows.
//! Ids are assigned here (not auto-incremented) so they are the same on
//! every database and stable across installs.
use sea_orm_migration::prelude::*;

use crate::reference::{districts, slugify, CATEGORIES};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Stadtbezirk { Table, Id, Slug, Name }

#[derive(DeriveIden)]
pub enum Stadtteil { Table, Id, BezirkId, Slug, Name }

#[derive(DeriveIden)]
pub enum Category { Table, Id, ParentId, Slug, Name, Position }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Stadtbezirk::Table)
                    .col(ColumnDef::new(Stadtbezirk::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(Stadtbezirk::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Stadtbezirk::Name).string_len(128).not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Stadtteil::Table)
                    .col(ColumnDef::new(Stadtteil::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(Stadtteil::BezirkId).integer().not_null())
                    .col(ColumnDef::new(Stadtteil::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Stadtteil::Name).string_len(128).not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Stadtteil::Table, Stadtteil::BezirkId)
                            .to(Stadtbezirk::Table, Stadtbezirk::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Category::Table)
                    .col(ColumnDef::new(Category::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(Category::ParentId).integer().null())
                    .col(ColumnDef::new(Category::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Category::Name).string_len(128).not_null())
                    .col(ColumnDef::new(Category::Position).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Category::Table, Category::ParentId)
                            .to(Category::Table, Category::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_stadtteil_bezirk")
                    .table(Stadtteil::Table)
                    .col(Stadtteil::BezirkId)
                    .to_owned(),
            )
            .await?;
        seed(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [Category::Table.into_iden(), Stadtteil::Table.into_iden(), Stadtbezirk::Table.into_iden()] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

async fn seed(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut bezirke = Query::insert()
        .into_table(Stadtbezirk::Table)
        .columns([Stadtbezirk::Id, Stadtbezirk::Slug, Stadtbezirk::Name])
        .to_owned();
    let mut teile = Query::insert()
        .into_table(Stadtteil::Table)
        .columns([Stadtteil::Id, Stadtteil::BezirkId, Stadtteil::Slug, Stadtteil::Name])
        .to_owned();
    let mut seen: Vec<&str> = Vec::new();
    for (i, (bezirk, teil)) in districts().into_iter().enumerate() {
        if !seen.contains(&bezirk) {
            seen.push(bezirk);
            bezirke.values_panic([(seen.len() as i32).into(), slugify(bezirk).into(), bezirk.into()]);
        }
        teile.values_panic([
            (i as i32 + 1).into(),
            (seen.len() as i32).into(),
            slugify(teil).into(),
            teil.into(),
        ]);
    }
    manager.exec_stmt(bezirke).await?;
    manager.exec_stmt(teile).await?;

    let mut cats = Query::insert()
        .into_table(Category::Table)
        .columns([Category::Id, Category::ParentId, Category::Slug, Category::Name, Category::Position])
        .to_owned();
    let mut id = 0;
    for (pos, (slug, name, children)) in CATEGORIES.iter().enumerate() {
        id += 1;
        let parent = id;
        cats.values_panic([parent.into(), Option::<i32>::None.into(), (*slug).into(), (*name).into(), (pos as i32).into()]);
        for (cpos, (cslug, cname)) in children.iter().enumerate() {
            id += 1;
            cats.values_panic([id.into(), Some(parent).into(), (*cslug).into(), (*cname).into(), (cpos as i32).into()]);
        }
    }
    manager.exec_stmt(cats).await?;
    Ok(())
}
