//! Articles and mentions per day, week, month or year: the bars of a
//! timeline.
//!
//! Every article's date is read once into a [`DateColumn`] (the same
//! [`dates::key`] the index's date field holds, so a bar's count is what
//! its `date:` filter finds). A [`Timeline`] counts any set of articles
//! (the whole collection, search results, an entity's articles with its
//! mentions in each) by period, in the shortest unit that puts the span in
//! the bars there is room for. Empty periods are bars too (of zero), so
//! the axis is even; undated articles are counted apart, and articles
//! dated only to a month or a year stand at its start.

use std::sync::Arc;

use crate::corpus::Article;
use crate::dates::{self, DateKey, Day, Period, Unit};

/// Every article's date key, by store position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateColumn {
    /// `0`: undated.
    keys: Vec<u32>,
}

impl DateColumn {
    /// The keys of `dates` (as written), in order.
    pub fn new<'a>(dates: impl IntoIterator<Item = Option<&'a str>>) -> Self {
        DateColumn {
            keys: dates
                .into_iter()
                .map(|d| d.and_then(dates::key).map_or(0, |k| k.0))
                .collect(),
        }
    }

    /// The dates of `articles`.
    pub fn of(articles: &[Arc<Article>]) -> Self {
        Self::new(articles.iter().map(|a| a.date.as_deref()))
    }

    /// The date of article `a`, when it has one.
    pub fn get(&self, a: u32) -> Option<DateKey> {
        self.keys
            .get(a as usize)
            .copied()
            .filter(|&k| k != 0)
            .map(DateKey)
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Number of dated articles.
    pub fn dated(&self) -> usize {
        self.keys.iter().filter(|&&k| k != 0).count()
    }

    /// The first and last dates.
    pub fn span(&self) -> Option<(DateKey, DateKey)> {
        let mut dated = self.keys.iter().copied().filter(|&k| k != 0);
        let first = dated.next()?;
        let (lo, hi) = dated.fold((first, first), |(lo, hi), k| (lo.min(k), hi.max(k)));
        Some((DateKey(lo), DateKey(hi)))
    }
}

/// Articles, and mentions in them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub articles: u32,
    pub mentions: u32,
}

impl Tally {
    fn add(&mut self, mentions: u32) {
        self.articles += 1;
        self.mentions = self.mentions.saturating_add(mentions);
    }
}

/// One bar: a period and what falls in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    pub period: Period,
    pub tally: Tally,
}

/// Counts by period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The periods' length.
    pub unit: Unit,
    /// Every period from the first to the last, in order.
    pub bars: Vec<Bar>,
    /// Articles without a date.
    pub undated: Tally,
    /// Dated articles known only to the month or the year (counted at the
    /// start of it).
    pub imprecise: u32,
    /// Dated articles outside the span asked for.
    pub outside: Tally,
}

/// Most bars a timeline makes, whatever unit is asked: past it, a longer
/// unit is used.
pub const MAX_BARS: u64 = 10_000;

impl Timeline {
    /// Counts `items` (article, mentions in it) by period, in the shortest
    /// unit that puts the span in at most `max_bars` bars. The span runs
    /// from the first to the last date of the items, or over `span` when
    /// given (the whole collection's, to compare an entity's with it).
    pub fn fit(
        dates: &DateColumn,
        items: impl IntoIterator<Item = (u32, u32)>,
        max_bars: usize,
        span: Option<(DateKey, DateKey)>,
    ) -> Timeline {
        Self::count(dates, items, span, |first, last| {
            Unit::fitting(first, last, max_bars)
        })
    }

    /// Counts `items` by `unit` (a longer one when `unit` would pass
    /// [`MAX_BARS`]); `span` as in [`Timeline::fit`].
    pub fn with_unit(
        dates: &DateColumn,
        items: impl IntoIterator<Item = (u32, u32)>,
        unit: Unit,
        span: Option<(DateKey, DateKey)>,
    ) -> Timeline {
        Self::count(dates, items, span, |first, last| {
            Unit::ALL
                .into_iter()
                .filter(|u| *u >= unit)
                .find(|u| u.count(first, last) <= MAX_BARS)
                .unwrap_or(Unit::Century)
        })
    }

    fn count(
        dates: &DateColumn,
        items: impl IntoIterator<Item = (u32, u32)>,
        span: Option<(DateKey, DateKey)>,
        unit_for: impl Fn(Day, Day) -> Unit,
    ) -> Timeline {
        let mut undated = Tally::default();
        let mut imprecise = 0;
        let mut dated: Vec<(DateKey, u32)> = Vec::new();
        for (a, mentions) in items {
            match dates.get(a) {
                Some(k) => {
                    imprecise += u32::from(!k.is_exact());
                    dated.push((k, mentions));
                }
                None => undated.add(mentions),
            }
        }
        let span = span.or_else(|| {
            let lo = dated.iter().map(|d| d.0).min()?;
            let hi = dated.iter().map(|d| d.0).max()?;
            Some((lo, hi))
        });
        let Some((lo, hi)) = span.map(|(a, b)| (a.min(b).day(), a.max(b).day())) else {
            return Timeline {
                unit: Unit::Month,
                bars: Vec::new(),
                undated,
                imprecise,
                outside: Tally::default(),
            };
        };
        let unit = unit_for(lo, hi);
        let first = unit.index(lo);
        let n = unit.count(lo, hi) as usize;
        let mut bars: Vec<Bar> = (0..n)
            .map(|i| Bar {
                period: Period {
                    unit,
                    index: first + i as i64,
                },
                tally: Tally::default(),
            })
            .collect();
        let mut outside = Tally::default();
        for (k, mentions) in dated {
            let at = unit.index(k.day()) - first;
            match usize::try_from(at).ok().and_then(|i| bars.get_mut(i)) {
                Some(bar) => bar.tally.add(mentions),
                None => outside.add(mentions),
            }
        }
        Timeline {
            unit,
            bars,
            undated,
            imprecise,
            outside,
        }
    }

    /// What the bars hold together.
    pub fn dated(&self) -> Tally {
        self.bars.iter().fold(Tally::default(), |t, b| Tally {
            articles: t.articles + b.tally.articles,
            mentions: t.mentions.saturating_add(b.tally.mentions),
        })
    }

    /// The highest bar's articles and the highest bar's mentions.
    pub fn peak(&self) -> Tally {
        self.bars.iter().fold(Tally::default(), |t, b| Tally {
            articles: t.articles.max(b.tally.articles),
            mentions: t.mentions.max(b.tally.mentions),
        })
    }

    /// The bar a date falls in.
    pub fn bar_of(&self, key: DateKey) -> Option<usize> {
        let first = self.bars.first()?.period.index;
        let at = self.unit.index(key.day()) - first;
        usize::try_from(at).ok().filter(|&i| i < self.bars.len())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn column(dates: &[Option<&str>]) -> DateColumn {
        DateColumn::new(dates.iter().copied())
    }

    #[test]
    fn bars_span_the_dates_with_empty_periods_and_undated_apart() {
        let dates = column(&[
            Some("2018-01-15"),
            None,
            Some("2018-03-02"),
            Some("2018-03"),
            Some("not a date"),
            Some("2018-03-31"),
        ]);
        let items = (0..6).map(|a| (a, a + 1));
        let t = Timeline::fit(&dates, items, 12, None);
        assert_eq!(t.unit, Unit::Week, "76 days in 11 weeks");
        let t = Timeline::fit(&dates, (0..6).map(|a| (a, a + 1)), 10, None);
        assert_eq!(t.unit, Unit::Month);
        let counts: Vec<(String, u32, u32)> = t
            .bars
            .iter()
            .map(|b| (b.period.label(), b.tally.articles, b.tally.mentions))
            .collect();
        assert_eq!(
            counts,
            [
                ("2018-01".to_owned(), 1, 1),
                ("2018-02".to_owned(), 0, 0),
                ("2018-03".to_owned(), 3, 3 + 4 + 6),
            ]
        );
        assert_eq!(
            t.undated,
            Tally {
                articles: 2,
                mentions: 2 + 5
            }
        );
        assert_eq!(t.imprecise, 1);
        assert_eq!(t.dated().articles, 4);
        assert_eq!(t.peak().articles, 3);
        assert_eq!(t.bar_of(dates::key("2018-02-10").unwrap()), Some(1));
        assert_eq!(t.bar_of(dates::key("2019").unwrap()), None);
        assert_eq!(
            dates.span().map(|s| (s.0.0, s.1.0)),
            Some((20180115, 20180331))
        );
    }

    #[test]
    fn a_span_wider_than_the_items_and_things_outside_it() {
        let dates = column(&[Some("2018-05-01"), Some("2020-01-01"), Some("2017-01-01")]);
        let span = (
            dates::key("2018").unwrap(),
            dates::key("2019-12-31").unwrap(),
        );
        let t = Timeline::with_unit(&dates, [(0, 0), (1, 0), (2, 0)], Unit::Year, Some(span));
        assert_eq!(t.bars.len(), 2);
        assert_eq!(t.bars[0].tally.articles, 1);
        assert_eq!(t.outside.articles, 2);
    }

    #[test]
    fn nothing_dated_gives_no_bars() {
        let t = Timeline::fit(
            &column(&[None, Some("soon")]),
            [(0, 1), (1, 1), (7, 1)],
            40,
            None,
        );
        assert!(t.bars.is_empty());
        assert_eq!(
            t.undated.articles, 3,
            "an article the column lacks is undated"
        );
    }

    #[test]
    fn a_unit_that_would_make_too_many_bars_gives_way() {
        let dates = column(&[Some("1000-01-01"), Some("2018-01-01")]);
        let t = Timeline::with_unit(&dates, [(0, 0), (1, 0)], Unit::Day, None);
        assert!(t.bars.len() as u64 <= MAX_BARS);
        assert_eq!(t.unit, Unit::Quarter, "12,216 months would not do");
    }

    proptest! {
        /// Each bar holds exactly the articles its `date:` filter finds,
        /// counted here by a plain scan over the dates as written.
        #[test]
        fn bars_agree_with_their_filters(
            raw in prop::collection::vec(
                prop::option::of((1990i32..2030, 0u32..13, 0u32..32)), 0..60),
            max_bars in 1usize..90,
        ) {
            let texts: Vec<Option<String>> = raw
                .iter()
                .map(|d| d.map(|(y, m, day)| match (m, day) {
                    (0, _) => format!("{y}"),
                    (m, 0) => format!("{y}-{m:02}"),
                    (m, d) => format!("{y}-{m:02}-{d:02}"),
                }))
                .collect();
            let dates = DateColumn::new(texts.iter().map(|t| t.as_deref()));
            let t = Timeline::fit(&dates, (0..texts.len() as u32).map(|a| (a, 2)), max_bars, None);
            prop_assert!(t.bars.len() <= max_bars.max(1) || t.unit == Unit::Century);
            let mut seen = 0;
            for bar in &t.bars {
                let filter = bar.period.query();
                let range = dates::parse_filter(filter.strip_prefix("date:").unwrap()).unwrap();
                let want = texts
                    .iter()
                    .filter(|t| t.as_deref().and_then(dates::key).is_some_and(|k| range.contains(k)))
                    .count() as u32;
                prop_assert_eq!(bar.tally.articles, want, "{}", filter);
                prop_assert_eq!(bar.tally.mentions, 2 * want);
                seen += want;
            }
            prop_assert_eq!(seen + t.undated.articles, texts.len() as u32);
        }
    }
}
