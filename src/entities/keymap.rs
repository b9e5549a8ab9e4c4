//! A hash map from pre-hashed `u64` keys (word and token-sequence hashes) to
//! small `Copy` values, built for fast look-ups that mostly miss.
//!
//! Open addressing with linear probing over a table kept at most half full:
//! a look-up is one multiply, one shift and usually a single compare, where
//! a general-purpose map would rehash the key and probe control bytes first.
//! Key `0` marks an empty slot, so the (vanishingly unlikely) key `0` is held
//! aside.

/// A map from `u64` keys to `Copy` values.
#[derive(Debug, Clone)]
pub struct KeyMap<V: Copy> {
    /// Key and value per slot (key 0: empty), side by side so a hit reads one cache line.
    slots: Vec<(u64, V)>,
    /// `64 - log2(table size)`: the slot is the top bits of the scrambled key.
    shift: u32,
    len: usize,
    zero: Option<V>,
}

impl<V: Copy + Default> Default for KeyMap<V> {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

/// Multiplier spreading any key's bits into the top bits used as the slot.
const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

impl<V: Copy + Default> KeyMap<V> {
    /// An empty map with room for `n` keys before it grows.
    pub fn with_capacity(n: usize) -> Self {
        let size = (2 * n).max(16).next_power_of_two();
        KeyMap {
            slots: vec![(0, V::default()); size],
            shift: 64 - size.trailing_zeros(),
            len: 0,
            zero: None,
        }
    }

    /// Number of keys.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len + usize::from(self.zero.is_some())
    }

    /// Removes every key and makes room for `n` keys. The table is kept
    /// unless it is far bigger than `n` keys need (clearing it would then
    /// cost more than a new one).
    pub fn reset(&mut self, n: usize) {
        let size = (2 * n).max(16).next_power_of_two();
        if self.slots.len() > 4 * size {
            *self = Self::with_capacity(n);
        } else {
            self.clear();
        }
    }

    /// Removes every key, keeping the table's memory.
    pub fn clear(&mut self) {
        if self.len > 0 {
            self.slots.fill((0, V::default()));
        }
        self.len = 0;
        self.zero = None;
    }

    #[inline]
    fn slot(&self, k: u64) -> usize {
        (k.wrapping_mul(SPREAD) >> self.shift) as usize
    }

    /// The value of key `k`.
    #[inline]
    pub fn get(&self, k: u64) -> Option<V> {
        if k == 0 {
            return self.zero;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(k);
        loop {
            let &(s, v) = self.slots.get(i)?;
            if s == k {
                return Some(v);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Does the map hold key `k`?
    #[inline]
    pub fn contains(&self, k: u64) -> bool {
        self.get(k).is_some()
    }

    /// The value of key `k`, inserted as `V::default()` when absent.
    pub fn entry(&mut self, k: u64) -> &mut V {
        if k == 0 {
            return self.zero.get_or_insert_with(V::default);
        }
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(k);
        while self.slots[i].0 != k && self.slots[i].0 != 0 {
            i = (i + 1) & mask;
        }
        if self.slots[i].0 == 0 {
            self.slots[i] = (k, V::default());
            self.len += 1;
        }
        &mut self.slots[i].1
    }

    /// Sets the value of key `k`.
    pub fn insert(&mut self, k: u64, v: V) {
        *self.entry(k) = v;
    }

    fn grow(&mut self) {
        let mut bigger = Self::with_capacity(self.slots.len());
        for &(k, v) in &self.slots {
            if k != 0 {
                bigger.insert(k, v);
            }
        }
        bigger.zero = self.zero;
        *self = bigger;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_grows_and_finds() {
        let mut m: KeyMap<u32> = KeyMap::default();
        for k in 0..1000u64 {
            *m.entry(k * 7919) += 1;
            m.insert(k * 7919 + 1, 5);
        }
        assert_eq!(m.len(), 2000);
        assert_eq!(m.get(0), Some(1));
        assert_eq!(m.get(7919 * 3), Some(1));
        assert_eq!(m.get(7919 * 3 + 1), Some(5));
        assert_eq!(m.get(7919 * 3 + 2), None);
        m.clear();
        assert_eq!(m.len(), 0);
        assert_eq!(m.get(7919 * 3), None);
    }
}
