//! Rules applied after tagging, whatever tagger ran: they enforce the span
//! conventions and the cases a statistical tagger gets wrong too often.
//!
//! In order ([`apply`]): hyphenated names stay whole and spans hold no
//! stray connector at their ends; a participle opening a sentence leaves
//! the name after it ("Injured Chelsea winger"); long known names win; a nationality plus
//! an institution word is an organisation; names ending in an organisation
//! word are organisations, and so are names whose last word holds a company
//! suffix ("Sun Microsystems"); a name joined by "and" stays whole unless
//! "the" follows the "and"; known places joined by hyphens are split; titles
//! and roles leave person spans (a place or nationality before them keeps
//! its own span); a word before a first name is no part of the person;
//! person names stop at "of"/"for"/"and"; cues settle kinds (a head noun
//! such as "the oil firm", "the film", an event word such as "Cup" or
//! "Day", a determiner before a would-be person, a role before the
//! employer's name: "director of product at Ask Jeeves"; "the Queen" alone
//! is a person); an unknown word
//! after "in"/"near" is a place; shouted capitals are no names; sports
//! teams named after places are organisations (beside a score or a match
//! word, after "face"/"for"/"against", before a possessive and a
//! position: "England's players", before a line-up: "Man City: James,
//! Mills"); the plural of an abbreviation ("PCs")
//! is no name.
//!
//! Spans settled by a cue are listed in `strong`: document consistency
//! lets them outvote the tagger's guesses for the same name elsewhere.

use super::EntityKind;
use super::common::common_words;
use super::doc::{Doc, LineStyle};
use std::collections::HashSet;
use std::sync::OnceLock;

use super::gazetteer::{WordSet, class};
use super::rules::pick;
use super::tokenize::{Case, TokKind, lower_hash};

/// Runs every rule of this module on `spans` (token ranges, sorted).
///
/// Each rule costs about one pass over the spans and chunks (a binary search
/// where it needs the spans near a chunk, a sorted list or a set where it
/// needs the names of the whole text), so a long text costs in proportion
/// to its length.
pub fn apply(
    doc: &Doc,
    spans: &mut Vec<(usize, usize, EntityKind)>,
    sports: bool,
    strong: &mut Vec<(usize, usize, EntityKind)>,
) {
    strong.clear();
    trimmed(doc, spans, true);
    drop_opening_participles(doc, spans);
    long_gazetteer_names(doc, spans);
    nationality_institutions(doc, spans);
    organisation_suffixes(doc, spans);
    compound_company_names(doc, spans, strong);
    coordinated_organisations(doc, spans);
    group_appositives(doc, spans, strong);
    split_hyphenated(doc, spans);
    strip_titles(doc, spans);
    drop_word_before_first_name(doc, spans);
    cut_person_connectors(doc, spans);
    honorific_persons(doc, spans);
    kind_cues(doc, spans, strong);
    places_after_prepositions(doc, spans);
    drop_shouting(doc, spans);
    sports_teams(doc, spans, sports, strong);
    // cuts above may leave a connector at an edge ("Speaker of the Lords")
    trimmed(doc, spans, false);
    // later rules may have made a place of one ("protect PCs")
    spans.retain(|&(s, e, _)| !plural_abbreviation(doc, s, e));
    drop_numerals(doc, spans);
    drop_numerals(doc, strong);
}

/// Is `w` a Roman numeral of the letters I, V and X alone ("I", "IV",
/// "XIII"), up to 39? The pronoun "I" is one too.
pub(super) fn roman_numeral(w: &str) -> bool {
    let b = w.as_bytes();
    let (tens, rest) = b.split_at(b.iter().take_while(|&&c| c == b'X').count());
    let units: &[&[u8]] = &[
        b"", b"I", b"II", b"III", b"IV", b"V", b"VI", b"VII", b"VIII", b"IX",
    ];
    !b.is_empty() && tens.len() <= 3 && units.contains(&rest)
}

/// The pronoun "I" or a Roman numeral ("II", "IV") is never a name on its
/// own; inside one it stays ("World War I", "Henry VIII"). Dropped from
/// the spans and the strong names before document consistency, so no
/// repeat of it is tagged either.
fn drop_numerals(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    spans.retain(|&(s, e, _)| !(e == s + 1 && roman_numeral(doc.word(s))));
}

/// Is token `i` a hyphen written between two words ("Kilroy-Silk")?
fn inner_hyphen(doc: &Doc, i: usize) -> bool {
    i > 0
        && doc.word(i) == "-"
        && doc.toks.get(i + 1).is_some_and(|n| {
            n.kind == TokKind::Word
                && n.start == doc.toks[i].end
                && doc.toks[i - 1].end == doc.toks[i].start
                && doc.toks[i - 1].kind == TokKind::Word
        })
}

/// With `widen`, a name written with a hyphen is one span ("Robert
/// Kilroy-Silk", not "Robert Kilroy-"). Spans neither start nor end with a
/// hyphen, a lower-case connector or a possessive; a span with no
/// capitalised word is no name. Overlaps left by widening go to the
/// earlier span.
fn trimmed(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>, widen: bool) {
    let loose = |i: usize| {
        doc.toks.get(i).is_some_and(|t| {
            t.kind == TokKind::Punct || (t.kind == TokKind::Word && t.case == Case::Lower)
        })
    };
    let mut changed = false;
    for sp in spans.iter_mut() {
        let (mut s, mut e) = (sp.0, sp.1);
        // widen over hyphens inside a word
        while widen
            && e < doc.toks.len()
            && inner_hyphen(doc, e)
            && doc.toks[e + 1].case != Case::Lower
        {
            e += 2;
        }
        while widen
            && e > s + 1
            && doc.word(e - 1) == "-"
            && e < doc.toks.len()
            && inner_hyphen(doc, e - 1)
        {
            e += 1;
        }
        while widen && s >= 2 && inner_hyphen(doc, s - 1) && doc.toks[s - 2].is_cap() {
            s -= 2;
        }
        while s < e && loose(s) {
            s += 1;
        }
        while e > s && loose(e - 1) {
            e -= 1;
        }
        if (s, e) != (sp.0, sp.1) {
            changed = true;
            *sp = (s, e, sp.2);
        }
    }
    if changed {
        spans.retain(|&(s, e, _)| s < e && (s..e).any(|i| doc.toks[i].is_cap()));
        spans.sort_by_key(|s| s.0);
        let mut last = 0;
        spans.retain(|&(s, e, _)| {
            let keep = s >= last;
            if keep {
                last = e;
            }
            keep
        });
    }
}

/// Spans made of known places joined by hyphens or simply adjacent
/// ("US-Mexico", "Mexico-Guatemala", "Los Angeles California") are split
/// into the places. Adjacent parts must be countries, states or big cities.
fn split_hyphenated(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    // most texts have no span to split: then the spans stay as they are
    let mut parts = Vec::new();
    let Some(first) = spans
        .iter()
        .position(|&(s, e, _)| place_parts(doc, s, e, &mut parts))
    else {
        return;
    };
    let mut out = Vec::with_capacity(spans.len() + parts.len());
    out.extend_from_slice(&spans[..first]);
    out.append(&mut parts);
    for &(s, e, k) in &spans[first + 1..] {
        if place_parts(doc, s, e, &mut parts) {
            out.append(&mut parts);
        } else {
            out.push((s, e, k));
        }
    }
    *spans = out;
}

/// Splits the span `s..e` into places joined by hyphens or adjacent (see
/// [`split_hyphenated`]): true, with the places in `parts` (cleared first),
/// when it splits into two or more.
fn place_parts(doc: &Doc, s: usize, e: usize, parts: &mut Vec<(usize, usize, EntityKind)>) -> bool {
    let places = class::LOC | class::CITY;
    parts.clear();
    let mut i = s;
    let mut ok = e - s >= 3;
    while ok && i < e {
        // one whole gazetteer place, then a hyphen or the end
        let g = doc.gaz[i];
        let n = if g.begin && g.span & places != 0 {
            let mut n = i + 1;
            while n < e && !doc.gaz[n - 1].last {
                n += 1;
            }
            n
        } else {
            ok = false;
            break;
        };
        parts.push((i, n, EntityKind::Place));
        if n < e && doc.word(n) == "-" {
            ok = n + 1 < e;
            i = n + 1;
        } else {
            ok = n == e || doc.gaz[n].span & class::LOC != 0 && g.span & class::LOC != 0;
            i = n;
        }
    }
    ok && parts.len() >= 2
}

/// Known names of three or more words (gazetteer entries such as "United
/// Nations High Commissioner for Refugees") override the tagger inside prose.
fn long_gazetteer_names(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let mut add = Vec::new();
    for &(s, e) in &doc.chunks {
        let mut i = s;
        while i < e {
            let g = doc.gaz[i];
            if g.begin && g.span != 0 {
                let mut n = i + 1;
                while n < e && !doc.gaz[n - 1].last {
                    n += 1;
                }
                if n - i >= 3
                    && doc.style[i] == LineStyle::Prose
                    && let Some(k) = pick(g.span)
                {
                    add.push((i, n, k));
                }
                i = n;
            } else {
                i += 1;
            }
        }
    }
    if add.is_empty() {
        return;
    }
    // `add` is sorted and disjoint (chunk order): a binary search per span.
    spans.retain(|&(s, e, _)| overlapping(&add, s, e).is_empty());
    spans.extend(add);
    spans.sort_by_key(|s| s.0);
}

/// Titles are not part of a person's name (CoNLL convention): leading title
/// words ("President", "Mr", "Prime Minister") are dropped from PER spans,
/// and so is everything up to the last title before the name ("Home
/// Secretary Charles Clarke", "German Chancellor Angela Merkel", "Labour MP
/// Ann Keen"). What stood before the titles keeps its own span when the
/// gazetteer knows it ("German", "US").
fn strip_titles(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let title = |i: usize| {
        doc.gaz[i].single & class::TITLE != 0
            || matches!(doc.word(i), "MP" | "MPs" | "MEP" | "MSP" | "QC")
    };
    let mut extra = Vec::new();
    for sp in spans.iter_mut() {
        if sp.2 != EntityKind::Person {
            continue;
        }
        while sp.1 - sp.0 > 1 && (title(sp.0) || doc.word(sp.0) == "-") {
            sp.0 += 1;
        }
        // "Ruth Kelly MP", "Philippe Sands QC": letters after a name
        while sp.1 - sp.0 > 1
            && matches!(
                doc.word(sp.1 - 1),
                "MP" | "MPs" | "QC" | "MEP" | "MSP" | "AM"
            )
        {
            sp.1 -= 1;
        }
        // the last title inside the span that a capitalised name follows
        let Some(t) = (sp.0 + 1..sp.1 - 1)
            .rev()
            .find(|&i| title(i) && doc.toks[i + 1].is_cap() && !title(i + 1))
        else {
            continue;
        };
        let mut first = t;
        while first > sp.0 && title(first - 1) {
            first -= 1;
        }
        // "Martin Luther King Jr": a title after a given name is a name
        if first > sp.0 && doc.gaz[first - 1].single & class::FIRST != 0 && !title(first - 1) {
            continue;
        }
        let before = (sp.0, first);
        sp.0 = t + 1;
        if before.0 < before.1 {
            let g = doc.gaz[before.0];
            if g.begin
                && doc.gaz[before.1 - 1].last
                && let Some(k) = pick(g.span)
            {
                extra.push((before.0, before.1, k));
            }
        }
    }
    // letters alone ("the MP said") name no one
    spans.retain(|&(s, e, k)| {
        !(k == EntityKind::Person
            && e - s == 1
            && matches!(doc.word(s), "MP" | "MPs" | "QC" | "MEP" | "MSP"))
    });
    if !extra.is_empty() {
        spans.extend(extra);
        spans.sort_by_key(|s| s.0);
    }
}

/// A capitalised word right before a known first name is no part of the
/// person ("Blairite Alan Milburn", "London Tory Ann Smith"); a known place
/// or nationality keeps a span of its own.
fn drop_word_before_first_name(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let first = |i: usize| doc.gaz[i].single & class::FIRST != 0;
    let mut extra = Vec::new();
    for sp in spans.iter_mut() {
        let (s, e, k) = *sp;
        if k != EntityKind::Person || e - s < 3 || first(s) || !first(s + 1) {
            continue;
        }
        if doc.toks[s].case != Case::Title || doc.word(s).len() < 3 {
            continue;
        }
        sp.0 = s + 1;
        let g = doc.gaz[s];
        if g.begin
            && g.last
            && let Some(k) = pick(g.span)
        {
            extra.push((s, s + 1, k));
        }
    }
    if !extra.is_empty() {
        spans.extend(extra);
        spans.sort_by_key(|s| s.0);
    }
}

/// Head nouns before a work's title: "the film Ray", "her album Confessions".
const WORK_HEADS: &[&str] = &[
    "film",
    "films",
    "movie",
    "book",
    "novel",
    "album",
    "single",
    "song",
    "show",
    "series",
    "sitcom",
    "drama",
    "documentary",
    "musical",
    "opera",
    "play",
    "game",
    "programme",
    "program",
    "soap",
    "comedy",
    "thriller",
    "epic",
    "biopic",
    "hit",
    "track",
    "magazine",
    "console",
    "handheld",
    "phone",
    "software",
    "browser",
    "title",
    "sequel",
];

/// Last words of events and prizes: "Davis Cup", "Boxing Day", "Australian
/// Open", "Golden Globes".
const EVENT_WORDS: &[&str] = &[
    "Cup",
    "Day",
    "Eve",
    "Open",
    "Games",
    "Olympics",
    "Championship",
    "Championships",
    "Trophy",
    "Prix",
    "Award",
    "Awards",
    "Prize",
    "Festival",
    "Globe",
    "Globes",
    "Oscars",
    "Grammys",
    "Brits",
    "Marathon",
    "Classic",
    "Masters",
    "Series",
    "Week",
    "Expo",
    "Show",
    "Oscar",
    "Bafta",
    "Baftas",
    "Emmy",
    "Emmys",
    "Grammy",
    "Bill",
    "Act",
    "Treaty",
    "Accord",
    "Directive",
];

/// Words after a name that make it a team or a company: "Chelsea manager",
/// "England captain", "Fiat chief", "Yukos shares".
const ORG_ROLES: &[&str] = &[
    "manager",
    "boss",
    "bosses",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "keeper",
    "captain",
    "coach",
    "skipper",
    "winger",
    "fans",
    "supporters",
    "squad",
    "chairman",
    "chief",
    "executives",
    "shares",
    "shareholders",
    "staff",
    "workers",
    "employees",
];

/// [`ORG_ROLES`] that make a company of a would-be person.
const COMPANY_ROLES: &[&str] = &[
    "shares",
    "shareholders",
    "staff",
    "workers",
    "employees",
    "chief",
    "boss",
    "bosses",
    "chairman",
    "executives",
];

/// Roles of people that work for an organisation, before "for", "at" or
/// "of" and its name ("a spokesman for Lycos", "director of product at
/// Ask Jeeves").
const EMPLOYEE_ROLES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "directors",
    "executive",
    "executives",
    "chairman",
    "chairwoman",
    "boss",
    "founder",
    "co-founder",
    "analyst",
    "analysts",
    "officer",
    "engineer",
    "engineers",
    "researcher",
    "researchers",
    "economist",
    "employees",
    "staff",
    "shareholders",
    "owner",
    "owners",
    "president",
    "head",
];

/// Head nouns right before an organisation's name ("the oil firm Yukos",
/// "analysts Gartner").
const ORG_HEADS_ONE: &[&str] = &[
    "firm",
    "company",
    "giant",
    "group",
    "maker",
    "makers",
    "retailer",
    "bank",
    "airline",
    "carrier",
    "operator",
    "broadcaster",
    "newspaper",
    "band",
    "agency",
    "network",
    "website",
    "site",
    "label",
    "studio",
    "studios",
    "manufacturer",
    "supermarket",
    "chain",
    "insurer",
    "lender",
    "publisher",
    "developer",
    "analysts",
    "consultancy",
    "firms",
    "club",
    "party",
    "charity",
    "regulator",
    "watchdog",
    "conglomerate",
    "producer",
    "provider",
    "outfit",
];

/// The word lists of the cues as sets, looked up by a token's hash (one
/// probe, where a list would be scanned for every name).
struct Cues {
    work: WordSet,
    org_heads: WordSet,
    roles: WordSet,
    company: WordSet,
    /// Roles that follow a place without making it a team ("Paris workers").
    not_team: WordSet,
    events: WordSet,
    honorifics: WordSet,
    /// Nouns after "the X" that make X a person ("the Bush administration").
    of_person: WordSet,
    /// Roles before "for"/"at"/"of" and an employer's name.
    employee: WordSet,
    /// Places on a team after its name in sports reporting ("England fly-half").
    positions: WordSet,
    /// Auxiliaries and verbs after a team ("England were").
    auxiliaries: WordSet,
    /// Prepositions before a place ("in England").
    place_before: WordSet,
    /// Words before a side in sports reporting ("face Wales", "play
    /// England"); not "host", whose object is as much the venue.
    sides_before: WordSet,
    /// Match verbs after a team ("beat", "drew") and before one ("beat").
    verbs_after: WordSet,
    verbs_before: WordSet,
    /// Words before "for" and a side ("caps for England").
    for_side: WordSet,
    the: u64,
}

fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| Cues {
        work: WordSet::new(WORK_HEADS),
        org_heads: WordSet::new(ORG_HEADS_ONE),
        roles: WordSet::new(ORG_ROLES),
        company: WordSet::new(COMPANY_ROLES),
        not_team: WordSet::new(&["shares", "shareholders", "staff", "workers", "employees"]),
        events: WordSet::new(EVENT_WORDS),
        honorifics: WordSet::new(&["mr", "mrs", "ms", "dr", "sir", "dame", "miss"]),
        of_person: WordSet::new(&[
            "administration",
            "government",
            "era",
            "years",
            "camp",
            "campaign",
            "family",
            "presidency",
            "doctrine",
            "budget",
            "tax",
            "cabinet",
        ]),
        employee: WordSet::new(EMPLOYEE_ROLES),
        positions: WordSet::new(&[
            "side",
            "team",
            "players",
            "player",
            "international",
            "selectors",
            "pack",
            "fly",
            "scrum",
            "prop",
            "lock",
            "hooker",
            "flanker",
            "wing",
            "centre",
            "full",
            "batsman",
            "bowler",
            "opener",
            "number",
            "forward",
            "forwards",
            "backs",
            "defence",
            "attack",
            "lead",
            "victory",
            "win",
            "defeat",
        ]),
        auxiliaries: WordSet::new(&[
            "were", "are", "was", "is", "have", "has", "had", "will", "would", "could", "can",
            "must", "took", "began", "lost", "won", "face", "faces", "beat", "drew", "led", "lead",
            "leads", "trail", "need", "needs", "made", "make", "play", "went", "kept", "held",
            "host", "hosts", "meet", "meets", "take", "takes",
        ]),
        place_before: WordSet::new(&[
            "in",
            "at",
            "from",
            "to",
            "near",
            "across",
            "around",
            "throughout",
            "of",
        ]),
        sides_before: WordSet::new(&[
            "face",
            "faces",
            "facing",
            "play",
            "plays",
            "playing",
            "meet",
            "meets",
            "meeting",
            "beating",
            "represent",
            "represented",
            "representing",
        ]),
        verbs_after: WordSet::new(&["beat", "beats", "defeated", "thrashed", "drew"]),
        for_side: WordSet::new(&[
            "caps",
            "cap",
            "capped",
            "appearances",
            "play",
            "played",
            "plays",
            "playing",
            "scored",
            "scores",
            "scoring",
            "goals",
            "tries",
            "debut",
            "starts",
            "selected",
        ]),
        verbs_before: WordSet::new(&["beat", "beats", "defeated", "thrashed"]),
        the: lower_hash("the"),
    })
}

/// Is token `i` a lower-case word in `set`?
fn lower_in(doc: &Doc, i: usize, set: &WordSet) -> bool {
    doc.toks
        .get(i)
        .is_some_and(|t| t.kind == TokKind::Word && t.case == Case::Lower && set.contains(t.lhash))
}

/// Is token `i` an event word in title case ("Cup", "Day")?
fn event_word(doc: &Doc, i: usize) -> bool {
    doc.toks
        .get(i)
        .is_some_and(|t| t.case == Case::Title && cues().events.contains(t.lhash))
}

/// Is token `i` a head noun before an organisation's name ("firm",
/// "carmaker"), in any case?
fn org_head(doc: &Doc, i: usize) -> bool {
    let Some(t) = doc.toks.get(i).filter(|t| t.kind == TokKind::Word) else {
        return false;
    };
    let w = doc.word(i).as_bytes();
    let ends = |suffix: &[u8]| {
        w.len() > suffix.len() && w[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    cues().org_heads.contains(t.lhash) || ends(b"maker") || ends(b"makers")
}

/// Does any of `spans` (sorted, not overlapping) overlap tokens `s..e`?
fn overlaps(spans: &[(usize, usize, EntityKind)], s: usize, e: usize) -> bool {
    !overlapping(spans, s, e).is_empty()
}

/// After "Mr", "Mrs", "Ms", "Dr", "Sir" or "Dame", the capitalised words of
/// the same chunk (up to three) are a person when the tagger found nothing
/// there ("Tanzania Mr Brown").
fn honorific_persons(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let mut add = Vec::new();
    for &(s, e) in &doc.chunks {
        for i in s..e.saturating_sub(1) {
            let t = &doc.toks[i];
            if t.case != Case::Title || !cues().honorifics.contains(t.lhash) {
                continue;
            }
            let mut n = i + 1;
            while n < e && n < i + 4 && doc.toks[n].is_cap() {
                n += 1;
            }
            while n < e && inner_hyphen(doc, n) {
                n += 2;
            }
            if n > i + 1 && !overlaps(spans, i + 1, n) {
                add.push((i + 1, n, EntityKind::Person));
            }
        }
    }
    if !add.is_empty() {
        spans.extend(add);
        spans.sort_by_key(|s| s.0);
    }
}

/// Cues that settle a name's kind whatever the tagger said, and mark it
/// strong for document consistency: a work after a head noun ("the film
/// Ray", maybe in quotes) is MISC; a name ending in an event word ("Davis
/// Cup", "St Patrick's Day") is MISC; a one- or two-word name after an
/// organisation head noun is an organisation; a would-be person after
/// "the" is an organisation ("the Nintendo", but not "the Queen").
fn kind_cues(
    doc: &Doc,
    spans: &mut Vec<(usize, usize, EntityKind)>,
    strong: &mut Vec<(usize, usize, EntityKind)>,
) {
    let cues = cues();
    // last words of full names: the people of this text (sorted, looked
    // up by binary search: a long text names thousands), each with the
    // first word of its full name
    let mut surnames: Vec<(u64, u64)> = spans
        .iter()
        .filter(|&&(s, e, k)| k == EntityKind::Person && e - s >= 2)
        .map(|&(s, e, _)| (doc.toks[e - 1].lhash, doc.toks[s].lhash))
        .collect();
    surnames.sort_unstable();
    surnames.dedup();
    let full_names = |h: u64| {
        let from = surnames.partition_point(|p| p.0 < h);
        let to = surnames.partition_point(|p| p.0 <= h);
        &surnames[from..to]
    };
    let surname = |h: u64| !full_names(h).is_empty();
    // the last word of `s..e` ends a full name other than this one ("Ask
    // Jeeves" tagged a person makes no surname of "Jeeves" for itself)
    let others_surname = |s: usize, e: usize| {
        full_names(doc.toks[e - 1].lhash)
            .iter()
            .any(|p| e - s == 1 || p.1 != doc.toks[s].lhash)
    };
    // names after "Mr", "Mrs", "Dr" …: people of this text
    let mut titled: Vec<u64> = spans
        .iter()
        .filter(|&&(s, _, k)| {
            k == EntityKind::Person
                && s > 0
                && doc.toks[s - 1].case == Case::Title
                && cues.honorifics.contains(doc.toks[s - 1].lhash)
        })
        .map(|&(_, e, _)| doc.toks[e - 1].lhash)
        .collect();
    titled.sort_unstable();
    titled.dedup();
    for sp in spans.iter_mut() {
        let (mut s, e, k) = *sp;
        if doc.style[s] != LineStyle::Prose {
            continue;
        }
        // "Robert Kilroy-Silk ... Mr Kilroy-Silk": a given name and a
        // surname the text gives a title are a person, whatever the tagger said
        if k != EntityKind::Person
            && (2..=4).contains(&(e - s))
            && doc.gaz[s].single & class::FIRST != 0
            && doc.gaz[e - 1].single & class::ORGSUF == 0
            && titled.binary_search(&doc.toks[e - 1].lhash).is_ok()
        {
            sp.2 = EntityKind::Person;
            strong.push((s, e, EntityKind::Person));
            continue;
        }
        // "Mr Brown" after "book": an honorific makes a person, whatever
        // the tagger or a cue of the work said ("Miss World" and the film
        // "Dr No" are no people)
        if e - s >= 2
            && doc.toks[s].case == Case::Title
            && cues.honorifics.contains(doc.toks[s].lhash)
            && doc.word(s) != "Miss"
            && doc.toks[s + 1].is_cap()
            && !common_words().contains(doc.toks[s + 1].lhash)
        {
            *sp = (s + 1, e, EntityKind::Person);
            strong.push(*sp);
            continue;
        }
        // "Analysts Gartner said": a head noun capitalised at a sentence start
        if e - s >= 2 && doc.toks[s].sent_start && org_head(doc, s) {
            s += 1;
            *sp = (s, e, EntityKind::Org);
            strong.push((s, e, EntityKind::Org));
            continue;
        }
        // the word before the name, over an opening quote
        let mut b = s;
        if b > 0 && matches!(doc.word(b - 1), "\"" | "\u{201c}" | "'" | "\u{2018}") {
            b -= 1;
        }
        let head = b.checked_sub(1);
        let head_in = |set: &WordSet| head.is_some_and(|h| lower_in(doc, h, set));
        // "Ray, the film about ...", "Halo 2, the sequel to ...": a work
        // named before an apposition that says what it is
        let described = doc.word(e) == ","
            && matches!(
                doc.word(e + 1),
                "the" | "a" | "an" | "his" | "her" | "their"
            )
            && (e + 2..e + 4).any(|i| lower_in(doc, i, &cues.work));
        let work = (head_in(&cues.work) || described) && k != EntityKind::Place;
        let event = e - s >= 2 && event_word(doc, e - 1) && k != EntityKind::Org;
        let org_head = e - s <= 2
            && head.is_some_and(|h| doc.toks[h].case == Case::Lower && self::org_head(doc, h));
        let after_the =
            head.is_some_and(|h| doc.toks[h].lhash == cues.the && doc.toks[h].case == Case::Lower);
        // "the Queen", "the Pope", "the Queen Mother": a royal or church
        // title alone after "the" names the one who holds it, a person (no
        // band called Queen); not settled, so a text about the band keeps it
        if royal_title(doc, s, e) {
            sp.2 = EntityKind::Person;
            continue;
        }
        let g = doc.gaz[s];
        let known_org = e - s == 1 && g.last && g.span & class::ORG != 0;
        let determined = e - s == 1
            && after_the
            && ((k == EntityKind::Person
                && g.single & (class::TITLE | class::FIRST) == 0
                && !surname(doc.toks[s].lhash)
                && !lower_in(doc, e, &cues.of_person))
                || known_org);
        // "Guatemalan police": a nationality before a common noun
        let nationality = e - s == 1
            && k == EntityKind::Org
            && g.begin
            && g.last
            && g.span == class::MISC
            && doc.toks.get(e).is_some_and(|t| t.case == Case::Lower);
        // a role word after the name: a team ("Chelsea manager") or a
        // company ("Fiat chief") when no person of that name is in the text
        let team_or_firm = e - s <= 3
            && lower_in(doc, e, &cues.roles)
            && match k {
                EntityKind::Place => !lower_in(doc, e, &cues.not_team),
                EntityKind::Person => {
                    e - s == 1 && lower_in(doc, e, &cues.company) && !surname(doc.toks[s].lhash)
                }
                _ => false,
            };
        // "a spokesman for Lycos", "director of product at Ask Jeeves",
        // "vice president of search properties at Ask Jeeves":
        // the employer of a role is no person (but "an aide to Tony Blair"
        // and "a spokesman for Mr Brown" are people)
        // (an unknown "place" there is an employer too: "at Ask Jeeves")
        let unknown_place = k == EntityKind::Place
            && doc.gaz[s..e]
                .iter()
                .all(|g| g.span & (class::LOC | class::CITY) == 0);
        let employer = (k == EntityKind::Person || unknown_place)
            && e - s <= 3
            && (e - s == 1 || doc.gaz[s].single & class::FIRST == 0)
            && !others_surname(s, e)
            && titled.binary_search(&doc.toks[e - 1].lhash).is_err()
            && head.is_some_and(|h| {
                doc.toks[h].case == Case::Lower
                    && matches!(doc.word(h), "for" | "at" | "of")
                    // the role up to five lower-case words back ("vice
                    // president of search properties at")
                    && (1..=5)
                        .take_while(|&d| {
                            h >= d
                                && doc.toks[h - d].kind == TokKind::Word
                                && doc.toks[h - d].case == Case::Lower
                        })
                        .any(|d| lower_in(doc, h - d, &cues.employee))
            });
        let kind = if work || event || nationality {
            Some(EntityKind::Misc)
        } else if org_head || determined || team_or_firm || employer {
            Some(EntityKind::Org)
        } else {
            None
        };
        if let Some(kind) = kind {
            sp.2 = kind;
            strong.push((s, e, kind));
        }
    }
    // "the Bill", "The Bill", "no Bill": a lone given name after a
    // determiner is no person;
    // "PCs", "DVDs": the plural of an abbreviation names no one thing
    spans.retain(|&(s, e, k)| {
        let plural_abbreviation = plural_abbreviation(doc, s, e);
        let given_name_after_the = k == EntityKind::Person
            && e - s == 1
            && doc.gaz[s].single & class::FIRST != 0
            && s > 0
            && [
                "the", "a", "an", "this", "that", "no", "every", "each", "any",
            ]
            .iter()
            .any(|d| doc.word(s - 1).eq_ignore_ascii_case(d));
        !(plural_abbreviation || given_name_after_the)
    });
    // names the tagger left alone after a head noun
    let mut add = Vec::new();
    let mut royals = Vec::new();
    for &(s, e) in &doc.chunks {
        if e - s > 3 || doc.style[s] != LineStyle::Prose || overlaps(spans, s, e) {
            continue;
        }
        if royal_title(doc, s, e) {
            royals.push((s, e, EntityKind::Person));
            continue;
        }
        // "Analysts Gartner said": the head noun opens the sentence
        if e - s >= 2 && doc.toks[s].sent_start && org_head(doc, s) {
            add.push((s + 1, e, EntityKind::Org));
            continue;
        }
        if e - s > 2 || (doc.toks[s].sent_start && common_words().contains(doc.toks[s].lhash)) {
            continue;
        }
        let mut b = s;
        if b > 0 && matches!(doc.word(b - 1), "\"" | "\u{201c}" | "'" | "\u{2018}") {
            b -= 1;
        }
        let head = b > 0 && doc.toks[b - 1].case == Case::Lower;
        let role = lower_in(doc, e, &cues.company);
        if head && lower_in(doc, b - 1, &cues.work) {
            add.push((s, e, EntityKind::Misc));
        } else if (head && b == s && org_head(doc, s - 1))
            || (role && !surname(doc.toks[e - 1].lhash))
        {
            add.push((s, e, EntityKind::Org));
        }
    }
    if !add.is_empty() || !royals.is_empty() {
        strong.extend(add.iter().copied());
        spans.extend(add);
        spans.extend(royals);
        spans.sort_by_key(|s| s.0);
    }
    events(doc, spans, strong);
}

/// Is `s..e` a royal or church title alone after "the" ("the Queen", "the
/// Pope", "the Queen Mother")? It names the one who holds it, a person.
fn royal_title(doc: &Doc, s: usize, e: usize) -> bool {
    s > 0
        && doc.toks[s - 1].lhash == cues().the
        && doc.toks[s].case == Case::Title
        && matches!(
            doc.word(s),
            "Queen" | "King" | "Pope" | "Prince" | "Princess"
        )
        && (e - s == 1 || (e - s == 2 && doc.word(s + 1) == "Mother"))
}

/// A participle that opens a sentence is no part of the name after it
/// ("Injured Chelsea winger …", "Beleaguered Yukos said"): a first word
/// ending in "-ed" that the gazetteer does not know, that is no given
/// name, and that the text never writes capitalised inside a sentence.
fn drop_opening_participles(doc: &Doc, spans: &mut [(usize, usize, EntityKind)]) {
    for sp in spans.iter_mut() {
        let (s, e, _) = *sp;
        let t = &doc.toks[s];
        let w = doc.word(s);
        if e - s >= 2
            && t.sent_start
            && t.case == Case::Title
            && w.len() > 5
            && w.ends_with("ed")
            && doc.gaz[s].span == 0
            && doc.gaz[s].single & class::FIRST == 0
            && !doc.cap_mid.contains(t.lhash)
            && doc.toks[s + 1].is_cap()
        {
            sp.0 = s + 1;
        }
    }
}

/// Is `s..e` the plural of an abbreviation ("PCs", "DVDs")? It names no
/// one thing.
fn plural_abbreviation(doc: &Doc, s: usize, e: usize) -> bool {
    e - s == 1 && {
        let w = doc.word(s).as_bytes();
        w.len() >= 3
            && w[w.len() - 1] == b's'
            && w[..w.len() - 1].iter().all(u8::is_ascii_uppercase)
    }
}

/// Holidays and events are one MISC span: a capitalised run ending in an
/// event word that the tagger left alone ("the Boxing Day sales" → "Boxing
/// Day"), and a name with a possessive before one ("St Patrick's Day").
fn events(
    doc: &Doc,
    spans: &mut Vec<(usize, usize, EntityKind)>,
    strong: &mut Vec<(usize, usize, EntityKind)>,
) {
    let event = |i: usize| event_word(doc, i);
    let mut add = Vec::new();
    for &(s, e) in &doc.chunks {
        if e - s >= 2 && event(e - 1) && doc.style[s] == LineStyle::Prose && !overlaps(spans, s, e)
        {
            let s = if doc.toks[s].sent_start && common_words().contains(doc.toks[s].lhash) {
                s + 1
            } else {
                s
            };
            if e - s >= 2 {
                add.push((s, e, EntityKind::Misc));
            }
        }
    }
    // "St Patrick's Day": the possessive is inside a holiday's name
    for sp in spans.iter_mut() {
        let e = sp.1;
        if e + 1 < doc.toks.len()
            && doc.toks[e].kind == TokKind::Punct
            && matches!(doc.word(e), "'s" | "\u{2019}s")
            && event(e + 1)
        {
            *sp = (sp.0, e + 2, EntityKind::Misc);
            add.push(*sp);
        }
    }
    if !add.is_empty() {
        strong.extend(add.iter().copied());
        // a span overlapped by an added name other than at its own place
        // goes (counted by binary search, not a scan of `add` per span)
        let added = RangeCount::new(add.iter().map(|&(s, e, _)| (s, e)));
        let mut ranges: Vec<(usize, usize)> = add.iter().map(|&(s, e, _)| (s, e)).collect();
        ranges.sort_unstable();
        spans.retain(|&(a, b, _)| {
            let same =
                ranges.partition_point(|&p| p <= (a, b)) - ranges.partition_point(|&p| p < (a, b));
            added.overlapping(a, b) == same
        });
        let mut have: HashSet<(usize, usize, EntityKind)> = spans.iter().copied().collect();
        for x in add {
            if have.insert(x) {
                spans.push(x);
            }
        }
        spans.sort_by_key(|s| s.0);
    }
}

/// Person names hold no "of", "for", "and" or "the": a PER span with one is
/// cut before it ("Edgar Corzo of Mexico" → "Edgar Corzo"), and a known name
/// after it keeps its own label.
fn cut_person_connectors(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let mut extra = Vec::new();
    for sp in spans.iter_mut() {
        if sp.2 != EntityKind::Person {
            continue;
        }
        let cut =
            (sp.0 + 1..sp.1).find(|&i| matches!(doc.word(i), "of" | "for" | "and" | "the" | "&"));
        if let Some(c) = cut {
            let rest = (c + 1, sp.1);
            sp.1 = c;
            let g = doc.gaz.get(rest.0).copied().unwrap_or_default();
            if rest.0 < rest.1
                && g.begin
                && doc.gaz[rest.1 - 1].last
                && let Some(k) = pick(g.span)
            {
                extra.push((rest.0, rest.1, k));
            }
        }
    }
    if !extra.is_empty() {
        spans.extend(extra);
        spans.sort_by_key(|s| s.0);
    }
}

/// A single unknown word (no gazetteer entry, not a given name, not a common
/// word) right after "in", "near", "outside" … is a place, whatever the
/// tagger guessed, and even when it guessed nothing.
fn places_after_prepositions(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let is_place_cue = |i: usize| {
        i > 0
            && matches!(
                doc.word(i - 1),
                "in" | "near" | "outside" | "across" | "towards" | "toward"
            )
    };
    let unknown = |i: usize| {
        let g = doc.gaz[i];
        g.span == 0
            && g.single == 0
            && doc.toks[i].case == Case::Title
            && doc.style[i] == LineStyle::Prose
            && !common_words().contains(doc.toks[i].lhash)
    };
    for sp in spans.iter_mut() {
        if sp.1 - sp.0 == 1 && sp.2 != EntityKind::Place && is_place_cue(sp.0) && unknown(sp.0) {
            sp.2 = EntityKind::Place;
        }
    }
    let mut add = Vec::new();
    // the spans, counted by binary search once a word needs them (earlier
    // rules may leave them out of order or overlapping)
    let mut covering: Option<RangeCount> = None;
    for &(s, e) in &doc.chunks {
        if e - s == 1 && is_place_cue(s) && unknown(s) {
            let covering = covering
                .get_or_insert_with(|| RangeCount::new(spans.iter().map(|&(a, b, _)| (a, b))));
            if covering.overlapping(s, e) == 0 {
                add.push((s, e, EntityKind::Place));
            }
        }
    }
    if !add.is_empty() {
        spans.extend(add);
        spans.sort_by_key(|s| s.0);
    }
}

/// Shouting is no name: in prose, a span with a capitals-only word that
/// stands next to other capitals-only words ("CLOSE OUR SOUTHERN BORDER"),
/// or a long capitals-only word ("THOUSANDS"), is dropped unless the
/// gazetteer knows that word.
fn drop_shouting(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let caps = |i: usize| {
        doc.toks.get(i).is_some_and(|t| {
            t.kind == TokKind::Word && t.case == Case::Upper && t.end - t.start >= 2
        })
    };
    let known = |i: usize| {
        let g = doc.gaz[i];
        g.span != 0 || g.single & (class::ORG | class::LOC | class::MISC) != 0
    };
    spans.retain(|&(s, e, _)| {
        if doc.style[s] != LineStyle::Prose {
            return true;
        }
        !(s..e).any(|i| {
            caps(i)
                && !known(i)
                && ((i > 0 && caps(i - 1))
                    || caps(i + 1)
                    || doc.toks[i].end - doc.toks[i].start >= 7)
        })
    });
}

/// A nationality followed by an institution word is an organisation:
/// "Scottish Parliament", "British Museum", "French Navy". Applies to a
/// chunk made of a known nationality (MISC) and untagged capitalised words
/// ending with an organisation suffix.
fn nationality_institutions(doc: &Doc, spans: &mut [(usize, usize, EntityKind)]) {
    let mut changed = false;
    for &(s, e) in &doc.chunks {
        if e - s < 2 || doc.gaz[e - 1].single & class::ORGSUF == 0 {
            continue;
        }
        // exactly one span inside the chunk
        let inside = overlapping(spans, s, e);
        if inside.len() != 1 {
            continue;
        }
        let k = inside.start;
        let (a, b, kind) = spans[k];
        let g = doc.gaz[a];
        let tail_ok = (b..e).all(|i| matches!(doc.toks[i].case, Case::Title | Case::Upper));
        if kind == EntityKind::Misc
            && a == s
            && g.begin
            && g.span & class::MISC != 0
            && b < e
            && tail_ok
        {
            spans[k] = (a, e, EntityKind::Org);
            changed = true;
        }
    }
    if changed {
        spans.sort_by_key(|s| s.0);
    }
}

/// Words that, right before a multi-word name, say it names an
/// organisation: "the advocacy group Pueblo Sin Fronteras", "the charity
/// Save the Children".
const ORG_HEADS: &[&str] = &[
    "group",
    "organisation",
    "organization",
    "movement",
    "charity",
    "company",
    "firm",
    "agency",
    "coalition",
    "network",
    "association",
    "alliance",
    "foundation",
    "institute",
    "union",
    "band",
    "newspaper",
    "broadcaster",
    "party",
    "militia",
    "consortium",
];

/// A capitalised multi-word chunk right after one of [`ORG_HEADS`] (in lower
/// case, in prose) is one organisation, whatever the tagger made of its parts.
fn group_appositives(
    doc: &Doc,
    spans: &mut Vec<(usize, usize, EntityKind)>,
    strong: &mut Vec<(usize, usize, EntityKind)>,
) {
    // Chunks are disjoint, so each one replaces only spans of the tagger's.
    let mut named = Vec::new();
    for &(s, e) in &doc.chunks {
        if e - s < 2 || s == 0 || doc.style[s] != LineStyle::Prose {
            continue;
        }
        let head = &doc.toks[s - 1];
        let word = doc
            .text
            .get(head.start as usize..head.end as usize)
            .unwrap_or("");
        if !ORG_HEADS.contains(&word) {
            continue;
        }
        if !overlapping(spans, s, e).is_empty() {
            named.push((s, e, EntityKind::Org));
        }
    }
    if named.is_empty() {
        return;
    }
    strong.extend(named.iter().copied());
    spans.retain(|&(a, b, _)| overlapping(&named, a, b).is_empty());
    spans.extend(named);
    spans.sort_by_key(|s| s.0);
}

/// A capitalised name joined by "and" and ending in an organisation word is
/// one organisation ("the Victoria and Albert Museum"), however the tagger
/// split it; not when "the" follows the "and": "the Lords and the Commons"
/// is two names, even where the tagger made it one.
fn coordinated_organisations(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let mut add = Vec::new();
    for &(s, e) in &doc.chunks {
        if e - s >= 4
            && doc.style[s] == LineStyle::Prose
            && doc.gaz[e - 1].single & class::ORGSUF != 0
            && (s + 1..e - 1).any(|i| doc.word(i) == "and" || doc.word(i) == "&")
            && (s..e).all(|i| {
                doc.toks[i].case != Case::Lower || matches!(doc.word(i), "and" | "&" | "of" | "the")
            })
            // two names: "the Lords and the Commons"
            && !(s + 1..e - 1).any(|i| matches!(doc.word(i), "and" | "&") && doc.word(i + 1) == "the")
        {
            let s = if doc.toks[s].sent_start && common_words().contains(doc.toks[s].lhash) {
                s + 1
            } else {
                s
            };
            add.push((s, e, EntityKind::Org));
        }
    }
    if !add.is_empty() {
        // chunk order: `add` is sorted and disjoint
        spans.retain(|&(a, b, _)| overlapping(&add, a, b).is_empty());
        spans.extend(add);
        spans.sort_by_key(|s| s.0);
    }
    // a tagger's span over "X and the Y" is two names
    let joined = |&(s, e, _): &(usize, usize, EntityKind)| {
        (s + 1..e.saturating_sub(2)).find(|&i| doc.word(i) == "and" && doc.word(i + 1) == "the")
    };
    if spans.iter().any(|sp| joined(sp).is_some()) {
        let mut out = Vec::with_capacity(spans.len() + 1);
        for sp in spans.iter() {
            match joined(sp) {
                Some(i) => {
                    out.push((sp.0, i, sp.2));
                    out.push((i + 2, sp.1, sp.2));
                }
                None => out.push(*sp),
            }
        }
        *spans = out;
    }
}

/// Endings of one-word company suffixes written as part of a longer word
/// ("Microsystems", "Telecommunications", "Biotechnologies").
const COMPANY_ENDINGS: &[&str] = &[
    "systems",
    "networks",
    "technologies",
    "communications",
    "electronics",
    "pharmaceuticals",
    "industries",
    "software",
    "telecom",
    "holdings",
    "airways",
    "airlines",
];

/// Does token `i`, a capitalised word, end in one of [`COMPANY_ENDINGS`]
/// after some letters of its own ("Microsystems", not "Systems")?
fn compound_company_word(doc: &Doc, i: usize) -> bool {
    let w = doc.word(i).as_bytes();
    doc.toks[i].case == Case::Title
        && COMPANY_ENDINGS.iter().any(|end| {
            let n = end.len();
            w.len() >= n + 3 && w[w.len() - n..].eq_ignore_ascii_case(end.as_bytes())
        })
}

/// A name of two or three capitalised words whose last word ends in a
/// company suffix of its own ("Sun Microsystems", "Acme Telecommunications")
/// is one organisation, however the tagger split it, and a cue for its
/// words elsewhere in the text.
fn compound_company_names(
    doc: &Doc,
    spans: &mut Vec<(usize, usize, EntityKind)>,
    strong: &mut Vec<(usize, usize, EntityKind)>,
) {
    let mut add = Vec::new();
    for &(s, e) in &doc.chunks {
        if !(2..=3).contains(&(e - s))
            || doc.style[s] != LineStyle::Prose
            || !(s..e).all(|i| doc.toks[i].kind == TokKind::Word && doc.toks[i].is_cap())
            || !compound_company_word(doc, e - 1)
        {
            continue;
        }
        // an opening common word leaves a three-word name ("Rival Sun
        // Microsystems"), an article any: "Sun" itself is a common word
        let opening = doc.toks[s].sent_start
            && common_words().contains(doc.toks[s].lhash)
            && (e - s == 3 || matches!(doc.word(s), "The" | "A" | "An"));
        let s = if opening { s + 1 } else { s };
        if e - s >= 2 {
            add.push((s, e, EntityKind::Org));
        }
    }
    if !add.is_empty() {
        // chunk order: `add` is sorted and disjoint
        strong.extend(add.iter().copied());
        spans.retain(|&(a, b, _)| overlapping(&add, a, b).is_empty());
        spans.extend(add);
        spans.sort_by_key(|s| s.0);
    }
}

/// A multi-word name ending with an organisation word ("Mexico City Council",
/// "Egypt FA", "Washington Post") is an organisation, unless the whole name
/// is a gazetteer entry of another kind ("Soviet Union").
fn organisation_suffixes(doc: &Doc, spans: &mut [(usize, usize, EntityKind)]) {
    for sp in spans.iter_mut() {
        let (s, e, k) = *sp;
        if k == EntityKind::Org || k == EntityKind::Person || e - s < 2 {
            continue;
        }
        if doc.gaz[e - 1].single & class::ORGSUF == 0 || doc.style[s] != LineStyle::Prose {
            continue;
        }
        let whole_entry = doc.gaz[s].begin
            && doc.gaz[e - 1].last
            && doc.gaz[s].span != 0
            && (s..e).all(|i| doc.gaz[i].span == doc.gaz[s].span);
        if !whole_entry {
            sp.2 = EntityKind::Org;
        }
    }
}

/// A score: a number token of one to three digits, a hyphen, one to three
/// digits ("2-1", "6-3"), or a bare small number ("2").
fn score_like(doc: &Doc, i: usize) -> (bool, bool) {
    let Some(t) = doc.toks.get(i) else {
        return (false, false);
    };
    if t.kind != TokKind::Number {
        return (false, false);
    }
    let w = doc.word(i).as_bytes();
    let digits = |p: &[u8]| (1..=3).contains(&p.len()) && p.iter().all(u8::is_ascii_digit);
    match w.iter().position(|&b| b == b'-') {
        Some(k) => (digits(&w[..k]) && digits(&w[k + 1..]), false),
        None => (false, digits(w)),
    }
}

/// Words only sports reporting uses often ("striker", "fixture").
const SPORTS_WORDS: &[&str] = &[
    "coach",
    "squad",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "winger",
    "goal",
    "goals",
    "scored",
    "scorer",
    "wicket",
    "wickets",
    "innings",
    "batsman",
    "bowler",
    "tournament",
    "league",
    "fixture",
    "fixtures",
    "referee",
    "semi",
    "rugby",
    "football",
    "cricket",
    "tennis",
    "athletics",
    "stadium",
    "penalty",
    "penalties",
    "scrum",
    "championship",
    "premiership",
    "medal",
    "olympic",
    "sprinter",
    "marathon",
    "seeded",
    "matches",
    "match",
    "players",
    "unbeaten",
    "finals",
    "caps",
    "capped",
    "tries",
    "qualifier",
    "qualifiers",
    "qualifying",
    "flanker",
];

fn sports_words() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(SPORTS_WORDS))
}

/// Is the text sports reporting: two or more scores ("2-1"), or lines of
/// results where names and small numbers alternate ("Leeds 2 Chelsea 1"),
/// or words of sport ("striker", "fixture", "squad") four times or more,
/// three of them different?
pub fn is_sports(doc: &Doc) -> bool {
    let mut cues = 0;
    for (i, t) in doc.toks.iter().enumerate() {
        if t.kind != TokKind::Number {
            continue;
        }
        let (score, small) = score_like(doc, i);
        let named = |j: usize| doc.toks.get(j).is_some_and(|t| t.is_cap());
        if score || (small && i > 0 && named(i - 1) && named(i + 1)) {
            cues += 1;
            if cues >= 2 {
                return true;
            }
        }
    }
    // only texts that name a place can have a team named after one
    if !doc
        .gaz
        .iter()
        .any(|g| g.span & (class::LOC | class::CITY) != 0)
    {
        return false;
    }
    let words = sports_words();
    let (mut seen, mut distinct, mut n) = ([0u64; 3], 0, 0);
    for t in &doc.toks {
        if t.kind == TokKind::Word && t.case == Case::Lower && words.contains(t.lhash) {
            n += 1;
            if distinct < 3 && !seen[..distinct].contains(&t.lhash) {
                seen[distinct] = t.lhash;
                distinct += 1;
            }
            if distinct == 3 && n >= 4 {
                return true;
            }
        }
    }
    false
}

/// Sports teams named after places are organisations (CoNLL): in sports
/// reporting, a place name beside a score ("Leeds 2 Chelsea 1", "Spain 3-1")
/// or a match word ("England beat Wales", "against Italy") is the team. A
/// match verb right after a place is enough in any text ("Wales beat
/// Scotland").
fn sports_teams(
    doc: &Doc,
    spans: &mut Vec<(usize, usize, EntityKind)>,
    sports: bool,
    strong: &mut Vec<(usize, usize, EntityKind)>,
) {
    if sports {
        // sides of results the tagger left alone
        let mut add = Vec::new();
        for &(s, e) in &doc.chunks {
            if results_line(doc, s, e) && !overlaps(spans, s, e) {
                add.push((s, e, EntityKind::Org));
            }
        }
        if !add.is_empty() {
            spans.extend(add);
            spans.sort_by_key(|s| s.0);
        }
    }
    if !sports && spans.iter().all(|s| s.2 != EntityKind::Place) {
        return;
    }
    let cues = cues();
    // last words of the people's full names: "Ferguson's side" is the
    // manager's, even where a town is called Ferguson
    let mut surnames: Vec<u64> = spans
        .iter()
        .filter(|&&(s, e, k)| k == EntityKind::Person && e - s >= 2)
        .map(|&(_, e, _)| doc.toks[e - 1].lhash)
        .collect();
    surnames.sort_unstable();
    let word_is = |i: usize, w: &str| {
        doc.toks.get(i).is_some_and(|t| t.kind == TokKind::Word) && doc.word(i) == w
    };
    for sp in spans.iter_mut() {
        let (s, e, k) = *sp;
        if sports && k != EntityKind::Place && results_line(doc, s, e) {
            // "Leeds 2 Arsenal 1": both sides of a result are teams
            sp.2 = EntityKind::Org;
            continue;
        }
        if sports && k != EntityKind::Person && lineup(doc, e) {
            // "Man City: James, Mills, Distin ...": the side of a line-up
            sp.2 = EntityKind::Org;
            strong.push(*sp);
            continue;
        }
        if k != EntityKind::Place || doc.style[s] == LineStyle::Caps && !sports {
            continue;
        }
        let bracketed = s > 0 && doc.word(s - 1) == "(";
        let verb_after = lower_in(doc, e, &cues.verbs_after);
        let verb_before = s > 0
            && (lower_in(doc, s - 1, &cues.verbs_before)
                || (s > 1 && word_is(s - 1, "with") && word_is(s - 2, "drew")));
        // "England's 1-0 defeat", "England's players": what follows a
        // possessive says as much as what follows the name
        let after = if doc.toks.get(e).is_some_and(|t| t.kind == TokKind::Punct)
            && matches!(doc.word(e), "'s" | "\u{2019}s")
        {
            e + 1
        } else {
            e
        };
        // the weaker cues (after a possessive, "for England") only for a
        // place the gazetteer knows: "for Tevez" names a player
        let known = doc.gaz[s].begin
            && doc.gaz[s].span & (class::LOC | class::CITY) != 0
            && surnames.binary_search(&doc.toks[e - 1].lhash).is_err();
        let numbers = sports && !bracketed && {
            let (sc_after, small_after) = score_like(doc, if known { after } else { e });
            let small_before = s > 0 && score_like(doc, s - 1).1;
            let named_before = s >= 2 && doc.toks[s - 2].is_cap();
            sc_after || small_after || (small_before && named_before)
        };
        // in sports reporting, "against Italy", "Wales v Scotland"
        let versus = |i: usize| matches!(doc.word(i), "v" | "vs" | "v." | "vs.");
        let after_place_cue = s > 0 && lower_in(doc, s - 1, &cues.place_before);
        let opponent = sports
            && !bracketed
            && ((s > 0
                && (word_is(s - 1, "against")
                    || versus(s - 1)
                    || score_like(doc, s - 1).0
                    || (known && lower_in(doc, s - 1, &cues.sides_before))
                    // "40 caps for England", "scored for Wales" (not "a
                    // meeting for Sarajevo")
                    || (known
                        && s >= 2
                        && word_is(s - 1, "for")
                        && lower_in(doc, s - 2, &cues.for_side))))
                || versus(e)
                || ((after == e || known) && lower_in(doc, after, &cues.positions))
                || (!after_place_cue && acts(doc, e)));
        let team = verb_after || verb_before || numbers || opponent;
        if team {
            sp.2 = EntityKind::Org;
            if sports {
                strong.push(*sp);
            }
        }
    }
}

/// Does a line-up follow token `e`: a colon, a capitalised name, then a
/// comma or a bracket ("Man City: James, Mills (Wright 70), ...")?
fn lineup(doc: &Doc, e: usize) -> bool {
    doc.toks.get(e).is_some_and(|t| t.kind == TokKind::Punct)
        && doc.word(e) == ":"
        && doc.toks.get(e + 1).is_some_and(|t| t.is_cap())
        && doc
            .toks
            .get(e + 2)
            .is_some_and(|t| t.kind == TokKind::Punct)
        && matches!(doc.word(e + 2), "," | "(")
}

/// Is token `i` a lower-case word that says what a team did or is
/// ("were", "scored", "began"): an auxiliary or a past tense?
fn acts(doc: &Doc, i: usize) -> bool {
    let Some(t) = doc.toks.get(i) else {
        return false;
    };
    let w = doc.word(i);
    t.kind == TokKind::Word
        && t.case == Case::Lower
        && (cues().auxiliaries.contains(t.lhash) || (w.len() > 4 && w.ends_with("ed")))
}

/// Is the name `s..e` (up to three words) a side of a result line, "Name N Name N",
/// with a bare small number after it and a name and number on its other
/// side? A given name is no team.
fn results_line(doc: &Doc, s: usize, e: usize) -> bool {
    if e - s > 3 || doc.gaz[s].single & (class::FIRST | class::TITLE) != 0 {
        return false;
    }
    let small = |i: usize| score_like(doc, i).1;
    let named = |i: usize| doc.toks.get(i).is_some_and(|t| t.is_cap());
    small(e) && ((named(e + 1) && small(e + 2)) || (s >= 2 && small(s - 1) && named(s - 2)))
}

/// The indices of the spans of `spans` (sorted by start, disjoint) that
/// overlap the token range `s..e`.
fn overlapping(spans: &[(usize, usize, EntityKind)], s: usize, e: usize) -> std::ops::Range<usize> {
    // Disjoint and sorted by start, so sorted by end too.
    let first = spans.partition_point(|sp| sp.1 <= s);
    let past = first + spans[first..].partition_point(|sp| sp.0 < e);
    first..past
}

/// Token ranges in any order, overlapping or not, that say how many of
/// them overlap a range by two binary searches.
struct RangeCount {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl RangeCount {
    /// From non-empty ranges `(start, end)`.
    fn new(ranges: impl Iterator<Item = (usize, usize)> + Clone) -> Self {
        let mut starts: Vec<usize> = ranges.clone().map(|r| r.0).collect();
        let mut ends: Vec<usize> = ranges.map(|r| r.1).collect();
        starts.sort_unstable();
        ends.sort_unstable();
        RangeCount { starts, ends }
    }

    /// How many of the ranges overlap `s..e` (`s <= e`): those starting
    /// before `e` less those ending by `s` (which all start before `e`).
    fn overlapping(&self, s: usize, e: usize) -> usize {
        let before_end = self.starts.partition_point(|&a| a < e);
        let ended = self.ends.partition_point(|&b| b <= s);
        before_end.saturating_sub(ended)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The binary search finds the spans a scan of all of them finds.
        #[test]
        fn overlapping_is_what_a_scan_finds(
            gaps in proptest::collection::vec((0usize..4, 1usize..4), 0..20),
            s in 0usize..60,
            len in 1usize..6,
        ) {
            let mut spans = Vec::new();
            let mut at = 0;
            for (gap, n) in gaps {
                at += gap;
                spans.push((at, at + n, EntityKind::Person));
                at += n;
            }
            let e = s + len;
            let scanned: Vec<usize> = (0..spans.len())
                .filter(|&k| spans[k].0 < e && s < spans[k].1)
                .collect();
            prop_assert_eq!(overlapping(&spans, s, e).collect::<Vec<_>>(), scanned);
        }

        /// The count of ranges, which may overlap, is what a scan counts.
        #[test]
        fn range_count_is_what_a_scan_counts(
            ranges in proptest::collection::vec((0usize..40, 1usize..8), 0..20),
            s in 0usize..50,
            len in 0usize..6,
        ) {
            let ranges: Vec<(usize, usize)> = ranges.iter().map(|&(a, n)| (a, a + n)).collect();
            let e = s + len;
            let scanned = ranges.iter().filter(|&&(a, b)| a < e && s < b).count();
            let count = RangeCount::new(ranges.iter().copied());
            prop_assert_eq!(count.overlapping(s, e), scanned);
        }
    }
}
