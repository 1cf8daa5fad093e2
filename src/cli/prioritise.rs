//! `vroegsignaal prioritise`, and its dry-run `--compare`.

use super::{Common, Workspace};
use crate::brp::review::ensure_same_month;
use crate::exit::config_err;
use crate::matching::{Household, MatchedSignal, files};
use crate::present::{self, Format, note};
use crate::prioritise::compare::{Comparison, compare};
use crate::prioritise::earlier::EarlierLists;
use crate::prioritise::{self, Outcome, Prioritised, worklists};
use crate::rulebook::{self, Rulebook};
use crate::runlock::Access;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  vroegsignaal prioritise --month 2026-10
  vroegsignaal prioritise --month 2026-10 --format json
  # dry-run: what if G1's rules applied? (writes nothing)
  vroegsignaal prioritise --month 2026-10 \\
      --rulebook config/examples/g1.toml --compare config/rulebook.toml";

#[derive(Debug, Args)]
pub struct PrioritiseArgs {
    #[command(flatten)]
    pub common: Common,
    /// Matched signals [default: <output>/<month>/gekoppeld.csv]
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub matched: Option<PathBuf>,
    /// Rulebook to apply [default: the config's `rulebook`]
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub rulebook: Option<PathBuf>,
    /// Dry-run: compare with this (old) rulebook and write nothing
    #[arg(long, value_name = "OLD", help_heading = "Input")]
    pub compare: Option<PathBuf>,
    /// The day of the run: a household added after its deadline is marked
    /// te_laat [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day, help_heading = "Input")]
    pub as_of: Option<chrono::NaiveDate>,
}

/// The rulebook named on the command line, else the config's.
pub fn rulebook_for(ws: &Workspace, explicit: Option<&Path>) -> Result<Rulebook> {
    match explicit.or(ws.config.rulebook.as_deref()) {
        Some(p) => rulebook::load(p),
        None => config_err(format!(
            "{}: no `rulebook` configured; give --rulebook FILE",
            ws.config.path.display()
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

/// Households whose deadline is past, today or near, in one line.
pub fn deadline_line(d: &DeadlineCounts) -> String {
    format!(
        "deadlines: {} past, {} today, {} within 3 working days\n",
        d.past, d.today, d.within_3_working_days
    )
}

/// Writes the letters of the letter and card lists; returns how many.
#[allow(clippy::too_many_arguments)]
pub fn write_letters(
    ws: &Workspace,
    rb: &Rulebook,
    p: &prioritise::Prioritised,
    signals: &[MatchedSignal],
    households: &[crate::matching::Household],
    as_of: chrono::NaiveDate,
    dialect: crate::csvio::Dialect,
    out: &mut crate::csvio::PendingOutputs,
) -> Result<usize> {
    let partner_names = ws
        .config
        .partners
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    crate::prioritise::letters::write(
        rb,
        p,
        signals,
        households,
        &crate::prioritise::letters::LetterInputs {
            month: ws.month,
            dir: &ws.dir,
            dialect,
            as_of,
            settings: &ws.config.letters,
            municipality: &ws.config.municipality.name,
            partner_names: &partner_names,
        },
        out,
    )
}

/// Tells the officer which households an earlier run of the month put on
/// one list are now on another, and which left the lists (case ids only).
pub fn earlier_notes(quiet: bool, month: crate::month::Month, p: &prioritise::Prioritised) {
    for (id, from, to) in &p.moved {
        note(
            quiet,
            &format!(
                "{}: moves from {from} to {to} (new signals, or another household took its place); \
                 what was filled in on {from} goes with it",
                crate::prioritise::worklists::case_id(month, id)
            ),
        );
    }
    for (id, list) in &p.dropped {
        note(
            quiet,
            &format!(
                "{}: was on {list} after an earlier run of the month and is on no list now \
                 (its signals are not picked up any more)",
                crate::prioritise::worklists::case_id(month, id)
            ),
        );
    }
}

/// Warns when the rulebook's hand-kept holidays miss the month's year.
pub fn holiday_note(rb: &rulebook::Rulebook, month: crate::month::Month, quiet: bool) {
    let year = chrono::Datelike::year(&month.first_day());
    if let Some(gap) = rb.holidays.gap(year) {
        crate::present::note(quiet, &format!("{}: {gap}", rb.path.display()));
    }
}

pub fn run(args: &PrioritiseArgs) -> Result<()> {
    let ws = args.common.workspace()?;
    // A dry-run writes nothing: it may read beside other readers.
    let access = if args.compare.is_some() {
        Access::Shared
    } else {
        Access::Exclusive
    };
    let _lock = ws.begin(&args.common, access)?;
    let rb = rulebook_for(&ws, args.rulebook.as_deref())?;
    holiday_note(&rb, ws.month, args.common.quiet);
    if args.compare.is_none() {
        crate::prioritise::letters::check_template(&ws.config.letters)?;
    }
    let (signals, households) = read_matched(&ws, args.matched.as_deref())?;
    if let Some(old_path) = &args.compare {
        let old_rb = rulebook::load(old_path)?;
        let old = prioritise::prioritise(&old_rb, &signals, &households);
        let new = prioritise::prioritise(&rb, &signals, &households);
        let c = compare(&old_rb, &old, &rb, &new, &households);
        return report_comparison(args.common.format, &c);
    }
    // A later run of the month keeps what the lists already hold.
    let earlier = EarlierLists::read(&ws.dir)?;
    let p = prioritise::prioritise_keeping(&rb, &signals, &households, &earlier.lists());
    earlier_notes(args.common.quiet, ws.month, &p);
    let mut out = ws.pending();
    worklists::write(
        &rb,
        &p,
        &signals,
        &households,
        &worklists::ListsOut {
            month: ws.month,
            dir: &ws.dir,
            dialect: args.common.dialect,
            as_of: args.as_of.unwrap_or_else(super::feedback::today),
            earlier: &earlier,
        },
        &mut out,
    )?;
    let as_of = args.as_of.unwrap_or_else(super::feedback::today);
    let letters = write_letters(
        &ws,
        &rb,
        &p,
        &signals,
        &households,
        as_of,
        args.common.dialect,
        &mut out,
    )?;
    out.commit()?;
    note(
        args.common.quiet,
        &format!(
            "{letters} letters in {}",
            ws.dir.join(crate::prioritise::letters::FOLDER).display()
        ),
    );
    report(
        &args.common,
        &summarise(&ws, &rb, &p, &signals, as_of),
        &ws.dir,
    )
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
    pub first_due: Option<chrono::NaiveDate>,
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
        due: impl Iterator<Item = chrono::NaiveDate>,
        as_of: chrono::NaiveDate,
        holidays: &crate::rulebook::holidays::Holidays,
    ) -> DeadlineCounts {
        let soon = rulebook::Deadline::WorkingDays(3).due(as_of, holidays);
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
    as_of: chrono::NaiveDate,
) -> Summary {
    let placed: Vec<&prioritise::route::Placement> = p
        .households
        .iter()
        .filter_map(|h| h.placement.as_ref())
        .collect();
    let fill: Vec<QueueFill> = worklists::lists(rb, p)
        .into_iter()
        .map(|list| {
            let i = list.queue;
            let q = &rb.queues[i];
            let on_list =
                |h: &&prioritise::HouseholdDecision| q.list_name(&h.facts.wijk) == list.name;
            let here: Vec<&prioritise::HouseholdDecision> = p
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

pub fn report(common: &Common, s: &Summary, dir: &Path) -> Result<()> {
    present::emit(common.format, s, || {
        let t = present::table(
            &[
                "werklijst",
                "contactvorm",
                "huishoudens",
                "capaciteit",
                "overloop",
                "aangevuld",
                "extra",
            ],
            s.fill.iter().map(|f| {
                vec![
                    f.queue.clone(),
                    f.contact.clone(),
                    f.households.to_string(),
                    f.capacity.map_or_else(|| "-".into(), |c| c.to_string()),
                    f.overflow_out.to_string(),
                    f.backfilled.to_string(),
                    f.extra.to_string(),
                ]
            }),
        );
        let reasons = present::counts(&s.screened_out_by_reason);
        format!(
            "prioritise {}: {} households on work lists in {}\n{t}not picked up: {} signals{}\n\
             waiting for BRP review: {} signals\n{}",
            s.month,
            s.households_placed,
            dir.join("werklijsten").display(),
            s.screened_out,
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({reasons})")
            },
            s.review,
            deadline_line(&s.deadlines)
        )
    })
}

fn report_comparison(format: Format, c: &Comparison) -> Result<()> {
    present::emit(format, c, || {
        let cap = |c: Option<u32>| c.map_or_else(|| "-".into(), |c| c.to_string());
        let t = present::table(
            &[
                "werklijst",
                "oud",
                "nieuw",
                "verschil",
                "capaciteit oud",
                "capaciteit nieuw",
            ],
            c.queues.iter().map(|q| {
                vec![
                    q.queue.clone(),
                    q.old.to_string(),
                    q.new.to_string(),
                    format!("{:+}", q.new as i64 - q.old as i64),
                    cap(q.old_capacity),
                    cap(q.new_capacity),
                ]
            }),
        );
        let moves = present::table(
            &["van -> naar", "huishoudens"],
            c.moves.iter().map(|(k, v)| vec![k.clone(), v.to_string()]),
        );
        let moved = present::table(
            &["huishouden", "van", "naar", "regel oud", "regel nieuw"],
            c.moved.iter().map(|m| {
                vec![
                    m.household.clone(),
                    m.from.clone(),
                    m.to.clone(),
                    m.old_rule.clone(),
                    m.new_rule.clone(),
                ]
            }),
        );
        format!(
            "dry-run: {} (old) against {} (new), {} households; nothing written\n{t}\
             {} households move\n{moves}{moved}",
            c.old_rulebook,
            c.new_rulebook,
            c.households,
            c.moved.len()
        )
    })
}
