//! The rulebook: a municipality's decision framework (afwegingskader) as a
//! checked TOML file. Screening says which signals are not picked up;
//! queues (bakjes) say by which contact form and within which capacity;
//! rules, tried in order, say which household goes where; examples state
//! the intent so CI can test it. See `docs/rulebook.md`.

mod analyse;
pub use crate::diagnostic;
pub mod facts;
pub mod holidays;
mod parse;
pub mod when;

use crate::exit::ConfigError;
use crate::matching::FactSettings;
use anyhow::Result;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use diagnostic::{Diagnostic, Severity};
use facts::{Fact, HouseholdFacts};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use facts::FACTS;

/// What screening does with signals of a kind of fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Not picked up (with a reason code).
    ScreenOut,
    /// Left to the rules (for example to route to an own queue).
    Keep,
}

/// What screening does with a signal that repeats last month's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HerhaalPolicy {
    Keep,
    ScreenOut,
    /// Screened out unless the amount went up.
    ScreenOutUnlessHigher,
}

/// A step of screening, per signal, after the BRP verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    GeenBemoeienis,
    BekendShv,
    /// The threshold.
    Drempel,
    Herhaal,
    Sleper,
}

impl Step {
    /// The default order.
    pub const ALL: &'static [Step] = &[
        Step::GeenBemoeienis,
        Step::BekendShv,
        Step::Drempel,
        Step::Herhaal,
        Step::Sleper,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Step::GeenBemoeienis => "geen_bemoeienis",
            Step::BekendShv => "bekend_shv",
            Step::Drempel => "drempel",
            Step::Herhaal => "herhaal",
            Step::Sleper => "sleper",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Screening {
    /// Threshold in euros for everything not named in `thresholds`.
    pub threshold: f64,
    /// Per partner type or signal kind (a kind wins over a partner type).
    pub thresholds: BTreeMap<String, f64>,
    pub herhaal: HerhaalPolicy,
    pub bekend_shv: Policy,
    pub geen_bemoeienis: Policy,
    pub sleper: Policy,
    /// The steps in the order they are tried: the first that screens a
    /// signal out gives the reason.
    pub order: Vec<Step>,
}

impl Default for Screening {
    fn default() -> Self {
        Screening {
            threshold: 0.0,
            thresholds: BTreeMap::new(),
            herhaal: HerhaalPolicy::ScreenOutUnlessHigher,
            bekend_shv: Policy::ScreenOut,
            geen_bemoeienis: Policy::ScreenOut,
            sleper: Policy::Keep,
            order: Step::ALL.to_vec(),
        }
    }
}

impl Screening {
    /// The threshold in euros for a signal of this partner type and kind.
    pub fn threshold_for(&self, partner_type: &str, kind: &str) -> f64 {
        self.thresholds
            .get(kind)
            .or_else(|| self.thresholds.get(partner_type))
            .copied()
            .unwrap_or(self.threshold)
    }
}

/// How contact is made; decides which contact details a queue needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContactForm {
    Brief,
    Kaartje,
    Email,
    Sms,
    Telefoon,
    Huisbezoek,
    Wijkteam,
    Jongerenwerker,
    Schuldhulpverlening,
    Crisis,
    Handmatig,
}

pub const CONTACT_FORMS: &[(&str, ContactForm)] = &[
    ("brief", ContactForm::Brief),
    ("kaartje", ContactForm::Kaartje),
    ("email", ContactForm::Email),
    ("sms", ContactForm::Sms),
    ("telefoon", ContactForm::Telefoon),
    ("huisbezoek", ContactForm::Huisbezoek),
    ("wijkteam", ContactForm::Wijkteam),
    ("jongerenwerker", ContactForm::Jongerenwerker),
    ("schuldhulpverlening", ContactForm::Schuldhulpverlening),
    ("crisis", ContactForm::Crisis),
    ("handmatig", ContactForm::Handmatig),
];

/// A contact detail a contact form cannot do without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Phone,
    Email,
}

impl ContactForm {
    pub fn as_str(self) -> &'static str {
        CONTACT_FORMS
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }

    pub fn needs(self) -> Option<Need> {
        match self {
            ContactForm::Telefoon | ContactForm::Sms => Some(Need::Phone),
            ContactForm::Email => Some(Need::Email),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    Days(u32),
    /// Working days: weekends and the rulebook's holidays skipped.
    WorkingDays(u32),
}

impl Deadline {
    pub fn due(self, from: NaiveDate, holidays: &holidays::Holidays) -> NaiveDate {
        match self {
            Deadline::Days(n) => from + Days::new(n.into()),
            Deadline::WorkingDays(n) => {
                let mut d = from;
                let mut left = n;
                while left > 0 {
                    d = d + Days::new(1);
                    let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
                    if !weekend && !holidays.contains(d) {
                        left -= 1;
                    }
                }
                d
            }
        }
    }

    pub fn describe(self) -> String {
        match self {
            Deadline::Days(0) | Deadline::WorkingDays(0) => "dezelfde dag".into(),
            Deadline::Days(n) => format!("{n} dagen"),
            Deadline::WorkingDays(n) => format!("{n} werkdagen"),
        }
    }
}

/// One key of the order within a queue's capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankKey {
    pub by: RankBy,
    /// Highest (or yes) first.
    pub desc: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankBy {
    /// The order of the rules that placed the households.
    Rule,
    /// A number or yes/no fact of the household (unknown last).
    Fact(Fact),
}

impl RankKey {
    pub fn describe(self) -> String {
        let by = match self.by {
            RankBy::Rule => "rule",
            RankBy::Fact(f) => f.name(),
        };
        format!("{by} {}", if self.desc { "desc" } else { "asc" })
    }
}

/// The order when a rulebook states none: rule order, then the largest
/// single amount (then household id, always last).
pub const DEFAULT_RANK: &[RankKey] = &[
    RankKey {
        by: RankBy::Rule,
        desc: false,
    },
    RankKey {
        by: RankBy::Fact(Fact::Amount),
        desc: true,
    },
];

#[derive(Debug, Clone)]
pub struct Queue {
    pub name: String,
    pub description: String,
    pub contact: ContactForm,
    pub capacity: Option<u32>,
    /// Where households go when the queue is full.
    pub overflow: Option<usize>,
    /// A lower queue to fill spare capacity from, highest amount first.
    pub backfill_from: Option<usize>,
    /// Where a household goes when the contact detail this queue needs is
    /// not known.
    pub fallback: Option<usize>,
    pub deadline: Deadline,
    /// The order within its capacity; `None`: the rulebook's.
    pub rank: Option<Vec<RankKey>>,
    /// One list per area (`split_by = "wijk"`), each team its own.
    pub split_by_wijk: bool,
    /// Per team (by [`slug`] of its area): its capacity, over `capacity`.
    pub team_capacity: BTreeMap<String, u32>,
    pub span: Range<usize>,
}

impl Queue {
    /// The team a household of this area belongs to on this queue, when
    /// the queue is split by area. Without an area table (no area at all)
    /// a split queue is one list with its `default` capacity.
    pub fn team<'a>(&self, wijk: &'a str) -> Option<&'a str> {
        (self.split_by_wijk && !wijk.is_empty()).then_some(wijk)
    }

    /// The capacity of a team's list (or of the queue when not split).
    pub fn capacity_for(&self, team: Option<&str>) -> Option<u32> {
        team.and_then(|t| self.team_capacity.get(&slug(t)).copied())
            .or(self.capacity)
    }

    pub fn has_capacity(&self) -> bool {
        self.capacity.is_some() || !self.team_capacity.is_empty()
    }

    /// The work list's name: the queue's, with the team for a split queue
    /// (`huisbezoek-noord`).
    pub fn list_name(&self, wijk: &str) -> String {
        match self.team(wijk) {
            Some(t) => format!("{}-{}", self.name, slug(t)),
            None => self.name.clone(),
        }
    }
}

/// An area's name as part of a file name: lower case, letters without
/// accents, digits, and `-` for anything else.
pub fn slug(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in name.nfd().filter(|c| c.is_ascii() || c.is_alphanumeric()) {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && c.is_ascii() {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "x".into() } else { out }
}

/// A test on one fact.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Is(bool),
    Range(Interval),
    Set(SetTest),
}

/// A number range; each bound with whether it is included.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Interval {
    pub low: Option<(f64, bool)>,
    pub high: Option<(f64, bool)>,
}

impl Interval {
    pub fn contains(&self, v: f64) -> bool {
        let above = self
            .low
            .is_none_or(|(l, incl)| if incl { v >= l } else { v > l });
        let below = self
            .high
            .is_none_or(|(h, incl)| if incl { v <= h } else { v < h });
        above && below
    }

    /// Whether every value in `other` is in `self`.
    pub fn covers(&self, other: &Interval) -> bool {
        let low_ok = match (self.low, other.low) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((a, ai)), Some((b, bi))) => a < b || (a == b && (ai || !bi)),
        };
        let high_ok = match (self.high, other.high) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((a, ai)), Some((b, bi))) => a > b || (a == b && (ai || !bi)),
        };
        low_ok && high_ok
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some((l, incl)) = self.low {
            parts.push(format!("{} {}", if incl { ">=" } else { ">" }, number(l)));
        }
        if let Some((h, incl)) = self.high {
            parts.push(format!("{} {}", if incl { "<=" } else { "<" }, number(h)));
        }
        if let (Some((l, true)), Some((h, true))) = (self.low, self.high)
            && l == h
        {
            return format!("= {}", number(l));
        }
        parts.join(" en ")
    }
}

/// A number without needless decimals.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// Tests on a set of values (partner types, kinds).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetTest {
    /// Every one of these present.
    pub includes: Vec<String>,
    /// At least one of these present (when not empty).
    pub any_of: Vec<String>,
    /// None of these present.
    pub excludes: Vec<String>,
    /// Nothing outside these present.
    pub only: Option<Vec<String>>,
}

impl SetTest {
    pub fn holds(&self, values: &[&str]) -> bool {
        self.includes.iter().all(|v| values.contains(&v.as_str()))
            && (self.any_of.is_empty() || self.any_of.iter().any(|v| values.contains(&v.as_str())))
            && !self.excludes.iter().any(|v| values.contains(&v.as_str()))
            && self
                .only
                .as_ref()
                .is_none_or(|o| values.iter().all(|v| o.iter().any(|x| x == v)))
    }

    /// Whether every set satisfying `other` satisfies `self` (conservative).
    pub fn implied_by(&self, other: &SetTest) -> bool {
        let includes = self.includes.iter().all(|v| other.includes.contains(v));
        let any_of = self.any_of.is_empty()
            || other.includes.iter().any(|v| self.any_of.contains(v))
            || (!other.any_of.is_empty() && other.any_of.iter().all(|v| self.any_of.contains(v)));
        let excludes = self.excludes.iter().all(|v| {
            other.excludes.contains(v) || other.only.as_ref().is_some_and(|o| !o.contains(v))
        });
        let only = self.only.as_ref().is_none_or(|mine| {
            other
                .only
                .as_ref()
                .is_some_and(|theirs| theirs.iter().all(|v| mine.contains(v)))
        });
        includes && any_of && excludes && only
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.includes.is_empty() {
            parts.push(format!("bevat {}", self.includes.join(" en ")));
        }
        if !self.any_of.is_empty() {
            parts.push(format!("bevat een van {}", self.any_of.join(", ")));
        }
        if !self.excludes.is_empty() {
            parts.push(format!("zonder {}", self.excludes.join(", ")));
        }
        if let Some(o) = &self.only {
            parts.push(format!("alleen {}", o.join(", ")));
        }
        parts.join("; ")
    }
}

/// A test in words: `= ja`, `>= 100`, `bevat huur`.
pub fn describe_test(test: &Test) -> String {
    match test {
        Test::Is(b) => format!("= {}", if *b { "ja" } else { "nee" }),
        Test::Range(r) => r.describe(),
        Test::Set(s) => s.describe(),
    }
}

#[derive(Debug, Clone)]
pub struct Condition {
    pub fact: Fact,
    pub test: Test,
    pub span: Range<usize>,
}

impl Condition {
    /// Whether the household meets this condition, and the fact's value as
    /// shown in explanations.
    pub fn evaluate(&self, facts: &HouseholdFacts) -> (bool, String) {
        let value = facts.value(self.fact);
        let holds = match (&self.test, &value) {
            (Test::Is(want), facts::Value::Bool(b)) => want == b,
            (Test::Range(r), facts::Value::Number(Some(n))) => r.contains(*n),
            (Test::Range(_), facts::Value::Number(None)) => false,
            (Test::Set(t), facts::Value::Set(values)) => t.holds(values),
            (Test::Set(t), facts::Value::Text(v)) => t.holds(&[v.as_str()]),
            _ => false,
        };
        (holds, value.to_string())
    }

    pub fn describe(&self) -> String {
        format!("{} {}", self.fact.name(), describe_test(&self.test))
    }

    /// Whether every household meeting `other` meets `self`.
    fn implied_by(&self, other: &Condition) -> bool {
        self.fact == other.fact
            && match (&self.test, &other.test) {
                (Test::Is(a), Test::Is(b)) => a == b,
                (Test::Range(a), Test::Range(b)) => a.covers(b),
                (Test::Set(a), Test::Set(b)) => a.implied_by(b),
                _ => false,
            }
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub description: String,
    /// Empty means every household.
    pub when: when::When,
    /// Where the households it catches go.
    pub target: Target,
    /// Extra channels: the household is on these lists as well.
    pub also: Vec<usize>,
    /// Queues to try, in order, when contact details for `queue` are missing.
    pub fallback: Vec<usize>,
    /// Overrides the queue's deadline for the households it places.
    pub deadline: Option<Deadline>,
    pub span: Range<usize>,
}

/// What a rule does with the households it catches.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Queue(usize),
    /// Their signals are not picked up, with this reason (and the
    /// municipality's own sub-reason, kept internal).
    ScreenOut {
        reason: &'static str,
        sub_reason: Option<String>,
    },
}

impl Rule {
    /// The queue it places in; `None` for a rule that screens out.
    pub fn queue(&self) -> Option<usize> {
        match self.target {
            Target::Queue(q) => Some(q),
            Target::ScreenOut { .. } => None,
        }
    }

    /// Whether every household this rule catches is caught by `earlier`.
    /// Conservative: only conditions that are plain household-fact tests,
    /// all required, are compared; anything with `any`, `not` or signal
    /// tests is never called shadowed (except by a rule without
    /// conditions).
    pub fn shadowed_by(&self, earlier: &Rule) -> bool {
        let Some(theirs) = earlier.when.conjunction() else {
            return false;
        };
        let Some(mine) = self.when.conjunction() else {
            return theirs.is_empty();
        };
        theirs.iter().all(|c| mine.iter().any(|m| c.implied_by(m)))
    }
}

/// A hand-made case: signals and household facts in, an outcome expected.
#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    pub signals: Vec<facts::ExampleSignal>,
    pub household: facts::ExampleHousehold,
    pub expect: Expected,
    pub expect_rule: Option<String>,
    pub expect_also: Option<Vec<String>>,
    /// Queues to treat as full (to state what happens on overflow).
    pub full: Vec<usize>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Queue(String),
    ScreenedOut(String),
}

#[derive(Debug, Clone)]
pub struct Rulebook {
    pub path: PathBuf,
    pub name: String,
    pub facts: FactSettings,
    pub screening: Screening,
    pub holidays: holidays::Holidays,
    /// The order within a queue's capacity, unless the queue has its own.
    pub rank: Vec<RankKey>,
    pub queues: Vec<Queue>,
    pub rules: Vec<Rule>,
    pub examples: Vec<Example>,
}

impl Rulebook {
    pub fn queue(&self, name: &str) -> Option<usize> {
        self.queues.iter().position(|q| q.name == name)
    }

    /// The capacity of a work list by its name (a queue's, or a team's of
    /// a queue split by area).
    pub fn capacity_of_list(&self, list: &str) -> Option<u32> {
        if let Some(q) = self.queues.iter().find(|q| q.name == list) {
            return q.capacity;
        }
        self.queues.iter().find_map(|q| {
            let team = list.strip_prefix(q.name.as_str())?.strip_prefix('-')?;
            q.split_by_wijk
                .then(|| q.team_capacity.get(team).copied().or(q.capacity))
        })?
    }

    /// The order within a queue's capacity.
    pub fn rank_of(&self, queue: usize) -> &[RankKey] {
        self.queues
            .get(queue)
            .and_then(|q| q.rank.as_deref())
            .unwrap_or(&self.rank)
    }
}

/// A rulebook read and checked: the rulebook when it has no errors, and
/// every problem found.
pub struct Checked {
    pub rulebook: Option<Rulebook>,
    pub diagnostics: Vec<Diagnostic>,
    pub text: String,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Parses and checks a rulebook's text.
pub fn check_text(path: &Path, text: String) -> Checked {
    let (parsed, mut diagnostics) = parse::parse(path, &text);
    if let Some(rb) = &parsed {
        diagnostics.extend(analyse::analyse(rb, &text));
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.severity));
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Checked {
        rulebook: parsed.filter(|_| !has_errors),
        diagnostics,
        text,
    }
}

/// Reads and checks a rulebook file.
pub fn check_file(path: &Path) -> Result<Checked> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError(format!(
            "{}: {}",
            path.display(),
            crate::tr!("cannot-read", why = crate::csvio::io_reason(&e))
        ))
    })?;
    Ok(check_text(path, text))
}

/// Loads a rulebook for use; any error stops with all of them listed.
pub fn load(path: &Path) -> Result<Rulebook> {
    usable(path, check_file(path)?).map(|(rb, _)| rb)
}

/// The rulebook and its text when it has no errors; else the first error
/// (and how many more) as a config error.
pub fn usable(path: &Path, checked: Checked) -> Result<(Rulebook, String)> {
    match checked.rulebook {
        Some(rb) => Ok((rb, checked.text)),
        None => {
            let first = checked
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| {
                    let (l, c) = crate::tomlfile::line_col(&checked.text, d.span.start);
                    format!("{}:{l}:{c}: {}", path.display(), d.message)
                })
                .unwrap_or_default();
            let more = checked.errors().saturating_sub(1);
            Err(ConfigError(if more > 0 {
                crate::tr!(
                    "rb-first-of-more",
                    first = first,
                    more = more,
                    path = path.display()
                )
            } else {
                first
            })
            .into())
        }
    }
}

/// The facts settings: the rulebook's `[facts]` table, or the defaults
/// when no rulebook is configured.
pub fn fact_settings(rulebook: Option<&Path>) -> Result<FactSettings> {
    match rulebook {
        Some(p) => Ok(load(p)?.facts),
        None => Ok(FactSettings::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documentation_lists_every_fact_and_contact_form() {
        let doc = include_str!("../../docs/rulebook.md");
        for (_, name, _, _) in FACTS {
            assert!(doc.contains(&format!("| `{name}` |")), "{name}");
        }
        for (name, _) in CONTACT_FORMS {
            assert!(doc.contains(&format!("`{name}`")), "{name}");
        }
        for reason in crate::vocab::reason::REASONS {
            assert!(doc.contains(&format!("| `{reason}` |")), "{reason}");
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let thursday = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        let holidays = holidays::Holidays {
            dutch: None,
            listed: [
                NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(),
            ]
            .into(),
        };
        // Thursday 24th + 3 working days: not Fri 25 (holiday), not the
        // weekend, not Mon 28 (holiday): Tue 29, Wed 30, Thu 31.
        assert_eq!(
            Deadline::WorkingDays(3).due(thursday, &holidays),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        assert_eq!(
            Deadline::Days(28).due(thursday, &holidays),
            NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
        );
    }

    #[test]
    fn an_interval_covers_only_narrower_intervals() {
        let wide = Interval {
            low: Some((100.0, true)),
            high: None,
        };
        let narrow = Interval {
            low: Some((100.0, false)),
            high: Some((500.0, true)),
        };
        assert!(wide.covers(&narrow));
        assert!(!narrow.covers(&wide));
        assert!(wide.contains(100.0) && !narrow.contains(100.0));
    }
}
