//! Everything the user can ask of the app.

use super::line_edit::Edit;

/// One thing to do. Keys and mouse events become actions; [`crate::app::update`]
/// carries them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Move the selection (list) or scroll (reader) one line down.
    Down,
    /// One line up.
    Up,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// To the first article or the top of the text.
    Top,
    /// To the last article or the end of the text.
    Bottom,
    /// Open the selected article in the reader and focus it.
    Open,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus the article list.
    FocusList,
    /// Focus the reader.
    FocusReader,
    /// Show or hide the key help.
    ToggleHelp,
    /// Show or hide the list of load warnings.
    ToggleWarnings,
    /// Close an overlay; otherwise go back to the list.
    Back,
    /// Quit (closing an overlay first).
    Quit,
    /// Quit at once.
    ForceQuit,
    /// Show or hide entity highlighting in the reader.
    ToggleEntities,
    /// Open the query line.
    SearchOpen,
    /// Next hit of the search (on into the next result).
    NextHit,
    /// Previous hit of the search (back into the previous result).
    PrevHit,
    /// Next entity mention in the article.
    NextMention,
    /// Previous entity mention in the article.
    PrevMention,
    /// Next mention of the same entity, on into other articles.
    NextSameEntity,
    /// Previous mention of the same entity, back into other articles.
    PrevSameEntity,
    /// Every mention of the current entity across the corpus.
    ShowMentions,
    /// Open the entities pane on the current article.
    EntitiesArticle,
    /// Open the entities pane on the whole corpus.
    EntitiesCorpus,
    /// Type a character into the entities filter.
    PaneChar(char),
    /// Delete the last character of the entities filter.
    PaneBackspace,
    /// Cycle the entities pane's type filter.
    PaneKind,
    /// Switch the entities pane between the article and the corpus.
    PaneScope,
    /// Type a character into the query line, at its cursor.
    QueryChar(char),
    /// Move the query line's cursor or delete some of its text.
    QueryEdit(Edit),
    /// Keep the results and move focus to the list.
    QuerySubmit,
    /// Close the search and restore the full list.
    QueryCancel,
    /// The previous query of this run.
    QueryHistoryPrev,
    /// The next query of this run.
    QueryHistoryNext,
    /// The terminal has a new size (columns, rows).
    Resize(u16, u16),
    /// A mouse click at (column, row).
    Click(u16, u16),
    /// The mouse wheel at (column, row): lines to scroll, down positive.
    Wheel(u16, u16, i8),
}
