//! One-time customer codes: a provider creates one per customer and hands
//! it over; entering it with a review marks the review "verified customer".
//! Only the code's hash is stored.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set};

use super::write::code_hash;
use crate::db::entities::customer_code;

/// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A fresh code like "K7QM-3XWA-PT9E" (60 bits of randomness).
pub fn generate() -> Result<String, DbErr> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| DbErr::Custom(format!("randomness: {e}")))?;
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    Ok(chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

/// Creates and stores (as hash) a new code for the provider; returns the code.
pub async fn create<C: ConnectionTrait>(db: &C, provider_id: i32, created_by: i32) -> Result<String, DbErr> {
    let code = generate()?;
    customer_code::ActiveModel {
        provider_id: Set(provider_id),
        code_hash: Set(code_hash(&code)),
        created_by: Set(Some(created_by)),
        created_at: Set(Utc::now()),
        used_at: Set(None),
        review_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(code)
}

/// (unused, used) codes of a provider.
pub async fn counts<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<(u64, u64), DbErr> {
    let q = || customer_code::Entity::find().filter(customer_code::Column::ProviderId.eq(provider_id));
    let unused = q().filter(customer_code::Column::UsedAt.is_null()).count(db).await?;
    let used = q().filter(customer_code::Column::UsedAt.is_not_null()).count(db).await?;
    Ok((unused, used))
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_readable_and_hash_alike_however_typed() {
        let c = super::generate().expect("code");
        assert_eq!(c.len(), 14);
        assert!(c.chars().all(|ch| ch == '-' || super::ALPHABET.contains(&(ch as u8))));
        assert_eq!(super::code_hash(&c), super::code_hash(&c.to_lowercase().replace('-', " ")));
        assert_ne!(super::code_hash(&c), super::code_hash("AAAA-AAAA-AAAA"));
    }
}
