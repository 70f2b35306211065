//! The working-day calendar (工作日): 法定节假日 and 调休 workdays per year, after the State
//! Council's annual notice, and the day counting of docs/compliance.md Part 2 (`wd`, `add_wd`).
//!
//! A year no calendar covers is an error for the caller ([`Uncovered`]), never a weekend-only
//! guess: one invented workday would move a case across the overdue line. Counting is O(years
//! spanned) through a prefix sum per year, since it runs once or twice per case of an export.

use crate::model::Date;
use jiff::civil;
use std::collections::BTreeMap;

/// A year the calendar does not cover was needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uncovered(pub i16);

/// One year as a notice (or a calendar file) gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct YearSpec {
    pub year: i16,
    /// The notice cited
    pub source: String,
    /// 放假 periods: (from, to, name), inclusive
    pub holidays: Vec<(Date, Date, String)>,
    /// 调休上班
    pub workdays: Vec<Date>,
    /// Rest days of the week, Monday first
    pub weekend: [bool; 7],
}

/// Saturday and Sunday.
pub const WEEKEND: [bool; 7] = [false, false, false, false, false, true, true];

#[derive(Clone, Debug)]
struct YearTable {
    source: String,
    /// prefix[i] = workdays among the days of index < i (index 0 = 1 January)
    prefix: Vec<u16>,
}

impl YearTable {
    fn of(spec: &YearSpec) -> YearTable {
        let first = civil::date(spec.year, 1, 1);
        let len = first.days_in_year() as usize;
        let mut work: Vec<bool> = (0..len)
            .map(|i| {
                let d = first.checked_add(jiff::Span::new().days(i as i64));
                d.is_ok_and(|d| !spec.weekend[d.weekday().to_monday_zero_offset() as usize])
            })
            .collect();
        let index = |d: Date| (d.0.year() == spec.year).then(|| d.0.day_of_year() as usize - 1);
        for (from, to, _) in &spec.holidays {
            let mut d = *from;
            while d <= *to {
                if let Some(i) = index(d) {
                    work[i] = false;
                }
                match d.0.tomorrow() {
                    Ok(t) => d = Date(t),
                    Err(_) => break,
                }
            }
        }
        for d in &spec.workdays {
            if let Some(i) = index(*d) {
                work[i] = true;
            }
        }
        let mut prefix = Vec::with_capacity(len + 1);
        prefix.push(0u16);
        for (i, w) in work.iter().enumerate() {
            prefix.push(prefix[i] + u16::from(*w));
        }
        YearTable {
            source: spec.source.clone(),
            prefix,
        }
    }

    /// Workdays among the day indexes `lo..=hi`.
    fn count(&self, lo: usize, hi: usize) -> u32 {
        u32::from(self.prefix[hi + 1] - self.prefix[lo])
    }

    fn is_workday(&self, i: usize) -> bool {
        self.prefix[i + 1] > self.prefix[i]
    }
}

/// The years known, each replaced whole by a later source covering it.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    years: BTreeMap<i16, YearTable>,
}

impl Calendar {
    /// The built-in years ([`builtin`]).
    pub fn builtin() -> Calendar {
        let mut c = Calendar::default();
        for y in builtin() {
            c.set(&y);
        }
        c
    }

    /// Adds `spec`'s year, replacing what an earlier source said of it.
    pub fn set(&mut self, spec: &YearSpec) {
        self.years.insert(spec.year, YearTable::of(spec));
    }

    pub fn years(&self) -> impl Iterator<Item = i16> + '_ {
        self.years.keys().copied()
    }

    /// The notice a year's dates come from.
    pub fn source(&self, year: i16) -> Option<&str> {
        self.years.get(&year).map(|t| t.source.as_str())
    }

    /// Working days in a covered year.
    pub fn working_days(&self, year: i16) -> Option<u32> {
        let t = self.years.get(&year)?;
        Some(t.count(0, t.prefix.len() - 2))
    }

    fn table(&self, year: i16) -> Result<&YearTable, Uncovered> {
        self.years.get(&year).ok_or(Uncovered(year))
    }

    pub fn is_workday(&self, d: Date) -> Result<bool, Uncovered> {
        let t = self.table(d.0.year())?;
        Ok(t.is_workday(d.0.day_of_year() as usize - 1))
    }

    /// wd(a, b): workdays d with a < d ≤ b (the day of receipt is not counted); 0 when b ≤ a.
    pub fn wd(&self, a: Date, b: Date) -> Result<u32, Uncovered> {
        if b <= a {
            return Ok(0);
        }
        let (ya, yb) = (a.0.year(), b.0.year());
        let mut n = 0;
        for y in ya..=yb {
            let lo = if y == ya {
                a.0.day_of_year() as usize
            } else {
                0
            };
            let last = civil::date(y, 12, 31).day_of_year() as usize - 1;
            let hi = if y == yb {
                b.0.day_of_year() as usize - 1
            } else {
                last
            };
            if lo > hi {
                continue;
            }
            n += self.table(y)?.count(lo, hi);
        }
        Ok(n)
    }

    /// add_wd(d, n): the n-th workday after d (d itself when n = 0).
    pub fn add_wd(&self, d: Date, n: u32) -> Result<Date, Uncovered> {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            day = match day.0.tomorrow() {
                Ok(t) => Date(t),
                Err(_) => return Err(Uncovered(i16::MAX)),
            };
            if self.is_workday(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }
}

/// What is wrong with a calendar year as written (B008): a date outside the file's years, or a
/// day both a holiday and a workday.
#[derive(Clone, Debug, PartialEq)]
pub enum SpecProblem {
    OutsideYears(Date),
    Both(Date),
}

/// The problems of one file's dates against the years it claims.
pub fn problems(years: &[i16], holidays: &[(Date, Date)], workdays: &[Date]) -> Vec<SpecProblem> {
    let mut out = Vec::new();
    let outside = |d: Date| !years.contains(&d.0.year());
    for (f, t) in holidays {
        for d in [f, t] {
            if outside(*d) {
                out.push(SpecProblem::OutsideYears(*d));
            }
        }
    }
    for w in workdays {
        if outside(*w) {
            out.push(SpecProblem::OutsideYears(*w));
        } else if holidays.iter().any(|(f, t)| f <= w && w <= t) {
            out.push(SpecProblem::Both(*w));
        }
    }
    out
}

fn d(y: i16, m: i8, day: i8) -> Date {
    Date(civil::date(y, m, day))
}

/// The built-in years, each from its State Council notice (verified against the notice text as
/// Xinhua published it). Years before 2025 are never added: the holiday law changed on
/// 2025-01-01 (春节 and 劳动节 one day longer), and a centre checking older cases brings its own
/// calendar file.
/// A holiday as a notice gives it: (month, day) to (month, day), and its name.
type NoticeHoliday<'a> = ((i8, i8), (i8, i8), &'a str);

pub fn builtin() -> Vec<YearSpec> {
    let year = |y: i16, source: &str, h: &[NoticeHoliday], w: &[(i8, i8)]| YearSpec {
        year: y,
        source: source.to_string(),
        holidays: h
            .iter()
            .map(|&((m0, d0), (m1, d1), name)| (d(y, m0, d0), d(y, m1, d1), name.to_string()))
            .collect(),
        workdays: w.iter().map(|&(m, day)| d(y, m, day)).collect(),
        weekend: WEEKEND,
    };
    vec![
        year(
            2025,
            "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）",
            &[
                ((1, 1), (1, 1), "元旦"),
                ((1, 28), (2, 4), "春节"),
                ((4, 4), (4, 6), "清明节"),
                ((5, 1), (5, 5), "劳动节"),
                ((5, 31), (6, 2), "端午节"),
                ((10, 1), (10, 8), "国庆节、中秋节"),
            ],
            &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)],
        ),
        year(
            2026,
            "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
            &[
                ((1, 1), (1, 3), "元旦"),
                ((2, 15), (2, 23), "春节"),
                ((4, 4), (4, 6), "清明节"),
                ((5, 1), (5, 5), "劳动节"),
                ((6, 19), (6, 21), "端午节"),
                ((9, 25), (9, 27), "中秋节"),
                ((10, 1), (10, 7), "国庆节"),
            ],
            &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn each_builtin_year_has_248_working_days() {
        let c = Calendar::builtin();
        assert_eq!(c.working_days(2025), Some(248));
        assert_eq!(c.working_days(2026), Some(248));
        assert_eq!(c.years().collect::<Vec<_>>(), vec![2025, 2026]);
    }

    #[test]
    fn spring_festival_2026_and_its_saturday_workdays() {
        let c = Calendar::builtin();
        assert_eq!(c.is_workday(day("2026-02-14")), Ok(true)); // Saturday 调休
        assert_eq!(c.is_workday(day("2026-02-28")), Ok(true));
        for x in ["2026-02-15", "2026-02-19", "2026-02-23"] {
            assert_eq!(c.is_workday(day(x)), Ok(false), "{x}");
        }
        assert_eq!(c.is_workday(day("2026-02-24")), Ok(true));
        // The worked example: BJ-1 Fri 02-13 → Wed 02-25 is 3 working days (02-14, 02-24, 02-25).
        assert_eq!(c.wd(day("2026-02-13"), day("2026-02-25")), Ok(3));
        // BJ-2 Wed 09-30 → Sat 10-10: 10-08, 10-09 and the 调休 Saturday 10-10.
        assert_eq!(c.wd(day("2026-09-30"), day("2026-10-10")), Ok(3));
        assert_eq!(c.wd(day("2026-03-02"), day("2026-03-09")), Ok(5));
        assert_eq!(c.add_wd(day("2026-02-13"), 3), Ok(day("2026-02-25")));
        assert_eq!(c.add_wd(day("2026-02-13"), 0), Ok(day("2026-02-13")));
    }

    #[test]
    fn counting_across_a_year_boundary() {
        let c = Calendar::builtin();
        // Wed 2025-12-31 → Mon 2026-01-05: 01-01..03 元旦, 01-04 (Sunday) a workday, 01-05.
        assert_eq!(c.wd(day("2025-12-31"), day("2026-01-05")), Ok(2));
        assert_eq!(c.add_wd(day("2025-12-31"), 1), Ok(day("2026-01-04")));
        // 2025's single-day 元旦; the day of receipt is not needed, the day after it is.
        assert_eq!(c.wd(day("2024-12-31"), day("2025-01-02")), Ok(1));
        assert_eq!(
            c.wd(day("2024-12-30"), day("2025-01-02")),
            Err(Uncovered(2024))
        );
        // Nothing to count needs no year: b ≤ a, or a = 31 Dec and b in the next year's start.
        assert_eq!(c.wd(day("2024-12-31"), day("2024-12-30")), Ok(0));
        assert_eq!(
            c.wd(day("2026-12-31"), day("2027-01-01")),
            Err(Uncovered(2027))
        );
        assert_eq!(c.add_wd(day("2026-12-30"), 5), Err(Uncovered(2027)));
    }

    #[test]
    fn a_later_source_replaces_a_year_whole() {
        let mut c = Calendar::builtin();
        c.set(&YearSpec {
            year: 2026,
            source: "test".into(),
            holidays: vec![],
            workdays: vec![],
            weekend: WEEKEND,
        });
        assert_eq!(c.is_workday(day("2026-02-16")), Ok(true));
        assert_eq!(c.is_workday(day("2026-02-14")), Ok(false));
        assert_eq!(c.source(2026), Some("test"));
    }

    #[test]
    fn problems_of_a_file() {
        let p = problems(
            &[2027],
            &[(day("2027-02-05"), day("2027-02-11"))],
            &[day("2027-02-07"), day("2026-12-31")],
        );
        assert_eq!(
            p,
            vec![
                SpecProblem::Both(day("2027-02-07")),
                SpecProblem::OutsideYears(day("2026-12-31"))
            ]
        );
    }
}
