//! Dates as the sources write them: exact ISO dates, and approximate ones
//! ("medio 2021", "Q3 2022", "juni 2018", "begin 2019"). Every date has a
//! sort key (a real calendar day) and a Dutch display text.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::fmt;

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Day,
    Month,
    /// "medio juni 2018": around the middle of a month.
    MidMonth,
    Quarter(u8),
    /// "begin", "medio", "eind" of a year.
    PartOfYear(YearPart),
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum YearPart {
    Begin,
    Mid,
    End,
}

/// A date, exact or approximate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FuzzyDate {
    /// The calendar day used for sorting and for machine-readable output.
    pub day: NaiveDate,
    pub precision: Precision,
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// The forms koers accepts, for help texts.
pub const DATE_FORMS: &str = "write an ISO date (2018-07-17), a month (2018-06 or \"juni 2018\"), \
     \"medio juni 2018\", a quarter (\"Q3 2022\"), \"begin 2019\", \"medio 2021\", \"eind 2020\" or a year (2021)";

impl FuzzyDate {
    pub fn exact(day: NaiveDate) -> FuzzyDate {
        FuzzyDate {
            day,
            precision: Precision::Day,
        }
    }

    /// Parses the accepted forms; `None` when the text is not a date or the
    /// day does not exist (2018-02-30).
    pub fn parse(text: &str) -> Option<FuzzyDate> {
        let t = text.trim().to_lowercase();
        let words: Vec<&str> = t.split_whitespace().collect();
        match words.as_slice() {
            [one] => parse_single(one),
            [q, year] if q.starts_with('q') => {
                let q: u8 = q[1..].parse().ok()?;
                let year = parse_year(year)?;
                if !(1..=4).contains(&q) {
                    return None;
                }
                let month = u32::from(q - 1) * 3 + 1;
                Some(FuzzyDate {
                    day: NaiveDate::from_ymd_opt(year, month, 1)?,
                    precision: Precision::Quarter(q),
                })
            }
            [part, year] if parse_year_part(part).is_some() => {
                let part = parse_year_part(part)?;
                let year = parse_year(year)?;
                let (m, d) = match part {
                    YearPart::Begin => (1, 1),
                    YearPart::Mid => (7, 1),
                    YearPart::End => (12, 1),
                };
                Some(FuzzyDate {
                    day: NaiveDate::from_ymd_opt(year, m, d)?,
                    precision: Precision::PartOfYear(part),
                })
            }
            [month, year] => Some(FuzzyDate {
                day: NaiveDate::from_ymd_opt(parse_year(year)?, month_number(month)?, 1)?,
                precision: Precision::Month,
            }),
            ["medio", month, year] => Some(FuzzyDate {
                day: NaiveDate::from_ymd_opt(parse_year(year)?, month_number(month)?, 15)?,
                precision: Precision::MidMonth,
            }),
            [day, month, year] => Some(FuzzyDate::exact(NaiveDate::from_ymd_opt(
                parse_year(year)?,
                month_number(month)?,
                day.parse().ok()?,
            )?)),
            _ => None,
        }
    }

    /// ISO 8601 text of the sort day: for ordering, and where a format
    /// needs a day (an Atom feed's `updated`, a sitemap's `lastmod`).
    pub fn iso(&self) -> String {
        self.day.format("%Y-%m-%d").to_string()
    }

    /// ISO 8601 text of the date as precise as the source gives it, for
    /// what states the date (`<time datetime>`, metadata, open data): the
    /// day (2018-07-17), the month (2018-06, also for "medio juni"), or
    /// the year for a quarter, a part of a year or a year. A day or month
    /// the source does not give would be a claim of koers'.
    pub fn iso_as_given(&self) -> String {
        let format = match self.precision {
            Precision::Day => "%Y-%m-%d",
            Precision::Month | Precision::MidMonth => "%Y-%m",
            Precision::Quarter(_) | Precision::PartOfYear(_) | Precision::Year => "%Y",
        };
        self.day.format(format).to_string()
    }

    pub fn is_exact(&self) -> bool {
        self.precision == Precision::Day
    }
}

fn parse_single(t: &str) -> Option<FuzzyDate> {
    if let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(FuzzyDate::exact(day));
    }
    if let Some((y, m)) = t.split_once('-') {
        if y.len() == 4 && m.len() <= 2 && !m.contains('-') {
            return Some(FuzzyDate {
                day: NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?,
                precision: Precision::Month,
            });
        }
        return None;
    }
    Some(FuzzyDate {
        day: NaiveDate::from_ymd_opt(parse_year(t)?, 1, 1)?,
        precision: Precision::Year,
    })
}

fn parse_year(t: &str) -> Option<i32> {
    if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

fn parse_year_part(t: &str) -> Option<YearPart> {
    match t {
        "begin" | "voorjaar" => Some(YearPart::Begin),
        "medio" | "midden" | "half" => Some(YearPart::Mid),
        "eind" | "einde" | "najaar" => Some(YearPart::End),
        _ => None,
    }
}

fn month_number(t: &str) -> Option<u32> {
    if let Ok(n) = t.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    MONTHS
        .iter()
        .position(|m| *m == t || (t.len() >= 3 && m.starts_with(t)))
        .map(|i| i as u32 + 1)
}

/// The Dutch name of a month, 1-based.
pub fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl FuzzyDate {
    /// The date as a reader of `language` writes it: "17 juli 2018",
    /// "medio 2021" in Dutch (the default), "17 July 2018", "mid 2021" in
    /// English.
    pub fn text_in(&self, language: &str) -> String {
        if language != "en" && !language.starts_with("en-") {
            return self.to_string();
        }
        let d = self.day;
        let y = d.year();
        let month = MONTHS_EN.get(d.month0() as usize).copied().unwrap_or("");
        match self.precision {
            Precision::Day => format!("{} {month} {y}", d.day()),
            Precision::Month => format!("{month} {y}"),
            Precision::MidMonth => format!("mid {month} {y}"),
            Precision::Quarter(q) => format!("Q{q} {y}"),
            Precision::PartOfYear(YearPart::Begin) => format!("early {y}"),
            Precision::PartOfYear(YearPart::Mid) => format!("mid {y}"),
            Precision::PartOfYear(YearPart::End) => format!("late {y}"),
            Precision::Year => y.to_string(),
        }
    }
}

/// Dutch, as content writes dates (and as error messages quote them).
impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.day;
        let y = d.year();
        let month = month_name(d.month());
        match self.precision {
            Precision::Day => write!(f, "{} {month} {y}", d.day()),
            Precision::Month => write!(f, "{month} {y}"),
            Precision::MidMonth => write!(f, "medio {month} {y}"),
            Precision::Quarter(q) => write!(f, "Q{q} {y}"),
            Precision::PartOfYear(YearPart::Begin) => write!(f, "begin {y}"),
            Precision::PartOfYear(YearPart::Mid) => write!(f, "medio {y}"),
            Precision::PartOfYear(YearPart::End) => write!(f, "eind {y}"),
            Precision::Year => write!(f, "{y}"),
        }
    }
}

/// A date as templates see it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateView {
    /// Display text in the page's language: "17 juli 2018", "medio 2021";
    /// "17 July 2018", "mid 2021".
    pub text: String,
    /// ISO 8601 date as precise as the source gives it: "2018-07-17",
    /// "2018-06", "2021" (see [`FuzzyDate::iso_as_given`]).
    pub iso: String,
    /// False for approximate dates.
    pub exact: bool,
}

impl DateView {
    /// The view of `d` on a page in `language`.
    pub fn new(d: &FuzzyDate, language: &str) -> Self {
        DateView {
            text: d.text_in(language),
            iso: d.iso_as_given(),
            exact: d.is_exact(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_stated_as_precisely_as_it_is_written() {
        let given = |t: &str| FuzzyDate::parse(t).unwrap().iso_as_given();
        assert_eq!(given("2018-07-17"), "2018-07-17");
        assert_eq!(given("7 april 2020"), "2020-04-07");
        assert_eq!(given("juni 2018"), "2018-06");
        assert_eq!(given("medio juni 2018"), "2018-06");
        assert_eq!(given("Q3 2022"), "2022");
        assert_eq!(given("eind 2020"), "2020");
        assert_eq!(given("2021"), "2021");
    }

    #[test]
    fn writes_dates_in_english_for_english_pages() {
        let d = |text: &str| FuzzyDate::parse(text).unwrap();
        assert_eq!(d("2018-07-17").text_in("en"), "17 July 2018");
        assert_eq!(d("medio juni 2018").text_in("en"), "mid June 2018");
        assert_eq!(d("begin 2019").text_in("en-GB"), "early 2019");
        assert_eq!(d("eind 2020").text_in("en"), "late 2020");
        assert_eq!(d("Q3 2022").text_in("en"), "Q3 2022");
        assert_eq!(d("medio juni 2018").text_in("nl"), "medio juni 2018");
    }

    #[test]
    fn parses_exact_and_approximate_dates() {
        assert_eq!(
            FuzzyDate::parse("2018-07-17").unwrap().to_string(),
            "17 juli 2018"
        );
        assert_eq!(
            FuzzyDate::parse("medio juni 2018").unwrap().iso(),
            "2018-06-15"
        );
        assert_eq!(FuzzyDate::parse("Q3 2022").unwrap().iso(), "2022-07-01");
        assert_eq!(
            FuzzyDate::parse("medio 2021").unwrap().to_string(),
            "medio 2021"
        );
        assert_eq!(FuzzyDate::parse("2021").unwrap().to_string(), "2021");
        assert_eq!(
            FuzzyDate::parse("2018-06").unwrap().to_string(),
            "juni 2018"
        );
        assert_eq!(
            FuzzyDate::parse("7 april 2020").unwrap().iso(),
            "2020-04-07"
        );
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert!(FuzzyDate::parse("2018-02-30").is_none());
        assert!(FuzzyDate::parse("Q5 2020").is_none());
        assert!(FuzzyDate::parse("ooit").is_none());
        assert!(FuzzyDate::parse("2018-13").is_none());
    }

    #[test]
    fn approximate_dates_sort_by_their_day() {
        let a = FuzzyDate::parse("begin 2019").unwrap();
        let b = FuzzyDate::parse("medio juni 2018").unwrap();
        assert!(b.day < a.day);
    }
}
