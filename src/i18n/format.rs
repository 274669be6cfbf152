//! Numbers, prices and dates as each language writes them: "1.234,50 €" and
//! "27.11.2026" in German, "€1,234.50" and "27 Nov 2026" in English. Money is
//! integer cents everywhere; floats appear only for display of averages.
use super::{locale, Locale};

struct Marks {
    group: char,
    decimal: char,
}

fn marks(l: Locale) -> Marks {
    match l {
        Locale::De => Marks { group: '.', decimal: ',' },
        Locale::En => Marks { group: ',', decimal: '.' },
    }
}

fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A fixed-point value with `scale` decimals, trailing zeros trimmed:
/// (7250, 2) → "72,5" / "72.5".
pub fn decimal_in(l: Locale, value: i64, scale: u32) -> String {
    let m = marks(l);
    let div = 10_u64.pow(scale);
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    let (whole, frac) = (abs / div, abs % div);
    let mut s = format!("{sign}{}", group_thousands(whole, m.group));
    if frac != 0 {
        let f = format!("{frac:0width$}", width = scale as usize);
        s.push(m.decimal);
        s.push_str(f.trim_end_matches('0'));
    }
    s
}

/// Whole amounts drop the cents ("289.000 €"), others keep two digits.
pub fn euro_in(l: Locale, cents: i64) -> String {
    let m = marks(l);
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (whole, rest) = (abs / 100, abs % 100);
    let mut amount = group_thousands(whole, m.group);
    if rest != 0 {
        amount = format!("{amount}{}{rest:02}", m.decimal);
    }
    match l {
        Locale::De => format!("{sign}{amount}\u{a0}€"),
        Locale::En => format!("{sign}€{amount}"),
    }
}

pub fn euro(cents: i64) -> String {
    euro_in(locale(), cents)
}

pub fn decimal(value: i64, scale: u32) -> String {
    decimal_in(locale(), value, scale)
}

/// Area stored as m² × 100: 7250 → "72,5 m²".
pub fn area_m2(centi_m2: i32) -> String {
    format!("{}\u{a0}m²", decimal(centi_m2 as i64, 2))
}

/// Rooms stored in tenths: 25 → "2,5".
pub fn rooms(tenths: i32) -> String {
    decimal(tenths as i64, 1)
}

/// An average with one decimal: 4.26 → "4,3" / "4.3".
pub fn rating_in(l: Locale, avg: f64) -> String {
    let s = format!("{avg:.1}");
    match l {
        Locale::De => s.replace('.', ","),
        Locale::En => s,
    }
}

pub fn rating(avg: f64) -> String {
    rating_in(locale(), avg)
}

/// Built from the date's parts rather than with chrono's `format`, whose
/// format-string machinery is large in the wasm bundle.
pub fn date_in(l: Locale, d: &chrono::DateTime<chrono::Utc>) -> String {
    day_in(l, &d.date_naive())
}

/// A calendar day, as `date_in` writes it.
pub fn day_in(l: Locale, d: &chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match l {
        Locale::De => format!("{:02}.{:02}.{}", d.day(), d.month(), d.year()),
        Locale::En => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

pub fn date(d: &chrono::DateTime<chrono::Utc>) -> String {
    date_in(locale(), d)
}

pub fn day(d: &chrono::NaiveDate) -> String {
    day_in(locale(), d)
}

/// A stored month "2026-10" as "10/2026" / "Oct 2026"; other text unchanged.
pub fn month_in(l: Locale, ym: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let Some((y, m)) = ym.split_once('-').and_then(|(y, m)| Some((y, m.parse::<usize>().ok().filter(|m| (1..=12).contains(m))?))) else {
        return ym.to_owned();
    };
    match l {
        Locale::De => format!("{m:02}/{y}"),
        Locale::En => format!("{} {y}", MONTHS[m - 1]),
    }
}

pub fn month(ym: &str) -> String {
    month_in(locale(), ym)
}

/// A decimal as residents type it in either language — "1.234,5",
/// "1,234.5", "2,5", "2.5", "1.200" — scaled by 10^scale and rounded half up;
/// None for junk. A lone separator followed by exactly three digits groups
/// thousands ("1.200" is twelve hundred in German and "1,200" in English),
/// otherwise it is the decimal mark, so shared URLs mean the same everywhere.
pub fn parse_decimal(raw: &str, scale: u32) -> Option<i64> {
    let s: String = raw.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    let decimal_mark = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (Some(_), None) | (None, Some(_)) => {
            let mark = if last_dot.is_some() { '.' } else { ',' };
            let count = s.matches(mark).count();
            let tail = s.rsplit(mark).next().unwrap_or_default();
            (count == 1 && tail.len() != 3).then_some(mark)
        }
        (None, None) => None,
    };
    let (whole_raw, frac) = match decimal_mark.and_then(|m| s.rsplit_once(m)) {
        Some((w, f)) => (w, f),
        None => (s.as_str(), ""),
    };
    // Thousands groups must be real ones: "1.234.567", not "1,2,3".
    let group_mark = match decimal_mark {
        Some('.') => ',',
        Some(_) => '.',
        None => if whole_raw.contains(',') { ',' } else { '.' },
    };
    if decimal_mark.is_some_and(|m| whole_raw.contains(m)) {
        return None;
    }
    let groups: Vec<&str> = whole_raw.split(group_mark).collect();
    if groups.len() > 1 && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    let whole = groups.concat();
    if whole.is_empty() && frac.is_empty() || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut frac_digits: String = frac.chars().take(scale as usize + 1).collect();
    while frac_digits.len() < scale as usize + 1 {
        frac_digits.push('0');
    }
    let f: i64 = frac_digits.parse().ok()?;
    // One extra digit for rounding half up.
    whole.checked_mul(10_i64.pow(scale))?.checked_add((f + 5) / 10)
}

/// Fills a message's `{key}` placeholders in one pass, so a value that
/// itself contains `{other}` (a search or provider name typed by a user)
/// stays literal instead of being expanded by a later key. Unknown
/// placeholders are kept as written.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + vars.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| vars.iter().find(|(k, _)| *k == &after[..close]).map(|(_, v)| (close, v))) {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Locale::{De, En};

    #[test]
    fn fill_expands_each_placeholder_once() {
        let vars = [("name", "Suche {link}"), ("link", "https://x/a")];
        assert_eq!(fill("{name}: {link} {unknown} {", &vars), "Suche {link}: https://x/a {unknown} {");
        assert_eq!(fill("{{name}}", &vars), "{Suche {link}}");
        assert_eq!(fill("", &vars), "");
    }

    #[test]
    fn months_per_locale() {
        assert_eq!(month_in(De, "2026-03"), "03/2026");
        assert_eq!(month_in(En, "2026-03"), "Mar 2026");
        assert_eq!(month_in(De, "2026-13"), "2026-13");
    }

    #[test]
    fn euro_per_locale() {
        assert_eq!(euro_in(De, 123_450), "1.234,50\u{a0}€");
        assert_eq!(euro_in(En, 123_450), "€1,234.50");
        assert_eq!(euro_in(De, 28_900_000), "289.000\u{a0}€");
        assert_eq!(euro_in(En, 28_900_000), "€289,000");
        assert_eq!(euro_in(De, 5), "0,05\u{a0}€");
        assert_eq!(euro_in(De, 0), "0\u{a0}€");
        assert_eq!(euro_in(De, -1999), "-19,99\u{a0}€");
        assert_eq!(euro_in(En, -1999), "-€19.99");
        assert_eq!(euro_in(De, 100_000_000_00), "100.000.000\u{a0}€");
    }

    #[test]
    fn decimals_trim_zeros() {
        assert_eq!(decimal_in(De, 7250, 2), "72,5");
        assert_eq!(decimal_in(En, 7250, 2), "72.5");
        assert_eq!(decimal_in(De, 10000, 2), "100");
        assert_eq!(decimal_in(De, 123_456, 2), "1.234,56");
        assert_eq!(decimal_in(En, 123_456, 2), "1,234.56");
        assert_eq!(decimal_in(De, 25, 1), "2,5");
        assert_eq!(decimal_in(De, 30, 1), "3");
    }

    #[test]
    fn rating_and_dates() {
        assert_eq!(rating_in(De, 4.26), "4,3");
        assert_eq!(rating_in(En, 4.26), "4.3");
        assert_eq!(rating_in(De, 5.0), "5,0");
        let d = chrono::DateTime::parse_from_rfc3339("2026-11-07T10:00:00Z").unwrap().to_utc();
        assert_eq!(date_in(De, &d), "07.11.2026");
        assert_eq!(date_in(En, &d), "7 Nov 2026");
        let march = chrono::DateTime::parse_from_rfc3339("2025-03-24T23:59:00Z").unwrap().to_utc();
        assert_eq!((date_in(De, &march), date_in(En, &march)), ("24.03.2025".to_owned(), "24 Mar 2025".to_owned()));
    }
}
