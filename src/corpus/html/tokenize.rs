//! A forgiving HTML tokenizer that keeps byte positions: tags with their
//! attributes, text between them, and the raw content of `<script>`,
//! `<style>`, `<title>` and the other elements whose content is not markup.
//!
//! It follows the shape of the HTML standard's tokenizer (comments,
//! doctypes, bogus comments, quoted and unquoted attribute values, raw text
//! that ends only at its own end tag, a `<` that starts no tag being text)
//! without its error recovery details, which matter little for reading.
//! Every range is a byte range of the source, so any text can be traced
//! back to the file.

use std::ops::Range;

use super::tags::Tag;

/// One attribute: the byte ranges of its name and (raw) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: Range<usize>,
    pub value: Range<usize>,
}

/// A piece of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `<name attr=value ...>`.
    Start {
        tag: Tag,
        /// Hash of the lower-cased name, to match end tags of any element.
        name: u64,
        attrs: Vec<Attr>,
        self_closing: bool,
    },
    /// `</name>`.
    End { tag: Tag, name: u64 },
    /// Text between tags (character references not yet decoded).
    Text(Range<usize>),
    /// The whole content of a raw-text element (`script`, `style`, `title`,
    /// `textarea`...), just after its start tag.
    Raw(Range<usize>),
}

/// Elements whose content is text up to their own end tag.
fn is_raw(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Title
            | Tag::Textarea
            | Tag::Xmp
            | Tag::Iframe
            | Tag::Noembed
            | Tag::Noframes
            | Tag::Noscript
            | Tag::Plaintext
    )
}

/// FNV-1a of the ASCII-lower-cased `name`.
pub fn name_hash(name: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in name {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Splits `src` into tokens, calling `emit` with each in order.
pub fn tokenize(src: &str, emit: &mut dyn FnMut(Token)) {
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let Some(rel) = memchr::memchr(b'<', &b[i..]) else {
            emit(Token::Text(i..b.len()));
            return;
        };
        let lt = i + rel;
        match markup(b, lt) {
            Some((None, end)) => {
                if lt > i {
                    emit(Token::Text(i..lt));
                }
                i = end;
            }
            Some((Some(tok), end)) => {
                if lt > i {
                    emit(Token::Text(i..lt));
                }
                let raw = match &tok {
                    Token::Start {
                        tag,
                        name,
                        self_closing,
                        ..
                    } if is_raw(*tag) && !(*self_closing && *tag != Tag::Script) => {
                        Some((*tag, *name))
                    }
                    _ => None,
                };
                emit(tok);
                i = end;
                if let Some((tag, name)) = raw {
                    let close = if tag == Tag::Plaintext {
                        b.len()
                    } else {
                        find_end_tag(b, end, tag)
                    };
                    if close > end {
                        emit(Token::Raw(end..close));
                    }
                    emit(Token::End { tag, name });
                    i = close;
                    if close < b.len() {
                        i = memchr::memchr(b'>', &b[close..]).map_or(b.len(), |r| close + r + 1);
                    }
                }
            }
            None if lt == b.len() - 1 || !ends_markup(b, lt) => {
                // A `<` that starts nothing is text; keep scanning after it.
                let next = memchr::memchr(b'<', &b[lt + 1..]).map_or(b.len(), |r| lt + 1 + r);
                emit(Token::Text(i..next));
                i = next;
            }
            None => {
                // Markup cut off by the end of the file: dropped.
                if lt > i {
                    emit(Token::Text(i..lt));
                }
                return;
            }
        }
    }
}

/// Whether the `<` at `lt` starts something that would be markup if the
/// file went on (so an unfinished tag at the end is dropped, not shown).
fn ends_markup(b: &[u8], lt: usize) -> bool {
    match b.get(lt + 1) {
        Some(c) if c.is_ascii_alphabetic() => true,
        Some(b'!' | b'?') => true,
        Some(b'/') => b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic),
        _ => false,
    }
}

/// The markup at `lt` and the offset after it; `None` when `<` starts no
/// markup (it is text) or the markup is cut off by the end of the file.
fn markup(b: &[u8], lt: usize) -> Option<(Option<Token>, usize)> {
    let next = *b.get(lt + 1)?;
    if next == b'!' {
        if b[lt..].starts_with(b"<!--") {
            let end = find(b, lt + 4, b"-->").map(|e| e + 3).or_else(|| {
                // `<!-->` and `<!--->` are (empty) comments too.
                (b.get(lt + 4) == Some(&b'>')).then_some(lt + 5)
            })?;
            return Some((None, end));
        }
        let end = memchr::memchr(b'>', &b[lt..])? + lt + 1;
        return Some((None, end));
    }
    if next == b'?' {
        let end = memchr::memchr(b'>', &b[lt..])? + lt + 1;
        return Some((None, end));
    }
    if next == b'/' {
        let first = *b.get(lt + 2)?;
        if !first.is_ascii_alphabetic() {
            // `</>` is dropped, `</ 3` is a bogus comment.
            let end = memchr::memchr(b'>', &b[lt..])? + lt + 1;
            return Some((None, end));
        }
        let name_end = name_end(b, lt + 2);
        let end = memchr::memchr(b'>', &b[name_end..])? + name_end + 1;
        let name = &b[lt + 2..name_end];
        return Some((
            Some(Token::End {
                tag: Tag::of(name),
                name: name_hash(name),
            }),
            end,
        ));
    }
    if !next.is_ascii_alphabetic() {
        return None;
    }
    let name_end = name_end(b, lt + 1);
    let name = &b[lt + 1..name_end];
    let (attrs, self_closing, end) = attributes(b, name_end)?;
    Some((
        Some(Token::Start {
            tag: Tag::of(name),
            name: name_hash(name),
            attrs,
            self_closing,
        }),
        end,
    ))
}

fn name_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while b
        .get(j)
        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'/' && *c != b'>')
    {
        j += 1;
    }
    j
}

/// Attributes from `i` up to the tag's `>`: the attributes, whether the tag
/// closes itself, and the offset after `>`.
fn attributes(b: &[u8], mut i: usize) -> Option<(Vec<Attr>, bool, usize)> {
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => return Some((attrs, self_closing, i + 1)),
            b'/' => {
                self_closing = b.get(i + 1) == Some(&b'>');
                i += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let name_start = i;
        i += 1; // a name may start with `=`
        while b
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'>' | b'='))
        {
            i += 1;
        }
        let name = name_start..i;
        while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            attrs.push(Attr { name, value: i..i });
            continue;
        }
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        let value = match *b.get(i)? {
            q @ (b'"' | b'\'') => {
                let close = memchr::memchr(q, &b[i + 1..])? + i + 1;
                let v = i + 1..close;
                i = close + 1;
                v
            }
            _ => {
                let s = i;
                while b
                    .get(i)
                    .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                {
                    i += 1;
                }
                s..i
            }
        };
        attrs.push(Attr { name, value });
    }
}

/// Offset of the `</tag` that ends raw text starting at `from` (the end of
/// the input when there is none).
fn find_end_tag(b: &[u8], from: usize, tag: Tag) -> usize {
    let name = tag.name().as_bytes();
    let mut i = from;
    while let Some(rel) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + rel;
        let n = at + 2;
        let matches = b
            .get(n..n + name.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
            && b.get(n + name.len())
                .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'));
        if matches {
            return at;
        }
        i = at + 2;
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|r| from + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(src, &mut |t| {
            out.push(match t {
                Token::Start {
                    tag,
                    attrs,
                    self_closing,
                    ..
                } => {
                    let a: Vec<String> = attrs
                        .iter()
                        .map(|a| format!("{}={}", &src[a.name.clone()], &src[a.value.clone()]))
                        .collect();
                    format!(
                        "<{}{}{}>",
                        tag.name(),
                        if a.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", a.join(" "))
                        },
                        if self_closing { "/" } else { "" }
                    )
                }
                Token::End { tag, .. } => format!("</{}>", tag.name()),
                Token::Text(r) => format!("T{:?}", &src[r]),
                Token::Raw(r) => format!("R{:?}", &src[r]),
            })
        });
        out
    }

    #[test]
    fn tags_attributes_and_text() {
        assert_eq!(
            tokens(r#"<P class="a b" id=x data-y='1>2' hidden>Hi &amp; bye</p><br/>"#),
            [
                "<p class=a b id=x data-y=1>2 hidden=>",
                "T\"Hi &amp; bye\"",
                "</p>",
                "<br/>"
            ]
        );
    }

    #[test]
    fn comments_doctype_and_stray_brackets() {
        assert_eq!(
            tokens("<!DOCTYPE html><!-- <p>no</p> -->a < b <3 x<!-->y"),
            ["T\"a < b \"", "T\"<3 x\"", "T\"y\""]
        );
    }

    #[test]
    fn raw_text_runs_to_its_own_end_tag() {
        assert_eq!(
            tokens("<script>if (a < b) { x = '</p>' }</SCRIPT >after<title>A &amp; B</title>"),
            [
                "<script>",
                "R\"if (a < b) { x = '</p>' }\"",
                "</script>",
                "T\"after\"",
                "<title>",
                "R\"A &amp; B\"",
                "</title>"
            ]
        );
    }

    #[test]
    fn cut_off_markup_is_dropped() {
        assert_eq!(tokens("text<p cla"), ["T\"text\""]);
        assert_eq!(tokens("text<!-- never closed"), ["T\"text\""]);
        assert_eq!(
            tokens("<script>never closed"),
            ["<script>", "R\"never closed\"", "</script>"]
        );
    }
}
