//! The `[defaults]` section: what a user fixes once instead of giving
//! options every time.

use std::path::PathBuf;
use std::time::Duration;

use crate::entities::EntityKind;
use crate::reading::ListSort;

use super::document::{Doc, Value};

/// Options that hold until the user changes them (in the app or on the
/// command line).
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    /// Keep a workspace (index, entities, the user's work) for each
    /// collection; false is `--no-workspace`.
    pub workspace: bool,
    /// Where the collections' workspaces live; none: the platform's data
    /// directory.
    pub workspace_home: Option<PathBuf>,
    /// Entity highlighting in the reader at start.
    pub highlight: bool,
    /// The kinds of entity highlighted.
    pub highlight_kinds: Vec<EntityKind>,
    /// The widest the reader's text is wrapped, in columns; none: the
    /// pane's width.
    pub reader_width: Option<u16>,
    /// Mouse wheel and clicks; off leaves the terminal's own selection.
    pub mouse: bool,
    /// The list's order for a collection whose workspace keeps none (an
    /// order chosen with `o` is kept per collection and wins).
    pub list_sort: ListSort,
    /// How long an article stays open in the reader before it counts as
    /// read; zero marks it at once.
    pub read_dwell: Duration,
}

/// The names of the options, in the order the default file gives them.
pub const NAMES: &[&str] = &[
    "workspace",
    "workspace_home",
    "highlight",
    "highlight_kinds",
    "reader_width",
    "mouse",
    "list_sort",
    "read_dwell",
];

/// The longest dwell, in seconds.
const MAX_DWELL: f64 = 60.0;

/// The name of an entity kind in a configuration (as in queries: `person:`).
pub fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Org => "org",
        EntityKind::Misc => "misc",
        EntityKind::Date => "date",
    }
}

impl Defaults {
    /// Nothing set: what the built-in file is read over (it sets every
    /// option, a test makes sure).
    pub(super) fn unset() -> Defaults {
        Defaults {
            workspace: false,
            workspace_home: None,
            highlight: false,
            highlight_kinds: Vec::new(),
            reader_width: None,
            mouse: false,
            list_sort: ListSort::Path,
            read_dwell: Duration::ZERO,
        }
    }

    /// Whether entities of `kind` are highlighted (when highlighting is on).
    pub fn highlights(&self, kind: EntityKind) -> bool {
        self.highlight_kinds.contains(&kind)
    }
}

/// Reads a `[defaults]` table over `into`; returns the names it set.
pub(super) fn read(doc: &mut Doc<'_>, value: &Value<'_>, into: &mut Defaults) -> Vec<&'static str> {
    let mut set = Vec::new();
    let Some(table) = doc.table(value, "`defaults`") else {
        return set;
    };
    for (key, value) in doc.entries(table) {
        let name = key.get_ref().as_ref();
        let Some(&known) = NAMES.iter().find(|n| **n == name) else {
            doc.unknown_name(&key.span(), "option", name, "[defaults]", NAMES, None);
            continue;
        };
        let what = format!("`{name}`");
        let ok = match known {
            "workspace" => doc.boolean(value, &what).map(|b| into.workspace = b),
            "workspace_home" => doc.string(value, &what).and_then(|s| {
                let path = home_path(s);
                if path.is_none() {
                    doc.problem(
                        &value.span(),
                        format!("{what} must be an absolute path"),
                        Some("\"\" (the platform's data directory), /a/path or ~/a/path".into()),
                    );
                }
                path.map(|p| into.workspace_home = p)
            }),
            "highlight" => doc.boolean(value, &what).map(|b| into.highlight = b),
            "highlight_kinds" => kinds(doc, value).map(|k| into.highlight_kinds = k),
            "reader_width" => doc
                .integer(
                    value,
                    &what,
                    0..10_001,
                    "0 (the pane's width) or a number of columns from 20",
                )
                .and_then(|n| match n {
                    0 => Some(None),
                    20.. => u16::try_from(n).ok().map(Some),
                    _ => {
                        doc.problem(
                            &value.span(),
                            format!("{what} of {n} columns is too narrow to read"),
                            Some("0 (the pane's width) or a number of columns from 20".into()),
                        );
                        None
                    }
                })
                .map(|w| into.reader_width = w),
            "mouse" => doc.boolean(value, &what).map(|b| into.mouse = b),
            "list_sort" => doc.string(value, &what).and_then(|s| {
                let names = ListSort::ALL.map(ListSort::name);
                let sort = ListSort::from_name(s);
                if sort.is_none() {
                    doc.unknown_name(&value.span(), "list order", s, &what, &names, None);
                }
                sort.map(|s| into.list_sort = s)
            }),
            "read_dwell" => dwell(doc, value).map(|d| into.read_dwell = d),
            _ => None,
        };
        if ok.is_some() {
            set.push(known);
        }
    }
    set
}

/// Seconds, whole or not, from 0 to [`MAX_DWELL`].
fn dwell(doc: &mut Doc<'_>, value: &Value<'_>) -> Option<Duration> {
    const EXPECTED: &str = "a number of seconds from 0 (at once) to 60, such as 1.5";
    let v = value.get_ref();
    let secs = match (v.as_integer(), v.as_float()) {
        (Some(i), _) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|n| n as f64),
        (None, Some(f)) => f.as_str().parse::<f64>().ok(),
        (None, None) => {
            doc.wrong(value, "`read_dwell`", EXPECTED);
            return None;
        }
    };
    match secs {
        Some(s) if (0.0..=MAX_DWELL).contains(&s) => Some(Duration::from_secs_f64(s)),
        _ => {
            doc.problem(
                &value.span(),
                "`read_dwell` is out of range",
                Some(EXPECTED.into()),
            );
            None
        }
    }
}

/// `""`: none (the default place); `/abs` or `~/rel`: that directory.
fn home_path(s: &str) -> Option<Option<PathBuf>> {
    if s.is_empty() {
        return Some(None);
    }
    if let Some(rest) = s.strip_prefix("~/").or_else(|| (s == "~").then_some("")) {
        let home = etcetera::home_dir().ok()?;
        return Some(Some(home.join(rest)));
    }
    let p = PathBuf::from(s);
    p.is_absolute().then_some(Some(p))
}

/// A list of entity kind names.
fn kinds(doc: &mut Doc<'_>, value: &Value<'_>) -> Option<Vec<EntityKind>> {
    const EXPECTED: &str = "a list of person, place, org, misc, date";
    let Some(items) = value.get_ref().as_array() else {
        doc.wrong(value, "`highlight_kinds`", EXPECTED);
        return None;
    };
    let names: Vec<&str> = EntityKind::ALL.iter().map(|&k| kind_name(k)).collect();
    let mut out = Vec::new();
    for item in items.iter() {
        let name = doc.string(item, "an entity kind")?;
        match EntityKind::ALL.iter().find(|&&k| kind_name(k) == name) {
            Some(&k) if !out.contains(&k) => out.push(k),
            Some(_) => {}
            None => {
                doc.unknown_name(
                    &item.span(),
                    "entity kind",
                    name,
                    "`highlight_kinds`",
                    &names,
                    None,
                );
                return None;
            }
        }
    }
    Some(out)
}
