//! Who appears with whom: the entities named in the same articles as one
//! entity, ranked by how much more often than chance.
//!
//! # The measure: log-likelihood (G²)
//!
//! Counting shared articles alone repeats the collection's most frequent
//! names: "United Kingdom" shares hundreds of articles with anyone in a
//! British corpus, because it is in half of them. Lift and pointwise mutual
//! information (how many times more often than chance) fix that but go to
//! the other extreme: a name seen once, in one of the entity's articles,
//! gets the top score, and a cut-off count has to be guessed.
//!
//! Dunning's log-likelihood ratio (G², "Accurate methods for the statistics
//! of surprise and coincidence", 1993) weighs both at once. For entities
//! `e` and `f` over the `N` articles it compares the 2×2 table of articles
//! (with or without `e` × with or without `f`) with the table expected if
//! they were independent: `G² = 2 Σ O ln(O / E)`. A name that is
//! everywhere scores near zero however many articles it shares (observed ≈
//! expected); a pair seen once scores little (one observation is weak
//! evidence); a pair seen together often and rarely apart scores highest.
//! No threshold is needed, and the numbers are comparable across entities.
//! Only names seen together more often than chance are listed (G² is also
//! large for pairs that avoid each other).
//!
//! The same-sentence count is given beside it, as a second, closer sign of
//! a link ("Blair" and "Brown" in one sentence, not only one article).
//! Dates are left out: that "Tuesday" shares articles with everyone says
//! nothing.

use super::presence::Presence;
use crate::entities::EntityKind;

/// One entity named with another.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// The entity.
    pub entity: u32,
    /// Its kind.
    pub kind: EntityKind,
    /// Articles naming both.
    pub articles: u32,
    /// Sentences naming both (a headline counts as one).
    pub sentences: u32,
    /// Articles naming this entity.
    pub partner_articles: u32,
    /// Articles naming both if the two were independent.
    pub expected: f64,
    /// Log-likelihood ratio G² (higher: more surprising together).
    pub score: f64,
}

/// The co-occurrences of one entity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cooccurrence {
    /// The entity.
    pub entity: u32,
    /// Articles naming it.
    pub articles: u32,
    /// Articles in the collection.
    pub collection: u32,
    /// Entities named with it more often than chance, highest G² first
    /// (then most shared articles, then entity order).
    pub partners: Vec<Partner>,
    /// How many such entities there are (`partners` may be cut short).
    pub associated: usize,
}

/// Scratch counts, one slot per entity, reused from call to call.
#[derive(Debug, Default)]
pub struct Counts {
    articles: Vec<u32>,
    sentences: Vec<u32>,
    /// The last article counted for each entity (to count articles once).
    seen_in: Vec<u32>,
    touched: Vec<u32>,
}

impl Presence {
    /// The entities named with entity `e`, ranked by G² (see the module
    /// documentation), at most `limit` of them.
    pub fn cooccurrence(&self, e: u32, limit: usize) -> Cooccurrence {
        self.cooccurrence_with(e, limit, &mut Counts::default())
    }

    /// [`Presence::cooccurrence`] reusing `counts` between calls.
    pub fn cooccurrence_with(&self, e: u32, limit: usize, counts: &mut Counts) -> Cooccurrence {
        let n = self.entities();
        counts.articles.clear();
        counts.articles.resize(n, 0);
        counts.sentences.clear();
        counts.sentences.resize(n, 0);
        counts.seen_in.clear();
        counts.seen_in.resize(n, u32::MAX);
        counts.touched.clear();
        let postings = self.postings(e);
        for &(a, _) in postings {
            let pairs = self.sentences(a);
            // The sentences of this article that name `e` (pairs are sorted
            // by sentence, so these come in order).
            let mut with_e = pairs.iter().filter(|p| p.1 == e).map(|p| p.0).peekable();
            for &(s, f) in pairs {
                if f == e {
                    continue;
                }
                let f = f as usize;
                if counts.seen_in[f] != a {
                    if counts.seen_in[f] == u32::MAX {
                        counts.touched.push(f as u32);
                    }
                    counts.seen_in[f] = a;
                    counts.articles[f] += 1;
                }
                while with_e.next_if(|&t| t < s).is_some() {}
                if with_e.peek() == Some(&s) {
                    counts.sentences[f] += 1;
                }
            }
        }
        let total = self.articles();
        let mine = postings.len() as u32;
        let mut partners: Vec<Partner> = counts
            .touched
            .iter()
            .filter_map(|&f| {
                let kind = self.kind(f)?;
                if kind == EntityKind::Date {
                    return None;
                }
                let together = counts.articles[f as usize];
                let theirs = self.article_count(f);
                let expected = f64::from(mine) * f64::from(theirs) / f64::from(total.max(1));
                if f64::from(together) <= expected {
                    return None;
                }
                Some(Partner {
                    entity: f,
                    kind,
                    articles: together,
                    sentences: counts.sentences[f as usize],
                    partner_articles: theirs,
                    expected,
                    score: log_likelihood(together, mine, theirs, total),
                })
            })
            .collect();
        let associated = partners.len();
        partners.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then(y.articles.cmp(&x.articles))
                .then(x.entity.cmp(&y.entity))
        });
        partners.truncate(limit);
        Cooccurrence {
            entity: e,
            articles: mine,
            collection: total,
            partners,
            associated,
        }
    }
}

/// Dunning's G² for `both` articles naming two entities named in `a` and
/// `b` articles of `n`.
pub fn log_likelihood(both: u32, a: u32, b: u32, n: u32) -> f64 {
    let (k11, a, b, n) = (
        f64::from(both),
        f64::from(a),
        f64::from(b),
        f64::from(n.max(1)),
    );
    let k12 = (a - k11).max(0.0);
    let k21 = (b - k11).max(0.0);
    let k22 = (n - a - b + k11).max(0.0);
    let term = |observed: f64, row: f64, col: f64| {
        let expected = row * col / n;
        if observed > 0.0 && expected > 0.0 {
            observed * (observed / expected).ln()
        } else {
            0.0
        }
    };
    let (not_a, not_b) = (n - a, n - b);
    2.0 * (term(k11, a, b) + term(k12, a, not_b) + term(k21, not_a, b) + term(k22, not_a, not_b))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::pictures::testing::resolution_of;

    #[test]
    fn g2_of_independent_names_is_zero_and_grows_with_evidence() {
        assert!(log_likelihood(10, 20, 50, 100).abs() < 1e-9, "independent");
        let weak = log_likelihood(1, 20, 1, 100);
        let strong = log_likelihood(5, 20, 6, 100);
        assert!(strong > weak, "{strong} > {weak}");
        // Values from the 2x2 formula worked by hand: k = 20, 0, 70, 10.
        assert!((log_likelihood(20, 20, 90, 100) - 4.73).abs() < 0.01);
        assert!(log_likelihood(0, 0, 0, 0).is_finite());
    }

    /// The known answer: in 100 articles, Target is in 20. Kingdom is in 90
    /// (all 20 of Target's), Alice in 6 (5 with Target, in the same
    /// sentence in 3), Bob in 1 (with Target), Carol in 40 (8 with Target:
    /// exactly chance).
    #[test]
    fn the_ranking_favours_evidence_over_frequency() {
        let mut texts: Vec<(String, String)> = Vec::new();
        for i in 0..100 {
            let mut body = String::from("Story.");
            let target = i < 20;
            if target {
                body.push_str(" Target spoke.");
            }
            if i < 90 {
                body.push_str(" Kingdom news.");
            }
            if i < 3 {
                body.push_str(" Then Target met Alice.");
            } else if i < 5 || i == 50 {
                body.push_str(" Alice was there.");
            }
            if i == 7 {
                body.push_str(" Bob came.");
            }
            if (i < 20 && i % 5 < 2) || (20..52).contains(&i) {
                body.push_str(" Carol too.");
            }
            texts.push((String::new(), body));
        }
        let texts: Vec<(&str, &str)> = texts
            .iter()
            .map(|(t, b)| (t.as_str(), b.as_str()))
            .collect();
        let names = ["Target", "Kingdom", "Alice", "Bob", "Carol"];
        let r = resolution_of(&texts, &names);
        let p = Presence::build(&texts, &r);
        // Check the collection is what the comment says.
        let count = |name: &str| texts.iter().filter(|t| t.1.contains(name)).count() as u32;
        assert_eq!(names.map(count), [20, 90, 6, 1, 40], "articles per name");
        let c = p.cooccurrence(0, 10);
        assert_eq!((c.articles, c.collection), (20, 100));
        let order: Vec<&str> = c
            .partners
            .iter()
            .map(|x| names[x.entity as usize])
            .collect();
        assert_eq!(
            order,
            ["Alice", "Kingdom", "Bob"],
            "Carol is at chance level"
        );
        let alice = &c.partners[0];
        assert_eq!(
            (alice.articles, alice.sentences, alice.partner_articles),
            (5, 3, 6)
        );
        let kingdom = &c.partners[1];
        assert_eq!((kingdom.articles, kingdom.sentences), (20, 0));
        // By raw counts Kingdom (20) would lead and Carol (8) beat Alice.
        assert!(kingdom.articles > alice.articles);
        assert_eq!(c.partners.len(), c.associated);
        assert_eq!(p.cooccurrence(0, 1).partners.len(), 1);
    }

    #[test]
    fn sentences_count_once_per_shared_sentence() {
        let texts = [
            ("Ann and Bob", "Ann met Bob. Bob and Ann again, Bob said."),
            ("", "Ann. Bob."),
            ("", "Zed."),
            ("", "Zed."),
        ];
        let r = resolution_of(&texts, &["Ann", "Bob", "Zed"]);
        let p = Presence::build(&texts, &r);
        let c = p.cooccurrence(0, 10);
        assert_eq!(c.partners.len(), 1);
        let bob = &c.partners[0];
        assert_eq!(
            (bob.articles, bob.sentences),
            (2, 3),
            "title + two body sentences"
        );
        assert!(p.cooccurrence(99, 10).partners.is_empty(), "no such entity");
    }
}
