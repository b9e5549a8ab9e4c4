//! Turns the parsed query into a tantivy query, using the vocabulary to
//! decide what each word stands for.
//!
//! * A whole word becomes one `TermQuery` per field that holds it (title
//!   boosted above body, entity names below), so BM25 ranks the documents.
//! * A prefix of one to three letters is one list of the prefix postings
//!   (`grams`): BM25-scored by how often (counted up to 8 times per article,
//!   where BM25 has nearly saturated) and how rarely words starting with it
//!   occur, with an exact count.
//! * A longer prefix is expanded to its most frequent completions, each a
//!   scored `TermQuery` (prefix matches are ranked, not constant-scored), up
//!   to [`PREFIX_TERMS`] of them ([`SHORT_PREFIX_TERMS`] for one or two
//!   letters in `title:` and entity fields); when that leaves completions
//!   out, the count is a lower bound.
//! * A word absent from the index falls back to its near spellings (edit
//!   distance 1 from 5 letters, 2 from 9), flagged as fuzzy.
//! * Phrases become `PhraseQuery`. While a phrase is typed, a last word of
//!   up to three letters is required anywhere in the document (prefix
//!   postings), and a longer one stands for its 8 most frequent completions,
//!   one phrase each.
//!
//! * `date:` is a range query on the date fast field, scoring nothing (a
//!   filter: the words alone rank the articles it keeps).
//!
//! A query of OR-ed words stays one flat union of term queries, which lets
//! tantivy use block-max WAND for the top hits.
//!
//! The work of one query is bounded, whatever is pasted into it: at most
//! [`MAX_QUERY_WORDS`] words are searched (the rest are left out) and at most
//! [`MAX_FUZZY_WORDS`] unknown words look for near spellings (each such look
//! reads the whole vocabulary). [`Plan::note`] says when a bound was hit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use std::ops::Bound;
use tantivy::Term;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;

use super::grams::{GRAMS, GramIndex, GramQuery};
use super::highlight::MatchTerm;
use super::query::{Atom, Item, Target};
use super::schema::{Fields, TextField};
use super::vocab::{Vocab, letter_mask, within_distance};

/// Completions kept for a prefix of one or two letters.
pub(crate) const SHORT_PREFIX_TERMS: usize = 16;
/// Completions kept for a longer prefix.
pub(crate) const PREFIX_TERMS: usize = 256;
/// Completions of the last word of a phrase being typed, for one or two
/// letters and for more.
const PHRASE_SHORT_PREFIX_TERMS: usize = 8;
const PHRASE_PREFIX_TERMS: usize = 8;
/// Near spellings kept for a mistyped word.
const FUZZY_TERMS: usize = 8;
/// Words (in words and phrases, excluded ones too) searched per query.
pub(crate) const MAX_QUERY_WORDS: usize = 256;
/// Unknown words per query that fall back to near spellings.
pub(crate) const MAX_FUZZY_WORDS: usize = 16;

/// A compiled query and what the results need to report.
pub(crate) struct Plan {
    pub query: Box<dyn Query>,
    pub terms: Vec<MatchTerm>,
    pub fuzzy: bool,
    pub approximate: bool,
    /// The query has phrases (no block-max pruning: rank and count at once).
    pub phrases: bool,
    /// Words still allowed (see [`MAX_QUERY_WORDS`]).
    words_left: usize,
    /// Words left out of the search.
    left_out: usize,
    /// Unknown words that looked for near spellings, and those not allowed to.
    fuzzy_tried: usize,
    fuzzy_skipped: usize,
}

impl Plan {
    /// What the query's bounds left out, for the user; `None` when nothing.
    pub(crate) fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.left_out > 0 {
            parts.push(format!(
                "only the first {MAX_QUERY_WORDS} words were searched ({} left out)",
                self.left_out
            ));
        }
        if self.fuzzy_skipped > 0 {
            parts.push(format!(
                "near spellings were tried for the first {MAX_FUZZY_WORDS} unknown words only"
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Completions of a prefix: words and their document frequency per field.
pub(crate) struct Expansion {
    words: Vec<(Box<str>, Vec<u32>)>,
    truncated: bool,
}

/// Per-prefix expansions, kept while typing (backspace, retyping).
#[derive(Default)]
pub(crate) struct ExpansionCache(Mutex<HashMap<(Target, String), Arc<Expansion>>>);

pub(crate) struct Planner<'a> {
    pub vocab: &'a Vocab,
    pub fields: &'a Fields,
    pub analyzer: TextAnalyzer,
    pub cache: &'a ExpansionCache,
    pub grams: &'a Arc<GramIndex>,
}

/// Fields an atom looks in, with their boosts.
fn fields_of(target: Target) -> &'static [(TextField, f32)] {
    match target {
        Target::Text => &[
            (TextField::Title, 2.0),
            (TextField::Body, 1.0),
            (TextField::Entities, 0.5),
        ],
        Target::Field(TextField::Title) => &[(TextField::Title, 1.0)],
        Target::Field(TextField::Person) => &[(TextField::Person, 1.0)],
        Target::Field(TextField::Place) => &[(TextField::Place, 1.0)],
        Target::Field(TextField::Org) => &[(TextField::Org, 1.0)],
        Target::Field(TextField::Body) => &[(TextField::Body, 1.0)],
        Target::Field(TextField::Entities) => &[(TextField::Entities, 1.0)],
        Target::Date(_) | Target::Mark(_) => &[],
    }
}

impl Planner<'_> {
    fn tokens(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while let Some(tok) = stream.next() {
            out.push(tok.text.clone());
        }
        out
    }

    /// Plans `items`; `None` when nothing searchable is left (e.g. only
    /// punctuation was typed).
    pub(crate) fn plan(&mut self, items: &[Item]) -> Option<Plan> {
        let mut plan = Plan {
            query: Box::new(EmptyQuery),
            terms: Vec::new(),
            fuzzy: false,
            approximate: false,
            phrases: false,
            words_left: MAX_QUERY_WORDS,
            left_out: 0,
            fuzzy_tried: 0,
            fuzzy_skipped: 0,
        };
        let mut musts: Vec<Vec<Box<dyn Query>>> = Vec::new();
        let mut nots: Vec<Box<dyn Query>> = Vec::new();
        for item in items {
            match item {
                Item::AnyOf(alts) => {
                    let mut clauses = Vec::new();
                    let mut searchable = false;
                    for atom in alts {
                        searchable |= self.atom(atom, false, &mut clauses, &mut plan);
                    }
                    if searchable {
                        musts.push(clauses);
                    }
                }
                Item::Not(atom) => {
                    self.atom(atom, true, &mut nots, &mut plan);
                }
            }
        }
        if musts.is_empty() {
            return None;
        }
        let union = |mut clauses: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            match clauses.len() {
                0 => Box::new(EmptyQuery),
                1 => clauses.swap_remove(0),
                _ => Box::new(BooleanQuery::new(
                    clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
                )),
            }
        };
        plan.query = if musts.len() == 1 && nots.is_empty() {
            union(musts.swap_remove(0))
        } else {
            let mut all: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for clauses in musts {
                all.push((Occur::Must, union(clauses)));
            }
            for q in nots {
                all.push((Occur::MustNot, q));
            }
            Box::new(BooleanQuery::new(all))
        };
        Some(plan)
    }

    /// Adds the clauses (alternatives) matching `atom` to `out`. Returns
    /// false when the atom has no words at all (only punctuation).
    fn atom(
        &mut self,
        atom: &Atom,
        negated: bool,
        out: &mut Vec<Box<dyn Query>>,
        plan: &mut Plan,
    ) -> bool {
        if let Target::Date(range) = atom.target {
            out.push(self.date_range(range));
            return true;
        }
        if let Target::Mark(_) = atom.target {
            // Marks are the caller's, not the index's (`SearchIndex::search_marked`).
            return false;
        }
        let mut tokens = self.tokens(&atom.text);
        let mut prefix = atom.prefix && !negated;
        if tokens.len() > plan.words_left {
            plan.left_out += tokens.len() - plan.words_left;
            tokens.truncate(plan.words_left);
            // The word typed last is not among those kept.
            prefix = false;
        }
        plan.words_left -= tokens.len();
        let Some(last) = tokens.last().cloned() else {
            return false;
        };
        let fields = fields_of(atom.target);
        if tokens.len() > 1 {
            plan.phrases = true;
            self.phrase(&tokens, prefix, fields, out, plan);
            if !negated {
                plan.terms.push(MatchTerm::Phrase {
                    words: tokens,
                    last_is_prefix: prefix,
                });
            }
            return true;
        }
        if prefix && atom.target == Target::Text && last.chars().count() <= GRAMS {
            // A short prefix is one list of the prefix postings.
            if self.grams.doc_freq(&last) > 0 {
                out.push(Box::new(GramQuery::new(Arc::clone(self.grams), &last)));
                plan.terms.push(MatchTerm::Prefix(last));
                return true;
            }
        } else if prefix {
            let exp = self.expand(atom.target, &last);
            if !exp.words.is_empty() {
                plan.approximate |= exp.truncated;
                for (word, dfs) in &exp.words {
                    self.word_clauses(word, dfs, fields, out);
                }
                plan.terms.push(MatchTerm::Prefix(last));
                return true;
            }
        } else {
            let dfs: Vec<u32> = fields
                .iter()
                .map(|&(f, _)| self.vocab.field(f).doc_freq(&last))
                .collect();
            if dfs.iter().any(|&n| n > 0) || negated || atom.quoted {
                self.word_clauses(&last, &dfs, fields, out);
                if !negated {
                    plan.terms.push(MatchTerm::Word(last));
                }
                return true;
            }
        }
        // No exact match: near spellings, for the first few such words.
        if plan.fuzzy_tried == MAX_FUZZY_WORDS {
            plan.fuzzy_skipped += 1;
            return true;
        }
        plan.fuzzy_tried += 1;
        let near = self.near(atom.target, &last, prefix);
        if !near.words.is_empty() {
            plan.fuzzy = true;
        }
        for (word, dfs) in &near.words {
            self.word_clauses(word, dfs, fields, out);
            plan.terms.push(MatchTerm::Word(word.to_string()));
        }
        true
    }

    /// The articles dated in `range`, with a score of zero.
    fn date_range(&self, range: crate::dates::KeyRange) -> Box<dyn Query> {
        if range.is_empty() {
            return Box::new(EmptyQuery);
        }
        let term = |key: u32| Term::from_field_u64(self.fields.date, u64::from(key));
        let from = range
            .from
            .map_or(Bound::Unbounded, |k| Bound::Included(term(k)));
        // Both ends open: every dated article.
        let until = range.until.map_or(Bound::Included(term(u32::MAX)), |k| {
            Bound::Excluded(term(k))
        });
        Box::new(ConstScoreQuery::new(
            Box::new(RangeQuery::new(from, until)),
            0.0,
        ))
    }

    fn word_clauses(
        &self,
        word: &str,
        dfs: &[u32],
        fields: &[(TextField, f32)],
        out: &mut Vec<Box<dyn Query>>,
    ) {
        for (&(f, boost), &df) in fields.iter().zip(dfs) {
            if df == 0 {
                continue;
            }
            let term = Term::from_field_text(self.fields.field(f), word);
            let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            out.push(if boost == 1.0 {
                q
            } else {
                Box::new(BoostQuery::new(q, boost))
            });
        }
    }

    /// Phrase queries for `tokens` in each field that has all its words.
    /// While typed (`prefix`), the last word stands for its most frequent
    /// completions, each making one phrase.
    fn phrase(
        &self,
        tokens: &[String],
        prefix: bool,
        fields: &[(TextField, f32)],
        out: &mut Vec<Box<dyn Query>>,
        plan: &mut Plan,
    ) {
        let (whole, last) = match tokens.split_last() {
            Some((last, init)) if prefix => (init, Some(last)),
            _ => (tokens, None),
        };
        if let Some(p) = last
            && fields.len() > 1
            && p.chars().count() <= GRAMS
        {
            // A last word of up to three letters: the words before it as a
            // phrase, and a word starting with it anywhere (its adjacency is
            // checked from the fourth letter on). One posting list instead
            // of thousands of candidate phrases.
            let mut head = Vec::new();
            self.phrase(whole, false, fields, &mut head, plan);
            if head.is_empty() || self.grams.doc_freq(p) == 0 {
                return;
            }
            let short: Box<dyn Query> = Box::new(GramQuery::new(Arc::clone(self.grams), p));
            let head: Box<dyn Query> = if head.len() == 1 {
                head.swap_remove(0)
            } else {
                Box::new(BooleanQuery::new(
                    head.into_iter().map(|q| (Occur::Should, q)).collect(),
                ))
            };
            out.push(Box::new(BooleanQuery::new(vec![
                (Occur::Must, head),
                (Occur::Must, short),
            ])));
            return;
        }
        for &(f, boost) in fields {
            let vocab = self.vocab.field(f);
            if whole.iter().any(|w| vocab.doc_freq(w) == 0) {
                continue;
            }
            let field = self.fields.field(f);
            let head: Vec<Term> = whole
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect();
            let mut phrases: Vec<Vec<Term>> = Vec::new();
            match last {
                None => phrases.push(head),
                Some(p) => {
                    let mut completions: Vec<&(Box<str>, u32)> =
                        vocab.with_prefix(p).iter().collect();
                    completions.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    let keep = if p.chars().count() <= 2 {
                        PHRASE_SHORT_PREFIX_TERMS
                    } else {
                        PHRASE_PREFIX_TERMS
                    };
                    plan.approximate |= completions.len() > keep;
                    for (word, _) in completions.into_iter().take(keep) {
                        let mut terms = head.clone();
                        terms.push(Term::from_field_text(field, word));
                        phrases.push(terms);
                    }
                }
            }
            for terms in phrases {
                let q: Box<dyn Query> = if terms.len() == 1 {
                    Box::new(TermQuery::new(
                        terms[0].clone(),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    Box::new(PhraseQuery::new(terms))
                };
                out.push(if boost == 1.0 {
                    q
                } else {
                    Box::new(BoostQuery::new(q, boost))
                });
            }
        }
    }

    /// The most frequent completions of `prefix` over the target's fields.
    fn expand(&self, target: Target, prefix: &str) -> Arc<Expansion> {
        let key = (target, prefix.to_string());
        if let Ok(cache) = self.cache.0.lock()
            && let Some(hit) = cache.get(&key)
        {
            return Arc::clone(hit);
        }
        let fields = fields_of(target);
        let mut merged: HashMap<&str, Vec<u32>> = HashMap::new();
        for (slot, &(f, _)) in fields.iter().enumerate() {
            for (word, df) in self.vocab.field(f).with_prefix(prefix) {
                merged.entry(word).or_insert_with(|| vec![0; fields.len()])[slot] = *df;
            }
        }
        let mut words: Vec<(&str, Vec<u32>)> = merged.into_iter().collect();
        let total = |dfs: &[u32]| dfs.iter().map(|&n| u64::from(n)).sum::<u64>();
        words.sort_unstable_by(|a, b| total(&b.1).cmp(&total(&a.1)).then(a.0.cmp(b.0)));
        let keep = if prefix.chars().count() <= 2 {
            SHORT_PREFIX_TERMS
        } else {
            PREFIX_TERMS
        };
        let truncated = words.len() > keep;
        words.truncate(keep);
        let exp = Arc::new(Expansion {
            words: words.into_iter().map(|(w, d)| (w.into(), d)).collect(),
            truncated,
        });
        self.cache.insert(key, &exp);
        exp
    }

    /// Words of the target's fields within the allowed edit distance of
    /// `word` (of a prefix of them, when `prefix`), closest and most
    /// frequent first.
    fn near(&self, target: Target, word: &str, prefix: bool) -> Arc<Expansion> {
        let key = (target, format!("~{}{word}", if prefix { "*" } else { "" }));
        if let Ok(cache) = self.cache.0.lock()
            && let Some(hit) = cache.get(&key)
        {
            return Arc::clone(hit);
        }
        let len = word.chars().count();
        let max = match len {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        let fields = fields_of(target);
        let mut found: HashMap<&str, (usize, Vec<u32>)> = HashMap::new();
        if max > 0 {
            // Each letter of the word that a candidate lacks costs an edit:
            // a bit test rejects most of the vocabulary.
            let want = letter_mask(word);
            for (slot, &(f, _)) in fields.iter().enumerate() {
                for (w, df, has) in self.vocab.field(f).iter() {
                    if (want & !has).count_ones() as usize > max {
                        continue;
                    }
                    if let Some(d) = within_distance(word, w, max, prefix) {
                        found
                            .entry(w)
                            .or_insert_with(|| (d, vec![0; fields.len()]))
                            .1[slot] = df;
                    }
                }
            }
        }
        let mut near: Vec<(&str, usize, Vec<u32>)> =
            found.into_iter().map(|(w, (d, dfs))| (w, d, dfs)).collect();
        let total = |dfs: &[u32]| dfs.iter().map(|&n| u64::from(n)).sum::<u64>();
        near.sort_unstable_by(|a, b| {
            a.1.cmp(&b.1)
                .then(total(&b.2).cmp(&total(&a.2)))
                .then(a.0.cmp(b.0))
        });
        // Only the closest spellings: a word one edit away beats all the
        // words two edits away.
        if let Some(best) = near.first().map(|n| n.1) {
            near.retain(|n| n.1 == best);
        }
        near.truncate(FUZZY_TERMS);
        let exp = Arc::new(Expansion {
            words: near.into_iter().map(|(w, _, d)| (w.into(), d)).collect(),
            truncated: false,
        });
        self.cache.insert(key, &exp);
        exp
    }
}

impl ExpansionCache {
    pub(crate) fn clear(&self) {
        if let Ok(mut cache) = self.0.lock() {
            cache.clear();
        }
    }

    fn insert(&self, key: (Target, String), exp: &Arc<Expansion>) {
        if let Ok(mut cache) = self.0.lock() {
            if cache.len() > 4096 {
                cache.clear();
            }
            cache.insert(key, Arc::clone(exp));
        }
    }
}
