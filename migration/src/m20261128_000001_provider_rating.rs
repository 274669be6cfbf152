//! Rating aggregates kept beside the reviews: per provider (count, sum and
//! count per star of its published reviews) and city-wide (count, sum), so
//! pages read a provider's rating and the Bayesian prior without
//! aggregating the review table. The app updates them in the transaction
//! of every review write (`reviews::store::insert`); here they are filled
//! once from the reviews already stored.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProviderRating {
    Table, ProviderId, ReviewCount, StarSum,
    #[sea_orm(iden = "stars_1")] Stars1,
    #[sea_orm(iden = "stars_2")] Stars2,
    #[sea_orm(iden = "stars_3")] Stars3,
    #[sea_orm(iden = "stars_4")] Stars4,
    #[sea_orm(iden = "stars_5")] Stars5,
}

#[derive(DeriveIden)]
enum RatingTotal { Table, Id, ReviewCount, StarSum }

#[derive(DeriveIden)]
enum Provider { Table, Id }

fn counter<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c).big_integer().not_null().default(0).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProviderRating::Table)
                    .col(ColumnDef::new(ProviderRating::ProviderId).integer().not_null().primary_key())
                    .col(counter(ProviderRating::ReviewCount))
                    .col(counter(ProviderRating::StarSum))
                    .col(counter(ProviderRating::Stars1))
                    .col(counter(ProviderRating::Stars2))
                    .col(counter(ProviderRating::Stars3))
                    .col(counter(ProviderRating::Stars4))
                    .col(counter(ProviderRating::Stars5))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProviderRating::Table, ProviderRating::ProviderId)
                            .to(Provider::Table, Provider::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RatingTotal::Table)
                    .col(ColumnDef::new(RatingTotal::Id).integer().not_null().primary_key())
                    .col(counter(RatingTotal::ReviewCount))
                    .col(counter(RatingTotal::StarSum))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let per_star = |s: u8| format!("SUM(CASE WHEN stars = {s} THEN 1 ELSE 0 END)");
        db.execute_unprepared(&format!(
            "INSERT INTO provider_rating (provider_id, review_count, star_sum, stars_1, stars_2, stars_3, stars_4, stars_5) \
             SELECT provider_id, COUNT(*), SUM(stars), {}, {}, {}, {}, {} FROM review WHERE status = 'published' GROUP BY provider_id",
            per_star(1), per_star(2), per_star(3), per_star(4), per_star(5)
        ))
        .await?;
        db.execute_unprepared(
            "INSERT INTO rating_total (id, review_count, star_sum) \
             SELECT 1, COUNT(*), COALESCE(SUM(stars), 0) FROM review WHERE status = 'published'",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(RatingTotal::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ProviderRating::Table).to_owned()).await
    }
}
