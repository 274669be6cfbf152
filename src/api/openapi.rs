//! The OpenAPI 3.1 document, generated from the handlers' annotations and
//! the response types, so it cannot drift from the code.
use std::sync::OnceLock;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Smart City Duisburg – open data API",
        version = "1",
        description = "Read-only JSON about the offers, providers, reviews, categories and districts published on Smart City Duisburg. \
The offer filters are the website's: a query string gives the same offers in the same order as on `/angebote`. \
Lists are paginated (`seite`, `pro_seite`); each answer carries the total and links to the neighbouring pages. \
Errors are RFC 9457 problem details (`application/problem+json`). No key is needed; any origin may call it (CORS)."
    ),
    paths(
        super::offers::list,
        super::providers::list,
        super::providers::detail,
        super::providers::reviews,
        super::reference::categories,
        super::reference::districts,
    ),
    components(schemas(super::problem::Problem)),
    tags(
        (name = "offers", description = "What providers publish"),
        (name = "providers", description = "Who publishes, who owns them, and their reviews"),
        (name = "reference", description = "Categories and districts: the values of the `kategorie` and `bezirk` filters"),
    )
)]
pub struct ApiDoc;

/// The document, built once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(ApiDoc::openapi)
}

fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| document().to_pretty_json().unwrap_or_default())
}

pub async fn serve() -> Response {
    let mut resp = json().to_owned().into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_is_openapi_3_1_with_every_path() {
        let doc: serde_json::Value = serde_json::from_str(json()).expect("valid JSON");
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1.")), "{}", doc["openapi"]);
        for path in ["/api/v1/offers", "/api/v1/providers", "/api/v1/providers/{id}", "/api/v1/providers/{id}/reviews", "/api/v1/categories", "/api/v1/districts"] {
            assert!(doc["paths"][path]["get"].is_object(), "{path}");
        }
        let offer_params: Vec<&str> = doc["paths"]["/api/v1/offers"]["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        for name in ["kategorie", "bezirk", "q", "preis_von", "sortierung", "seite", "pro_seite"] {
            assert!(offer_params.contains(&name), "{name} missing from {offer_params:?}");
        }
    }
}
