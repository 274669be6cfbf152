//! The side-by-side table of the comparison pages (offers, and the quotes
//! of a request): one column per thing compared, one row per property,
//! the best value of a row marked.
use leptos::prelude::*;

use crate::i18n::t;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Better {
    Lower,
    Higher,
}

/// Indexes of the best values (all of them on a tie); none when fewer than
/// two offers have a value or all values are equal.
pub fn best<T: PartialOrd + Copy>(values: &[Option<T>], better: Better) -> Vec<usize> {
    let present: Vec<(usize, T)> = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).collect();
    if present.len() < 2 {
        return Vec::new();
    }
    let pick = |a: T, b: T| match better {
        Better::Lower => if b < a { b } else { a },
        Better::Higher => if b > a { b } else { a },
    };
    let target = present.iter().map(|(_, v)| *v).reduce(pick).expect("two or more values");
    let winners: Vec<usize> = present.iter().filter(|(_, v)| *v == target).map(|(i, _)| *i).collect();
    if winners.len() == present.len() { Vec::new() } else { winners }
}

/// One row: label, the cells, and which cells hold the best value.
pub fn row(label: &'static str, cells: Vec<AnyView>, best: Vec<usize>) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{label}</th>
            {cells.into_iter().enumerate().map(|(i, cell)| {
                let is_best = best.contains(&i);
                view! {
                    <td class:best=is_best>
                        {cell}
                        {is_best.then(|| view! { <span class="best-mark">" ✓ "<span class="visually-hidden">{t().compare_best}</span></span> })}
                    </td>
                }
            }).collect_view()}
        </tr>
    }
}

pub fn text_cells(values: Vec<String>) -> Vec<AnyView> {
    values.into_iter().map(|v| v.into_any()).collect()
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_values() {
        assert_eq!(best(&[Some(5), Some(3), None, Some(3)], Better::Lower), vec![1, 3]);
        assert_eq!(best(&[Some(5), Some(3)], Better::Higher), vec![0]);
        assert!(best(&[Some(5), None], Better::Lower).is_empty());
        assert!(best(&[Some(4), Some(4)], Better::Lower).is_empty());
    }
}
