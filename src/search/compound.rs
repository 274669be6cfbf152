//! Splitting German compounds into words a dictionary knows, with the
//! linking elements between them: "Malerarbeiten" → maler + arbeiten,
//! "Heizungsinstallateur" → heizung + (s) + installateur. Words are the
//! folded forms of `analyzer::words`; the dictionary is asked by stem.

/// Linking elements (Fugenelemente) that may join two parts.
const LINKS: &[&str] = &["es", "en", "s", "n", "e"];

/// Parts shorter than this are never split off: too many false friends.
pub const MIN_PART: usize = 3;
/// Words shorter than this are not split.
pub const MIN_WORD: usize = 7;

/// The split of `word` into the fewest parts that `known` accepts (each at
/// least `MIN_PART` letters, a linking element allowed after every part but
/// the last), or `None` when there is none with two or more parts. Among
/// equally few parts the longest first part wins ("Hausmeisterdienst" →
/// hausmeister + dienst).
pub fn split(word: &str, known: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n < MIN_WORD {
        return None;
    }
    let text = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    // best[i]: the fewest parts covering chars[i..], and where the first ends.
    let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
    best[n] = Some((0, n, n));
    for i in (0..n).rev() {
        for end in (i + MIN_PART..=n).rev() {
            // The whole word is no split of itself, known or not.
            if (i, end) == (0, n) || !known(&text(i, end)) {
                continue;
            }
            // Directly followed by the rest, or by a linking element first.
            let mut nexts = vec![end];
            if end < n {
                for l in LINKS {
                    let ln = l.chars().count();
                    if end + ln < n && text(end, end + ln) == *l {
                        nexts.push(end + ln);
                    }
                }
            }
            for next in nexts {
                let Some((parts, ..)) = best[next] else { continue };
                let candidate = (parts + 1, end, next);
                if best[i].is_none_or(|b| candidate.0 < b.0) {
                    best[i] = Some(candidate);
                }
            }
        }
    }
    let (parts, ..) = best[0]?;
    if parts < 2 {
        return None;
    }
    let mut out = Vec::with_capacity(parts);
    let mut i = 0;
    while i < n {
        let (_, end, next) = best[i]?;
        out.push(text(i, end));
        i = next;
    }
    Some(out)
}

/// The parts a dictionary knows at the start and at the end of `word`
/// (at least `MIN_PART` letters left beside each): what an offer's
/// compound is also indexed under, so "Heizung" finds the
/// "Heizungswartung" without knowing every word in between.
pub fn edges(word: &str, known_head: &dyn Fn(&str) -> bool, known_modifier: &dyn Fn(&str) -> bool) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let mut out = Vec::new();
    if n < MIN_WORD {
        return out;
    }
    let text = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    // The longest known head.
    if let Some(h) = (MIN_PART..=n - MIN_PART).map(|i| text(i, n)).find(|h| known_head(h)) {
        out.push(h);
    }
    // The longest known modifier, a linking element stripped.
    'modifier: for end in (MIN_PART..=n - MIN_PART).rev() {
        let left = text(0, end);
        if known_modifier(&left) {
            out.push(left);
            break;
        }
        for l in LINKS {
            if let Some(stripped) = left.strip_suffix(l) {
                if stripped.chars().count() >= MIN_PART && known_modifier(stripped) {
                    out.push(stripped.to_owned());
                    break 'modifier;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(words: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |w: &str| words.contains(&w)
    }

    #[test]
    fn splits_with_linking_elements() {
        let k = dict(&["maler", "arbeiten", "heizung", "installateur", "bad", "sanierung", "gebäude", "reinigung", "haus", "meister", "hausmeister", "dienst"]);
        assert_eq!(split("malerarbeiten", &k).unwrap(), ["maler", "arbeiten"]);
        assert_eq!(split("heizungsinstallateur", &k).unwrap(), ["heizung", "installateur"]);
        assert_eq!(split("badsanierung", &k).unwrap(), ["bad", "sanierung"]);
        assert_eq!(split("gebäudereinigung", &k).unwrap(), ["gebäude", "reinigung"]);
        // The fewest parts: hausmeister + dienst, not haus + meister + dienst.
        assert_eq!(split("hausmeisterdienst", &k).unwrap(), ["hausmeister", "dienst"]);
    }

    #[test]
    fn no_split_without_full_cover() {
        let k = dict(&["gas", "haus", "maler"]);
        assert_eq!(split("gastronomie", &k), None);
        assert_eq!(split("maler", &k), None, "short and whole");
        assert_eq!(split("malerhausx", &k), None, "a rest nobody knows");
        // A linking element is no part of its own, and never ends a word.
        assert_eq!(split("malers", &k), None);
    }

    #[test]
    fn edges_find_heads_and_modifiers() {
        let k = dict(&["heizung", "wartung", "installateur", "wohnung"]);
        assert_eq!(edges("heizungswartung", &k, &k), ["wartung", "heizung"]);
        assert_eq!(edges("altbauwohnung", &k, &k), ["wohnung"]);
        assert!(edges("gastronomie", &k, &k).is_empty());
    }
}
