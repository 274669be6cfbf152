//! German number formatting. Money is integer cents everywhere; floats appear
//! only for display of averages.

/// Groups the integer part with dots: 1234567 -> "1.234.567".
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// "1.234,50 €"; whole amounts drop the cents ("289.000 €").
pub fn euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (whole, rest) = (abs / 100, abs % 100);
    if rest == 0 {
        format!("{sign}{}\u{a0}€", group_thousands(whole))
    } else {
        format!("{sign}{},{rest:02}\u{a0}€", group_thousands(whole))
    }
}

/// A fixed-point value with `scale` decimals in German notation, trailing
/// zeros trimmed: (7250, 2) -> "72,5".
pub fn decimal(value: i64, scale: u32) -> String {
    let div = 10_i64.pow(scale);
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    let whole = abs / div as u64;
    let frac = abs % div as u64;
    let mut s = format!("{sign}{}", group_thousands(whole));
    if frac != 0 {
        let f = format!("{frac:0width$}", width = scale as usize);
        s.push(',');
        s.push_str(f.trim_end_matches('0'));
    }
    s
}

/// Area stored as m² × 100: 7250 -> "72,5 m²".
pub fn area_m2(centi_m2: i32) -> String {
    format!("{}\u{a0}m²", decimal(centi_m2 as i64, 2))
}

/// Rooms stored in tenths: 25 -> "2,5".
pub fn rooms(tenths: i32) -> String {
    decimal(tenths as i64, 1)
}

/// Average rating with one decimal, German comma: 4.26 -> "4,3".
pub fn rating(avg: f64) -> String {
    format!("{:.1}", avg).replace('.', ",")
}

/// "27.11.2026". Built from the date's parts rather than with chrono's
/// `format`, whose format-string machinery is large in the wasm bundle.
pub fn date(d: &chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    format!("{:02}.{:02}.{}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euro_formats_german() {
        assert_eq!(euro(123_450), "1.234,50\u{a0}€");
        assert_eq!(euro(28_900_000), "289.000\u{a0}€");
        assert_eq!(euro(5), "0,05\u{a0}€");
        assert_eq!(euro(0), "0\u{a0}€");
        assert_eq!(euro(-1999), "-19,99\u{a0}€");
        assert_eq!(euro(100_000_000_00), "100.000.000\u{a0}€");
    }

    #[test]
    fn decimals_trim_zeros() {
        assert_eq!(area_m2(7250), "72,5\u{a0}m²");
        assert_eq!(area_m2(10000), "100\u{a0}m²");
        assert_eq!(area_m2(123_456), "1.234,56\u{a0}m²");
        assert_eq!(rooms(25), "2,5");
        assert_eq!(rooms(30), "3");
    }

    #[test]
    fn dates_are_german_with_leading_zeros() {
        use chrono::TimeZone;
        let d = chrono::Utc.with_ymd_and_hms(2026, 3, 7, 23, 59, 0).unwrap();
        assert_eq!(date(&d), "07.03.2026");
        assert_eq!(date(&chrono::Utc.with_ymd_and_hms(2025, 12, 24, 0, 0, 0).unwrap()), "24.12.2025");
    }

    #[test]
    fn rating_uses_comma() {
        assert_eq!(rating(4.26), "4,3");
        assert_eq!(rating(5.0), "5,0");
    }
}
