//! Corpus-level alias resolution: mentions that name the same thing share one
//! [`Entity`] with a stable key.
//!
//! Rules, in order:
//! 1. Known variants share a name: "U.S.", "US", "USA", "United States" → United States.
//! 2. An acronym defined in parentheses after a name ("North American Free
//!    Trade Agreement (NAFTA)") is that name, in the article and — when no other
//!    article defines it differently — in the whole corpus.
//! 3. A person's shorter name ("Trump", "Mr Trump") is the full name in the same
//!    article whose last words it equals ("Donald Trump"), when exactly one full
//!    name matches. With none in the article, the corpus decides: exactly one
//!    full name with that surname anywhere → that person; none → a person of
//!    that name; several → left unresolved (`entity: None`).
//! 4. Names only merge on whole trailing words, so a reporter "Reagan Des
//!    Vignes" never merges with a president "Reagan".
//!
//! Keys look like `PER:donald-trump`: the label plus a slug of the canonical
//! form; the same input always gives the same keys, ids and names.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use super::{EntityKind, Mention};

/// Index of an entity in [`Resolution::entities`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);

/// One entity of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Canonical name (the most frequent full form).
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Other surface forms seen for it, sorted.
    pub aliases: Vec<String>,
    /// Stable id string, e.g. `PER:donald-trump`.
    pub key: String,
}

/// A mention with the entity it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedMention {
    /// Byte range into the document text.
    pub range: Range<usize>,
    /// Kind of the mention.
    pub kind: EntityKind,
    /// The entity, or `None` when ambiguous.
    pub entity: Option<EntityId>,
}

/// Entities of a corpus and every document's resolved mentions.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Entities sorted by key; [`EntityId`] indexes this.
    pub entities: Vec<Entity>,
    /// Per input document, its mentions in input order.
    pub docs: Vec<Vec<ResolvedMention>>,
}

const VARIANTS: &[(&str, &[&str])] = &[
    (
        "United States",
        &[
            "us",
            "usa",
            "united states",
            "united states of america",
            "america",
        ],
    ),
    (
        "United Kingdom",
        &["uk", "united kingdom", "britain", "great britain"],
    ),
    ("United Nations", &["un", "united nations"]),
    ("European Union", &["eu", "european union"]),
    ("Soviet Union", &["ussr", "soviet union"]),
    ("United Arab Emirates", &["uae", "united arab emirates"]),
];

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "president",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "prime",
    "minister",
    "secretary",
    "general",
    "gen",
    "judge",
    "sir",
    "lady",
    "lord",
    "king",
    "queen",
    "prince",
    "pope",
    "mayor",
    "chancellor",
    "prof",
    "professor",
    "rev",
];

/// Surface form as shown: curly quotes straightened, spaces collapsed, a
/// leading "the" and a trailing possessive dropped.
fn display_form(s: &str) -> String {
    let s = s.replace(['\u{2019}', '\u{2018}'], "'");
    let mut words: Vec<&str> = s.split_whitespace().collect();
    if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
        words.remove(0);
    }
    let mut out = words.join(" ");
    if let Some(x) = out.strip_suffix("'s") {
        out = x.to_string();
    }
    out
}

/// Matching form: lower case, no dots.
fn match_form(s: &str) -> String {
    display_form(s).to_lowercase().replace('.', "")
}

fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn variant_of(form: &str) -> Option<&'static str> {
    VARIANTS
        .iter()
        .find(|(_, vs)| vs.contains(&form))
        .map(|(c, _)| *c)
}

/// Person name words without leading titles.
fn person_words(form: &str) -> Vec<&str> {
    let mut w: Vec<&str> = form.split_whitespace().collect();
    while w.len() > 1 && TITLES.contains(&w[0]) {
        w.remove(0);
    }
    w
}

/// Acronym in parentheses right after `end` in `text`: "Name (ACR)".
fn parenthesised_acronym(text: &str, end: usize) -> Option<&str> {
    let rest = text.get(end..)?;
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix('(')?;
    let close = rest.find(')')?;
    let inner = rest.get(..close)?.trim();
    let letters = inner.chars().filter(|c| c.is_alphabetic()).count();
    let ok = (2..=10).contains(&letters)
        && inner
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit());
    ok.then_some(inner)
}

/// What a mention resolves to before entities are numbered.
#[derive(Clone, Debug)]
enum Target {
    /// (kind, match form of the canonical name)
    Key(EntityKind, String),
    /// A person's short name to settle at corpus level: (match form).
    Surname(String),
    Ambiguous,
}

/// Resolves mentions of a whole corpus. `docs` holds each document's text and
/// its mentions (as [`super::Extractor::extract`] returns them).
pub fn resolve(docs: &[(&str, Vec<Mention>)]) -> Resolution {
    // Pass 1: per-document targets, acronym definitions, corpus surname index.
    let mut targets: Vec<Vec<Target>> = Vec::with_capacity(docs.len());
    let mut acronyms: BTreeMap<String, BTreeSet<(EntityKind, String)>> = BTreeMap::new();
    let mut surnames: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (text, mentions) in docs {
        let mut local_acr: HashMap<String, (EntityKind, String)> = HashMap::new();
        let mut full_names: Vec<Vec<String>> = Vec::new();
        for m in mentions {
            let Some(surface) = text.get(m.range.clone()) else {
                continue;
            };
            let form = match_form(surface);
            if m.kind == EntityKind::Person {
                let w = person_words(&form);
                if w.len() >= 2 {
                    full_names.push(w.iter().map(|s| s.to_string()).collect());
                }
            } else if let Some(acr) = parenthesised_acronym(text, m.range.end) {
                let canon = variant_of(&form).map_or(form.clone(), |c| c.to_lowercase());
                local_acr.insert(match_form(acr), (m.kind, canon));
            }
        }
        for (acr, target) in &local_acr {
            acronyms
                .entry(acr.clone())
                .or_default()
                .insert(target.clone());
        }
        // Each shorter form of the article's full names ("trump" and
        // "donald trump" for "donald john trump") leads to them: one lookup
        // per mention, however many names the article holds.
        full_names.sort_unstable();
        full_names.dedup();
        let mut longer_names: HashMap<String, BTreeSet<String>> = HashMap::new();
        for f in &full_names {
            let whole = f.join(" ");
            if let Some(last) = f.last() {
                surnames
                    .entry(last.clone())
                    .or_default()
                    .insert(whole.clone());
            }
            for k in 1..f.len() {
                longer_names
                    .entry(f[k..].join(" "))
                    .or_default()
                    .insert(whole.clone());
            }
        }
        let mut ts = Vec::with_capacity(mentions.len());
        for m in mentions {
            let surface = text.get(m.range.clone()).unwrap_or("");
            let form = match_form(surface);
            let t = if let Some(c) = variant_of(&form) {
                Target::Key(m.kind, c.to_lowercase())
            } else if let Some((k, c)) = local_acr.get(&form) {
                Target::Key(*k, c.clone())
            } else if m.kind == EntityKind::Person {
                let wanted = person_words(&form).join(" ");
                let longer = longer_names.get(&wanted);
                if wanted.contains(' ') && longer.is_none() {
                    Target::Key(EntityKind::Person, wanted)
                } else {
                    match longer.map_or(0, BTreeSet::len) {
                        0 => Target::Surname(wanted),
                        1 => longer
                            .and_then(|set| set.first())
                            .map_or(Target::Ambiguous, |f| {
                                Target::Key(EntityKind::Person, f.clone())
                            }),
                        _ => Target::Ambiguous,
                    }
                }
            } else {
                Target::Key(m.kind, form)
            };
            ts.push(t);
        }
        targets.push(ts);
    }
    // Pass 2: settle corpus-level acronyms and surnames.
    for ts in &mut targets {
        for t in ts.iter_mut() {
            match t {
                Target::Key(k, form) if *k != EntityKind::Person => {
                    if let Some(defs) = acronyms.get(form.as_str())
                        && defs.len() == 1
                        && let Some((dk, dc)) = defs.iter().next()
                    {
                        *t = Target::Key(*dk, dc.clone());
                    }
                }
                Target::Surname(s) => {
                    let last = s.split_whitespace().last().unwrap_or("");
                    let cands: Vec<&String> = surnames
                        .get(last)
                        .map(|set| {
                            set.iter()
                                .filter(|f| f.ends_with(&format!(" {s}")))
                                .collect()
                        })
                        .unwrap_or_default();
                    *t = match cands.len() {
                        0 => Target::Key(EntityKind::Person, s.clone()),
                        1 => Target::Key(EntityKind::Person, cands[0].clone()),
                        _ => Target::Ambiguous,
                    };
                }
                _ => {}
            }
        }
    }
    // Pass 3: number entities by key; collect surface forms.
    let mut forms: BTreeMap<(EntityKind, String), BTreeMap<String, usize>> = BTreeMap::new();
    for ((text, mentions), ts) in docs.iter().zip(&targets) {
        for (m, t) in mentions.iter().zip(ts) {
            if let Target::Key(k, c) = t {
                let surface = display_form(text.get(m.range.clone()).unwrap_or(""));
                *forms
                    .entry((*k, c.clone()))
                    .or_default()
                    .entry(surface)
                    .or_default() += 1;
            }
        }
    }
    let mut keyed: Vec<(String, (EntityKind, String), Entity)> = forms
        .into_iter()
        .map(|((k, c), surf)| {
            // canonical: a variant's name, else the most frequent surface
            // form whose match form equals the key, else the most frequent.
            let name = VARIANTS
                .iter()
                .find(|(n, _)| n.to_lowercase() == c)
                .map(|(n, _)| n.to_string())
                .or_else(|| {
                    surf.iter()
                        .filter(|(s, _)| {
                            let f = match_form(s);
                            f == c || person_words(&f).join(" ") == c
                        })
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(s, _)| s.clone())
                })
                .or_else(|| {
                    surf.iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(s, _)| s.clone())
                })
                .unwrap_or_else(|| c.clone());
            let aliases = surf.keys().filter(|s| **s != name).cloned().collect();
            let key = format!("{}:{}", k.label(), slug(&c));
            (
                key.clone(),
                (k, c),
                Entity {
                    name,
                    kind: k,
                    aliases,
                    key,
                },
            )
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let index: HashMap<(EntityKind, String), EntityId> = keyed
        .iter()
        .enumerate()
        .map(|(i, (_, kc, _))| (kc.clone(), EntityId(i as u32)))
        .collect();
    let entities = keyed.into_iter().map(|(_, _, e)| e).collect();
    let docs_out = docs
        .iter()
        .zip(&targets)
        .map(|((_, mentions), ts)| {
            mentions
                .iter()
                .zip(ts)
                .map(|(m, t)| ResolvedMention {
                    range: m.range.clone(),
                    kind: m.kind,
                    entity: match t {
                        Target::Key(k, c) => index.get(&(*k, c.clone())).copied(),
                        _ => None,
                    },
                })
                .collect()
        })
        .collect();
    Resolution {
        entities,
        docs: docs_out,
    }
}
