//! The records of a case and of its feedback, as officers write them, the
//! store keeps them and the partner files carry them: shared by the stages
//! that read results, remember them and send codes.

use super::codes::{ContactKind, Dagdeel, EndResult, FeedbackCode};
use chrono::NaiveDate;

/// A contact attempt as recorded by an officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub kind: ContactKind,
    pub date: NaiveDate,
    pub dagdeel: Option<Dagdeel>,
    pub reached: bool,
}

/// How a case ended, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    pub result: EndResult,
    pub date: NaiveDate,
}

/// One household's case in one month: what the officers recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub household: String,
    /// The work list it was worked from.
    pub queue: String,
    pub attempts: Vec<Attempt>,
    pub ending: Option<Ending>,
    /// The day the household was put on a work list (`geplaatst_op`).
    pub placed_on: Option<NaiveDate>,
    /// Who works the case (`behandelaar`: a staff name or code, as
    /// written), and since when the store has seen that.
    pub handler: String,
    pub handler_since: Option<NaiveDate>,
    /// `file:line` of the row it was read from (empty when from the store).
    pub at: String,
}

/// Why a code is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground {
    /// Not picked up: due at once.
    Screening,
    /// An officer recorded the end result.
    Result,
    /// The term passed without a result.
    Term,
    /// Ingest rejected the row: it never became a signal.
    Rejected,
}

impl Ground {
    pub fn as_str(self) -> &'static str {
        match self {
            Ground::Screening => "screening",
            Ground::Result => "eindresultaat",
            Ground::Term => "termijn",
            Ground::Rejected => "afgewezen",
        }
    }

    pub fn parse(s: &str) -> Option<Ground> {
        [
            Ground::Screening,
            Ground::Result,
            Ground::Term,
            Ground::Rejected,
        ]
        .into_iter()
        .find(|g| g.as_str() == s)
    }
}

/// A code that is due for a signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub partner: String,
    pub signal_id: String,
    pub code: FeedbackCode,
    /// The day the code was decided: the result's date, the day the
    /// month was prioritised (screening, rejection), or the day the term
    /// ended.
    pub date: NaiveDate,
    pub ground: Ground,
}

/// A code as exported, as the store remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub due: Due,
    /// The code this one corrects (sent earlier for the same signal).
    pub corrects: Option<FeedbackCode>,
    pub exported_on: NaiveDate,
    /// The day the signal was first answered (`exported_on` but for a
    /// correction or a second sending).
    pub first_exported_on: NaiveDate,
    /// The file it went out in, relative to the month's folder.
    pub file: String,
}
