//! The HTML elements that matter for reading, and what each one is.

/// An element name; `Other` for the many that need no special handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    A,
    Address,
    Article,
    Aside,
    B,
    Blockquote,
    Body,
    Br,
    Button,
    Caption,
    Center,
    Code,
    Dd,
    Details,
    Dialog,
    Div,
    Dl,
    Dt,
    Em,
    Figcaption,
    Figure,
    Footer,
    Form,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Head,
    Header,
    Hgroup,
    Hr,
    Html,
    I,
    Iframe,
    Img,
    Input,
    Label,
    Li,
    Link,
    Main,
    Math,
    Menu,
    Meta,
    Nav,
    Noembed,
    Noframes,
    Noscript,
    Ol,
    Option,
    P,
    Plaintext,
    Pre,
    Script,
    Section,
    Select,
    Span,
    Strong,
    Style,
    Summary,
    Svg,
    Table,
    Tbody,
    Td,
    Template,
    Textarea,
    Tfoot,
    Th,
    Thead,
    Time,
    Title,
    Tr,
    Ul,
    Xmp,
    /// Elements that need no special handling.
    Other,
    // Void elements without a handling of their own.
    Area,
    Base,
    Col,
    Embed,
    Param,
    Source,
    Track,
    Wbr,
}

const NAMES: &[(&str, Tag)] = &[
    ("a", Tag::A),
    ("address", Tag::Address),
    ("area", Tag::Area),
    ("article", Tag::Article),
    ("aside", Tag::Aside),
    ("b", Tag::B),
    ("base", Tag::Base),
    ("blockquote", Tag::Blockquote),
    ("body", Tag::Body),
    ("br", Tag::Br),
    ("button", Tag::Button),
    ("caption", Tag::Caption),
    ("center", Tag::Center),
    ("code", Tag::Code),
    ("col", Tag::Col),
    ("dd", Tag::Dd),
    ("details", Tag::Details),
    ("dialog", Tag::Dialog),
    ("div", Tag::Div),
    ("dl", Tag::Dl),
    ("dt", Tag::Dt),
    ("em", Tag::Em),
    ("embed", Tag::Embed),
    ("figcaption", Tag::Figcaption),
    ("figure", Tag::Figure),
    ("footer", Tag::Footer),
    ("form", Tag::Form),
    ("h1", Tag::H1),
    ("h2", Tag::H2),
    ("h3", Tag::H3),
    ("h4", Tag::H4),
    ("h5", Tag::H5),
    ("h6", Tag::H6),
    ("head", Tag::Head),
    ("header", Tag::Header),
    ("hgroup", Tag::Hgroup),
    ("hr", Tag::Hr),
    ("html", Tag::Html),
    ("i", Tag::I),
    ("iframe", Tag::Iframe),
    ("img", Tag::Img),
    ("input", Tag::Input),
    ("label", Tag::Label),
    ("li", Tag::Li),
    ("link", Tag::Link),
    ("main", Tag::Main),
    ("math", Tag::Math),
    ("menu", Tag::Menu),
    ("meta", Tag::Meta),
    ("nav", Tag::Nav),
    ("noembed", Tag::Noembed),
    ("noframes", Tag::Noframes),
    ("noscript", Tag::Noscript),
    ("ol", Tag::Ol),
    ("option", Tag::Option),
    ("p", Tag::P),
    ("param", Tag::Param),
    ("plaintext", Tag::Plaintext),
    ("pre", Tag::Pre),
    ("script", Tag::Script),
    ("section", Tag::Section),
    ("select", Tag::Select),
    ("source", Tag::Source),
    ("span", Tag::Span),
    ("strong", Tag::Strong),
    ("style", Tag::Style),
    ("summary", Tag::Summary),
    ("svg", Tag::Svg),
    ("table", Tag::Table),
    ("tbody", Tag::Tbody),
    ("td", Tag::Td),
    ("template", Tag::Template),
    ("textarea", Tag::Textarea),
    ("tfoot", Tag::Tfoot),
    ("th", Tag::Th),
    ("thead", Tag::Thead),
    ("time", Tag::Time),
    ("title", Tag::Title),
    ("tr", Tag::Tr),
    ("track", Tag::Track),
    ("ul", Tag::Ul),
    ("wbr", Tag::Wbr),
    ("xmp", Tag::Xmp),
];

impl Tag {
    /// The tag of an element name, any case.
    pub fn of(name: &[u8]) -> Tag {
        if name.len() > 10 {
            return Tag::Other;
        }
        let mut lower = [0u8; 10];
        for (d, s) in lower.iter_mut().zip(name) {
            *d = s.to_ascii_lowercase();
        }
        let lower = &lower[..name.len()];
        NAMES
            .binary_search_by(|(n, _)| n.as_bytes().cmp(lower))
            .map_or(Tag::Other, |i| NAMES[i].1)
    }

    /// The lower-case name (empty for `Other`).
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("", |(n, _)| n)
    }

    /// Elements that never have content or an end tag.
    pub fn is_void(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Area | Base
                | Br
                | Col
                | Embed
                | Hr
                | Img
                | Input
                | Link
                | Meta
                | Param
                | Source
                | Track
                | Wbr
        )
    }

    /// Elements that start a new paragraph of text.
    pub fn is_block(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Body
                | Caption
                | Center
                | Dd
                | Details
                | Dialog
                | Div
                | Dl
                | Dt
                | Figcaption
                | Figure
                | Footer
                | Form
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Header
                | Hgroup
                | Hr
                | Html
                | Li
                | Main
                | Menu
                | Nav
                | Ol
                | Option
                | P
                | Pre
                | Section
                | Summary
                | Table
                | Tbody
                | Td
                | Tfoot
                | Th
                | Thead
                | Tr
                | Ul
                | Select
                | Textarea
                | Head
                | Title
        )
    }

    /// Elements whose text is never article text.
    pub fn is_never_text(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Script
                | Style
                | Noscript
                | Template
                | Svg
                | Math
                | Iframe
                | Noembed
                | Noframes
                | Textarea
                | Select
                | Option
                | Button
                | Head
                | Title
                | Xmp
                | Plaintext
        )
    }

    /// Elements of a page's frame rather than its article.
    pub fn is_page_frame(self) -> bool {
        use Tag::*;
        matches!(self, Nav | Aside | Footer | Dialog | Menu)
    }

    /// `h1` to `h6`.
    pub fn is_heading(self) -> bool {
        use Tag::*;
        matches!(self, H1 | H2 | H3 | H4 | H5 | H6)
    }

    /// A `p` element is closed by the start of one of these.
    pub fn closes_p(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Center
                | Details
                | Dialog
                | Div
                | Dl
                | Figcaption
                | Figure
                | Footer
                | Header
                | Hgroup
                | Hr
                | Main
                | Menu
                | Nav
                | Ol
                | P
                | Pre
                | Section
                | Summary
                | Table
                | Ul
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Form
                | Li
                | Dd
                | Dt
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_found_in_any_case() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(Tag::of(b"DIV"), Tag::Div);
        assert_eq!(Tag::of(b"h3"), Tag::H3);
        assert_eq!(Tag::of(b"amp-img"), Tag::Other);
        assert_eq!(Tag::of(b"blockquotes"), Tag::Other);
        assert_eq!(Tag::Blockquote.name(), "blockquote");
    }
}
