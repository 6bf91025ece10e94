//! Calendar dates and the date phrases Vietnamese documents write.
//!
//! In: a line of normalized text. Out: [`Date`] values and where they were written.
//! Only full dates with a day, month and year are found here; partial periods (`tháng 8/2024`,
//! `Quý II`) belong to the deadline parser. Nothing here allocates per character or panics.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;

/// A proleptic Gregorian calendar date. Always valid once constructed through [`Date::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A date, or `None` when the day does not exist (31/4, 29/2 of a common year, month 13).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The first day of `month` of `year`.
    pub fn first_of_month(year: i32, month: u32) -> Option<Date> {
        Date::new(year, month, 1)
    }

    /// The last day of `month` of `year`.
    pub fn last_of_month(year: i32, month: u32) -> Option<Date> {
        if !(1..=12).contains(&month) {
            return None;
        }
        Date::new(year, month, days_in_month(year, month))
    }

    /// ISO 8601 `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        self.to_string()
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A full date found in a text, with the byte span of the phrase that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    pub start: usize,
    pub end: usize,
    pub date: Date,
}

impl DateMatch {
    pub fn text<'a>(&self, haystack: &'a str) -> &'a str {
        &haystack[self.start..self.end]
    }
}

fn date_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // `ngày 17 tháng 4 năm 2023`, `ngày 17/4/2023`, `17 /4/2023`, `17-4-2023`, `17.4.2023`.
        Regex::new(
            r"(?xi)
            (?:(?:ngày|ngay)\s*)?
            (?:
              (?P<d1>\d{1,2})\s*tháng\s*(?P<m1>\d{1,2})\s*(?:,\s*)?năm\s*(?P<y1>\d{4})
            |
              (?P<d2>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4})
            )",
        )
        .expect("date regex")
    })
}

/// Every full date written in `text`, in order. Impossible dates (31/4/2023) are skipped.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let mut out = Vec::new();
    // A date that parses holds at least six ASCII digits (day, month, four-digit year).
    if text.bytes().filter(u8::is_ascii_digit).nth(5).is_none() || !(text.contains(['/', '-', '.']) || text.contains("tháng")) {
        return out;
    }
    for caps in date_regex().captures_iter(text) {
        let whole = caps.get(0).expect("group 0");
        // A digit right before or after the match means we are inside a longer number
        // (`123/4/2023`, `1/2/20231`). Checked here rather than with `\b` in the pattern: a
        // Unicode word boundary keeps the regex off its fast engines.
        if text[..whole.start()].chars().next_back().is_some_and(|c| c.is_ascii_digit())
            || text[whole.end()..].chars().next().is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let (d, m, y) =
            if let Some(d) = caps.name("d1") { (d.as_str(), &caps["m1"], &caps["y1"]) } else { (&caps["d2"], &caps["m2"], &caps["y2"]) };
        let (Ok(d), Ok(m), Ok(y)) = (d.parse(), m.parse(), y.parse()) else {
            continue;
        };
        if let Some(date) = Date::new(y, m, d) {
            out.push(DateMatch { start: whole.start(), end: whole.end(), date });
        }
    }
    out
}

/// The first full date in `text`, if any.
pub fn first_date(text: &str) -> Option<Date> {
    find_dates(text).first().map(|m| m.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(s: &str) -> Vec<String> {
        find_dates(s).iter().map(|m| m.date.iso()).collect()
    }

    #[test]
    fn written_forms() {
        assert_eq!(dates("Trà Vinh, ngày 17 tháng 4 năm 2023"), ["2023-04-17"]);
        assert_eq!(dates("ngày 10/5/2024 của Bộ"), ["2024-05-10"]);
        assert_eq!(dates("ngày 17 /4/2023"), ["2023-04-17"]);
        assert_eq!(dates("ngày 09 tháng 6 năm 2015 và ngày 07/9/2018"), ["2015-06-09", "2018-09-07"]);
        assert_eq!(dates("ký 01-02-2020"), ["2020-02-01"]);
        assert_eq!(dates("ngày 5.3.2021"), ["2021-03-05"]);
    }

    #[test]
    fn impossible_and_partial_dates_are_skipped() {
        assert!(dates("ngày 31/4/2023").is_empty());
        assert!(dates("ngày 29/2/2023").is_empty());
        assert_eq!(dates("ngày 29/2/2024"), ["2024-02-29"]);
        assert!(dates("tháng 8/2024").is_empty());
        assert!(dates("số 123/4/2023").is_empty());
        assert!(dates("ngày / /2025").is_empty());
    }

    #[test]
    fn month_bounds() {
        assert_eq!(Date::last_of_month(2024, 2).unwrap().iso(), "2024-02-29");
        assert_eq!(Date::last_of_month(2023, 12).unwrap().iso(), "2023-12-31");
        assert_eq!(Date::parse_iso("2023-06-30"), Date::new(2023, 6, 30));
        assert!(Date::last_of_month(2023, 13).is_none());
    }
}
