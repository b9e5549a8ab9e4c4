//! A set of store positions as bits: what a mark filter (`is:starred`,
//! `tag:x`) becomes before a query runs, so 100,000 articles are tested 64
//! at a time and a query of words visits only the marked articles.

/// Positions `0..len()`, each in the set or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// `len` positions, none in the set.
    pub fn new(len: usize) -> Bits {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// `len` positions, all in the set.
    pub fn full(len: usize) -> Bits {
        let mut b = Bits {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        b.trim();
        b
    }

    /// Positions covered (in the set or not).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Covers `len` positions: new ones are not in the set, positions past
    /// `len` leave it.
    pub fn resize(&mut self, len: usize) {
        self.words.resize(len.div_ceil(64), 0);
        self.len = len;
        self.trim();
    }

    /// Clears the bits past `len` in the last word.
    fn trim(&mut self) {
        let rest = self.len % 64;
        if rest != 0
            && let Some(last) = self.words.last_mut()
        {
            *last &= (1u64 << rest) - 1;
        }
    }

    /// Whether position `i` is in the set (never past the end).
    pub fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// Puts position `i` in the set (`on`) or takes it out; nothing past
    /// the end.
    pub fn set(&mut self, i: usize, on: bool) {
        if i >= self.len {
            return;
        }
        if let Some(w) = self.words.get_mut(i / 64) {
            let bit = 1u64 << (i % 64);
            if on {
                *w |= bit;
            } else {
                *w &= !bit;
            }
        }
    }

    /// Positions in the set.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Keeps the positions also in `other` (a shorter `other` holds none
    /// past its end).
    pub fn and(&mut self, other: &Bits) {
        for (i, w) in self.words.iter_mut().enumerate() {
            *w &= other.words.get(i).copied().unwrap_or(0);
        }
    }

    /// Adds the positions of `other` (within this set's length).
    pub fn or(&mut self, other: &Bits) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
        self.trim();
    }

    /// Every position of `0..len()` not in the set, and none of those in it.
    pub fn not(&mut self) {
        for w in &mut self.words {
            *w = !*w;
        }
        self.trim();
    }

    /// The positions in the set, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(i * 64 + bit)
            })
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every operation agrees with the same one on a plain Vec<bool>.
        #[test]
        fn bits_agree_with_a_vec_of_bools(
            len in 0usize..300,
            a in proptest::collection::vec(any::<bool>(), 300),
            b in proptest::collection::vec(any::<bool>(), 300),
            other_len in 0usize..300,
            grow in 0usize..200,
        ) {
            let of = |v: &[bool], n: usize| {
                let mut bits = Bits::new(n);
                for (i, &on) in v.iter().take(n).enumerate() {
                    bits.set(i, on);
                }
                bits
            };
            let plain = |bits: &Bits| (0..bits.len()).filter(|&i| bits.contains(i)).collect::<Vec<_>>();
            let x = of(&a, len);
            let y = of(&b, other_len);
            prop_assert_eq!(x.iter().collect::<Vec<_>>(), plain(&x));
            prop_assert_eq!(x.count(), plain(&x).len());
            let mut and = x.clone();
            and.and(&y);
            let want: Vec<usize> = (0..len).filter(|&i| a[i] && i < other_len && b[i]).collect();
            prop_assert_eq!(and.iter().collect::<Vec<_>>(), want);
            let mut or = x.clone();
            or.or(&y);
            let want: Vec<usize> = (0..len).filter(|&i| a[i] || (i < other_len && b[i])).collect();
            prop_assert_eq!(or.iter().collect::<Vec<_>>(), want);
            let mut not = x.clone();
            not.not();
            let want: Vec<usize> = (0..len).filter(|&i| !a[i]).collect();
            prop_assert_eq!(not.iter().collect::<Vec<_>>(), want);
            let mut grown = x.clone();
            grown.resize(len + grow);
            prop_assert_eq!(grown.iter().collect::<Vec<_>>(), plain(&x));
            grown.resize(len / 2);
            let want: Vec<usize> = (0..len / 2).filter(|&i| a[i]).collect();
            prop_assert_eq!(grown.iter().collect::<Vec<_>>(), want);
            prop_assert_eq!(Bits::full(len).count(), len);
        }
    }

    #[test]
    fn nothing_happens_past_the_end() {
        let mut b = Bits::new(10);
        b.set(10, true);
        b.set(200, true);
        assert_eq!(b.count(), 0);
        assert!(!b.contains(10));
        assert!(!b.contains(1 << 40));
    }
}
