//! Page arithmetic for lists.
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::t;

pub const PER_PAGE: u64 = 20;
/// Deep pages are no use to a resident and cost the database; filters are.
pub const MAX_PAGE: u64 = 500;

/// `?seite=` as typed by a person: absent or blank means 1.
pub fn parse_page(raw: Option<&str>) -> Result<u64, AppError> {
    match raw.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(1),
        Some(p) => p
            .parse::<u64>()
            .ok()
            .filter(|p| (1..=MAX_PAGE).contains(p))
            .ok_or_else(|| AppError::invalid("seite", t().error_bad_page)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
    /// The items the pages reach: `total`, or fewer where a list orders only
    /// its first matches (a ranked list, `offers::rank::CANDIDATES`).
    pub reachable: u64,
}

impl Paging {
    pub fn new(page: u64, per_page: u64, total: u64) -> Self {
        Self { page: page.max(1), per_page: per_page.max(1), total, reachable: total }
    }

    /// Pages only as far as the first `cap` items: every page number shown
    /// opens a full page, while the count still says how many match.
    pub fn capped(self, cap: u64) -> Self {
        Self { reachable: self.total.min(cap), ..self }
    }

    pub fn pages(&self) -> u64 {
        self.reachable.div_ceil(self.per_page).max(1)
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }

    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }

    /// Index of the first and last item shown, 1-based, for "21–40 von 312".
    pub fn range(&self) -> (u64, u64) {
        if self.total == 0 {
            return (0, 0);
        }
        let first = self.offset() + 1;
        (first.min(self.total), (self.offset() + self.per_page).min(self.total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_ranges() {
        let p = Paging::new(2, 20, 45);
        assert_eq!(p.pages(), 3);
        assert_eq!(p.offset(), 20);
        assert_eq!(p.range(), (21, 40));
        assert!(p.has_prev() && p.has_next());
        let last = Paging::new(3, 20, 45);
        assert_eq!(last.range(), (41, 45));
        assert!(!last.has_next());
        let empty = Paging::new(1, 20, 0);
        assert_eq!(empty.pages(), 1);
        assert_eq!(empty.range(), (0, 0));
        assert_eq!(Paging::new(0, 20, 5).page, 1);
    }

    #[test]
    fn page_parameter() {
        assert_eq!(parse_page(None), Ok(1));
        assert_eq!(parse_page(Some(" ")), Ok(1));
        assert_eq!(parse_page(Some("7")), Ok(7));
        for bad in ["0", "501", "-1", "zwei", "1.5"] {
            assert!(matches!(parse_page(Some(bad)), Err(AppError::Invalid { .. })), "{bad}");
        }
    }
}
