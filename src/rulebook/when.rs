//! A rule's conditions: tests on household facts and on its signals,
//! composed with `all`, `any` and `not`, with "some signal" and "every
//! signal" quantifiers. Every evaluation can say which facts it used, so a
//! decision is explained by the values that made it.

use super::facts::{HouseholdFacts, KINDS, Kind, PARTNER_TYPES, SignalFacts};
use super::{Condition, Test};
use std::ops::Range;

/// A fact of one signal, for `any_signal` and `every_signal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalFact {
    Amount,
    PartnerType,
    Kind,
    WarmHandover,
    Herhaal,
}

/// Every signal fact: name, kind and meaning (for `docs/rulebook.md`).
pub const SIGNAL_FACTS: &[(SignalFact, &str, Kind, &str)] = &[
    (
        SignalFact::Amount,
        "amount",
        Kind::Number,
        "the signal's amount, euros",
    ),
    (
        SignalFact::PartnerType,
        "partner_type",
        Kind::Set(PARTNER_TYPES),
        "the partner's type",
    ),
    (
        SignalFact::Kind,
        "kind",
        Kind::Set(KINDS),
        "the signal's kind",
    ),
    (
        SignalFact::WarmHandover,
        "warm_handover",
        Kind::Bool,
        "the partner asks for a warm handover",
    ),
    (
        SignalFact::Herhaal,
        "herhaal",
        Kind::Bool,
        "it repeats last month's signal of the same partner",
    ),
];

impl SignalFact {
    pub fn name(self) -> &'static str {
        SIGNAL_FACTS
            .iter()
            .find(|f| f.0 == self)
            .map_or("", |f| f.1)
    }

    pub fn kind(self) -> Kind {
        SIGNAL_FACTS
            .iter()
            .find(|f| f.0 == self)
            .map_or(Kind::Bool, |f| f.2)
    }

    pub fn parse(name: &str) -> Option<SignalFact> {
        SIGNAL_FACTS.iter().find(|f| f.1 == name).map(|f| f.0)
    }

    fn holds(self, test: &Test, s: &SignalFacts) -> bool {
        match (self, test) {
            (SignalFact::Amount, Test::Range(r)) => r.contains(s.amount),
            (SignalFact::PartnerType, Test::Set(t)) => t.holds(&[s.partner_type.as_str()]),
            (SignalFact::Kind, Test::Set(t)) => t.holds(&[s.kind.as_str()]),
            (SignalFact::WarmHandover, Test::Is(b)) => *b == s.warm_handover,
            (SignalFact::Herhaal, Test::Is(b)) => *b == s.herhaal,
            _ => false,
        }
    }
}

/// A test on one fact of a signal.
#[derive(Debug, Clone)]
pub struct SignalCondition {
    pub fact: SignalFact,
    pub test: Test,
}

/// Conditions: a tree of `all`, `any`, `not`, household facts and signal
/// quantifiers.
#[derive(Debug, Clone)]
pub enum When {
    /// Every part holds (none: always).
    All(Vec<When>),
    /// At least one part holds.
    Any(Vec<When>),
    Not(Box<When>),
    Fact(Condition),
    /// Some signal (`every` false) or every signal meets all the tests.
    Signals {
        every: bool,
        tests: Vec<SignalCondition>,
        span: Range<usize>,
    },
}

impl Default for When {
    fn default() -> Self {
        When::All(Vec::new())
    }
}

impl When {
    /// Whether the conditions say nothing: every household.
    pub fn is_empty(&self) -> bool {
        matches!(self, When::All(parts) if parts.is_empty())
    }

    pub fn holds(&self, facts: &HouseholdFacts) -> bool {
        match self {
            When::All(parts) => parts.iter().all(|p| p.holds(facts)),
            When::Any(parts) => parts.iter().any(|p| p.holds(facts)),
            When::Not(inner) => !inner.holds(facts),
            When::Fact(c) => c.evaluate(facts).0,
            When::Signals { every, tests, .. } => {
                let meets = |s: &SignalFacts| tests.iter().all(|t| t.fact.holds(&t.test, s));
                if *every {
                    !facts.signals.is_empty() && facts.signals.iter().all(meets)
                } else {
                    facts.signals.iter().any(meets)
                }
            }
        }
    }

    /// The facts the conditions look at, with this household's values:
    /// `fact=value`, each once, in the order written.
    pub fn used(&self, facts: &HouseholdFacts) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_used(facts, &mut out);
        out
    }

    fn collect_used(&self, facts: &HouseholdFacts, out: &mut Vec<String>) {
        let mut push = |item: String| {
            if !out.contains(&item) {
                out.push(item);
            }
        };
        match self {
            When::All(parts) | When::Any(parts) => {
                for p in parts {
                    p.collect_used(facts, out);
                }
            }
            When::Not(inner) => inner.collect_used(facts, out),
            When::Fact(c) => push(format!("{}={}", c.fact.name(), c.evaluate(facts).1)),
            When::Signals { .. } => push(format!(
                "{}={}",
                self.describe(),
                if self.holds(facts) { "ja" } else { "nee" }
            )),
        }
    }

    /// In words, for `explain` and the documentation of a decision.
    pub fn describe(&self) -> String {
        let join = |parts: &[When], word: &str| {
            parts
                .iter()
                .map(|p| match p {
                    When::All(_) | When::Any(_) => format!("({})", p.describe()),
                    _ => p.describe(),
                })
                .collect::<Vec<_>>()
                .join(word)
        };
        match self {
            When::All(parts) if parts.is_empty() => "(geen voorwaarden)".into(),
            When::All(parts) => join(parts, " en "),
            When::Any(parts) => join(parts, " of "),
            When::Not(inner) => format!("niet ({})", inner.describe()),
            When::Fact(c) => c.describe(),
            When::Signals { every, tests, .. } => {
                let tests: Vec<String> = tests
                    .iter()
                    .map(|t| format!("{} {}", t.fact.name(), super::describe_test(&t.test)))
                    .collect();
                format!(
                    "{} signaal: {}",
                    if *every { "elk" } else { "een" },
                    tests.join(" en ")
                )
            }
        }
    }

    /// The top-level parts, each on its own (for `explain`): the parts of
    /// an `all`, or the whole.
    pub fn parts(&self) -> Vec<&When> {
        match self {
            When::All(parts) => parts.iter().collect(),
            other => vec![other],
        }
    }

    /// The household-fact tests when the conditions are only those, all
    /// required (what the shadowing check can reason about); `None` for
    /// anything with `any`, `not` or signal tests.
    pub fn conjunction(&self) -> Option<Vec<&Condition>> {
        match self {
            When::All(parts) => {
                let mut out = Vec::new();
                for p in parts {
                    out.extend(p.conjunction()?);
                }
                Some(out)
            }
            When::Fact(c) => Some(vec![c]),
            _ => None,
        }
    }
}
