//! The dwell before an opened article counts as read.
//!
//! An article is read once the reader has had it in front for
//! [`AppState::read_dwell`] (the configuration's `read_dwell`, 1.5 s by
//! default; 0 marks it at once). After every message `update` asks
//! [`noticed`] which article the reader shows in front, if any. When that
//! changes to an unread article a dwell starts: `update` returns an
//! [`Effect::Timer`] and the shell sends [`Msg::Timer`] back once the time
//! is up. The clock is the shell's: `update` never sleeps or reads the
//! time, and tests send the tick themselves. A tick counts only for the
//! dwell it was started for: moving on (another article, back to the
//! list, another pane over the reader) starts another dwell or none, so a
//! late tick finds nothing to mark. Walking the list with j/k never shows
//! the reader in front, so it never marks. Marking the article read or
//! unread with `r` ends its dwell: the user's word stands.
//!
//! [`Msg::Timer`]: super::Msg::Timer

use std::time::Duration;

use super::effect::{Effect, Timer};
use super::marking;
use super::state::{AppState, Focus};
use crate::corpus::ArticleIdx;
use crate::reading::Change;

/// The dwell by default.
pub const DEFAULT_DWELL: Duration = Duration::from_millis(1500);

/// What the dwell keeps between messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dwell {
    /// The article the reader showed in front after the last message.
    pub front: Option<ArticleIdx>,
    /// The dwell running: its article and its number.
    pub running: Option<(ArticleIdx, u64)>,
    /// Dwells started so far (a tick names the one it ends).
    pub started: u64,
}

/// The article the reader shows in front: the reader has the keys, or a
/// mode that leaves it in view (the query line, a prompt) is over it.
fn front(state: &AppState) -> Option<ArticleIdx> {
    if state.focus() != Focus::Reader || state.mode.name().is_overlay() {
        return None;
    }
    state.reader.article
}

/// After a message: a dwell for an article newly in front, none for one
/// that left; marks it at once when the dwell is zero.
pub fn noticed(state: &mut AppState, effects: &mut Vec<Effect>) {
    let now = front(state);
    if now == state.dwell.front {
        return;
    }
    state.dwell.front = now;
    state.dwell.running = None;
    let Some(a) = now else {
        return;
    };
    if marking::marks_of(state, a).read {
        return;
    }
    if state.read_dwell.is_zero() {
        effects.push(Effect::Keep {
            article: a,
            change: Change::Read(true),
        });
        return;
    }
    state.dwell.started = state.dwell.started.wrapping_add(1);
    let n = state.dwell.started;
    state.dwell.running = Some((a, n));
    effects.push(Effect::Timer {
        after: state.read_dwell,
        timer: Timer::Dwell(n),
    });
}

/// The dwell numbered `n` is up: its article is read, if it is still in
/// front and unread.
pub fn elapsed(state: &mut AppState, n: u64) -> Vec<Effect> {
    let Some((a, running)) = state.dwell.running else {
        return Vec::new();
    };
    if running != n || front(state) != Some(a) {
        return Vec::new();
    }
    state.dwell.running = None;
    if marking::marks_of(state, a).read {
        return Vec::new();
    }
    vec![Effect::Keep {
        article: a,
        change: Change::Read(true),
    }]
}

/// The user marked `article` read or unread: no dwell overrules that.
pub fn marked_by_hand(state: &mut AppState, article: ArticleIdx) {
    if state.dwell.running.is_some_and(|(a, _)| a == article) {
        state.dwell.running = None;
    }
}
