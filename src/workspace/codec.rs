//! Compact byte encodings of the analysis results the workspace caches: an
//! article's extracted mentions and a corpus-wide resolution.
//!
//! The cache is generic over [`Cached`]: whatever the extractor returns is
//! stored as its encoding, under a version that names the extractor (see
//! `analysis::extractor_version`), so a new model never reads old results.
//! The encodings destructure the entity types completely: a field added to
//! them fails to compile here until its encoding is written.
//!
//! Numbers are LEB128 varints; mention offsets are gaps from the previous
//! mention's end, so a mention costs about four bytes.

use crate::entities::{Entity, EntityId, EntityKind, Mention, Part, Resolution, ResolvedMention};

/// A value the workspace can cache as bytes.
pub trait Cached: Sized {
    /// Appends the encoding of `self` to `out`.
    fn encode(&self, out: &mut Vec<u8>);
    /// Reads a value from the front of `input`, advancing it; `None` when
    /// the bytes are not an encoding.
    fn decode(input: &mut &[u8]) -> Option<Self>;
}

pub(crate) fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn get(input: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let (&b, rest) = input.split_first()?;
        *input = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

fn get_usize(input: &mut &[u8]) -> Option<usize> {
    usize::try_from(get(input)?).ok()
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn get_str(input: &mut &[u8]) -> Option<String> {
    let n = get_usize(input)?;
    let bytes = input.get(..n)?;
    *input = input.get(n..)?;
    String::from_utf8(bytes.to_vec()).ok()
}

fn kind_code(k: EntityKind) -> u64 {
    k as u64
}

fn kind_of(code: u64) -> Option<EntityKind> {
    EntityKind::ALL.get(usize::try_from(code).ok()?).copied()
}

/// A mention's kind and part as one number.
fn kind_part_code(k: EntityKind, p: Part) -> u64 {
    kind_code(k) * 2 + u64::from(p == Part::Title)
}

fn kind_part_of(code: u64) -> Option<(EntityKind, Part)> {
    let part = if code % 2 == 1 {
        Part::Title
    } else {
        Part::Body
    };
    Some((kind_of(code / 2)?, part))
}

/// Where the gap of a mention in `part` is counted from: the last end in
/// the same part (a new part starts again from 0).
fn gap_base(at: &mut (Part, usize), part: Part) -> usize {
    if at.0 != part {
        *at = (part, 0);
    }
    at.1
}

impl Cached for Vec<Mention> {
    fn encode(&self, out: &mut Vec<u8>) {
        put(out, self.len() as u64);
        let mut at = (Part::Title, 0usize);
        for m in self {
            let Mention { range, kind, part } = m;
            // Sorted and not overlapping within a part: the start follows
            // the last end (a wrapping gap keeps any order exact).
            let base = gap_base(&mut at, *part);
            put(out, range.start.wrapping_sub(base) as u64);
            put(out, range.end.wrapping_sub(range.start) as u64);
            put(out, kind_part_code(*kind, *part));
            at.1 = range.end;
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Self> {
        let n = get_usize(input)?;
        let mut out = Vec::with_capacity(n.min(input.len()));
        let mut at = (Part::Title, 0usize);
        for _ in 0..n {
            let gap = get_usize(input)?;
            let len = get_usize(input)?;
            let (kind, part) = kind_part_of(get(input)?)?;
            let start = gap_base(&mut at, part).wrapping_add(gap);
            let end = start.wrapping_add(len);
            out.push(Mention {
                range: start..end,
                kind,
                part,
            });
            at.1 = end;
        }
        Some(out)
    }
}

impl Cached for Resolution {
    fn encode(&self, out: &mut Vec<u8>) {
        let Resolution { entities, docs } = self;
        put(out, entities.len() as u64);
        for e in entities {
            let Entity {
                name,
                kind,
                aliases,
                key,
            } = e;
            put_str(out, name);
            put(out, kind_code(*kind));
            put(out, aliases.len() as u64);
            for a in aliases {
                put_str(out, a);
            }
            put_str(out, key);
        }
        put(out, docs.len() as u64);
        for doc in docs {
            put(out, doc.len() as u64);
            let mut at = (Part::Title, 0usize);
            for m in doc.iter() {
                let ResolvedMention {
                    range,
                    kind,
                    entity,
                    part,
                } = m;
                let base = gap_base(&mut at, *part);
                put(out, range.start.wrapping_sub(base) as u64);
                put(out, range.end.wrapping_sub(range.start) as u64);
                put(out, kind_part_code(*kind, *part));
                put(out, entity.map_or(0, |e| u64::from(e.0) + 1));
                at.1 = range.end;
            }
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Self> {
        let n = get_usize(input)?;
        let mut entities = Vec::with_capacity(n.min(input.len()));
        for _ in 0..n {
            let name = get_str(input)?;
            let kind = kind_of(get(input)?)?;
            let k = get_usize(input)?;
            let mut aliases = Vec::with_capacity(k.min(input.len()));
            for _ in 0..k {
                aliases.push(get_str(input)?);
            }
            let key = get_str(input)?;
            entities.push(Entity {
                name,
                kind,
                aliases,
                key,
            });
        }
        let d = get_usize(input)?;
        let mut docs = Vec::with_capacity(d.min(input.len()));
        for _ in 0..d {
            let m = get_usize(input)?;
            let mut doc = Vec::with_capacity(m.min(input.len()));
            let mut at = (Part::Title, 0usize);
            for _ in 0..m {
                let gap = get_usize(input)?;
                let len = get_usize(input)?;
                let (kind, part) = kind_part_of(get(input)?)?;
                let start = gap_base(&mut at, part).wrapping_add(gap);
                let end = start.wrapping_add(len);
                let entity = match get(input)? {
                    0 => None,
                    e => Some(EntityId(u32::try_from(e - 1).ok()?)),
                };
                if entity.is_some_and(|e| e.0 as usize >= entities.len()) {
                    return None;
                }
                doc.push(ResolvedMention {
                    range: start..end,
                    kind,
                    entity,
                    part,
                });
                at.1 = end;
            }
            docs.push(std::sync::Arc::new(doc));
        }
        Some(Resolution { entities, docs })
    }
}

/// The encoding of `value`.
pub fn to_bytes<T: Cached>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.encode(&mut out);
    out
}

/// The value encoded in all of `bytes`.
pub fn from_bytes<T: Cached>(mut bytes: &[u8]) -> Option<T> {
    let v = T::decode(&mut bytes)?;
    bytes.is_empty().then_some(v)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::entities::{Extractor, resolve};

    const TEXTS: &[(&str, &str)] = &[
        (
            "Trump meets Mexico's president",
            "President Donald Trump met Mexico's president in Mexico City on Friday. Trump said the U.S. would act.",
        ),
        (
            "",
            "The North American Free Trade Agreement (NAFTA) was signed in 1994. NAFTA covers Canada.",
        ),
        ("", ""),
    ];

    #[test]
    fn mentions_and_resolutions_round_trip() {
        let ex = Extractor::new();
        let docs: Vec<((&str, &str), Vec<Mention>)> = TEXTS
            .iter()
            .map(|&(title, body)| ((title, body), ex.extract_article(title, body)))
            .collect();
        assert!(docs[0].1.iter().any(|m| m.part == Part::Title));
        assert!(docs[0].1.iter().any(|m| m.part == Part::Body));
        for (_, ms) in &docs {
            let back: Vec<Mention> = from_bytes(&to_bytes(ms)).unwrap();
            assert_eq!(&back, ms);
        }
        let r = resolve(&docs);
        assert!(!r.entities.is_empty());
        let back: Resolution = from_bytes(&to_bytes(&r)).unwrap();
        assert_eq!(back.entities, r.entities);
        assert_eq!(back.docs, r.docs);
    }

    #[test]
    fn cut_or_garbage_bytes_are_refused() {
        let ms = Extractor::new().extract_article(TEXTS[0].0, TEXTS[0].1);
        let bytes = to_bytes(&ms);
        for cut in 0..bytes.len() {
            assert!(from_bytes::<Vec<Mention>>(&bytes[..cut]).is_none(), "{cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(from_bytes::<Vec<Mention>>(&longer).is_none());
        assert!(from_bytes::<Resolution>(&[0xff; 40]).is_none());
    }
}
