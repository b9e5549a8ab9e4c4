//! One correction, as data: what it changes and how it finds what it
//! changes. Rules read and write as one JSON object each (`"op"` names the
//! operation), the line format of `dateline corrections export`.

use serde::{Deserialize, Serialize};

use crate::entities::{EntityKind, Part};

/// One mention, found again by its article's content and its place in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MentionAt {
    /// The article's content hash (short form, hexadecimal).
    #[serde(with = "hex_u64")]
    pub article: u64,
    /// In the title or the body.
    #[serde(with = "part_name")]
    pub part: Part,
    /// Byte range in that text.
    pub start: usize,
    pub end: usize,
}

/// A correction of the entities.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Rule {
    /// The entity `entity` (a key) is called `name`.
    Rename { entity: String, name: String },
    /// The entity is of kind `kind`.
    Retype {
        entity: String,
        #[serde(with = "kind_label")]
        kind: EntityKind,
    },
    /// Every mention of `entity` is a mention of `into`.
    Merge { entity: String, into: String },
    /// The mentions of `entity` written `form` are another entity.
    SplitForm { entity: String, form: String },
    /// The mentions of `entity` in one article are another entity.
    SplitArticle {
        entity: String,
        #[serde(with = "hex_u64")]
        article: u64,
    },
    /// One mention is an entity of its own.
    SplitMention { mention: MentionAt },
    /// `form` is no entity anywhere.
    HideForm { form: String },
    /// This mention is no entity.
    HideMention { mention: MentionAt },
    /// Every whole-word occurrence of `form` is an entity of kind `kind`.
    AddForm {
        form: String,
        #[serde(with = "kind_label")]
        kind: EntityKind,
    },
    /// Every whole-word occurrence of `form` is a mention of `entity`.
    AddAlias { form: String, entity: String },
}

/// Why a line is no rule.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// Not JSON, or not one of the operations with its fields.
    #[error("not a correction: {0}")]
    Json(#[from] serde_json::Error),
    /// A form or name that is empty or longer than a line.
    #[error("not a correction: {0}")]
    Invalid(&'static str),
}

/// Longest form or name a rule may carry (bytes).
const MAX_TEXT: usize = 1000;

impl Rule {
    /// The rule in one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The rule of one line of JSON, checked.
    pub fn from_json(line: &str) -> Result<Rule, RuleError> {
        let rule: Rule = serde_json::from_str(line)?;
        rule.check()?;
        Ok(rule)
    }

    fn check(&self) -> Result<(), RuleError> {
        let texts: &[&str] = match self {
            Rule::Rename { entity, name } => &[entity, name],
            Rule::Retype { entity, .. } | Rule::SplitArticle { entity, .. } => &[entity],
            Rule::Merge { entity, into } => &[entity, into],
            Rule::SplitForm { entity, form } | Rule::AddAlias { form, entity } => &[entity, form],
            Rule::HideForm { form } | Rule::AddForm { form, .. } => &[form],
            Rule::SplitMention { mention } | Rule::HideMention { mention } => {
                if mention.start >= mention.end {
                    return Err(RuleError::Invalid("an empty mention"));
                }
                &[]
            }
        };
        for t in texts {
            if t.trim().is_empty() {
                return Err(RuleError::Invalid("an empty name or form"));
            }
            if t.len() > MAX_TEXT || t.contains(['\n', '\r']) {
                return Err(RuleError::Invalid("a name or form longer than a line"));
            }
        }
        Ok(())
    }

    /// What the rule does, in a few words, for the corrections pane.
    pub fn describe(&self) -> String {
        match self {
            Rule::Rename { entity, name } => format!("rename {entity} \u{2192} \"{name}\""),
            Rule::Retype { entity, kind } => format!("retype {entity} \u{2192} {}", kind.label()),
            Rule::Merge { entity, into } => format!("merge {entity} \u{2192} {into}"),
            Rule::SplitForm { entity, form } => format!("split \"{form}\" from {entity}"),
            Rule::SplitArticle { entity, article } => {
                format!("split {entity} in article {article:016x}")
            }
            Rule::SplitMention { mention } => format!("split one mention {}", where_(mention)),
            Rule::HideForm { form } => format!("hide \"{form}\""),
            Rule::HideMention { mention } => format!("hide one mention {}", where_(mention)),
            Rule::AddForm { form, kind } => format!("add \"{form}\" as {}", kind.label()),
            Rule::AddAlias { form, entity } => format!("add \"{form}\" to {entity}"),
        }
    }
}

fn where_(m: &MentionAt) -> String {
    let part = match m.part {
        Part::Title => "title",
        Part::Body => "body",
    };
    format!("({part} {}..{} of {:016x})", m.start, m.end, m.article)
}

mod hex_u64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let s = String::deserialize(d)?;
        u64::from_str_radix(&s, 16).map_err(serde::de::Error::custom)
    }
}

mod kind_label {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::entities::EntityKind;

    pub fn serialize<S: Serializer>(k: &EntityKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.label())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<EntityKind, D::Error> {
        let s = String::deserialize(d)?;
        EntityKind::from_label(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown kind {s:?}")))
    }
}

mod part_name {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::entities::Part;

    pub fn serialize<S: Serializer>(p: &Part, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match p {
            Part::Title => "title",
            Part::Body => "body",
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Part, D::Error> {
        match String::deserialize(d)?.as_str() {
            "title" => Ok(Part::Title),
            "body" => Ok(Part::Body),
            other => Err(serde::de::Error::custom(format!("unknown part {other:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_back_from_their_json_and_bad_lines_are_refused() {
        let rules = [
            Rule::Retype {
                entity: "PER:franz-ferdinand".into(),
                kind: EntityKind::Org,
            },
            Rule::HideMention {
                mention: MentionAt {
                    article: 0xdead_beef,
                    part: Part::Title,
                    start: 3,
                    end: 9,
                },
            },
            Rule::AddForm {
                form: "Miraflores".into(),
                kind: EntityKind::Misc,
            },
        ];
        for r in rules {
            let line = r.to_json();
            assert!(!line.contains('\n'));
            assert_eq!(Rule::from_json(&line).unwrap(), r);
        }
        for bad in [
            "",
            "{",
            r#"{"op":"retype","entity":"X","kind":"CAT"}"#,
            r#"{"op":"hide_form","form":"  "}"#,
            r#"{"op":"explode"}"#,
            r#"{"op":"hide_mention","mention":{"article":"zz","part":"body","start":1,"end":2}}"#,
            r#"{"op":"hide_mention","mention":{"article":"01","part":"body","start":2,"end":2}}"#,
        ] {
            assert!(Rule::from_json(bad).is_err(), "{bad}");
        }
    }
}
