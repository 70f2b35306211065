//! What both modes share: the random numbers, the 2026 working-day calendar, and the cases and
//! evaluations themselves (how long a case took, how it was rated), generated day by day so
//! that every file comes out sorted by 受理时间 without holding more than the evaluations.

use jiff::civil::{Weekday, date};

/// splitmix64: small, fast, and the same bytes on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// Days are numbered from 2026-01-01 (day 0); the table runs into 2027 so that a limit
/// counted from late December has somewhere to land (2027 by weekends only: the generator
/// only needs to know that such a day is after R).
pub struct Calendar {
    work: Vec<bool>,
    names: Vec<String>,
}

pub const DAYS: usize = 365 + 120;

impl Calendar {
    /// The State Council's 2026 notice (国务院办公厅关于2026年部分节假日安排的通知).
    pub fn new() -> Calendar {
        let holidays = [
            ((1, 1), (1, 3)),
            ((2, 15), (2, 23)),
            ((4, 4), (4, 6)),
            ((5, 1), (5, 5)),
            ((6, 19), (6, 21)),
            ((9, 25), (9, 27)),
            ((10, 1), (10, 7)),
        ];
        let workdays = [(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)];
        let mut work = Vec::with_capacity(DAYS);
        let mut names = Vec::with_capacity(DAYS);
        let mut d = date(2026, 1, 1);
        for _ in 0..DAYS {
            let md = (d.month(), d.day());
            let weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
            let holiday = d.year() == 2026 && holidays.iter().any(|&(a, b)| a <= md && md <= b);
            let extra = d.year() == 2026 && workdays.contains(&md);
            work.push(extra || !weekend && !holiday);
            names.push(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()));
            d = d.tomorrow().unwrap();
        }
        Calendar { work, names }
    }
    pub fn is_work(&self, d: usize) -> bool {
        self.work[d.min(DAYS - 1)]
    }
    /// The n-th working day after d (d itself when n = 0).
    pub fn add_wd(&self, d: usize, n: u32) -> usize {
        let (mut d, mut n) = (d, n);
        while n > 0 && d + 1 < DAYS {
            d += 1;
            if self.work[d] {
                n -= 1;
            }
        }
        d
    }
    /// Working days in (a, b].
    pub fn wd(&self, a: usize, b: usize) -> u32 {
        (a + 1..=b.min(DAYS - 1)).filter(|&d| self.work[d]).count() as u32
    }
    pub fn name(&self, d: usize) -> &str {
        &self.names[d.min(DAYS - 1)]
    }
    /// (year, month, day) of day d.
    pub fn ymd(&self, d: usize) -> (u16, u8, u8) {
        let n = self.name(d).as_bytes();
        let num = |r: std::ops::Range<usize>| {
            n[r].iter().fold(0u16, |a, &c| a * 10 + u16::from(c - b'0'))
        };
        (num(0..4), num(5..7) as u8, num(8..10) as u8)
    }
    /// Day number of an ISO date (2026 and the start of 2027).
    pub fn day_of(&self, iso: &str) -> Option<usize> {
        self.names.iter().position(|n| n == iso)
    }
}

impl Default for Calendar {
    fn default() -> Calendar {
        Calendar::new()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handling {
    Instant,
    Promised,
    Joint,
    Reported,
}

impl Handling {
    pub fn label(self) -> &'static str {
        match self {
            Handling::Instant => "即办件",
            Handling::Promised => "承诺件",
            Handling::Joint => "联办件",
            Handling::Reported => "上报件",
        }
    }
    pub fn word(self) -> &'static str {
        match self {
            Handling::Instant => "instant",
            Handling::Promised => "promised",
            Handling::Joint => "joint",
            Handling::Reported => "reported",
        }
    }
}

/// A service item as the cases need it.
#[derive(Clone, Debug)]
pub struct Item {
    pub code: String,
    pub name: String,
    pub department: String,
    pub window: String,
    pub handling: Handling,
    pub promised: f64,
    pub statutory: f64,
    /// Relative frequency of its cases
    pub weight: u64,
}

impl Item {
    pub fn limit(&self) -> u32 {
        self.promised.ceil() as u32
    }
    pub fn statutory_limit(&self) -> u32 {
        self.statutory.ceil() as u32
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Finished,
    Open,
    Suspended,
    Returned,
    Rejected,
    Withdrawn,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Finished => "已办结",
            Status::Open => "在办",
            Status::Suspended => "挂起",
            Status::Returned => "退件",
            Status::Rejected => "不予受理",
            Status::Withdrawn => "撤回",
        }
    }
}

pub const CHANNELS: &[&str] = &["窗口", "网上", "掌上", "自助终端"];

/// One case: days are calendar day numbers, times minutes after midnight.
#[derive(Clone, Debug)]
pub struct Case {
    pub seq: usize,
    pub item: usize,
    pub received: (usize, u32),
    pub finished: Option<(usize, u32)>,
    pub status: Status,
    pub excluded: u32,
    pub corrections: u32,
    pub channel: usize,
    /// Window number at the item's counter (1-based)
    pub window: u32,
}

/// How often things go wrong, in per mille of the cases.
pub struct Mix {
    pub returned: u64,
    pub withdrawn: u64,
    pub rejected: u64,
    pub special: u64,
    pub overdue: u64,
    pub over_statutory: u64,
    pub instant_late: u64,
    /// Never finished: forgotten in the queue (在办, open past the limit on R if old enough)
    pub stuck: u64,
    pub same_day: u64,
    pub on_time: u64,
    /// A case planned overdue that is still open on R stays open (open-overdue) rather than
    /// being finished on time
    pub open_overdue: bool,
}

/// Office hours: 09:00–12:00 and 13:30–17:30.
fn office_minute(rng: &mut Rng) -> u32 {
    let m = rng.below(450) as u32;
    if m < 180 { 540 + m } else { 810 + (m - 180) }
}

/// The cases received on one working day `day`, sorted by their time of receipt; `r_day` is R.
pub fn cases_of_day(
    rng: &mut Rng,
    cal: &Calendar,
    items: &[Item],
    cumulative: &[u64],
    (day, count, r_day): (usize, usize, usize),
    mix: &Mix,
) -> Vec<Case> {
    let total = *cumulative.last().unwrap();
    let mut minutes: Vec<u32> = (0..count).map(|_| office_minute(rng)).collect();
    minutes.sort_unstable();
    let mut out = Vec::with_capacity(count);
    for minute in minutes {
        let w = rng.below(total);
        let item = cumulative.partition_point(|&c| c <= w);
        let it = &items[item];
        let l = it.limit();
        let s = it.statutory_limit();
        let mut status = Status::Finished;
        let mut excluded = 0;
        let u = rng.below(1000);
        let mut a = mix.returned;
        // working days counted (without excluded days), and an extra offset in days
        let e: u32 = if u < a {
            status = Status::Returned;
            rng.below(2) as u32
        } else if u < {
            a += mix.withdrawn;
            a
        } {
            status = Status::Withdrawn;
            rng.below(3) as u32
        } else if u < {
            a += mix.rejected;
            a
        } {
            status = Status::Rejected;
            0
        } else if it.handling == Handling::Instant {
            let late = u < a + mix.instant_late && s >= 1;
            u32::from(late)
        } else if u < {
            a += mix.special;
            a
        } {
            excluded = 3 + rng.below(13) as u32;
            1 + rng.below(u64::from(l.max(1))) as u32
        } else if u < {
            a += mix.over_statutory;
            a
        } {
            s.max(l) + 1
        } else if u < {
            a += mix.overdue;
            a
        } {
            (l + 1 + rng.below(2) as u32).min(s.max(l + 1))
        } else if u < {
            a += mix.same_day;
            a
        } {
            0
        } else if u < {
            a += mix.on_time;
            a
        } {
            l
        } else if l > 1 {
            1 + rng.below(u64::from(l - 1)) as u32
        } else {
            rng.below(2) as u32 * l
        };
        let planned_overdue = status == Status::Finished && e > l;
        let mut fday = cal.add_wd(day, e + excluded);
        let mut finished = Some((fday, 0));
        if fday > r_day {
            // Not finished on R: still open (or 挂起 while the special procedure runs)
            if planned_overdue && !mix.open_overdue {
                fday = cal.add_wd(day, l);
            }
            if fday > r_day {
                finished = None;
                if status == Status::Finished {
                    status = if excluded > 0 {
                        Status::Suspended
                    } else {
                        Status::Open
                    };
                }
            } else {
                finished = Some((fday, 0));
            }
        }
        if status == Status::Finished && excluded == 0 && rng.chance(mix.stuck) {
            finished = None;
            status = Status::Open;
        }
        if let Some((fd, fm)) = finished.as_mut() {
            *fm = if *fd == day {
                (minute + 5 + rng.below(120) as u32).min(1080)
            } else {
                office_minute(rng)
            };
        }
        let corrections = match rng.below(100) {
            0..85 => 0,
            85..97 => 1,
            _ => 2,
        };
        let channel = match rng.below(100) {
            0..55 => 0,
            55..85 => 1,
            85..95 => 2,
            _ => 3,
        };
        out.push(Case {
            seq: 0,
            item,
            received: (day, minute),
            finished,
            status,
            excluded,
            corrections,
            channel,
            window: 1 + rng.below(3) as u32,
        });
    }
    out
}

/// The working days of 2026 up to R, each with how many of `n` cases it receives (Mondays
/// busier, Fridays quieter, a slow spring festival month).
pub fn receipt_days(rng: &mut Rng, cal: &Calendar, n: usize, r_day: usize) -> Vec<(usize, usize)> {
    let days: Vec<usize> = (0..=r_day).filter(|&d| cal.is_work(d)).collect();
    let weights: Vec<u64> = days
        .iter()
        .map(|&d| {
            // 2026-01-01 is a Thursday
            let weekday = (d + 3) % 7;
            let base = match weekday {
                0 => 130,
                4 => 85,
                5 | 6 => 40,
                _ => 100,
            };
            let month = cal.ymd(d).1;
            let seasonal = if month == 2 { 70 } else { 100 };
            base * seasonal + rng.below(2000)
        })
        .collect();
    let sum: u64 = weights.iter().sum();
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|&w| (n as u128 * u128::from(w) / u128::from(sum)) as usize)
        .collect();
    let mut rest = n - counts.iter().sum::<usize>();
    let (mut i, len) = (0, counts.len());
    while rest > 0 {
        counts[i % len] += 1;
        rest -= 1;
        i += 7;
    }
    days.into_iter().zip(counts).collect()
}

pub fn cumulative(items: &[Item]) -> Vec<u64> {
    items
        .iter()
        .scan(0, |a, it| {
            *a += it.weight.max(1);
            Some(*a)
        })
        .collect()
}

/// "2026-03-02 09:05:00"
pub fn time_text(cal: &Calendar, (d, m): (usize, u32)) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        cal.name(d),
        m / 60,
        m % 60,
        (m * 7) % 60
    )
}

/// One evaluation (好差评) of a case, or of the hall when `case` is None.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub case: Option<usize>,
    pub time: (usize, u32),
    pub level: u8,
    pub channel: usize,
    pub active: bool,
    pub named: bool,
    pub valid: bool,
    pub reason: Option<&'static str>,
    pub callback: Option<(usize, u32)>,
    pub fixed: Option<(usize, u32)>,
}

pub const LEVELS: &[&str] = &["", "非常不满意", "不满意", "基本满意", "满意", "非常满意"];
pub const EVAL_CHANNELS: &[&str] = &["窗口评价器", "政务服务网", "掌上APP", "短信", "二维码"];
pub const REASONS: &[&str] = &[
    "等候时间过长",
    "工作人员态度生硬",
    "一次性告知不到位，多次补正材料",
    "办理时间超过承诺时限",
    "网上申报系统操作不便",
];

/// An evaluation of a finished case, on its day of finishing or a few days later; levels by
/// `bad` (差评 per mille) and `fair` (基本满意 per mille).
pub fn evaluate(
    rng: &mut Rng,
    cal: &Calendar,
    case: &Case,
    r_day: usize,
    (bad, fair): (u64, u64),
) -> Option<Evaluation> {
    let (fd, fm) = case.finished?;
    let time = if rng.chance(700) {
        (fd, (fm + 1 + rng.below(90) as u32).min(1430))
    } else {
        (
            (fd + 1 + rng.below(3) as usize).min(r_day),
            480 + rng.below(840) as u32,
        )
    };
    let u = rng.below(1000);
    let level = if u < bad / 2 {
        1
    } else if u < bad {
        2
    } else if u < bad + fair {
        3
    } else if u < 120 {
        4
    } else {
        5
    };
    let mut e = Evaluation {
        case: Some(case.seq),
        time,
        level,
        channel: rng.below(EVAL_CHANNELS.len() as u64) as usize,
        active: rng.chance(850),
        named: rng.chance(300),
        valid: true,
        reason: None,
        callback: None,
        fixed: None,
    };
    if level <= 2 {
        e.named = rng.chance(700);
        e.valid = !rng.chance(100);
        e.reason = Some(REASONS[rng.below(REASONS.len() as u64) as usize]);
        let (td, _) = time;
        if e.named {
            let u = rng.below(100);
            let cb = if u < 85 {
                Some(cal.add_wd(td, rng.below(2) as u32))
            } else if u < 95 {
                Some(cal.add_wd(td, 2 + rng.below(4) as u32))
            } else {
                None
            };
            e.callback = cb
                .filter(|&d| d <= r_day)
                .map(|d| (d, 540 + rng.below(480) as u32));
        }
        let u = rng.below(100);
        let fx = if u < 80 {
            Some(cal.add_wd(td, 1 + rng.below(15) as u32))
        } else if u < 90 {
            Some(cal.add_wd(td, 16 + rng.below(10) as u32))
        } else {
            None
        };
        e.fixed = fx
            .filter(|&d| d <= r_day)
            .map(|d| (d, 540 + rng.below(480) as u32));
    }
    Some(e)
}

pub fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// A number as an export writes it: `3`, `0.5`.
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}
