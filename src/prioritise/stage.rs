//! The prioritise stage as one operation: a month's households through the
//! rulebook onto work lists and letters (pending), plus a summary.

use super::earlier::EarlierLists;
use super::{HouseholdDecision, Outcome, Prioritised, worklists};
use crate::brp::review::ensure_same_month;
use crate::csvio::PendingOutputs;
use crate::exit::config_err;
use crate::matching::{Household, MatchedSignal, files};
use crate::rulebook::holidays::Holidays;
use crate::rulebook::{self, Deadline, Rulebook};
use crate::workspace::Workspace;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One month's matched signals and households, as prioritise takes them.
#[derive(Clone, Copy)]
pub struct MonthInput<'a> {
    pub signals: &'a [MatchedSignal],
    pub households: &'a [Household],
}

/// A month prioritised: the decisions, the letters written, the summary.
pub struct Placed {
    pub decided: Prioritised,
    pub letters: usize,
    pub summary: Summary,
}

/// Applies the rulebook to a month as its lists stand, writing nothing
/// (a run with nothing new since the month's last run).
pub fn decide(
    ws: &Workspace,
    rb: &Rulebook,
    month: MonthInput<'_>,
    as_of: NaiveDate,
) -> Result<Placed> {
    let earlier = EarlierLists::read(&ws.dir)?;
    let decided = super::prioritise_keeping(rb, month.signals, month.households, &earlier.lists());
    let summary = summarise(ws, rb, &decided, month.signals, as_of);
    Ok(Placed {
        decided,
        letters: 0,
        summary,
    })
}

/// Applies the rulebook to a month and writes its work lists and letters
/// (pending in `out`). A later run of the month keeps what the lists
/// already hold: every household its list, every officer's cell.
pub fn run(
    ws: &Workspace,
    rb: &Rulebook,
    month: MonthInput<'_>,
    earlier: &EarlierLists,
    as_of: NaiveDate,
    out: &mut PendingOutputs,
) -> Result<Placed> {
    let decided = place(rb, month, earlier);
    let writing = Writing {
        ws,
        rb,
        decided: &decided,
        month,
        as_of,
        earlier,
    };
    let letters = writing.lists(out, |out| writing.paper(out))?;
    Ok(finish(ws, rb, decided, letters, month, as_of))
}

/// The month's households through the rulebook, each keeping the list an
/// earlier run of the month put it on.
pub fn place(rb: &Rulebook, month: MonthInput<'_>, earlier: &EarlierLists) -> Prioritised {
    super::prioritise_keeping(rb, month.signals, month.households, &earlier.lists())
}

/// What writing a placed month takes: the month, its decisions, and the
/// lists an earlier run of it left.
#[derive(Clone, Copy)]
pub struct Writing<'a> {
    pub ws: &'a Workspace,
    pub rb: &'a Rulebook,
    pub decided: &'a Prioritised,
    pub month: MonthInput<'a>,
    pub as_of: NaiveDate,
    pub earlier: &'a EarlierLists,
}

impl Writing<'_> {
    /// Writes the work lists (CSV and workbook) and the decisions, pending
    /// in `out`; `alongside` is written on the other core while the
    /// workbook is built ([`Writing::paper`], for a caller that does not
    /// write it beside them).
    pub fn lists<T: Send>(
        &self,
        out: &mut PendingOutputs,
        alongside: impl FnOnce(&mut PendingOutputs) -> Result<T> + Send,
    ) -> Result<T> {
        let m = self.month;
        worklists::write(
            self.rb,
            self.decided,
            m.signals,
            m.households,
            &self.to(),
            out,
            alongside,
        )
    }

    /// Writes what goes on paper: the printable lists and the letters
    /// (pending in `out`); returns how many letters.
    pub fn paper(&self, out: &mut PendingOutputs) -> Result<usize> {
        let m = self.month;
        super::printable::write(
            self.rb,
            self.decided,
            m.signals,
            m.households,
            &self.to(),
            out,
        )?;
        self.letters(out)
    }

    fn to(&self) -> worklists::ListsOut<'_> {
        worklists::ListsOut {
            month: self.ws.month,
            dir: &self.ws.dir,
            dialect: self.ws.dialect,
            as_of: self.as_of,
            earlier: self.earlier,
        }
    }

    /// Writes the letters of the letter and card lists; returns how many.
    fn letters(&self, out: &mut PendingOutputs) -> Result<usize> {
        let ws = self.ws;
        let partner_names = ws
            .config
            .partners
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        super::letters::write(
            self.rb,
            self.decided,
            self.month.signals,
            self.month.households,
            &super::letters::LetterInputs {
                month: ws.month,
                dir: &ws.dir,
                dialect: ws.dialect,
                as_of: self.as_of,
                settings: &ws.config.letters,
                municipality: &ws.config.municipality.name,
                partner_names: &partner_names,
                earlier: self.earlier,
            },
            out,
        )
    }
}

/// The month placed and written, with its summary.
pub fn finish(
    ws: &Workspace,
    rb: &Rulebook,
    decided: Prioritised,
    letters: usize,
    month: MonthInput<'_>,
    as_of: NaiveDate,
) -> Placed {
    let summary = summarise(ws, rb, &decided, month.signals, as_of);
    Placed {
        decided,
        letters,
        summary,
    }
}

/// The rulebook named on the command line, else the config's.
pub fn rulebook_for(ws: &Workspace, explicit: Option<&Path>) -> Result<Rulebook> {
    match explicit.or(ws.config.rulebook.as_deref()) {
        Some(p) => rulebook::load(p),
        None => config_err(format!(
            "{}: {}",
            ws.config.path.display(),
            crate::tr!("config-no-rulebook")
        )),
    }
}

/// Reads `gekoppeld.csv` (or `--matched`) for the month.
pub fn read_matched(
    ws: &Workspace,
    explicit: Option<&Path>,
) -> Result<(Vec<MatchedSignal>, Vec<Household>)> {
    let path = explicit.map_or_else(|| ws.dir.join("gekoppeld.csv"), Path::to_path_buf);
    let (signals, households) = files::read(&path)?;
    ensure_same_month(&path, signals.iter().map(|s| &s.signal), ws.month)?;
    Ok((signals, households))
}

/// Reads `gekoppeld.csv` (or `--matched`) and the month's lists as they
/// stand, side by side.
pub fn read_month(
    ws: &Workspace,
    explicit: Option<&Path>,
) -> Result<(Vec<MatchedSignal>, Vec<Household>, EarlierLists)> {
    let (matched, earlier) = rayon::join(
        || read_matched(ws, explicit),
        || EarlierLists::read(&ws.dir),
    );
    let (signals, households) = matched?;
    Ok((signals, households, earlier?))
}

#[derive(Debug, Serialize)]
pub struct QueueFill {
    pub queue: String,
    pub contact: String,
    pub households: u64,
    pub capacity: Option<u32>,
    /// Households that were headed here but went on because it was full.
    pub overflow_out: u64,
    /// Households taken from a lower queue to fill spare capacity.
    pub backfilled: u64,
    /// Households on this list as an extra channel.
    pub extra: u64,
    /// The earliest deadline on the list.
    pub first_due: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub month: String,
    pub rulebook: String,
    pub signals: u64,
    pub households_placed: u64,
    /// Queue -> households placed there.
    pub queues: BTreeMap<String, u64>,
    pub fill: Vec<QueueFill>,
    /// Signals not picked up.
    pub screened_out: u64,
    pub screened_out_by_reason: BTreeMap<String, u64>,
    /// Signals waiting for the BRP review.
    pub review: u64,
    /// Households on a list by their deadline, on the day of the run.
    pub deadlines: DeadlineCounts,
}

/// Households on a list by how their deadline stands on a day.
#[derive(Debug, Default, Serialize)]
pub struct DeadlineCounts {
    pub past: u64,
    pub today: u64,
    /// Due in the next three working days (after today).
    pub within_3_working_days: u64,
}

impl DeadlineCounts {
    pub fn of(
        due: impl Iterator<Item = NaiveDate>,
        as_of: NaiveDate,
        holidays: &Holidays,
    ) -> DeadlineCounts {
        let soon = Deadline::WorkingDays(3).due(as_of, holidays);
        let mut c = DeadlineCounts::default();
        for d in due {
            if d < as_of {
                c.past += 1;
            } else if d == as_of {
                c.today += 1;
            } else if d <= soon {
                c.within_3_working_days += 1;
            }
        }
        c
    }
}

pub fn summarise(
    ws: &Workspace,
    rb: &Rulebook,
    p: &Prioritised,
    signals: &[MatchedSignal],
    as_of: NaiveDate,
) -> Summary {
    let placed: Vec<&super::route::Placement> = p
        .households
        .iter()
        .filter_map(|h| h.placement.as_ref())
        .collect();
    let fill: Vec<QueueFill> = worklists::lists(rb, p)
        .into_iter()
        .map(|list| {
            let i = list.queue;
            let q = &rb.queues[i];
            let on_list = |h: &&HouseholdDecision| q.list_name(&h.facts.wijk) == list.name;
            let here: Vec<&HouseholdDecision> = p
                .households
                .iter()
                .filter(|h| h.placement.as_ref().is_some_and(|pl| pl.queue == i))
                .filter(on_list)
                .collect();
            QueueFill {
                contact: q.contact.as_str().to_string(),
                households: here.len() as u64,
                capacity: q.capacity_for(list.team.as_deref()),
                overflow_out: placed
                    .iter()
                    .filter(|pl| {
                        pl.ranked
                            .iter()
                            .any(|r| r.list == list.name && r.place > r.capacity as usize)
                    })
                    .count() as u64,
                backfilled: here
                    .iter()
                    .filter(|h| {
                        h.placement
                            .as_ref()
                            .is_some_and(|pl| pl.backfilled_from.is_some())
                    })
                    .count() as u64,
                extra: p
                    .households
                    .iter()
                    .filter(|h| h.placement.is_some() && h.also.contains(&i))
                    .filter(on_list)
                    .count() as u64,
                first_due: here.iter().filter_map(|h| h.due).min(),
                queue: list.name,
            }
        })
        .collect();
    let mut by_reason = BTreeMap::new();
    for d in &p.signals {
        if let Outcome::Out(r) = d.outcome {
            *by_reason.entry(r.to_string()).or_insert(0) += 1;
        }
    }
    Summary {
        month: ws.month.to_string(),
        rulebook: rb.path.display().to_string(),
        signals: signals.len() as u64,
        households_placed: placed.len() as u64,
        queues: fill
            .iter()
            .map(|f| (f.queue.clone(), f.households))
            .collect(),
        screened_out: by_reason.values().sum(),
        screened_out_by_reason: by_reason,
        review: p
            .signals
            .iter()
            .filter(|d| d.outcome == Outcome::Review)
            .count() as u64,
        fill,
        deadlines: DeadlineCounts::of(
            p.households
                .iter()
                .filter(|h| h.placement.is_some())
                .filter_map(|h| h.due),
            as_of,
            &rb.holidays,
        ),
    }
}
