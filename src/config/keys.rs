//! The `[keys.MODE]` sections: which keys reach which action in a mode.
//!
//! ```toml
//! [keys.reader]
//! next_mention = ["ctrl-n", "]"]   # these keys, and no others, in the reader
//! help = []                         # no key for the help in the reader
//! ```
//!
//! An entry gives an action its keys in that mode, replacing the keys it
//! had there; each key it names is taken from whatever action had it in
//! that mode. The names of modes and actions are the app's
//! ([`KeyNames`]), so new ones need nothing here.

use toml::de::DeTable;

use super::chord::{CHORD_EXPECTED, Chord};
use super::document::{Doc, Value};

/// The mode and action names a key section may use (the app's).
#[derive(Debug, Clone, Copy)]
pub struct KeyNames<'a> {
    pub modes: &'a [&'a str],
    pub actions: &'a [&'a str],
}

/// One entry of a `[keys.MODE]` section: in `mode`, `action` is reached by
/// `keys` (none: unbound there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    pub mode: String,
    pub action: String,
    pub keys: Vec<Chord>,
}

/// Reads the `[keys]` table: one sub-table per mode.
pub(super) fn read(doc: &mut Doc<'_>, keys: &Value<'_>, names: &KeyNames<'_>) -> Vec<KeyBinding> {
    let mut out = Vec::new();
    let Some(modes) = doc.table(keys, "`keys`") else {
        return out;
    };
    for (mode, section) in doc.entries(modes) {
        if !names.modes.contains(&mode.get_ref().as_ref()) {
            doc.unknown_name(
                &mode.span(),
                "mode",
                mode.get_ref(),
                "[keys]",
                names.modes,
                None,
            );
            continue;
        }
        let what = format!("[keys.{}]", mode.get_ref());
        if let Some(table) = doc.table(section, &what) {
            read_mode(doc, mode.get_ref(), table, names, &mut out);
        }
    }
    out
}

fn read_mode(
    doc: &mut Doc<'_>,
    mode: &str,
    table: &DeTable<'_>,
    names: &KeyNames<'_>,
    out: &mut Vec<KeyBinding>,
) {
    let section = format!("[keys.{mode}]");
    // Keys already given to an action of this section, and to which.
    let mut taken: Vec<(Chord, String)> = Vec::new();
    for (action, value) in doc.entries(table) {
        let action_name = action.get_ref().as_ref();
        if !names.actions.contains(&action_name) {
            doc.unknown_name(
                &action.span(),
                "action",
                action_name,
                &section,
                names.actions,
                Some("an action name (`dateline keys` lists them)"),
            );
            continue;
        }
        let items: Vec<&Value<'_>> = match value.get_ref() {
            toml::de::DeValue::String(_) => vec![value],
            toml::de::DeValue::Array(a) => a.iter().collect(),
            _ => {
                doc.wrong(
                    value,
                    &format!("the keys of `{action_name}`"),
                    "a key (\"ctrl-d\"), a list of keys ([\"j\", \"down\"]) or [] for none",
                );
                continue;
            }
        };
        // A key that is wrong leaves the whole entry out: the action keeps
        // the keys it had rather than losing them.
        let mut keys = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(text) = doc.string(item, "a key") else {
                ok = false;
                continue;
            };
            let chord = match Chord::parse(text) {
                Ok(c) => c,
                Err(e) => {
                    doc.problem(&item.span(), e.to_string(), Some(CHORD_EXPECTED.to_owned()));
                    ok = false;
                    continue;
                }
            };
            if let Some((_, other)) = taken.iter().find(|(c, _)| *c == chord) {
                doc.problem(
                    &item.span(),
                    format!(
                        "duplicate binding: `{chord}` is already bound to `{other}` in {section}"
                    ),
                    Some("each key once per mode".to_owned()),
                );
                ok = false;
                continue;
            }
            if !keys.contains(&chord) {
                keys.push(chord);
            }
        }
        if ok {
            taken.extend(keys.iter().map(|&c| (c, action_name.to_owned())));
            out.push(KeyBinding {
                mode: mode.to_owned(),
                action: action_name.to_owned(),
                keys,
            });
        }
    }
}
