//! Dates as dateline reads them: an article's date, the periods a timeline
//! counts by, and the `date:` filter of the query language.
//!
//! An article's date is whatever its input says (a `date` marker, a JSON
//! field, a page's metadata). [`key`] understands ISO dates (`2018-10-05`,
//! `2018/10/05`, `2018-10`, `2018`, a time after them ignored) and dates
//! written in English (`5 October 2018`, `Oct 5, 2018`,
//! `Fri, 05 Oct 2018 10:00:00 GMT`, `October 2018`); anything else leaves
//! the article undated.
//!
//! A date is kept as a [`DateKey`], `YYYYMMDD` with `00` for an unknown
//! month or day. Keys sort in time order, and a date known only to the
//! month sorts between the last day of the month before and the first of
//! its own: `20181000` lies after `20180930` and before `20181001`. So a
//! date known only to the month or the year stands at the start of that
//! month or year, and it does so everywhere alike: in the timeline's bars,
//! in a period's [`KeyRange`] and in every `date:` filter, which is what
//! makes a bar's count and the articles its `date:` filter finds agree.
//!
//! The `date:` filter ([`parse_filter`]), one word of the query:
//!
//! ```text
//! date:2018                 the year           date:2018-10..2018-12   October to December
//! date:2018-10 (2018/10)    a month            date:2018-06..          from June 2018 on
//! date:2018-10-05           a day              date:..2017             up to the end of 2017
//! date:>2018-06             after June 2018    date:>=2018-06          from June 2018 on
//! date:<2018-06             before June 2018   date:<=2018-06          up to the end of June
//! ```
//!
//! Each end of a range counts at its own precision: `2018..2019` runs from
//! the first day of 2018 to the last of 2019. What is not a date is an error
//! that says why ("2018-02-30 is not a date: February 2018 has 28 days").

use std::fmt;
use std::ops::Range;

/// A date as `YYYYMMDD`, `00` for an unknown month or day (see the module
/// documentation for why this order is time order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateKey(pub u32);

impl DateKey {
    pub fn year(self) -> u32 {
        self.0 / 10_000
    }

    /// 1 to 12, or 0 when unknown.
    pub fn month(self) -> u32 {
        self.0 / 100 % 100
    }

    /// 1 to 31, or 0 when unknown.
    pub fn day_of_month(self) -> u32 {
        self.0 % 100
    }

    /// Known to the day.
    pub fn is_exact(self) -> bool {
        self.day_of_month() != 0
    }

    /// The day the date stands at: itself, or the first day of its month
    /// or year when it is known only to those.
    pub fn day(self) -> Day {
        Day {
            year: self.year() as i32,
            month: self.month().max(1),
            day: self.day_of_month().max(1),
        }
    }
}

impl fmt::Display for DateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month(), self.day_of_month()) {
            (0, _) => write!(f, "{:04}", self.year()),
            (m, 0) => write!(f, "{:04}-{m:02}", self.year()),
            (m, d) => write!(f, "{:04}-{m:02}-{d:02}", self.year()),
        }
    }
}

/// A day of the proleptic Gregorian calendar, always a real one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day {
    year: i32,
    month: u32,
    day: u32,
}

/// Years a date may have. Year 0 reads as no date: "0000-00-00" is a
/// common way of writing none.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

impl Day {
    /// The day, when it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Day { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn day(self) -> u32 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn ordinal(self) -> i64 {
        // Howard Hinnant's days-from-civil: years start in March, so the
        // leap day is the last day of the year.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (i64::from(self.month) + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `ordinal` days after 1970-01-01.
    pub fn from_ordinal(ordinal: i64) -> Day {
        let z = ordinal + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    /// 0 for Monday to 6 for Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.ordinal() + 3).rem_euclid(7) as u32
    }

    /// The key a period starting on this day starts at: the day's own key,
    /// lowered on the first of a month to take in the dates known only to
    /// that month (and on 1 January to the year's), which stand there.
    pub fn boundary(self) -> u32 {
        let (month, day) = match (self.month, self.day) {
            (1, 1) => (0, 0),
            (m, 1) => (m, 0),
            (m, d) => (m, d),
        };
        self.year.max(0) as u32 * 10_000 + month * 100 + day
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days of `month` (1 to 12) in `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month an English name or its abbreviation names ("Oct", "Sept.").
fn month_named(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_owned() } else { w };
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

/// The key of an article's date as written, `None` when no date can be read
/// from it (see the module documentation for the forms understood). A day
/// that does not exist (`2018-02-30`) keeps its month; a month that does
/// not, its year.
pub fn key(text: &str) -> Option<DateKey> {
    let text = text.trim();
    iso_key(text).or_else(|| written_key(text))
}

fn make_key(year: u32, month: u32, day: u32) -> Option<DateKey> {
    if !YEARS.contains(&(year as i32)) {
        return None;
    }
    let month = if (1..=12).contains(&month) { month } else { 0 };
    let day = if month > 0 && day >= 1 && day <= days_in_month(year as i32, month) {
        day
    } else {
        0
    };
    Some(DateKey(year * 10_000 + month * 100 + day))
}

/// A leading `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (`/` works too), with
/// anything but another digit after it.
fn iso_key(text: &str) -> Option<DateKey> {
    let b = text.as_bytes();
    let digits = |r: Range<usize>| -> Option<u32> {
        let s = b.get(r)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| s.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let year = digits(0..4)?;
    let sep = b.get(4).copied();
    if sep.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let same_sep =
        |i: usize| sep.is_some_and(|s| matches!(s, b'-' | b'/')) && b.get(i) == sep.as_ref();
    let ends = |i: usize| b.get(i).is_none_or(|c| !c.is_ascii_digit());
    let month = if same_sep(4) && ends(7) {
        digits(5..7).unwrap_or(0)
    } else {
        0
    };
    let day = if month > 0 && same_sep(7) && ends(10) {
        digits(8..10).unwrap_or(0)
    } else {
        0
    };
    make_key(year, month, day)
}

/// Dates written in English: `5 October 2018`, `Oct 5, 2018`,
/// `Fri, 05 Oct 2018 10:00:00 GMT`, `October 2018`. The first year (four
/// digits) is the date's; a month name before it, and a day number (1 to
/// 31) next to that name, complete it.
fn written_key(text: &str) -> Option<DateKey> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    let year_at = words
        .iter()
        .position(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))?;
    let year: u32 = words[year_at].parse().ok()?;
    let month_at = (0..year_at)
        .rev()
        .find(|&i| month_named(words[i]).is_some())?;
    let month = month_named(words[month_at])?;
    let day_number = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h']);
        let n: u32 = (!w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())??;
        (1..=31).contains(&n).then_some(n)
    };
    let after = (month_at + 1 < year_at)
        .then(|| day_number(words[month_at + 1]))
        .flatten();
    let before = month_at.checked_sub(1).and_then(|i| day_number(words[i]));
    let day = after.or(before).unwrap_or(0);
    make_key(year, month, day)
}

/// A span of time: dates whose key is in `from..until` (either end open).
/// Built from [`Day::boundary`]s, so dates known only to a month or a year
/// fall where they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyRange {
    /// First key in the range; `None`: no lower end.
    pub from: Option<u32>,
    /// First key after the range; `None`: no upper end.
    pub until: Option<u32>,
}

impl KeyRange {
    /// The keys of the days `start..end` (end excluded).
    pub fn days(start: Day, end: Day) -> KeyRange {
        KeyRange {
            from: Some(start.boundary()),
            until: Some(end.boundary()),
        }
    }

    pub fn contains(&self, key: DateKey) -> bool {
        self.from.is_none_or(|f| key.0 >= f) && self.until.is_none_or(|u| key.0 < u)
    }

    /// No key can be in it.
    pub fn is_empty(&self) -> bool {
        matches!((self.from, self.until), (Some(f), Some(u)) if f >= u)
    }
}

/// How long a timeline's periods are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    Day,
    /// Monday to Sunday.
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// Shortest first.
    pub const ALL: [Unit; 7] = [
        Unit::Day,
        Unit::Week,
        Unit::Month,
        Unit::Quarter,
        Unit::Year,
        Unit::Decade,
        Unit::Century,
    ];

    /// "day", "week", …
    pub fn name(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Quarter => "quarter",
            Unit::Year => "year",
            Unit::Decade => "decade",
            Unit::Century => "century",
        }
    }

    /// The number of the period holding `day`: consecutive periods have
    /// consecutive numbers.
    pub fn index(self, day: Day) -> i64 {
        let (y, m) = (i64::from(day.year), i64::from(day.month));
        match self {
            Unit::Day => day.ordinal(),
            // Week 0 starts on Monday 1969-12-29.
            Unit::Week => (day.ordinal() + 3).div_euclid(7),
            Unit::Month => y * 12 + m - 1,
            Unit::Quarter => y * 4 + (m - 1) / 3,
            Unit::Year => y,
            Unit::Decade => y.div_euclid(10),
            Unit::Century => y.div_euclid(100),
        }
    }

    /// The first day of period number `index`.
    pub fn start(self, index: i64) -> Day {
        let jan1 = |y: i64| Day {
            year: y.clamp(0, 10_000) as i32,
            month: 1,
            day: 1,
        };
        match self {
            Unit::Day => Day::from_ordinal(index),
            Unit::Week => Day::from_ordinal(index * 7 - 3),
            Unit::Month => Day {
                year: index.div_euclid(12).clamp(0, 10_000) as i32,
                month: index.rem_euclid(12) as u32 + 1,
                day: 1,
            },
            Unit::Quarter => Day {
                year: index.div_euclid(4).clamp(0, 10_000) as i32,
                month: index.rem_euclid(4) as u32 * 3 + 1,
                day: 1,
            },
            Unit::Year => jan1(index),
            Unit::Decade => jan1(index * 10),
            Unit::Century => jan1(index * 100),
        }
    }

    /// The period holding `day`.
    pub fn period(self, day: Day) -> Period {
        Period {
            unit: self,
            index: self.index(day),
        }
    }

    /// Periods from the one holding `first` to the one holding `last`.
    pub fn count(self, first: Day, last: Day) -> u64 {
        (self.index(last) - self.index(first)).unsigned_abs() + 1
    }

    /// The shortest unit that puts `first..=last` in at most `bars` periods
    /// (centuries when none does).
    pub fn fitting(first: Day, last: Day, bars: usize) -> Unit {
        Unit::ALL
            .into_iter()
            .find(|u| u.count(first, last) <= bars.max(1) as u64)
            .unwrap_or(Unit::Century)
    }
}

/// One period of a timeline: a day, a week, a month …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub unit: Unit,
    /// Its number ([`Unit::index`]).
    pub index: i64,
}

impl Period {
    pub fn start(self) -> Day {
        self.unit.start(self.index)
    }

    /// The first day after it.
    pub fn end(self) -> Day {
        self.unit.start(self.index + 1)
    }

    /// The next period.
    pub fn next(self) -> Period {
        Period {
            unit: self.unit,
            index: self.index + 1,
        }
    }

    /// The keys of its dates.
    pub fn keys(self) -> KeyRange {
        KeyRange::days(self.start(), self.end())
    }

    /// The last day in it.
    fn last(self) -> Day {
        Day::from_ordinal(self.end().ordinal() - 1)
    }

    /// What a user would call it: "2018-10-05", "week of 2018-10-08",
    /// "2018-10", "2018 Q4", "2018", "2010s", "2000-2099".
    pub fn label(self) -> String {
        let s = self.start();
        match self.unit {
            Unit::Day => s.to_string(),
            Unit::Week => format!("week of {s}"),
            Unit::Month => format!("{:04}-{:02}", s.year, s.month),
            Unit::Quarter => format!("{:04} Q{}", s.year, (s.month - 1) / 3 + 1),
            Unit::Year => format!("{:04}", s.year),
            Unit::Decade => format!("{:04}s", s.year),
            Unit::Century => format!("{:04}-{:04}", s.year, self.last().year),
        }
    }

    /// The shortest label that still tells neighbours apart on an axis:
    /// "05" (day of the month), "W41", "Oct", "Q4", "2018", "2010s".
    pub fn tick(self) -> String {
        let s = self.start();
        match self.unit {
            Unit::Day => format!("{:02}", s.day),
            Unit::Week => {
                // ISO week number: the week holding the year's first Thursday is 1.
                let thursday = Day::from_ordinal(s.ordinal() + 3);
                let jan1 = Day {
                    year: thursday.year,
                    month: 1,
                    day: 1,
                };
                let week = (thursday.ordinal() - jan1.ordinal()) / 7 + 1;
                format!("W{week:02}")
            }
            Unit::Month => {
                let name = MONTHS.get(s.month as usize - 1).copied().unwrap_or("");
                let mut short: String = name.chars().take(3).collect();
                if let Some(first) = short.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                short
            }
            Unit::Quarter => format!("Q{}", (s.month - 1) / 3 + 1),
            Unit::Year => format!("{:04}", s.year),
            Unit::Decade => format!("{:04}s", s.year),
            Unit::Century => format!("{:04}", s.year),
        }
    }

    /// The `date:` filter that finds its articles: `date:2018-10`,
    /// `date:2018-10-08..2018-10-14` …
    pub fn query(self) -> String {
        let s = self.start();
        let last = self.last();
        match self.unit {
            Unit::Day => format!("date:{s}"),
            Unit::Month => format!("date:{:04}-{:02}", s.year, s.month),
            Unit::Year => format!("date:{:04}", s.year),
            Unit::Week => format!("date:{s}..{last}"),
            Unit::Quarter => format!(
                "date:{:04}-{:02}..{:04}-{:02}",
                s.year, s.month, last.year, last.month
            ),
            Unit::Decade | Unit::Century => {
                format!("date:{:04}..{:04}", s.year.max(1), last.year)
            }
        }
    }
}

/// Why a `date:` filter cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DateError {
    /// For the user: what is wrong and what would do.
    pub message: String,
    /// Byte range of the filter's value the message is about.
    pub span: Range<usize>,
}

impl DateError {
    fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        DateError {
            message: message.into(),
            span,
        }
    }
}

/// What `date:` needs, for messages.
const EXAMPLES: &str = "e.g. date:2018-10, date:2018-01..2018-06 or date:>2018-06";

/// Reads the value of a `date:` filter (what follows the colon) into the
/// range of keys it stands for (see the module documentation).
pub fn parse_filter(value: &str) -> Result<KeyRange, DateError> {
    let all = 0..value.len();
    if value.trim().is_empty() {
        return Err(DateError::new(
            format!("`date:` needs a date after it, {EXAMPLES}"),
            all,
        ));
    }
    let (op, at) = [">=", "<=", ">", "<"]
        .iter()
        .find(|op| value.starts_with(**op))
        .map_or(("", 0), |op| (*op, op.len()));
    let range = if !op.is_empty() {
        let p = point(&value[at..], at)?;
        match op {
            ">" => KeyRange {
                from: Some(p.end.boundary()),
                until: None,
            },
            ">=" => KeyRange {
                from: Some(p.start.boundary()),
                until: None,
            },
            "<" => KeyRange {
                from: None,
                until: Some(p.start.boundary()),
            },
            _ => KeyRange {
                from: None,
                until: Some(p.end.boundary()),
            },
        }
    } else if let Some(dots) = value.find("..") {
        let (a, b) = (&value[..dots], &value[dots + 2..]);
        if a.is_empty() && b.is_empty() {
            return Err(DateError::new(
                format!("`..` needs a date on at least one side, {EXAMPLES}"),
                all,
            ));
        }
        let from = (!a.is_empty())
            .then(|| point(a, 0))
            .transpose()?
            .map(|p| p.start.boundary());
        let until = (!b.is_empty())
            .then(|| point(b, dots + 2))
            .transpose()?
            .map(|p| p.end.boundary());
        let range = KeyRange { from, until };
        if range.is_empty() {
            return Err(DateError::new(
                format!("{b} comes before {a}: put the earlier date first"),
                all,
            ));
        }
        range
    } else {
        let p = point(value, 0)?;
        KeyRange::days(p.start, p.end)
    };
    Ok(range)
}

/// A date of a filter: the days `start..end` it covers.
struct Point {
    start: Day,
    end: Day,
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (`/` too, one- or two-digit month and
/// day), `YYYYMM`, `YYYYMMDD`; a trailing separator is allowed (being
/// typed). `at` is where `text` starts in the filter's value.
fn point(text: &str, at: usize) -> Result<Point, DateError> {
    let span = at..at + text.len();
    let bad = || {
        DateError::new(
            format!("`{text}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD ({EXAMPLES})"),
            span.clone(),
        )
    };
    let trimmed = text.strip_suffix(['-', '/']).unwrap_or(text);
    let parts: Vec<&str> = if trimmed.bytes().all(|b| b.is_ascii_digit()) {
        match trimmed.len() {
            4 => vec![trimmed],
            6 => vec![&trimmed[..4], &trimmed[4..]],
            8 => vec![&trimmed[..4], &trimmed[4..6], &trimmed[6..]],
            _ if trimmed.len() < 4 => {
                return Err(DateError::new(
                    format!("`{text}`: a year has four digits, e.g. date:2018"),
                    span,
                ));
            }
            _ => return Err(bad()),
        }
    } else {
        let sep = if trimmed.contains('/') { '/' } else { '-' };
        trimmed.split(sep).collect()
    };
    let number = |s: &str, max_len: usize| -> Option<u32> {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = match parts.first() {
        Some(y) if y.len() == 4 => number(y, 4).ok_or_else(bad)?,
        Some(y) if y.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(DateError::new(
                format!("`{y}`: a year has four digits, e.g. date:2018"),
                span,
            ));
        }
        _ => return Err(bad()),
    };
    if !YEARS.contains(&(year as i32)) {
        return Err(DateError::new(
            format!("year {year} is out of range: years run from 0001 to 9999"),
            span,
        ));
    }
    let year = year as i32;
    let month = match parts.get(1) {
        None => None,
        Some(m) => {
            let m = number(m, 2).ok_or_else(bad)?;
            if !(1..=12).contains(&m) {
                return Err(DateError::new(
                    format!("month {m} does not exist: months run from 1 to 12"),
                    span,
                ));
            }
            Some(m)
        }
    };
    let day = match (month, parts.get(2)) {
        (_, None) => None,
        (Some(m), Some(d)) => {
            let d = number(d, 2).ok_or_else(bad)?;
            let days = days_in_month(year, m);
            if d < 1 || d > days {
                let name = MONTHS.get(m as usize - 1).copied().unwrap_or("");
                let mut name = name.to_owned();
                if let Some(first) = name.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                return Err(DateError::new(
                    format!("{text} is not a date: {name} {year} has {days} days"),
                    span,
                ));
            }
            Some(d)
        }
        (None, Some(_)) => return Err(bad()),
    };
    if parts.len() > 3 {
        return Err(bad());
    }
    let unit = match (month, day) {
        (None, _) => Unit::Year,
        (Some(_), None) => Unit::Month,
        (Some(_), Some(_)) => Unit::Day,
    };
    let first = Day::new(year, month.unwrap_or(1), day.unwrap_or(1)).ok_or_else(bad)?;
    let period = unit.period(first);
    Ok(Point {
        start: period.start(),
        end: period.end(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::new(y, m, d).unwrap()
    }

    fn k(s: &str) -> Option<u32> {
        key(s).map(|k| k.0)
    }

    #[test]
    fn article_dates_in_iso_and_english() {
        assert_eq!(k("2005-03-14"), Some(20050314));
        assert_eq!(k("2005-03-14T10:00:00Z"), Some(20050314));
        assert_eq!(k("2005/03/14"), Some(20050314));
        assert_eq!(k("2005-03"), Some(20050300));
        assert_eq!(k("2005"), Some(20050000));
        assert_eq!(k("2005-3"), Some(20050000));
        assert_eq!(k("20051"), None);
        assert_eq!(k("0000-00-00"), None);
        assert_eq!(k("2018-02-30"), Some(20180200), "a day that does not exist");
        assert_eq!(
            k("2018-13-01"),
            Some(20180000),
            "a month that does not exist"
        );
        assert_eq!(k("2016-02-29"), Some(20160229));
        assert_eq!(k("5 October 2018"), Some(20181005));
        assert_eq!(k("Oct 5, 2018"), Some(20181005));
        assert_eq!(k("October 5th, 2018"), Some(20181005));
        assert_eq!(k("Fri, 05 Oct 2018 10:00:00 GMT"), Some(20181005));
        assert_eq!(k("Sept. 2018"), Some(20180900));
        assert_eq!(k("March 2005"), Some(20050300));
        assert_eq!(k("Friday"), None);
        assert_eq!(k("in 2018"), None, "a year alone in words is no date");
        assert_eq!(k("yesterday"), None);
    }

    #[test]
    fn keys_sort_in_time_with_imprecise_dates_at_the_start_of_their_period() {
        let keys = [
            "2017-12-31",
            "2018",
            "2018-01-01",
            "2018-09-30",
            "2018-10",
            "2018-10-01",
        ];
        let ks: Vec<u32> = keys.iter().map(|s| k(s).unwrap()).collect();
        assert!(ks.windows(2).all(|w| w[0] < w[1]), "{ks:?}");
        assert_eq!(key("2018-10").unwrap().day(), day(2018, 10, 1));
        assert_eq!(key("2018").unwrap().day(), day(2018, 1, 1));
    }

    #[test]
    fn ordinals_and_weekdays() {
        assert_eq!(day(1970, 1, 1).ordinal(), 0);
        assert_eq!(day(2000, 3, 1).ordinal(), 11_017);
        assert_eq!(day(2018, 10, 5).weekday(), 4, "a Friday");
        assert_eq!(day(1969, 12, 29).weekday(), 0, "a Monday");
        assert_eq!(Day::from_ordinal(-1), day(1969, 12, 31));
    }

    fn range(value: &str) -> KeyRange {
        parse_filter(value).unwrap()
    }

    fn r(from: Option<u32>, until: Option<u32>) -> KeyRange {
        KeyRange { from, until }
    }

    #[test]
    fn filters() {
        assert_eq!(range("2018"), r(Some(20180000), Some(20190000)));
        assert_eq!(range("2018-10"), r(Some(20181000), Some(20181100)));
        assert_eq!(range("2018/10"), range("2018-10"));
        assert_eq!(range("201810"), range("2018-10"));
        assert_eq!(range("2018-1"), range("2018-01"));
        assert_eq!(range("2018-10-05"), r(Some(20181005), Some(20181006)));
        assert_eq!(range("20181005"), range("2018-10-05"));
        assert_eq!(range("2018-12-31"), r(Some(20181231), Some(20190000)));
        assert_eq!(
            range("2018-10-01..2018-11-15"),
            r(Some(20181000), Some(20181116))
        );
        assert_eq!(range("2018..2019"), r(Some(20180000), Some(20200000)));
        assert_eq!(range("2018-06.."), r(Some(20180600), None));
        assert_eq!(range("..2017"), r(None, Some(20180000)));
        assert_eq!(range(">2018-06"), r(Some(20180700), None));
        assert_eq!(range(">=2018-06"), r(Some(20180600), None));
        assert_eq!(range("<2018-06"), r(None, Some(20180600)));
        assert_eq!(range("<=2018-06"), r(None, Some(20180700)));
        assert_eq!(range("2018-"), range("2018"), "a separator being typed");
    }

    #[test]
    fn bad_filters_say_why() {
        let err = |v: &str| parse_filter(v).unwrap_err().message;
        assert!(err("").contains("needs a date"));
        assert!(err("201").contains("four digits"));
        assert!(err("18-10").contains("four digits"));
        assert!(err("2018-13").contains("month 13"));
        assert_eq!(
            err("2018-02-30"),
            "2018-02-30 is not a date: February 2018 has 28 days"
        );
        assert!(err("2016-02-30").contains("29 days"));
        assert!(err("2019..2018").contains("earlier date first"));
        assert!(err("..").contains("at least one side"));
        assert!(err("2018-10-05-01").contains("is not a date"));
        assert!(err("yesterday").contains("is not a date"));
        assert!(err("0000").contains("out of range"));
        assert!(err(">").contains("four digits") || err(">").contains("not a date"));
        let e = parse_filter("2018..2018-13").unwrap_err();
        assert_eq!(e.span, 6..13, "the span points at the bad end");
    }

    #[test]
    fn imprecise_dates_fall_where_they_stand_in_every_filter() {
        let month_only = key("2018-10").unwrap();
        assert!(range("2018-10").contains(month_only));
        assert!(range("2018-10-01..2018-10-03").contains(month_only));
        assert!(!range("2018-10-02..2018-10-03").contains(month_only));
        assert!(range("2018-09-20..2018-10-01").contains(month_only));
        assert!(!range("<2018-10-01").contains(month_only));
        assert!(range("<2018-10-02").contains(month_only));
        assert!(range(">2018-09").contains(month_only));
        assert!(!range(">2018-10").contains(month_only));
        let year_only = key("2018").unwrap();
        assert!(range("2018-01").contains(year_only));
        assert!(!range("2018-02..").contains(year_only));
        assert!(range("2017-12-31..2018-01-01").contains(year_only));
    }

    #[test]
    fn units_fit_the_bars_available() {
        let (a, b) = (day(2018, 1, 1), day(2018, 1, 30));
        assert_eq!(Unit::fitting(a, b, 80), Unit::Day);
        assert_eq!(Unit::fitting(a, b, 20), Unit::Week);
        assert_eq!(Unit::fitting(a, day(2019, 6, 1), 40), Unit::Month);
        assert_eq!(Unit::fitting(a, day(2025, 6, 1), 40), Unit::Quarter);
        assert_eq!(Unit::fitting(a, day(2060, 6, 1), 60), Unit::Year);
        assert_eq!(Unit::fitting(day(1, 1, 1), b, 10), Unit::Century);
        assert_eq!(Unit::fitting(a, b, 0), Unit::Month, "no room: one bar");
    }

    #[test]
    fn labels_and_ticks() {
        let p = |u: Unit| u.period(day(2018, 10, 5));
        assert_eq!(p(Unit::Day).label(), "2018-10-05");
        assert_eq!(p(Unit::Week).label(), "week of 2018-10-01");
        assert_eq!(p(Unit::Week).tick(), "W40");
        assert_eq!(p(Unit::Month).label(), "2018-10");
        assert_eq!(p(Unit::Month).tick(), "Oct");
        assert_eq!(p(Unit::Quarter).label(), "2018 Q4");
        assert_eq!(p(Unit::Decade).label(), "2010s");
        assert_eq!(p(Unit::Century).label(), "2000-2099");
        assert_eq!(p(Unit::Week).query(), "date:2018-10-01..2018-10-07");
        assert_eq!(p(Unit::Quarter).query(), "date:2018-10..2018-12");
        assert_eq!(
            Unit::Week.period(day(2021, 1, 3)).tick(),
            "W53",
            "ISO: 2021-01-03 is in week 53 of 2020"
        );
    }

    fn any_day() -> impl Strategy<Value = Day> {
        (1i32..=9998, 1u32..=12, 1u32..=31)
            .prop_map(|(y, m, d)| Day::new(y, m, d.min(days_in_month(y, m))).unwrap())
    }

    fn any_unit() -> impl Strategy<Value = Unit> {
        prop::sample::select(Unit::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn ordinals_round_trip(ordinal in -719_162i64..2_932_896) {
            let d = Day::from_ordinal(ordinal);
            prop_assert_eq!(d.ordinal(), ordinal);
            prop_assert!(Day::new(d.year(), d.month(), d.day()).is_some());
            prop_assert_eq!(Day::from_ordinal(ordinal + 1).weekday(), (d.weekday() + 1) % 7);
        }

        #[test]
        fn a_period_holds_its_days_and_its_filter_finds_them(d in any_day(), unit in any_unit()) {
            let p = unit.period(d);
            prop_assert!(p.start() <= d && d < p.end());
            prop_assert_eq!(p.next().start(), p.end());
            prop_assert_eq!(unit.index(p.start()), p.index);
            prop_assert!(p.keys().contains(key(&d.to_string()).unwrap()));
            if p.start().year() >= 1 {
                let filter = p.query();
                let value = filter.strip_prefix("date:").unwrap();
                prop_assert_eq!(parse_filter(value).unwrap(), p.keys(), "{}", filter);
            }
        }

        #[test]
        fn filters_never_panic(s in "\\PC{0,24}") {
            let _ = parse_filter(&s);
            let _ = key(&s);
        }

        #[test]
        fn a_key_stands_in_the_period_of_its_day(d in any_day(), unit in any_unit(), precision in 0u32..3) {
            let text = match precision {
                0 => format!("{:04}", d.year()),
                1 => format!("{:04}-{:02}", d.year(), d.month()),
                _ => d.to_string(),
            };
            let k = key(&text).unwrap();
            let p = unit.period(k.day());
            prop_assert!(p.keys().contains(k), "{} in {}", text, p.label());
            prop_assert!(!p.next().keys().contains(k));
        }
    }
}
