//! The API page at `/api/v1`: plain server-rendered HTML made from the
//! OpenAPI document, so the page and the document always agree. No script,
//! no external style. Like the document, it is in English, the language of
//! developer documentation; the parameter names are the website's German ones.
use std::fmt::Write;
use std::sync::OnceLock;

use axum::response::Html;
use serde_json::Value;

use super::problem::Kind;

pub async fn page() -> Html<&'static str> {
    static PAGE: OnceLock<String> = OnceLock::new();
    let html = PAGE.get_or_init(|| {
        let doc = serde_json::to_value(super::openapi::document()).unwrap_or_default();
        render(&doc)
    });
    Html(html.as_str())
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}\
main{max-width:60rem;margin:0 auto;padding:1rem}a{color:#0b4f9c}code{font-family:ui-monospace,monospace}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}\
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#eee}\
caption{text-align:left;font-weight:600;padding:.25rem 0}td p{margin:0}section{border-top:2px solid #ccc;margin-top:2rem}";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Escaped text with `code` spans and paragraphs.
fn prose(s: &str) -> String {
    if s.trim().is_empty() {
        return String::new();
    }
    esc(s)
        .split("\n\n")
        .map(|para| {
            let mut out = String::new();
            for (i, part) in para.split('`').enumerate() {
                if i % 2 == 1 {
                    let _ = write!(out, "<code>{part}</code>");
                } else {
                    out.push_str(part);
                }
            }
            format!("<p>{out}</p>")
        })
        .collect()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn ref_name(r: &str) -> &str {
    r.rsplit('/').next().unwrap_or(r)
}

/// A schema as a short, readable type: "string", "integer or null",
/// "array of ApiOffer" (linked), "one of: fixed, from".
fn type_of(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = esc(ref_name(r));
        return format!("<a href=\"#schema-{name}\">{name}</a>");
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = s.get(key).and_then(Value::as_array) {
            let parts: Vec<String> = list.iter().map(type_of).collect();
            return parts.join(if key == "allOf" { " and " } else { " or " });
        }
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        let names: Vec<String> = values.iter().map(|v| format!("<code>{}</code>", esc(v.as_str().unwrap_or(&v.to_string())))).collect();
        return format!("one of: {}", names.join(", "));
    }
    let types: Vec<String> = match s.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => vec!["any".to_owned()],
    };
    let range = match (s.get("minimum"), s.get("maximum")) {
        (Some(min), Some(max)) => format!(", {min} to {max}"),
        (Some(min), None) => format!(", from {min}"),
        _ => String::new(),
    };
    let named = types
        .iter()
        .map(|t| match (t.as_str(), s.get("items")) {
            ("array", Some(items)) => format!("array of {}", type_of(items)),
            _ => match s.get("format").and_then(Value::as_str) {
                Some(f) if t != "null" => format!("{} ({})", esc(t), esc(f)),
                _ => esc(t),
            },
        })
        .collect::<Vec<_>>()
        .join(" or ");
    format!("{named}{range}")
}

fn nullable(s: &Value) -> bool {
    let is_null = |t: &Value| t == "null";
    match s.get("type") {
        Some(Value::Array(ts)) => ts.iter().any(is_null),
        Some(t) => is_null(t),
        None => ["oneOf", "anyOf"].iter().any(|k| s.get(*k).and_then(Value::as_array).is_some_and(|l| l.iter().any(nullable))),
    }
}

/// The example request: path parameters and the first two query
/// parameters filled in with their documented examples.
fn example_request(path: &str, params: &[Value]) -> String {
    let mut url = path.to_owned();
    let mut query = Vec::new();
    for p in params {
        let example = p.get("example").or_else(|| p["schema"]["examples"].get(0));
        let Some(example) = example.map(|e| e.as_str().map(str::to_owned).unwrap_or_else(|| e.to_string())) else {
            continue;
        };
        match text(p, "in") {
            "path" => url = url.replace(&format!("{{{}}}", text(p, "name")), &example),
            "query" if query.len() < 2 => query.push(format!("{}={}", text(p, "name"), example)),
            _ => {}
        }
    }
    if !query.is_empty() {
        url = format!("{url}?{}", query.join("&"));
    }
    url
}

fn operation(out: &mut String, path: &str, method: &str, op: &Value) {
    let id = esc(text(op, "operationId"));
    let _ = write!(out, "<section id=\"{id}\" aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">{}</h2>", esc(text(op, "summary")));
    let _ = write!(out, "<p><code>{} {}</code></p>{}", method.to_uppercase(), esc(path), prose(text(op, "description")));

    let params: Vec<Value> = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let _ = write!(out, "<h3>Parameters</h3>");
    if params.is_empty() {
        out.push_str("<p>None.</p>");
    } else {
        let _ = write!(out, "<table><caption>Parameters of {}</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">In</th><th scope=\"col\">Required</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead><tbody>", esc(path));
        for p in &params {
            let required = if p.get("required").and_then(Value::as_bool).unwrap_or(false) { "yes" } else { "no" };
            let _ = write!(
                out,
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{required}</td><td>{}</td><td>{}</td></tr>",
                esc(text(p, "name")),
                esc(text(p, "in")),
                p.get("schema").map(type_of).unwrap_or_default(),
                prose(text(p, "description")),
            );
        }
        out.push_str("</tbody></table>");
    }

    let _ = write!(out, "<h3>Responses</h3><table><caption>Responses of {}</caption><thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Meaning</th><th scope=\"col\">Content</th></tr></thead><tbody>", esc(path));
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        for (status, r) in responses {
            let content: Vec<String> = r
                .get("content")
                .and_then(Value::as_object)
                .map(|c| c.iter().map(|(mime, m)| format!("<code>{}</code>: {}", esc(mime), m.get("schema").map(type_of).unwrap_or_default())).collect())
                .unwrap_or_default();
            let _ = write!(out, "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>", esc(status), esc(text(r, "description")), content.join("<br>"));
        }
    }
    out.push_str("</tbody></table>");

    let example = esc(&example_request(path, &params));
    let _ = write!(out, "<h3>Example request</h3><p><a href=\"{example}\"><code>GET {example}</code></a></p></section>");
}

fn schema(out: &mut String, name: &str, s: &Value) {
    let name = esc(name);
    let _ = write!(out, "<h3 id=\"schema-{name}\">{name}</h3>{}", prose(text(s, "description")));
    // Every field is always present; optional ones are null.
    let mut props: Vec<(String, Value)> = Vec::new();
    let parts: Vec<&Value> = match s.get("allOf").and_then(Value::as_array) {
        Some(all) => all.iter().collect(),
        None => vec![s],
    };
    for part in parts {
        if let Some(r) = part.get("$ref").and_then(Value::as_str) {
            let r = esc(ref_name(r));
            let _ = write!(out, "<p>All fields of <a href=\"#schema-{r}\">{r}</a>, and:</p>");
        }
        if let Some(p) = part.get("properties").and_then(Value::as_object) {
            props.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    if props.is_empty() {
        let _ = write!(out, "<p>Type: {}</p>", type_of(s));
        return;
    }
    let _ = write!(out, "<table><caption>Fields of {name}</caption><thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Type</th><th scope=\"col\">May be null</th><th scope=\"col\">Description</th></tr></thead><tbody>");
    for (field, v) in props {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&field),
            type_of(&v),
            if nullable(&v) { "yes" } else { "no" },
            prose(text(&v, "description")),
        );
    }
    out.push_str("</tbody></table>");
}

pub fn render(doc: &Value) -> String {
    let info = &doc["info"];
    let title = esc(text(info, "title"));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><style>{STYLE}</style></head><body><main><h1>{title}</h1>{}\
<p>OpenAPI {} document: <a href=\"{base}/openapi.json\"><code>{base}/openapi.json</code></a>. Back to <a href=\"/\">Smart City Duisburg</a>.</p>",
        prose(text(info, "description")),
        esc(text(doc, "openapi")),
        base = super::BASE,
    );

    let mut ops = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            if let Some(methods) = item.as_object() {
                ops.extend(methods.iter().filter(|(_, op)| op.get("operationId").is_some()).map(|(m, op)| (path.as_str(), m.as_str(), op)));
            }
        }
    }
    // In the order of the document's tags: offers first.
    let tags: Vec<&str> = doc["tags"].as_array().map(|t| t.iter().map(|t| text(t, "name")).collect()).unwrap_or_default();
    let tag_rank = |op: &Value| {
        let tag = op["tags"].get(0).and_then(Value::as_str).unwrap_or("");
        tags.iter().position(|t| *t == tag).unwrap_or(usize::MAX)
    };
    ops.sort_by_key(|(_, _, op)| tag_rank(op));
    out.push_str("<nav aria-labelledby=\"toc\"><h2 id=\"toc\">Endpoints</h2><ul>");
    for (path, method, op) in &ops {
        let _ = write!(out, "<li><a href=\"#{}\"><code>{} {}</code></a> – {}</li>", esc(text(op, "operationId")), method.to_uppercase(), esc(path), esc(text(op, "summary")));
    }
    out.push_str("<li><a href=\"#errors\">Errors</a></li><li><a href=\"#schemas\">Response fields</a></li></ul></nav>");
    for (path, method, op) in &ops {
        operation(&mut out, path, method, op);
    }

    out.push_str("<section id=\"errors\" aria-labelledby=\"errors-h\"><h2 id=\"errors-h\">Errors</h2>\
<p>Every error is a problem detail (RFC 9457, <code>application/problem+json</code>) with <code>type</code>, <code>title</code>, \
<code>status</code>, <code>detail</code> and, for a bad parameter, <code>parameter</code>. Its <code>type</code> links to one of these:</p>");
    for k in Kind::ALL {
        let _ = write!(out, "<h3 id=\"{}\">{} ({})</h3>{}", k.anchor(), k.title(), k.status().as_u16(), prose(k.explanation()));
    }
    out.push_str("</section><section id=\"schemas\" aria-labelledby=\"schemas-h\"><h2 id=\"schemas-h\">Response fields</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, s) in schemas {
            schema(&mut out, name, s);
        }
    }
    out.push_str("</section></main></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn example_requests_use_documented_examples() {
        let params = [
            json!({"name": "id", "in": "path", "example": 7}),
            json!({"name": "kategorie", "in": "query", "schema": {"examples": ["dach"]}}),
            json!({"name": "bezirk", "in": "query", "example": "mitte"}),
            json!({"name": "q", "in": "query", "example": "Ziegel"}),
            json!({"name": "seite", "in": "query"}),
        ];
        assert_eq!(example_request("/api/v1/providers/{id}", &params), "/api/v1/providers/7?kategorie=dach&bezirk=mitte");
    }

    #[test]
    fn types_read_as_words() {
        assert_eq!(type_of(&json!({"type": ["integer", "null"], "format": "int32"})), "integer (int32) or null");
        assert_eq!(type_of(&json!({"type": "array", "items": {"$ref": "#/components/schemas/ApiOffer"}})), "array of <a href=\"#schema-ApiOffer\">ApiOffer</a>");
        assert_eq!(type_of(&json!({"type": "string", "enum": ["buy", "rent"]})), "one of: <code>buy</code>, <code>rent</code>");
        assert_eq!(type_of(&json!({"type": "integer", "minimum": 1, "maximum": 500})), "integer, 1 to 500");
        assert!(nullable(&json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/X"}]})));
        assert!(!nullable(&json!({"type": "string"})));
        assert_eq!(prose(""), "");
        assert_eq!(prose("a `b<c>` d"), "<p>a <code>b&lt;c&gt;</code> d</p>");
    }
}
