//! The monthly cost of buying a home with an annuity loan, as German banks
//! quote it: a fixed monthly rate of (interest + initial repayment) × loan / 12.
//! Plain arithmetic, unit-tested; the exposé shows it as an estimate, never
//! as an offer.
use serde::{Deserialize, Serialize};

use crate::offers::filters::parse_decimal;

/// Purchase side costs in NRW as basis points of the price: land transfer
/// tax 6.5 % plus notary and land registry about 2 %. Broker commission is
/// not included; the exposé states it separately.
pub const SIDE_COSTS_BP: i64 = 850;
pub const DEFAULT_INTEREST_BP: i64 = 350;
pub const DEFAULT_REPAYMENT_BP: i64 = 200;
/// Equity suggested before anyone typed a figure: the side costs plus 20 %.
pub const DEFAULT_EQUITY_SHARE_BP: i64 = 2000;
const MAX_INTEREST_BP: i64 = 1500;
const MIN_REPAYMENT_BP: i64 = 50;
const MAX_REPAYMENT_BP: i64 = 1000;
/// Longer than anyone borrows; beyond it the loan counts as never repaid.
const MAX_MONTHS: u32 = 100 * 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceInput {
    pub price_cents: i64,
    pub equity_cents: i64,
    /// Nominal interest per year in basis points (350 = 3.5 %).
    pub interest_bp: i64,
    /// Initial repayment per year in basis points (200 = 2 %).
    pub repayment_bp: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FinanceError {
    Equity,
    Interest,
    Repayment,
}

impl FinanceError {
    pub fn field(self) -> &'static str {
        match self {
            Self::Equity => "eigenkapital",
            Self::Interest => "zins",
            Self::Repayment => "tilgung",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceEstimate {
    pub side_costs_cents: i64,
    pub loan_cents: i64,
    pub monthly_rate_cents: i64,
    pub first_interest_cents: i64,
    pub first_repayment_cents: i64,
    /// Months until the loan is repaid at this rate; None if it never is.
    pub months: Option<u32>,
    pub total_interest_cents: i64,
}

impl FinanceInput {
    pub fn defaults(price_cents: i64) -> Self {
        Self {
            price_cents,
            equity_cents: round_cents(price_cents as f64 * (SIDE_COSTS_BP + DEFAULT_EQUITY_SHARE_BP) as f64 / 10_000.0),
            interest_bp: DEFAULT_INTEREST_BP,
            repayment_bp: DEFAULT_REPAYMENT_BP,
        }
    }

    /// Reads the three figures a resident can type (German or English
    /// number formats); an empty field keeps its default.
    pub fn parse(price_cents: i64, equity: &str, interest: &str, repayment: &str) -> Result<Self, FinanceError> {
        let d = Self::defaults(price_cents);
        let read = |raw: &str, scale: u32, default: i64, err: FinanceError| -> Result<i64, FinanceError> {
            if raw.trim().is_empty() { Ok(default) } else { parse_decimal(raw, scale).ok_or(err) }
        };
        let equity_cents = read(equity, 2, d.equity_cents, FinanceError::Equity)?;
        let interest_bp = read(interest, 2, d.interest_bp, FinanceError::Interest)?;
        let repayment_bp = read(repayment, 2, d.repayment_bp, FinanceError::Repayment)?;
        let total = price_cents + side_costs(price_cents);
        if !(0..=total).contains(&equity_cents) {
            return Err(FinanceError::Equity);
        }
        if !(0..=MAX_INTEREST_BP).contains(&interest_bp) {
            return Err(FinanceError::Interest);
        }
        if !(MIN_REPAYMENT_BP..=MAX_REPAYMENT_BP).contains(&repayment_bp) {
            return Err(FinanceError::Repayment);
        }
        Ok(Self { price_cents, equity_cents, interest_bp, repayment_bp })
    }

    pub fn estimate(&self) -> FinanceEstimate {
        let side = side_costs(self.price_cents);
        let loan = (self.price_cents + side - self.equity_cents).max(0);
        let monthly_interest = self.interest_bp as f64 / 10_000.0 / 12.0;
        let rate = round_cents(loan as f64 * (self.interest_bp + self.repayment_bp) as f64 / 10_000.0 / 12.0);
        let first_interest = round_cents(loan as f64 * monthly_interest);
        // Month by month, as the bank's repayment plan does.
        let mut balance = loan as f64;
        let mut interest_total = 0.0;
        let mut months = 0;
        while balance > 0.5 && months < MAX_MONTHS {
            let interest = balance * monthly_interest;
            interest_total += interest;
            balance -= (rate as f64 - interest).min(balance);
            months += 1;
        }
        FinanceEstimate {
            side_costs_cents: side,
            loan_cents: loan,
            monthly_rate_cents: rate,
            first_interest_cents: first_interest,
            first_repayment_cents: rate - first_interest,
            months: (balance <= 0.5).then_some(months),
            total_interest_cents: round_cents(interest_total),
        }
    }
}

pub fn side_costs(price_cents: i64) -> i64 {
    round_cents(price_cents as f64 * SIDE_COSTS_BP as f64 / 10_000.0)
}

fn round_cents(x: f64) -> i64 {
    x.round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typical_purchase() {
        // 300,000 € price, 25,500 € side costs, 85,500 € equity → 240,000 € loan.
        let input = FinanceInput { price_cents: 30_000_000, equity_cents: 8_550_000, interest_bp: 350, repayment_bp: 200 };
        let e = input.estimate();
        assert_eq!(e.side_costs_cents, 2_550_000);
        assert_eq!(e.loan_cents, 24_000_000);
        // (3.5 % + 2 %) × 240,000 € / 12 = 1,100 € a month, 700 € of it interest at first.
        assert_eq!(e.monthly_rate_cents, 110_000);
        assert_eq!(e.first_interest_cents, 70_000);
        assert_eq!(e.first_repayment_cents, 40_000);
        // A 2 % initial repayment at 3.5 % takes a little under 29 years.
        let months = e.months.unwrap();
        assert!((340..=350).contains(&months), "{months}");
        // Everything paid = loan + interest.
        let paid = e.loan_cents + e.total_interest_cents;
        assert!((paid - months as i64 * e.monthly_rate_cents).abs() < e.monthly_rate_cents, "{paid}");
    }

    #[test]
    fn no_loan_when_equity_covers_everything() {
        let e = FinanceInput { price_cents: 10_000_000, equity_cents: 10_850_000, interest_bp: 350, repayment_bp: 200 }.estimate();
        assert_eq!((e.loan_cents, e.monthly_rate_cents, e.months, e.total_interest_cents), (0, 0, Some(0), 0));
    }

    #[test]
    fn interest_free_loans_are_repaid_by_the_repayment_alone() {
        let e = FinanceInput { price_cents: 12_000_000, equity_cents: 1_020_000, interest_bp: 0, repayment_bp: 1000 }.estimate();
        assert_eq!(e.loan_cents, 12_000_000);
        assert_eq!(e.monthly_rate_cents, 100_000);
        assert_eq!(e.months, Some(120));
        assert_eq!(e.total_interest_cents, 0);
    }

    #[test]
    fn typed_figures_in_either_language_and_their_limits() {
        let a = FinanceInput::parse(30_000_000, "85.500", "3,5", "2").unwrap();
        let b = FinanceInput::parse(30_000_000, "85,500", "3.5", "2.0").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.interest_bp, 350);
        assert_eq!(a.equity_cents, 8_550_000);
        assert_eq!(FinanceInput::parse(30_000_000, "", "", "").unwrap(), FinanceInput::defaults(30_000_000));
        assert_eq!(FinanceInput::defaults(30_000_000).equity_cents, 8_550_000);
        assert_eq!(FinanceInput::parse(30_000_000, "-1", "", ""), Err(FinanceError::Equity));
        assert_eq!(FinanceInput::parse(30_000_000, "400.000", "", ""), Err(FinanceError::Equity));
        assert_eq!(FinanceInput::parse(30_000_000, "", "16", ""), Err(FinanceError::Interest));
        assert_eq!(FinanceInput::parse(30_000_000, "", "viel", ""), Err(FinanceError::Interest));
        assert_eq!(FinanceInput::parse(30_000_000, "", "", "0,4"), Err(FinanceError::Repayment));
    }
}
