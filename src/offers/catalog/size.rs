//! What the catalogue takes of the heap, counted from its own collections'
//! capacities (allocator overhead aside): printed by `bench-search` and
//! exported as a metric, so its layout can be judged per offer.
use std::mem::size_of;

use super::bits::Bits;
use super::data::Data;
use super::doc::Doc;

fn string(s: &str) -> usize {
    s.len()
}

fn bits(b: &Bits) -> usize {
    b.heap_bytes()
}

/// A bitmap's heap: its containers' stores, and the vector of containers
/// (a key and a store each, about 32 bytes; it starts with room for four).
/// (`roaring` 0.12 counts an array container's capacity at four bytes a
/// value; its values are two-byte `u16`s.)
fn bitmap(b: &roaring::RoaringBitmap) -> usize {
    let s = b.statistics();
    let stores = s.n_bytes_array_containers / 2 + s.n_bytes_run_containers + s.n_bytes_bitset_containers;
    stores as usize + (s.n_containers as usize).max(4) * 32
}

/// Per entry of a `HashMap` (key, value and its control byte).
fn map_entry<K, V>() -> usize {
    size_of::<(K, V)>() + 1
}

impl Doc {
    fn heap_bytes(&self) -> usize {
        string(&self.slug)
            + string(&self.title)
            + self.energy_class.as_deref().map_or(0, string)
            + self.bezirke.len() * size_of::<i32>()
            + self.terms.heap_bytes()
    }
}

/// The catalogue's heap by part, in bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct HeapParts {
    /// The docs' slots (`Option<Doc>` each, used or free).
    pub slots: usize,
    /// What the docs point to: slug, title, districts, term ids.
    pub doc_heap: usize,
    pub postings: usize,
    pub vocabulary: usize,
    /// Filter bit sets and packed columns.
    pub index: usize,
    /// Order, free slots, id and provider lookups, offers per provider,
    /// and what lists derived from this state (`derived`).
    pub lookups: usize,
    /// Providers, cover photos.
    pub cards: usize,
}

impl HeapParts {
    pub fn total(&self) -> usize {
        self.slots + self.doc_heap + self.postings + self.vocabulary + self.index + self.lookups + self.cards
    }
}

impl Data {
    /// Bytes of the heap the catalogue holds, by part.
    pub fn heap_parts(&self) -> HeapParts {
        let doc_heap = self.slots.iter().flatten().map(Doc::heap_bytes).sum::<usize>();
        let slots = self.slots.capacity() * size_of::<Option<Doc>>();
        let postings: usize = self.postings.iter().map(|(k, v)| k.capacity() + size_of::<(String, roaring::RoaringBitmap)>() + bitmap(v)).sum();
        let vocabulary: usize = self.vocabulary.iter().map(|t| 2 * t.len() + size_of::<Box<str>>() + map_entry::<Box<str>, u32>()).sum();
        let ix = &self.index;
        let index = bits(&ix.live)
            + bits(&ix.city_wide)
            + bits(&ix.no_stadtteil)
            + ix.category.values().chain(ix.stadtteil.values()).chain(ix.bezirk.iter()).chain(ix.kind.iter()).map(bits).sum::<usize>()
            + ix.cols.provider.capacity() * 4
            + ix.cols.price.capacity() * 8
            + (ix.cols.rooms.capacity() + ix.cols.area.capacity() + ix.cols.project.capacity() + ix.cols.category.capacity()) * 4
            + ix.cols.updated_nanos.capacity() * 8;
        let lookups = self.order.capacity() * 4 + self.free.capacity() * 4 + self.by_id.capacity() * map_entry::<i32, u32>() + self.provider_index.capacity() * map_entry::<i32, usize>()
            + self.provider_slots.iter().map(|l| size_of::<Vec<u32>>() + l.capacity() * 4).sum::<usize>()
            + (self.provider_slots.capacity() - self.provider_slots.len()) * size_of::<Vec<u32>>()
            + self.derived.heap_bytes();
        let providers: usize = self
            .providers
            .iter()
            .map(|p| size_of::<super::data::ProviderFacts>() + string(&p.name) + string(&p.slug) + p.owner_name.as_deref().map_or(0, string) + p.town.as_deref().map_or(0, string))
            .sum();
        let covers: usize = self.covers.values().map(|c| map_entry::<i32, crate::photos::domain::PhotoView>() + c.alt.len() + c.ext.len() + c.widths.capacity() * 4).sum();
        HeapParts { slots, doc_heap, postings, vocabulary, index, lookups, cards: providers + covers }
    }

    /// Bytes of the heap the catalogue holds.
    pub fn heap_bytes(&self) -> usize {
        self.heap_parts().total()
    }
}
