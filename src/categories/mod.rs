//! The two-level category tree (Wohnen → Mieten, Handwerk → Dachdecker, …).
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i32,
    pub parent_id: Option<i32>,
    pub slug: String,
    pub name: String,
}

impl Category {
    /// The name in the page's language; a category without a translation
    /// (added later by an admin) shows its stored name.
    pub fn label(&self) -> String {
        self.label_in(crate::i18n::locale())
    }

    pub fn label_in(&self, l: Locale) -> String {
        l.category_name(&self.slug).map(str::to_owned).unwrap_or_else(|| self.name.clone())
    }
}

/// The whole tree, ordered parents first as the migration defines them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTree {
    pub all: Vec<Category>,
}

impl CategoryTree {
    pub fn by_slug(&self, slug: &str) -> Option<&Category> {
        self.all.iter().find(|c| c.slug == slug)
    }

    pub fn by_id(&self, id: i32) -> Option<&Category> {
        self.all.iter().find(|c| c.id == id)
    }

    pub fn roots(&self) -> impl Iterator<Item = &Category> {
        self.all.iter().filter(|c| c.parent_id.is_none())
    }

    pub fn children(&self, parent: i32) -> impl Iterator<Item = &Category> {
        self.all.iter().filter(move |c| c.parent_id == Some(parent))
    }

    /// The category and, for a parent, all its children: a filter on
    /// "Handwerk" must find the Dachdecker.
    pub fn with_descendants(&self, id: i32) -> Vec<i32> {
        let mut ids = vec![id];
        ids.extend(self.children(id).map(|c| c.id));
        ids
    }

    /// "Wohnen › Mieten"
    pub fn path_name(&self, id: i32) -> String {
        self.path_name_in(crate::i18n::locale(), id)
    }

    pub fn path_name_in(&self, l: Locale, id: i32) -> String {
        match self.by_id(id) {
            Some(c) => match c.parent_id.and_then(|p| self.by_id(p)) {
                Some(p) => format!("{} › {}", p.label_in(l), c.label_in(l)),
                None => c.label_in(l),
            },
            None => String::new(),
        }
    }
}

/// A category with the number of published offers in it (children included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    pub category: Category,
    pub count: u64,
    pub children: Vec<(Category, u64)>,
}

/// Rolls per-category counts up into the tree.
pub fn count_tree(tree: &CategoryTree, counts: &[(i32, u64)]) -> Vec<CategoryCount> {
    let count_of = |id: i32| counts.iter().filter(|(c, _)| *c == id).map(|(_, n)| n).sum::<u64>();
    tree.roots()
        .map(|root| {
            let children: Vec<(Category, u64)> =
                tree.children(root.id).map(|c| (c.clone(), count_of(c.id))).collect();
            let count = count_of(root.id) + children.iter().map(|(_, n)| n).sum::<u64>();
            CategoryCount { category: root.clone(), count, children }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> CategoryTree {
        let c = |id, parent_id, slug: &str| Category { id, parent_id, slug: slug.into(), name: slug.to_uppercase() };
        CategoryTree { all: vec![c(1, None, "wohnen"), c(2, Some(1), "mieten"), c(3, Some(1), "kaufen"), c(4, None, "handwerk"), c(5, Some(4), "dach")] }
    }

    #[test]
    fn parent_includes_children() {
        let t = tree();
        assert_eq!(t.with_descendants(1), vec![1, 2, 3]);
        assert_eq!(t.with_descendants(5), vec![5]);
        // "wohnen" has a translation, the made-up "mieten" falls back to its stored name.
        assert_eq!(t.path_name(2), "Wohnen › MIETEN");
    }

    #[test]
    fn counts_roll_up() {
        let counts = count_tree(&tree(), &[(2, 10), (3, 5), (5, 7)]);
        assert_eq!(counts[0].count, 15);
        assert_eq!(counts[0].children[1].1, 5);
        assert_eq!(counts[1].count, 7);
    }
}
