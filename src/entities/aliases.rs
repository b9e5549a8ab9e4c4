//! Corpus-level alias resolution: mentions that name the same thing share one
//! [`Entity`] with a stable key. Every mention gets an entity.
//!
//! Rules, in order:
//! 1. Known variants share a name: "U.S.", "US", "USA", "United States" →
//!    United States. Short forms match only in capitals ("Us" is no country).
//! 2. An acronym defined in parentheses after a name ("North American Free
//!    Trade Agreement (NAFTA)") is that name, in the article and — when no other
//!    article defines it differently — in the whole corpus; again only when
//!    written in capitals ("home PCs" is no union).
//! 3. A person's shorter name ("Trump", "Mr Trump", "George Bush") is the full
//!    name in the same article that ends with it ("Donald Trump"; middle
//!    initials do not count). With none in the article, the corpus decides:
//!    the only full name with that surname, or the only frequent one (Tony
//!    Blair, not the Blair named once elsewhere) → that person; none → a
//!    person of that name; several of like weight → an entity of its own
//!    named "Bush (ambiguous)". A title alone ("the Queen") is nobody's
//!    surname. A lone given name ("Bill") is the article's only person of
//!    that first name, else "Bill (ambiguous)"; a lone word that ends the
//!    article's only name of a thing ("Jeeves" of "Ask Jeeves") is that.
//! 4. Names only merge on whole trailing words, so a reporter "Reagan Des
//!    Vignes" never merges with a president "Reagan", and two people who
//!    share a family name never merge; nor do a person and an organisation.
//! 5. Organisations: "X Party" is X, "the Tories" are the Conservatives, and
//!    a word-by-word short form ("Lib Dems", "Fed", "Man City") is the long
//!    form of its article (even where a headline tagged "Man City" a place
//!    or a thing), else the corpus's only frequent one.
//! 6. Kinds from the collection: a one-word name mostly tagged as an
//!    organisation is one everywhere ("Chelsea"), and a lone "person" never
//!    named with a title or as a surname in the corpus but tagged as an
//!    organisation elsewhere is one ("Yukos"); a "person" or "place" whose
//!    first word is mostly an organisation is one ("Sky Plus", "Lycos
//!    Europe"), unless its last word is another person's surname too; a
//!    "person" of several words whose first word is no given name and that
//!    is tagged an organisation at least as often is one ("Ask Jeeves").
//!
//! Keys look like `PER:donald-trump` (`PER:bush~ambiguous` for an ambiguous
//! short form): the label plus a slug of the canonical form; the same input
//! always gives the same keys, ids and names.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use super::gazetteer::class;
use super::{EntityKind, Mention, Part};

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
    /// Byte range into the title or the body, as `part` says.
    pub range: Range<usize>,
    /// Kind of the mention.
    pub kind: EntityKind,
    /// The entity (always set: an ambiguous short form has an entity of
    /// its own that says so).
    pub entity: Option<EntityId>,
    /// Title or body.
    pub part: Part,
}

/// The body's mentions of one document of [`Resolution::docs`] (the
/// title's come first, so they are a tail of the list).
pub fn body_mentions(doc: &[ResolvedMention]) -> &[ResolvedMention] {
    let first = doc.partition_point(|m| m.part == Part::Title);
    doc.get(first..).unwrap_or_default()
}

/// The texts of one document that [`resolve`] reads mentions from: a body
/// alone (`&str`) or a title and a body (`(&str, &str)`).
pub trait ArticleText {
    /// The body.
    fn body(&self) -> &str;
    /// The title ("" when there is none).
    fn title(&self) -> &str {
        ""
    }
    /// The text a mention in `part` is a range of.
    fn part(&self, part: Part) -> &str {
        match part {
            Part::Title => self.title(),
            Part::Body => self.body(),
        }
    }
}

impl ArticleText for &str {
    fn body(&self) -> &str {
        self
    }
}

impl ArticleText for (&str, &str) {
    fn body(&self) -> &str {
        self.1
    }
    fn title(&self) -> &str {
        self.0
    }
}

/// Entities of a corpus and every document's resolved mentions.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Entities sorted by key; [`EntityId`] indexes this.
    pub entities: Vec<Entity>,
    /// Per input document, its mentions in input order. Each list is
    /// shared: a resolution made from another (corrections) shares the
    /// lists it did not change with it.
    pub docs: Vec<std::sync::Arc<Vec<ResolvedMention>>>,
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

/// Person titles and roles that are no part of a name ("Mr Blair", "Home
/// Secretary Charles Clarke").
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
    "home",
    "foreign",
    "general",
    "gen",
    "judge",
    "sir",
    "dame",
    "lady",
    "lord",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "mayor",
    "chancellor",
    "prof",
    "professor",
    "rev",
    "mp",
    "chairman",
    "chief",
    "executive",
    "coach",
    "manager",
    "captain",
];

/// Names of the same organisation that share no words (the party of
/// British Conservatives is "the Tories"): the key, the name shown, the
/// other forms (each also in the plural).
const SYNONYMS: &[(&str, &str, &[&str])] = &[("conservative", "Conservative Party", &["tory"])];

/// Titles that stay part of the name they precede ("Prince Charles" is not
/// a Mr Charles).
const ROYAL: &[&str] = &[
    "king", "queen", "prince", "princess", "pope", "emperor", "sultan", "sheikh", "lady", "lord",
    "sir", "dame",
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

/// Matching form: lower case, no dots, hyphens between words as spaces.
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

/// Is `surface` written like an acronym: every letter upper case, at
/// least two of them ("US", "U.S.", "BBC")?
fn acronym_like(surface: &str) -> bool {
    let mut letters = 0;
    for c in surface.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// The canonical name of a known variant: "U.S." → United States. Short
/// forms (acronyms) match only when written in capitals, so "Us" in a song
/// title is not the United States.
fn variant_of(form: &str, surface: &str) -> Option<&'static str> {
    let (name, _) = VARIANTS.iter().find(|(_, vs)| vs.contains(&form))?;
    let short = !form.contains(' ') && form.len() <= 4;
    (!short || acronym_like(surface)).then_some(*name)
}

/// Person name words without leading titles, and whether one was there.
/// A royal or noble title before a single name stays ("prince charles").
fn person_words(form: &str) -> (Vec<&str>, bool) {
    let mut w: Vec<&str> = form.split_whitespace().collect();
    let mut titled = false;
    while w.len() > 1 && TITLES.contains(&w[0]) {
        if w.len() == 2 && ROYAL.contains(&w[0]) {
            break;
        }
        w.remove(0);
        titled = true;
    }
    (w, titled)
}

/// A full name's key: its words without middle initials ("george w bush"
/// and "george bush" are one person).
fn person_key(words: &[&str]) -> String {
    let n = words.len();
    words
        .iter()
        .enumerate()
        .filter(|&(i, w)| i == 0 || i + 1 == n || w.chars().count() > 1)
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An organisation's key: without a trailing "party", synonyms as one.
fn org_key(form: &str) -> String {
    let form = form
        .strip_suffix(" party")
        .filter(|f| !f.is_empty())
        .unwrap_or(form);
    let singular = |w: &str| {
        form == w
            || form.strip_suffix('s') == Some(w)
            || form
                .strip_suffix("ies")
                .is_some_and(|f| w.strip_suffix('y') == Some(f))
    };
    for (key, _, others) in SYNONYMS {
        if singular(key) || others.iter().any(|o| singular(o)) {
            return (*key).to_string();
        }
    }
    form.to_string()
}

/// A word without a plural "s" (for comparing abbreviations).
fn stem(w: &str) -> &str {
    if w.len() > 3 {
        w.strip_suffix('s').unwrap_or(w)
    } else {
        w
    }
}

/// Is `short` an abbreviation of `long` word by word ("lib dems" of
/// "liberal democrats", "fed" of "federal reserve", "man city" of
/// "manchester city")? A short word is at least three letters and starts
/// its long word; at least one is truly shortened.
fn abbreviates(short: &str, long: &str) -> bool {
    let s: Vec<&str> = short.split(' ').collect();
    let l: Vec<&str> = long.split(' ').collect();
    // one word shortens the first word of a longer name ("Fed"); more
    // shorten word by word ("Lib Dems", "Man City")
    let fits = if s.len() == 1 {
        l.len() >= 2
    } else {
        s.len() == l.len()
    };
    if !fits || short == long {
        return false;
    }
    let mut shortened = false;
    for (a, b) in s.iter().zip(&l) {
        let (a, b) = (stem(a), stem(b));
        if a.chars().count() < 3 || !b.starts_with(a) {
            return false;
        }
        shortened |= a.len() < b.len();
    }
    shortened
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Target {
    /// (kind, match form of the canonical name)
    Key(EntityKind, String),
    /// A short form that fits several entities: its own entity, flagged.
    Ambiguous(EntityKind, String),
}

/// One mention as the resolver sees it.
struct Seen<'a> {
    surface: &'a str,
    form: String,
    kind: EntityKind,
    /// A title stands before the name, in it or just outside ("Mr Blair").
    titled: bool,
}

/// Does a title word end `before` ("... said Mr", "Prime Minister")?
fn title_before(before: &str) -> bool {
    let word: String = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
        .next()
        .unwrap_or("")
        .replace('.', "")
        .to_lowercase();
    !word.is_empty() && TITLES.contains(&word.as_str())
}

/// Among `cands` (key, number of articles naming it), the one a short
/// form means: the only one, or the only frequent one (named in at least
/// two articles and in four times as many as any other).
fn dominant<'a>(cands: &[(&'a str, usize)]) -> Option<&'a str> {
    match cands {
        [] => None,
        [(k, _)] => Some(k),
        _ => {
            let mut sorted = cands.to_vec();
            sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let (top, n) = sorted[0];
            (n >= 2 && n >= 4 * sorted[1].1).then_some(top)
        }
    }
}

/// Corpus-wide facts gathered before any mention is settled.
#[derive(Default)]
struct Corpus {
    /// One-word person names that are also given names ("Charles", "Blair").
    given_names: HashSet<String>,
    /// Country, capital and big-city names (matching forms) among the mentions.
    big_places: HashSet<String>,
    /// Person keys by last word, with the number of articles naming each.
    by_surname: HashMap<String, BTreeMap<String, usize>>,
    /// Words seen as a person's last name after a first name or a title.
    person_evidence: HashSet<String>,
    /// Words seen as a person's last name after a title ("Ms Stone").
    titled_surnames: HashSet<String>,
    /// Words seen as the first word of a person's full name, with counts:
    /// weaker evidence ("Sky Plus" tagged as a person makes no "Sky" one).
    first_words: HashMap<String, u32>,
    /// Acronym definitions: acronym → what it stands for.
    acronyms: BTreeMap<String, BTreeSet<(EntityKind, String)>>,
    /// Mentions per form and kind.
    votes: HashMap<String, [u32; 5]>,
    /// Organisation keys by their first three letters, with article counts.
    orgs: HashMap<String, BTreeMap<String, usize>>,
}

impl Corpus {
    /// Is `form` a country, a capital or a big city?
    fn big_place(&self, form: &str) -> bool {
        self.big_places.contains(form)
    }
}

fn first3(s: &str) -> String {
    s.chars().take(3).collect()
}

/// The kind the collection gives a name tagged `kind` in one article: a
/// name that starts with an organisation's name is one (see below); a
/// one-word name mostly tagged as an organisation across the corpus is
/// one here too ("Chelsea"); a lone "person" never named with a first name,
/// a surname or a title anywhere, and tagged otherwise somewhere, is what
/// it is tagged elsewhere ("Yukos", "Nintendo"); a first word of full
/// names counts against that only while they outnumber the other tags
/// ("Sky" of "Sky Plus" is the broadcaster).
fn corpus_kind(c: &Corpus, form: &str, kind: EntityKind) -> EntityKind {
    if let Some((first, rest)) = form.split_once(' ')
        && matches!(kind, EntityKind::Person | EntityKind::Place)
        && c.votes.get(first).is_some_and(|v| {
            let org = v[EntityKind::Org as usize];
            let (per, loc) = (
                v[EntityKind::Person as usize],
                v[EntityKind::Place as usize],
            );
            org >= 3
                && (org > per + loc
                    // "Lycos": a lone "person" the collection makes an
                    // organisation (below), and never a place ("Milan")
                    || (loc == 0 && corpus_kind(c, first, EntityKind::Person) == EntityKind::Org))
        })
    {
        // "Sky Plus", "Fiat Auto" as people, "Lycos Europe" as a place:
        // a name that starts with a word that is mostly an organisation
        // is one of its products or branches, unless its last word is
        // some other person's surname too ("Chelsea Clinton") or, for a
        // place, it ends in no big place ("Chelsea Harbour")
        let last = rest.rsplit(' ').next().unwrap_or(rest);
        let own = person_key(&person_words(form).0);
        let surname_elsewhere = c
            .by_surname
            .get(last)
            .is_some_and(|people| people.keys().any(|p| *p != own));
        // "Milan Kundera": a first word that is a given name and a place
        // (as well as a club) leads a person's name when the whole name is
        // never tagged anything else ("Aston Villa" is, as a place)
        let given_name_only = || {
            c.votes
                .get(first)
                .is_some_and(|v| v[EntityKind::Place as usize] > 0)
                && super::shared().gaz.classes_of(first) & class::FIRST != 0
                && c.votes
                    .get(form)
                    .is_some_and(|v| v.iter().sum::<u32>() == v[EntityKind::Person as usize])
        };
        let branch = match kind {
            EntityKind::Person => !surname_elsewhere && !given_name_only(),
            _ => c.big_place(rest),
        };
        if branch {
            return EntityKind::Org;
        }
    }
    let Some(v) = c.votes.get(form) else {
        return kind;
    };
    let (loc, org, misc) = (
        v[EntityKind::Place as usize],
        v[EntityKind::Org as usize],
        v[EntityKind::Misc as usize],
    );
    let per = v[EntityKind::Person as usize];
    match kind {
        // "Ask Jeeves": a name of several words whose first word is no
        // given name, tagged an organisation at least as often as a person,
        // and whose last word no title marks as a surname ("Ms Stone")
        EntityKind::Person
            if org >= 2
                && org >= per
                && form.split_once(' ').is_some_and(|(first, rest)| {
                    let last = rest.rsplit(' ').next().unwrap_or(rest);
                    !c.titled_surnames.contains(last)
                        && super::shared().gaz.classes_of(first) & class::FIRST == 0
                }) =>
        {
            EntityKind::Org
        }
        // not for countries and big cities: "England" the team and the
        // country are both common
        EntityKind::Place if 2 * org >= loc && org >= 3 && !c.big_place(form) => EntityKind::Org,
        EntityKind::Person
            if !form.contains(' ')
                && !TITLES.contains(&form)
                && !c.person_evidence.contains(form)
                && org + loc + misc > 2 * c.first_words.get(form).copied().unwrap_or(0) =>
        {
            if misc > org && misc > loc {
                EntityKind::Misc
            } else if loc > org {
                EntityKind::Place
            } else {
                EntityKind::Org
            }
        }
        _ => kind,
    }
}

/// Resolves mentions of a whole corpus. `docs` holds each document's texts
/// (a body, or a title and a body) and its mentions (as
/// [`super::Extractor::extract_article`] returns them). Every mention gets
/// an entity; a short form that fits several gets one of its own whose name
/// says so ("Bush (ambiguous)").
pub fn resolve<T: ArticleText>(docs: &[(T, Vec<Mention>)]) -> Resolution {
    // Pass 1: the forms of every mention and what the corpus says of them.
    let mut corpus = Corpus::default();
    let inner = super::shared();
    let gaz = &inner.gaz;
    let mut seen: Vec<Vec<Seen>> = Vec::with_capacity(docs.len());
    for (texts, mentions) in docs {
        let mut doc_people: BTreeSet<String> = BTreeSet::new();
        let mut doc_orgs: BTreeSet<String> = BTreeSet::new();
        let mut ss = Vec::with_capacity(mentions.len());
        for m in mentions {
            let text = texts.part(m.part);
            let surface = text.get(m.range.clone()).unwrap_or("");
            let form = match_form(surface);
            if m.kind == EntityKind::Place
                && !corpus.big_places.contains(&form)
                && gaz.classes_of(surface) & class::LOC != 0
            {
                corpus.big_places.insert(form.clone());
            }
            corpus.votes.entry(form.clone()).or_default()[m.kind as usize] += 1;
            match m.kind {
                EntityKind::Person => {
                    let (w, in_form) = person_words(&form);
                    let titled = in_form || text.get(..m.range.start).is_some_and(title_before);
                    if let Some(last) = w.last()
                        && (w.len() >= 2 || titled)
                    {
                        corpus.person_evidence.insert((*last).to_string());
                        if titled {
                            corpus.titled_surnames.insert((*last).to_string());
                        }
                    }
                    if w.len() >= 2 {
                        *corpus.first_words.entry(w[0].to_string()).or_default() += 1;
                    }
                    if w.len() >= 2 {
                        doc_people.insert(person_key(&w));
                    } else if let [one] = w.as_slice()
                        && !corpus.given_names.contains(*one)
                        && gaz.classes_of(one) & class::FIRST != 0
                    {
                        corpus.given_names.insert((*one).to_string());
                    }
                }
                EntityKind::Date => {}
                _ => {
                    if let Some(acr) = parenthesised_acronym(text, m.range.end) {
                        let canon = variant_of(&form, surface)
                            .map_or_else(|| org_key(&form), str::to_lowercase);
                        corpus
                            .acronyms
                            .entry(match_form(acr))
                            .or_default()
                            .insert((m.kind, canon));
                    }
                    if m.kind == EntityKind::Org {
                        doc_orgs.insert(org_key(&form));
                    }
                }
            }
            let titled = m.kind == EntityKind::Person
                && (person_words(&form).1 || text.get(..m.range.start).is_some_and(title_before));
            ss.push(Seen {
                surface,
                form,
                kind: m.kind,
                titled,
            });
        }
        for p in doc_people {
            if let Some(last) = p.rsplit(' ').next() {
                // "Kilroy-Silk" is found by "Kilroy" too
                let first_part = last
                    .split_once('-')
                    .map(|(a, _)| a)
                    .filter(|a| !a.is_empty());
                for key in std::iter::once(last).chain(first_part) {
                    *corpus
                        .by_surname
                        .entry(key.to_string())
                        .or_default()
                        .entry(p.clone())
                        .or_default() += 1;
                }
            }
        }
        for o in doc_orgs {
            *corpus
                .orgs
                .entry(first3(&o))
                .or_default()
                .entry(o.clone())
                .or_default() += 1;
        }
        seen.push(ss);
    }

    // Pass 2: each mention's target, by its article first, then the corpus.
    let mut targets: Vec<Vec<Target>> = Vec::with_capacity(docs.len());
    for ((texts, mentions), ss) in docs.iter().zip(&seen) {
        let mut local_acr: HashMap<String, (EntityKind, String)> = HashMap::new();
        let mut people: Vec<String> = Vec::new();
        // one-word names written after a title somewhere in the article
        let mut titled: HashSet<String> = HashSet::new();
        let mut orgs: Vec<String> = Vec::new();
        // names of several words that are no person's ("Ask Jeeves")
        let mut things: Vec<(EntityKind, String)> = Vec::new();
        for (m, s) in mentions.iter().zip(ss) {
            if s.kind == EntityKind::Person {
                let (w, _) = person_words(&s.form);
                if w.len() >= 2 {
                    people.push(person_key(&w));
                } else if s.titled {
                    titled.insert(person_key(&w));
                }
            } else if s.kind != EntityKind::Date {
                if let Some(acr) = parenthesised_acronym(texts.part(m.part), m.range.end) {
                    let canon = variant_of(&s.form, s.surface)
                        .map_or_else(|| org_key(&s.form), str::to_lowercase);
                    local_acr.insert(match_form(acr), (s.kind, canon));
                }
                // the kind the collection gives it: "Manchester City"
                // tagged a place here is the club of the collection
                let kind = corpus_kind(&corpus, &s.form, s.kind);
                if kind == EntityKind::Org {
                    orgs.push(org_key(&s.form));
                }
                if s.form.contains(' ') && !acronym_like(s.surface) {
                    things.push((kind, org_key(&s.form)));
                }
            }
        }
        people.sort();
        people.dedup();
        orgs.sort();
        orgs.dedup();
        things.sort();
        things.dedup();
        let names = DocNames::new(&people, &orgs, &things);
        let ts = ss
            .iter()
            .map(|s| target(&corpus, s, &local_acr, &names, &titled))
            .collect();
        targets.push(ts);
    }

    number(docs, &targets)
}

/// The full names of people and organisations of one article, indexed so
/// that a mention finds those its short form may stand for in one lookup,
/// however many names the article holds (a long one can hold thousands).
struct DocNames<'a> {
    /// Each proper word suffix of a person's key ("trump" of "donald
    /// trump"), and each part of its last word before a hyphen ("kilroy" of
    /// "robert kilroy-silk") → the keys that end with it, in order.
    people_by_suffix: HashMap<String, Vec<&'a String>>,
    /// Organisation keys by their first three letters, in order (a short
    /// form shares them: see [`abbreviates`]).
    orgs_by_first3: HashMap<String, Vec<&'a str>>,
    /// The people of the article by their first word ("bill" of "bill
    /// gates"), in order.
    people_by_first: HashMap<&'a str, Vec<&'a String>>,
    /// Names of several words that are no person's (organisations, works,
    /// laws, places) by their last word ("jeeves" of "ask jeeves"), in order.
    things_by_last: HashMap<&'a str, Vec<&'a (EntityKind, String)>>,
}

impl<'a> DocNames<'a> {
    fn new(people: &'a [String], orgs: &'a [String], things: &'a [(EntityKind, String)]) -> Self {
        let mut people_by_first: HashMap<&'a str, Vec<&'a String>> = HashMap::new();
        for p in people {
            if let Some((first, _)) = p.split_once(' ') {
                people_by_first.entry(first).or_default().push(p);
            }
        }
        let mut things_by_last: HashMap<&'a str, Vec<&'a (EntityKind, String)>> = HashMap::new();
        for t in things {
            if let Some((_, last)) = t.1.rsplit_once(' ') {
                things_by_last.entry(last).or_default().push(t);
            }
        }
        let mut people_by_suffix: HashMap<String, Vec<&'a String>> = HashMap::new();
        for p in people {
            for (i, c) in p.char_indices() {
                if c == ' ' {
                    people_by_suffix
                        .entry(p[i + 1..].to_string())
                        .or_default()
                        .push(p);
                }
            }
            if let Some((_, last)) = p.rsplit_once(' ') {
                for (i, c) in last.char_indices() {
                    if c == '-' {
                        people_by_suffix
                            .entry(last[..i].to_string())
                            .or_default()
                            .push(p);
                    }
                }
            }
        }
        let mut orgs_by_first3: HashMap<String, Vec<&'a str>> = HashMap::new();
        for o in orgs {
            orgs_by_first3.entry(first3(o)).or_default().push(o);
        }
        DocNames {
            people_by_suffix,
            orgs_by_first3,
            people_by_first,
            things_by_last,
        }
    }

    /// The people of the article whose key ends with the words of `key`,
    /// or, for a one-word `key`, whose last word is a hyphenated surname
    /// that starts with it.
    fn people_ending_with(&self, key: &str) -> &[&'a String] {
        self.people_by_suffix.get(key).map_or(&[], Vec::as_slice)
    }
}

/// The target of one mention `s`, given its article's acronyms, full
/// names of people and organisations.
fn target(
    corpus: &Corpus,
    s: &Seen,
    local_acr: &HashMap<String, (EntityKind, String)>,
    names: &DocNames,
    titled: &HashSet<String>,
) -> Target {
    let kind = corpus_kind(corpus, &s.form, s.kind);
    if kind == EntityKind::Date {
        return Target::Key(kind, s.form.clone());
    }
    if let Some(c) = variant_of(&s.form, s.surface) {
        return Target::Key(kind, c.to_lowercase());
    }
    let acronym = acronym_like(s.surface);
    if acronym && let Some((k, c)) = local_acr.get(&s.form) {
        return Target::Key(*k, c.clone());
    }
    if kind == EntityKind::Person {
        return person_target(corpus, s, names, titled);
    }
    if acronym
        && let Some(defs) = corpus.acronyms.get(&s.form)
        && defs.len() == 1
        && let Some((k, c)) = defs.iter().next()
    {
        return Target::Key(*k, c.clone());
    }
    let key = org_key(&s.form);
    // "Man City" tagged a place or a thing beside "Manchester City": a
    // short form of several words of an organisation the article names
    // is that organisation
    if matches!(kind, EntityKind::Place | EntityKind::Misc)
        && key.contains(' ')
        && !acronym
        && let Some(os) = names.orgs_by_first3.get(&first3(&key))
    {
        let long: Vec<&str> = os
            .iter()
            .copied()
            .filter(|o| abbreviates(&key, o))
            .collect();
        if let [one] = long.as_slice() {
            return Target::Key(EntityKind::Org, (*one).to_string());
        }
    }
    if kind == EntityKind::Org && !acronym {
        // a short form of an organisation named in full in the article,
        // else of the only frequent one of the corpus
        let here: Vec<&str> = names
            .orgs_by_first3
            .get(&first3(&key))
            .map(|os| {
                os.iter()
                    .copied()
                    .filter(|o| abbreviates(&key, o))
                    .collect()
            })
            .unwrap_or_default();
        if let [one] = here.as_slice() {
            return Target::Key(kind, (*one).to_string());
        }
        // in the corpus: only a short form of several words or one clipped
        // word ("Fed", not "Labs"), and only for a long form named in as
        // many articles ("BBC News" is no short "BBC Newcastle")
        let clipped = !key.contains(' ') && key.len() <= 4 && !key.ends_with('s');
        if here.is_empty()
            && (key.contains(' ') || clipped)
            && let Some(cands) = corpus.orgs.get(&first3(&key))
        {
            let own = cands.get(&key).copied().unwrap_or(0);
            let fits: Vec<(&str, usize)> = cands
                .iter()
                .filter(|(o, n)| **n >= own && abbreviates(&key, o))
                .map(|(o, n)| (o.as_str(), *n))
                .collect();
            if let Some(one) = dominant(&fits) {
                return Target::Key(kind, one.to_string());
            }
        }
    }
    Target::Key(kind, key)
}

/// The target of a person's mention: a full name is itself; a shorter one
/// ("Blair", "Mr Blair", "George Bush") is the full name of the article
/// that ends with it, else the corpus's only frequent one (not for a bare
/// given name such as "Charles" that no title marks as a surname in the
/// article), else its own person, or an ambiguous one when several fit.
fn person_target(corpus: &Corpus, s: &Seen, names: &DocNames, titled: &HashSet<String>) -> Target {
    let (w, _) = person_words(&s.form);
    let key = person_key(&w);
    let short = format!(" {key}");
    // a longer name ending in the short one, or in a hyphenated surname
    // that starts with it ("Kilroy" of "Robert Kilroy-Silk")
    let hyphened = format!(" {key}-");
    let ends_with_short = |p: &str| {
        p.ends_with(&short)
            || (!key.contains(' ') && p.rfind(' ').is_some_and(|i| p[i..].starts_with(&hyphened)))
    };
    if w.len() == 1 && TITLES.contains(&key.as_str()) {
        // "the Queen", "the President": a title alone names no one's surname
        return Target::Key(EntityKind::Person, key);
    }
    // The article's full names that end with this one.
    let here = names.people_ending_with(&key);
    if w.len() >= 2 && here.is_empty() {
        return Target::Key(EntityKind::Person, key);
    }
    let last = key.rsplit(' ').next().unwrap_or(&key);
    let counts = corpus.by_surname.get(last);
    let df = |p: &str| counts.and_then(|c| c.get(p)).copied().unwrap_or(0);
    match here {
        [one] => return Target::Key(EntityKind::Person, (*one).clone()),
        [] => {}
        many => {
            let cands: Vec<(&str, usize)> = many.iter().map(|p| (p.as_str(), df(p))).collect();
            return dominant_strict(&cands).map_or_else(
                || Target::Ambiguous(EntityKind::Person, key.clone()),
                |p| Target::Key(EntityKind::Person, p.to_string()),
            );
        }
    }
    if w.len() == 1 && !titled.contains(&key) {
        // "Jeeves" beside "Ask Jeeves", "Bill" beside "the Mental Capacity
        // Bill": the one name of the article that ends with this word,
        // when no person's does
        if let Some([one]) = names.things_by_last.get(key.as_str()).map(Vec::as_slice) {
            return Target::Key(one.0, one.1.clone());
        }
        if corpus.given_names.contains(&key) {
            // a bare given name ("Bill") with no title in the article is
            // the person of the article with that first name, else may be
            // anyone's first name: an entity that says so
            return match names.people_by_first.get(key.as_str()).map(Vec::as_slice) {
                Some([one]) => Target::Key(EntityKind::Person, (*one).clone()),
                _ => Target::Ambiguous(EntityKind::Person, key),
            };
        }
    }
    let cands: Vec<(&str, usize)> = counts
        .map(|c| {
            c.iter()
                .filter(|(p, _)| ends_with_short(p))
                .map(|(p, n)| (p.as_str(), *n))
                .collect()
        })
        .unwrap_or_default();
    if cands.is_empty() {
        return Target::Key(EntityKind::Person, key);
    }
    dominant(&cands).map_or_else(
        || Target::Ambiguous(EntityKind::Person, key.clone()),
        |p| Target::Key(EntityKind::Person, p.to_string()),
    )
}

/// [`dominant`] among names that are all in the article: only a much more
/// frequent one (four times as many articles, at least three) wins.
fn dominant_strict<'a>(cands: &[(&'a str, usize)]) -> Option<&'a str> {
    let mut sorted = cands.to_vec();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match sorted.as_slice() {
        [(top, n), (_, m), ..] if *n >= 3 && *n >= 4 * *m => Some(top),
        _ => None,
    }
}

/// Numbers the entities by key and gives every mention its entity.
fn number<T: ArticleText>(docs: &[(T, Vec<Mention>)], targets: &[Vec<Target>]) -> Resolution {
    let mut forms: BTreeMap<&Target, BTreeMap<String, usize>> = BTreeMap::new();
    for ((texts, mentions), ts) in docs.iter().zip(targets) {
        for (m, t) in mentions.iter().zip(ts) {
            let surface = display_form(texts.part(m.part).get(m.range.clone()).unwrap_or(""));
            *forms.entry(t).or_default().entry(surface).or_default() += 1;
        }
    }
    let most = |surf: &BTreeMap<String, usize>, pred: &dyn Fn(&str) -> bool| {
        surf.iter()
            .filter(|(s, _)| pred(s))
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
    };
    let mut keyed: Vec<(String, &Target, Entity)> = forms
        .into_iter()
        .map(|(t, surf)| {
            let (k, c, ambiguous) = match t {
                Target::Key(k, c) => (*k, c, false),
                Target::Ambiguous(k, c) => (*k, c, true),
            };
            // canonical: a variant's name, else the most frequent surface
            // form that is the key itself, else the most frequent one
            let fits = |s: &str| {
                let f = match_form(s);
                f == *c
                    || org_key(&f) == *c
                    || (k == EntityKind::Person && person_key(&person_words(&f).0) == *c)
            };
            let name = VARIANTS
                .iter()
                .find(|(n, _)| n.to_lowercase() == *c)
                .map(|(n, _)| n.to_string())
                .or_else(|| {
                    SYNONYMS
                        .iter()
                        .find(|(key, _, _)| key == c)
                        .map(|(_, n, _)| n.to_string())
                })
                .or_else(|| most(&surf, &fits))
                .or_else(|| most(&surf, &|_| true))
                .unwrap_or_else(|| c.clone());
            let (name, key) = if ambiguous {
                (
                    format!("{name} (ambiguous)"),
                    format!("{}:{}~ambiguous", k.label(), slug(c)),
                )
            } else {
                (name, format!("{}:{}", k.label(), slug(c)))
            };
            let aliases = surf.keys().filter(|s| **s != name).cloned().collect();
            (
                key.clone(),
                t,
                Entity {
                    name,
                    kind: k,
                    aliases,
                    key,
                },
            )
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    let index: HashMap<&Target, EntityId> = keyed
        .iter()
        .enumerate()
        .map(|(i, (_, t, _))| (*t, EntityId(i as u32)))
        .collect();
    let docs_out: Vec<Vec<ResolvedMention>> = docs
        .iter()
        .zip(targets)
        .map(|((_, mentions), ts)| {
            mentions
                .iter()
                .zip(ts)
                .map(|(m, t)| ResolvedMention {
                    range: m.range.clone(),
                    kind: match t {
                        Target::Key(k, _) | Target::Ambiguous(k, _) => *k,
                    },
                    entity: index.get(t).copied(),
                    part: m.part,
                })
                .collect()
        })
        .collect();
    let entities = keyed.into_iter().map(|(_, _, e)| e).collect();
    Resolution {
        entities,
        docs: docs_out.into_iter().map(std::sync::Arc::new).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The article's name index finds exactly what a scan of every
        /// name finds (the rule it replaced, which cost a scan per mention).
        #[test]
        fn doc_names_find_what_a_scan_finds(
            people in proptest::collection::vec("[abc]{1,3}([ -][abc]{1,3}){0,3}", 0..12),
            orgs in proptest::collection::vec("[abé]{1,5}( [ab]{1,5}){0,2}", 0..12),
            key in "[abc]{1,3}([ -][abc]{1,3}){0,2}",
            org in "[abé]{3,5}( [ab]{3,5}){0,1}",
        ) {
            let (mut people, mut orgs) = (people, orgs);
            people.sort();
            people.dedup();
            orgs.sort();
            orgs.dedup();
            let names = DocNames::new(&people, &orgs, &[]);
            // the test `person_target` made of every full name
            let short = format!(" {key}");
            let hyphened = format!(" {key}-");
            let scanned: Vec<&String> = people
                .iter()
                .filter(|p| {
                    p.ends_with(&short)
                        || (!key.contains(' ')
                            && p.rfind(' ').is_some_and(|i| p[i..].starts_with(&hyphened)))
                })
                .collect();
            prop_assert_eq!(names.people_ending_with(&key).to_vec(), scanned);
            let scanned: Vec<&str> = orgs
                .iter()
                .filter(|o| abbreviates(&org, o))
                .map(String::as_str)
                .collect();
            let indexed: Vec<&str> = names
                .orgs_by_first3
                .get(&first3(&org))
                .map(|os| os.iter().copied().filter(|o| abbreviates(&org, o)).collect())
                .unwrap_or_default();
            prop_assert_eq!(indexed, scanned);
        }
    }
}
