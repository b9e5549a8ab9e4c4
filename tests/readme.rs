//! The README's key and query tables are the keymap's own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

/// Asserts that README.md holds `table` (the `what` table) as is.
fn readme_holds(table: &str, what: &str) {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(table),
        "README.md's {what} table is out of date; it should read:\n{table}"
    );
}

#[test]
fn readme_lists_every_key_of_the_keymap_by_mode() {
    readme_holds(&dateline::app::keymap::Keymap::default().markdown(), "key");
}

#[test]
fn readme_shows_the_query_syntax_of_the_help() {
    readme_holds(&dateline::app::keymap::syntax_markdown_table(), "query");
}
