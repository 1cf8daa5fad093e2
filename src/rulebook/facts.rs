//! The facts rules can test: one household's signals that passed
//! screening, and what match found about them.

use crate::signal::{PartnerType, SignalKind};
use std::fmt;

/// What kind of value a fact has, and so which tests apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Number,
    /// A set of names; the slice lists the allowed names.
    Set(&'static [&'static str]),
    /// One name of the municipality's own (an area).
    Text,
}

macro_rules! facts {
    ($($variant:ident => $name:literal, $kind:expr, $doc:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Fact {
            $($variant),+
        }

        /// Every fact: name, kind and meaning (for `docs/rulebook.md` and
        /// did-you-mean).
        pub const FACTS: &[(Fact, &str, Kind, &str)] = &[
            $((Fact::$variant, $name, $kind, $doc)),+
        ];
    };
}

pub const PARTNER_TYPES: &[&str] = &[
    "zorg",
    "energie",
    "gas",
    "warmte",
    "water",
    "huur",
    "gemeentebelasting",
    "hypotheek",
    "duo",
    "cak",
    "belastingdienst",
    "toeslagen",
    "overig",
];

pub const KINDS: &[&str] = &["vroegsignaal", "geactualiseerd", "eindelevering", "crisis"];

facts! {
    Partners => "partners", Kind::Number, "number of different partners with a signal";
    Meervoudig => "meervoudig", Kind::Bool, "signals from two or more partners (a match)";
    PartnerTypes => "partner_types", Kind::Set(PARTNER_TYPES), "partner types with a signal";
    Kinds => "kinds", Kind::Set(KINDS), "signal kinds present";
    Amount => "amount", Kind::Number, "largest signal amount, euros";
    Total => "total", Kind::Number, "household total of the signal amounts, euros";
    Recidive => "recidive", Kind::Bool, "a signal for the person or address in the recidive window";
    RecidiveAmount => "recidive_amount", Kind::Number, "largest earlier amount in the recidive window, euros (0 without)";
    RecidiveSignals => "recidive_signals", Kind::Number, "earlier signals in the recidive window";
    Herhaal => "herhaal", Kind::Bool, "a signal repeats last month's from the same partner";
    Sleper => "sleper", Kind::Bool, "every signal is from a sleper";
    Age => "age", Kind::Number, "age of the youngest person signalled (unknown: no match)";
    Minors => "minors", Kind::Number, "minors registered at the address (unknown: no match)";
    PhoneKnown => "phone_known", Kind::Bool, "a phone number is known";
    EmailKnown => "email_known", Kind::Bool, "an e-mail address is known";
    BekendShv => "bekend_shv", Kind::Bool, "on the debt-help client list";
    GeenBemoeienis => "geen_bemoeienis", Kind::Bool, "on the opt-out list";
    WarmHandover => "warm_handover", Kind::Bool, "the partner asks for a warm handover";
    EerderNietBereikt => "eerder_niet_bereikt", Kind::Bool, "an earlier case of the person or address in the recidive window recorded contact attempts and reached nobody";
    Wijk => "wijk", Kind::Text, "the area of the household's address, from the area table (onbekend when not in it)";
}

impl Fact {
    pub fn name(self) -> &'static str {
        FACTS.iter().find(|f| f.0 == self).map_or("", |f| f.1)
    }

    pub fn kind(self) -> Kind {
        FACTS
            .iter()
            .find(|f| f.0 == self)
            .map_or(Kind::Bool, |f| f.2)
    }

    pub fn parse(name: &str) -> Option<Fact> {
        FACTS.iter().find(|f| f.1 == name).map(|f| f.0)
    }
}

/// A household as the rules see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HouseholdFacts {
    pub partners: u32,
    pub partner_types: Vec<PartnerType>,
    pub kinds: Vec<SignalKind>,
    pub amount: f64,
    pub total: f64,
    pub recidive: bool,
    pub recidive_amount: f64,
    pub recidive_signals: u32,
    pub herhaal: bool,
    pub sleper: bool,
    pub age: Option<u32>,
    pub minors: Option<u32>,
    pub phone_known: bool,
    pub email_known: bool,
    pub bekend_shv: bool,
    pub geen_bemoeienis: bool,
    pub warm_handover: bool,
    pub eerder_niet_bereikt: bool,
    /// Each signal of the household that passed screening.
    pub signals: Vec<SignalFacts>,
    /// Its area; empty without an area table.
    pub wijk: String,
}

/// One signal as `any_signal` and `every_signal` see it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalFacts {
    pub amount: f64,
    pub partner_type: PartnerType,
    pub kind: SignalKind,
    pub warm_handover: bool,
    pub herhaal: bool,
}

/// A fact's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Number(Option<f64>),
    Set(Vec<&'static str>),
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => f.write_str(if *b { "ja" } else { "nee" }),
            Value::Number(Some(n)) => f.write_str(&super::number(*n)),
            Value::Number(None) => f.write_str("onbekend"),
            Value::Set(v) if v.is_empty() => f.write_str("geen"),
            Value::Set(v) => f.write_str(&v.join("+")),
            Value::Text(t) if t.is_empty() => f.write_str("geen"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

impl HouseholdFacts {
    pub fn value(&self, fact: Fact) -> Value {
        let n = |v: f64| Value::Number(Some(v));
        match fact {
            Fact::Partners => n(self.partners.into()),
            Fact::Meervoudig => Value::Bool(self.partners > 1),
            Fact::PartnerTypes => {
                Value::Set(self.partner_types.iter().map(|t| t.as_str()).collect())
            }
            Fact::Kinds => Value::Set(self.kinds.iter().map(|k| k.as_str()).collect()),
            Fact::Amount => n(self.amount),
            Fact::Total => n(self.total),
            Fact::Recidive => Value::Bool(self.recidive),
            Fact::RecidiveAmount => n(self.recidive_amount),
            Fact::RecidiveSignals => n(self.recidive_signals.into()),
            Fact::Herhaal => Value::Bool(self.herhaal),
            Fact::Sleper => Value::Bool(self.sleper),
            Fact::Age => Value::Number(self.age.map(f64::from)),
            Fact::Minors => Value::Number(self.minors.map(f64::from)),
            Fact::PhoneKnown => Value::Bool(self.phone_known),
            Fact::EmailKnown => Value::Bool(self.email_known),
            Fact::BekendShv => Value::Bool(self.bekend_shv),
            Fact::GeenBemoeienis => Value::Bool(self.geen_bemoeienis),
            Fact::WarmHandover => Value::Bool(self.warm_handover),
            Fact::EerderNietBereikt => Value::Bool(self.eerder_niet_bereikt),
            Fact::Wijk => Value::Text(self.wijk.clone()),
        }
    }
}

/// A signal in a rulebook example.
#[derive(Debug, Clone)]
pub struct ExampleSignal {
    pub partner: String,
    pub partner_type: PartnerType,
    pub kind: SignalKind,
    pub amount_cents: i64,
    /// Last month's amount from the same partner, when it repeats.
    pub previous_cents: Option<i64>,
    pub warm_handover: bool,
}

/// The household facts of an example that do not come from its signals.
#[derive(Debug, Clone)]
pub struct ExampleHousehold {
    pub recidive_amounts: Vec<i64>,
    pub sleper: bool,
    pub bekend_shv: bool,
    pub geen_bemoeienis: bool,
    pub age: Option<u32>,
    pub minors: Option<u32>,
    pub phone_known: bool,
    pub email_known: bool,
    pub eerder_niet_bereikt: bool,
    pub wijk: String,
}

impl Default for ExampleHousehold {
    fn default() -> Self {
        ExampleHousehold {
            recidive_amounts: Vec::new(),
            sleper: false,
            bekend_shv: false,
            geen_bemoeienis: false,
            age: Some(40),
            minors: Some(0),
            phone_known: true,
            email_known: true,
            eerder_niet_bereikt: false,
            wijk: String::new(),
        }
    }
}
