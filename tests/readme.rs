//! The README's key and query tables are the keymap's own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn readme_lists_every_key_of_the_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = dateline::app::keymap::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's key table is out of date; it should read:\n{table}"
    );
}

#[test]
fn readme_shows_the_query_syntax_of_the_help() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = dateline::app::keymap::syntax_markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's query table is out of date; it should read:\n{table}"
    );
}
