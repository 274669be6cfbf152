//! A doc's term ids, packed: its title's and all of its text's, each sorted
//! and stored as the gaps between neighbours in variable-length integers
//! (`integer-encoding`, the protocol-buffers varint). A doc holds some
//! forty terms; as two `u32` lists they took about 190 bytes an offer, as
//! gaps of one or two bytes about a quarter of that. They are read only to
//! take a doc out of the postings, for the title match of ranked candidates
//! and for `Data::terms_of`, never on a filter's or count's path.
use integer_encoding::VarInt;

#[derive(Debug, Clone, Default)]
pub struct TermIds(Box<[u8]>);

impl TermIds {
    /// Packs the title's term ids and every term id (duplicates dropped).
    pub fn new(mut title: Vec<u32>, mut all: Vec<u32>) -> Self {
        let mut out = Vec::with_capacity(2 * (title.len() + all.len()) + 2);
        for list in [&mut title, &mut all] {
            list.sort_unstable();
            list.dedup();
        }
        push(&mut out, title.len() as u32);
        for list in [&title, &all] {
            let mut last = 0;
            for &id in list.iter() {
                push(&mut out, id - last);
                last = id;
            }
        }
        TermIds(out.into_boxed_slice())
    }

    /// The title's term ids, ascending.
    pub fn title(&self) -> impl Iterator<Item = u32> + Clone + '_ {
        self.title_gaps()
    }

    /// Every term id, ascending.
    pub fn all(&self) -> impl Iterator<Item = u32> + Clone + '_ {
        let mut title = self.title_gaps();
        while title.next().is_some() {}
        Gaps { bytes: &self.0, at: title.at, last: 0, left: usize::MAX }
    }

    fn title_gaps(&self) -> Gaps<'_> {
        let (n, at) = read(&self.0, 0);
        Gaps { bytes: &self.0, at, last: 0, left: n as usize }
    }

    /// Bytes on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.0.len()
    }
}

fn push(out: &mut Vec<u8>, n: u32) {
    let mut buf = [0u8; 5];
    let len = n.encode_var(&mut buf);
    out.extend_from_slice(&buf[..len]);
}

/// The number at `at` and where the next begins; the end when none is left
/// (packing writes only whole numbers, so that is the end of the bytes).
fn read(bytes: &[u8], at: usize) -> (u32, usize) {
    match bytes.get(at..).and_then(u32::decode_var) {
        Some((n, len)) => (n, at + len),
        None => (0, bytes.len()),
    }
}

#[derive(Clone)]
struct Gaps<'a> {
    bytes: &'a [u8],
    at: usize,
    last: u32,
    left: usize,
}

impl Iterator for Gaps<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.left == 0 || self.at >= self.bytes.len() {
            return None;
        }
        let (gap, next) = read(self.bytes, self.at);
        self.at = next;
        self.left -= 1;
        self.last += gap;
        Some(self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::TermIds;

    #[test]
    fn packed_ids_read_back_sorted_and_without_duplicates() {
        let t = TermIds::new(vec![900_000, 3, 3, 70], vec![5, 0, 4_000_000_000, 3, 70, 900_000, 5, 128, 127]);
        assert_eq!(t.title().collect::<Vec<_>>(), vec![3, 70, 900_000]);
        assert_eq!(t.all().collect::<Vec<_>>(), vec![0, 3, 5, 70, 127, 128, 900_000, 4_000_000_000]);
        // 1 (title count) + 1 + 1 + 3, then 1 + 1 + 1 + 1 + 1 + 1 + 3 + 5 bytes.
        assert_eq!(t.heap_bytes(), 20);
    }

    #[test]
    fn the_largest_ids_and_a_title_over_an_empty_text_read_back() {
        let t = TermIds::new(vec![u32::MAX, 0], vec![u32::MAX, 0, u32::MAX - 1]);
        assert_eq!(t.title().collect::<Vec<_>>(), vec![0, u32::MAX]);
        assert_eq!(t.all().collect::<Vec<_>>(), vec![0, u32::MAX - 1, u32::MAX]);
        let only_title = TermIds::new(vec![9, 4], Vec::new());
        assert_eq!(only_title.title().collect::<Vec<_>>(), vec![4, 9]);
        assert_eq!(only_title.all().count(), 0);
    }

    #[test]
    fn an_empty_title_or_text_reads_back_empty() {
        let t = TermIds::new(Vec::new(), vec![7, 2]);
        assert_eq!(t.title().count(), 0);
        assert_eq!(t.all().collect::<Vec<_>>(), vec![2, 7]);
        let e = TermIds::new(Vec::new(), Vec::new());
        assert_eq!((e.title().count(), e.all().count()), (0, 0));
        assert_eq!(TermIds::default().all().count(), 0);
    }
}
