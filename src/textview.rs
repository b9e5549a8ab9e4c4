//! How article text becomes terminal lines, without any terminal types:
//! [`safe`] turns characters that could control the terminal into visible
//! stand-ins and measures display width; [`wrap`] breaks a body into
//! paragraphs and lines (byte ranges of the body) for a given width.

pub mod kwic;
pub mod safe;
pub mod wrap;
