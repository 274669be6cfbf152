use sea_orm::entity::prelude::*;

/// A moderator checked that the account holder lives in Duisburg.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resident_verification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    /// id_card / registration / letter (see `reviews::domain::VerificationMethod`)
    pub method: String,
    pub verified_by: Option<i32>,
    pub verified_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
