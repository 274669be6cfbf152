//! The housing exposé's key facts and text sections as typed columns of
//! `offer` rather than a 1:1 `offer_housing` table: they belong to exactly
//! one offer, every reader of them (exposé, editor, OpenImmo export, the
//! audit snapshot) already loads the offer row, and a duplicate, the
//! optimistic version check and the change bus then cover them without a
//! second table to keep in step. Money is in cents like `price_cents`
//! (the Kaltmiete of a rental is the offer price); codes are OpenImmo's.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Offer {
    Table,
    WarmRentCents,
    ServiceChargeCents,
    HeatingCostsCents,
    HeatingInServiceCharge,
    DepositCents,
    Commission,
    HausgeldCents,
    Floor,
    FloorsTotal,
    YearBuilt,
    Condition,
    HeatingType,
    EnergySource,
    EnergyCertificate,
    EnergyValueTenths,
    AvailableFrom,
    LocationText,
    FeaturesText,
    OtherText,
}

/// Every new column, all nullable: most offers leave most facts out.
fn columns() -> Vec<(Offer, ColumnDef)> {
    let money = |c: Offer| (c, ColumnDef::new(c).big_integer().null().to_owned());
    let int = |c: Offer| (c, ColumnDef::new(c).integer().null().to_owned());
    let code = |c: Offer, len: u32| (c, ColumnDef::new(c).string_len(len).null().to_owned());
    let text = |c: Offer| (c, ColumnDef::new(c).text().null().to_owned());
    vec![
        money(Offer::WarmRentCents),
        money(Offer::ServiceChargeCents),
        money(Offer::HeatingCostsCents),
        (Offer::HeatingInServiceCharge, ColumnDef::new(Offer::HeatingInServiceCharge).boolean().null().to_owned()),
        money(Offer::DepositCents),
        code(Offer::Commission, 100),
        money(Offer::HausgeldCents),
        int(Offer::Floor),
        int(Offer::FloorsTotal),
        int(Offer::YearBuilt),
        code(Offer::Condition, 40),
        code(Offer::HeatingType, 20),
        code(Offer::EnergySource, 20),
        code(Offer::EnergyCertificate, 20),
        int(Offer::EnergyValueTenths),
        code(Offer::AvailableFrom, 60),
        text(Offer::LocationText),
        text(Offer::FeaturesText),
        text(Offer::OtherText),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for (_, c) in columns() {
            manager.alter_table(Table::alter().table(Offer::Table).add_column(c).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (c, _) in columns().into_iter().rev() {
            manager.alter_table(Table::alter().table(Offer::Table).drop_column(c).to_owned()).await?;
        }
        Ok(())
    }
}
