//! What the request pages show, as the server functions send it.
use serde::{Deserialize, Serialize};

use super::domain::{Esis, PriceType, QuoteState, RequestState};

/// A provider as a quote shows it: who, how rated, who owns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteProvider {
    pub id: i32,
    pub name: String,
    pub path: String,
    pub rating: Option<f64>,
    pub reviews: i64,
    pub ownership: String,
    pub verified_ownership: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub from_provider: bool,
    pub body: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteView {
    pub id: i32,
    pub version: i32,
    pub provider: QuoteProvider,
    pub state: QuoteState,
    pub price_cents: i64,
    pub price_type: PriceType,
    pub included: String,
    pub valid_until: chrono::NaiveDate,
    pub earliest_start: Option<chrono::NaiveDate>,
    pub message: String,
    pub esis: Option<Esis>,
    pub revision: i32,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub messages: Vec<MessageView>,
    /// The PDF attached to the quote.
    pub pdf: Option<PdfRef>,
}

/// A quote's PDF, served only to the resident and the provider's people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfRef {
    pub url: String,
    pub name: String,
    pub size: i64,
}

/// A request's photo, served only to those who may see the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPhoto {
    pub id: i32,
    pub alt: String,
    /// The small size, for the gallery …
    pub thumb: String,
    pub thumb_width: i32,
    pub thumb_height: i32,
    /// … and the largest, linked from it.
    pub full: String,
}

/// A request without anything personal: what every provider that may
/// answer it sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: i32,
    pub version: i32,
    pub title: String,
    pub category: String,
    pub place: String,
    pub description: String,
    /// (label, value) of the category form's answers, in its order.
    pub answers: Vec<(String, String)>,
    pub budget_cents: Option<i64>,
    pub state: RequestState,
    pub open_to_all: bool,
    pub max_quotes: i32,
    pub quotes: i64,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Quotes carry ESIS figures (Baufinanzierung) …
    pub mortgage: bool,
    /// … for this Zinsbindung, in years.
    pub fixed_years: Option<i32>,
    /// The category's form asks for photos.
    pub photos_wanted: bool,
    /// The request's photos (filled where the viewer may see them).
    pub photos: Vec<RequestPhoto>,
    pub demo: bool,
}

/// Who asked: shown to the provider whose quote was accepted, and to no
/// other provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// The resident's own request with every quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    pub summary: RequestSummary,
    pub invited: Vec<QuoteProvider>,
    pub quotes: Vec<QuoteView>,
    pub accepted_quote_id: Option<i32>,
    /// The accepted provider, reviewable as its customer (once).
    pub may_review: Option<i32>,
}

/// A request as one provider sees it: its own quote only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardRequest {
    pub summary: RequestSummary,
    pub provider_id: i32,
    pub invited: bool,
    pub own_quote: Option<QuoteView>,
    pub contact: Option<Contact>,
    pub may_quote: bool,
    /// The server's date: the quote form's default validity counts from it.
    pub today: chrono::NaiveDate,
}

/// One row of "Meine Anfragen" or of a provider's board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRow {
    pub summary: RequestSummary,
    /// The provider's own quote's state (boards only).
    pub own_quote: Option<QuoteState>,
    pub invited: bool,
}
