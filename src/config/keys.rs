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
//! that mode. The modes, their actions and default keys are the app's
//! ([`KeyNames`], made from its key table), so new ones need nothing here.
//! An entry is left out, with a problem, when it names an action the mode
//! does not have, binds a key twice in one section, or would leave a
//! required action (the way out) without a key.

use toml::de::DeTable;

use super::chord::{CHORD_EXPECTED, Chord};
use super::document::{Doc, Value};

/// What the key sections may name: each mode with its actions and their
/// default keys (the app's key table), and the actions that must keep a
/// key in every mode that has them.
#[derive(Debug, Clone, Default)]
pub struct KeyNames {
    pub modes: Vec<ModeKeys>,
    /// Actions that must keep at least one key (quitting at once).
    pub required: Vec<&'static str>,
}

/// One mode: its name and each of its actions with its default keys.
#[derive(Debug, Clone)]
pub struct ModeKeys {
    pub name: &'static str,
    pub actions: Vec<(&'static str, Vec<Chord>)>,
}

impl KeyNames {
    fn mode(&self, name: &str) -> Option<&ModeKeys> {
        self.modes.iter().find(|m| m.name == name)
    }

    /// Every action name of any mode, once.
    fn all_actions(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for (a, _) in self.modes.iter().flat_map(|m| &m.actions) {
            if !out.contains(a) {
                out.push(a);
            }
        }
        out
    }
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
pub(super) fn read(doc: &mut Doc<'_>, keys: &Value<'_>, names: &KeyNames) -> Vec<KeyBinding> {
    let mut out = Vec::new();
    let Some(modes) = doc.table(keys, "`keys`") else {
        return out;
    };
    let mode_names: Vec<&str> = names.modes.iter().map(|m| m.name).collect();
    for (mode, section) in doc.entries(modes) {
        let Some(mode_keys) = names.mode(mode.get_ref()) else {
            doc.unknown_name(
                &mode.span(),
                "mode",
                mode.get_ref(),
                "[keys]",
                &mode_names,
                None,
            );
            continue;
        };
        let what = format!("[keys.{}]", mode.get_ref());
        if let Some(table) = doc.table(section, &what) {
            read_mode(doc, mode_keys, table, names, &mut out);
        }
    }
    out
}

fn read_mode(
    doc: &mut Doc<'_>,
    mode: &ModeKeys,
    table: &DeTable<'_>,
    names: &KeyNames,
    out: &mut Vec<KeyBinding>,
) {
    let section = format!("[keys.{}]", mode.name);
    let here: Vec<&str> = mode.actions.iter().map(|(a, _)| *a).collect();
    // The mode's keys as the entries so far leave them.
    let mut bound: Vec<(&str, Vec<Chord>)> =
        mode.actions.iter().map(|(a, k)| (*a, k.clone())).collect();
    // Keys already given to an action of this section, and to which.
    let mut taken: Vec<(Chord, String)> = Vec::new();
    for (action, value) in doc.entries(table) {
        let action_name = action.get_ref().as_ref();
        if !here.contains(&action_name) {
            let all = names.all_actions();
            if all.contains(&action_name) {
                doc.problem(
                    &action.span(),
                    format!("`{action_name}` is not an action of the {} mode", mode.name),
                    Some(format!("one of {}", super::document::list(&here))),
                );
            } else {
                doc.unknown_name(
                    &action.span(),
                    "action",
                    action_name,
                    &section,
                    &here,
                    Some("an action name (`dateline keys` lists them)"),
                );
            }
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
        if !ok {
            continue;
        }
        // The mode as it would be with this entry: is a way out lost?
        let mut after = bound.clone();
        for (a, ks) in &mut after {
            if *a == action_name {
                ks.clone_from(&keys);
            } else {
                ks.retain(|k| !keys.contains(k));
            }
        }
        let lost = after
            .iter()
            .find(|(a, ks)| ks.is_empty() && names.required.contains(a));
        if let Some((lost, _)) = lost {
            let message = if *lost == action_name {
                format!("`{lost}` needs a key in {section}")
            } else {
                format!("this takes the last key of `{lost}` in {section}")
            };
            doc.problem(
                &action.span(),
                message,
                Some(format!(
                    "`{lost}` keeps a key in every mode (it quits at once)"
                )),
            );
            continue;
        }
        bound = after;
        taken.extend(keys.iter().map(|&c| (c, action_name.to_owned())));
        out.push(KeyBinding {
            mode: mode.name.to_owned(),
            action: action_name.to_owned(),
            keys,
        });
    }
}
