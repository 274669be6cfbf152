//! Bytes to text (BOM, XML declaration) and tolerant value parsing.
use std::borrow::Cow;

use encoding_rs::Encoding;

/// Decodes the document to UTF-8: a BOM wins, then the `encoding` of the XML
/// declaration, else UTF-8. ISO-8859-1 is read as Windows-1252 (its superset,
/// as browsers do). Malformed sequences become U+FFFD rather than failing.
/// Returns the text and the encoding's name.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok((text, enc.name()));
    }
    let enc = match declared_encoding(bytes) {
        Some(label) => Encoding::for_label(label.as_bytes())
            .ok_or_else(|| format!("unknown encoding {label:?} in the XML declaration"))?,
        None => encoding_rs::UTF_8,
    };
    // UTF-16 without a BOM cannot be told from its declaration (which would be
    // unreadable as ASCII), so a declared UTF-16 here is a mislabelled file.
    let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else {
        enc
    };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Ok((text, enc.name()))
}

/// The `encoding="..."` of a leading `<?xml ...?>` declaration.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let start = head.find("<?xml")?;
    let decl = &head[start..head[start..].find("?>").map(|e| start + e)?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].trim().to_owned())
}

/// `true`/`1`/`ja`/`yes` and `false`/`0`/`nein`/`no`, any case; else None.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "ja" | "yes" | "j" | "y" => Some(true),
        "false" | "0" | "nein" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// A decimal as estate agents write it: `1234.5`, `1234,5`, `1.234,50`,
/// `1,234.50`, with optional spaces, `€`/`EUR`/`m²` around it. The last of
/// `.`/`,` is the decimal separator when both occur; a lone `,` is decimal.
/// Non-finite results are rejected.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let mut t: String = s
        .trim()
        .trim_end_matches("EUR")
        .trim_end_matches('€')
        .trim_end_matches("m²")
        .trim_end_matches("qm")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\'')
        .collect();
    if t.is_empty() {
        return None;
    }
    match (t.rfind('.'), t.rfind(',')) {
        (Some(dot), Some(comma)) if comma > dot => t = t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t = t.replace(',', ""),
        (None, Some(_)) if t.matches(',').count() == 1 => t = t.replace(',', "."),
        (None, Some(_)) => t = t.replace(',', ""),
        (Some(_), None) if t.matches('.').count() > 1 => t = t.replace('.', ""),
        _ => {}
    }
    let ok = t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !ok {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// An integer; accepts a decimal with no fraction (`3.0`) as well.
pub fn parse_int(s: &str) -> Option<i32> {
    let t = s.trim();
    if let Ok(v) = t.parse::<i32>() {
        return Some(v);
    }
    let d = parse_decimal(t)?;
    (d.fract() == 0.0 && d >= i32::MIN as f64 && d <= i32::MAX as f64).then_some(d as i32)
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_in_german_and_english_notation() {
        assert_eq!(parse_decimal("940.0"), Some(940.0));
        assert_eq!(parse_decimal("940,50"), Some(940.5));
        assert_eq!(parse_decimal("1.234,56"), Some(1234.56));
        assert_eq!(parse_decimal("1,234.56"), Some(1234.56));
        assert_eq!(parse_decimal("1.234.567"), Some(1234567.0));
        assert_eq!(parse_decimal(" 250 000 € "), Some(250000.0));
        assert_eq!(parse_decimal("72,3 m²"), Some(72.3));
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal("inf"), None);
        assert_eq!(parse_decimal("auf Anfrage"), None);
        assert_eq!(parse_decimal(""), None);
    }

    #[test]
    fn booleans_as_words_and_digits() {
        for (s, v) in [("true", true), ("1", true), ("TRUE", true), ("false", false), ("0", false), (" 0 ", false)] {
            assert_eq!(parse_bool(s), Some(v), "{s}");
        }
        assert_eq!(parse_bool("vielleicht"), None);
    }

    #[test]
    fn integers_tolerate_a_zero_fraction() {
        assert_eq!(parse_int("3"), Some(3));
        assert_eq!(parse_int("3.0"), Some(3));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("2,5"), None);
        assert_eq!(parse_int("EG"), None);
    }

    #[test]
    fn encoding_from_bom_and_declaration() {
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Gr\xf6\xdfe</a>";
        let (text, name) = decode(latin1).unwrap();
        assert!(text.contains("Größe"), "{text}");
        assert_eq!(name, "windows-1252");
        let cp = b"<?xml version='1.0' encoding='windows-1252'?><a>\x80</a>";
        assert!(decode(cp).unwrap().0.contains('€'));
        let bom = b"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xc3\xa4</a>";
        let (text, name) = decode(bom).unwrap();
        assert_eq!((text.contains('ä'), name), (true, "UTF-8"));
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend("<a>ü</a>".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&utf16).unwrap().0, "<a>ü</a>");
        assert!(decode(b"<?xml version=\"1.0\" encoding=\"klingon\"?><a/>").is_err());
        assert_eq!(decode(b"<a>\xc3\xbc</a>").unwrap().0, "<a>ü</a>");
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\ncä\nx";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 999), (3, 2));
    }
}

/// Characters XML 1.0 allows. Real exports contain stray control characters
/// (form feeds from word processors); the reader drops them, the writer too.
pub fn xml_char_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// `s` without the characters XML 1.0 forbids; borrowed when there are none.
pub fn xml_chars(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(xml_char_ok) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.chars().filter(|c| xml_char_ok(*c)).collect())
    }
}
