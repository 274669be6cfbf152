//! A plain bit set over catalogue slots: 64 slots per word, so an AND or a
//! count over a million offers is ~16k word operations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    /// Bytes of the heap its words take.
    pub fn heap_bytes(&self) -> usize {
        self.0.capacity() * 8
    }

    /// `words` zero words (64 slots each).
    pub fn zeros(words: usize) -> Self {
        Bits(vec![0; words])
    }

    pub fn set(&mut self, slot: u32) {
        let w = slot as usize / 64;
        if w >= self.0.len() {
            self.0.resize(w + 1, 0);
        }
        self.0[w] |= 1 << (slot % 64);
    }

    pub fn clear(&mut self, slot: u32) {
        if let Some(w) = self.0.get_mut(slot as usize / 64) {
            *w &= !(1 << (slot % 64));
        }
    }

    pub fn has(&self, slot: u32) -> bool {
        self.0.get(slot as usize / 64).is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }

    /// Keeps what `other` has too (words beyond `other` count as zero).
    pub fn and(&mut self, other: &Bits) {
        for (i, w) in self.0.iter_mut().enumerate() {
            *w &= other.0.get(i).copied().unwrap_or(0);
        }
    }

    /// Adds what `other` has (within this set's length, which the caller sizes).
    pub fn or(&mut self, other: &Bits) {
        for (w, o) in self.0.iter_mut().zip(&other.0) {
            *w |= o;
        }
    }

    /// Adds what both `a` and `b` have.
    pub fn or_and(&mut self, a: &Bits, b: &Bits) {
        for ((w, x), y) in self.0.iter_mut().zip(&a.0).zip(&b.0) {
            *w |= x & y;
        }
    }

    pub fn count(&self) -> u64 {
        popcount_and(&self.0, &self.0)
    }

    /// |self ∧ other| without building it.
    pub fn count_and(&self, other: &Bits) -> u64 {
        popcount_and(&self.0, &other.0)
    }

    /// The set slots, ascending.
    pub fn ones(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let b = w.trailing_zeros();
                    w &= w - 1;
                    i as u32 * 64 + b
                })
            })
        })
    }

    /// Replaces every word by `f(word index, word)`.
    pub fn map_words(&mut self, mut f: impl FnMut(usize, u64) -> u64) {
        for (i, w) in self.0.iter_mut().enumerate() {
            *w = f(i, *w);
        }
    }
}

/// |a ∧ b|, compiled a second time for CPUs with AVX2 and POPCNT and
/// chosen at run time: the default x86-64 target has no population count
/// instruction, and a results list counts a hundred sets or so (its
/// facets) of one bit per offer.
fn popcount_and(a: &[u64], b: &[u64]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the features it is compiled for were just detected.
        return unsafe { popcount_and_avx2(a, b) };
    }
    popcount_and_portable(a, b)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
unsafe fn popcount_and_avx2(a: &[u64], b: &[u64]) -> u64 {
    popcount_and_portable(a, b)
}

#[inline(always)]
fn popcount_and_portable(a: &[u64], b: &[u64]) -> u64 {
    a.iter().zip(b).map(|(x, y)| u64::from((x & y).count_ones())).sum()
}

#[cfg(test)]
mod tests {
    use super::Bits;

    #[test]
    fn set_clear_count_and_iterate() {
        let mut a = Bits::zeros(1);
        for s in [0, 5, 63, 64, 200] {
            a.set(s);
        }
        a.clear(5);
        a.clear(10_000);
        assert_eq!(a.ones().collect::<Vec<_>>(), vec![0, 63, 64, 200]);
        assert_eq!(a.count(), 4);
        assert!(a.has(200) && !a.has(5) && !a.has(99_999));
        let mut b = Bits::zeros(4);
        b.set(63);
        b.set(200);
        b.set(201);
        assert_eq!(a.count_and(&b), 2);
        assert_eq!(super::popcount_and_portable(&a.0, &b.0), 2);
        // Long enough for the vector loop, with a tail.
        let (x, y): (Vec<u64>, Vec<u64>) = (0..1001u64).map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15), !i << (i % 64))).unzip();
        let want: u64 = x.iter().zip(&y).map(|(a, b)| u64::from((a & b).count_ones())).sum();
        assert_eq!((Bits(x.clone()).count_and(&Bits(y)), Bits(x.clone()).count()), (want, x.iter().map(|w| u64::from(w.count_ones())).sum()));
        let mut c = a.clone();
        c.and(&b);
        assert_eq!(c.ones().collect::<Vec<_>>(), vec![63, 200]);
        c.or(&b);
        assert_eq!(c.ones().collect::<Vec<_>>(), vec![63, 200, 201]);
        c.map_words(|i, w| if i == 3 { w & !(1 << 8) } else { w });
        assert_eq!(c.ones().collect::<Vec<_>>(), vec![63, 201]);
        let mut d = Bits::zeros(4);
        d.or_and(&a, &b);
        assert_eq!(d, { let mut x = Bits::zeros(4); x.set(63); x.set(200); x });
    }
}
