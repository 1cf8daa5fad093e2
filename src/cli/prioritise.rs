//! `vroegsignaal prioritise`, and its dry-run `--compare`.

use super::Common;
use crate::present::{self, Format, note};
use crate::prioritise::compare::{Comparison, compare};
use crate::prioritise::stage::{
    self, DeadlineCounts, MonthInput, Summary, read_matched, rulebook_for,
};
use crate::prioritise::{self, Prioritised};
use crate::rulebook;
use crate::runlock::Access;
use anyhow::Result;
use clap::Args;
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

/// Households whose deadline is past, today or near, in one line.
pub fn deadline_line(d: &DeadlineCounts) -> String {
    crate::tr!(
        "deadlines-line",
        past = d.past,
        today = d.today,
        soon = d.within_3_working_days
    ) + "\n"
}

/// Tells the officer which households an earlier run of the month put on
/// one list are now on another, and which left the lists (case ids only).
pub fn earlier_notes(quiet: bool, month: crate::month::Month, p: &Prioritised) {
    for (id, from, to) in &p.moved {
        note(
            quiet,
            &crate::tr!(
                "case-moved",
                case = crate::prioritise::worklists::case_id(month, id),
                from = from,
                to = to
            ),
        );
    }
    for (id, list) in &p.dropped {
        note(
            quiet,
            &crate::tr!(
                "case-dropped",
                case = crate::prioritise::worklists::case_id(month, id),
                list = list
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
    let _lock = ws.begin(access)?;
    let rb = rulebook_for(&ws, args.rulebook.as_deref())?;
    holiday_note(&rb, ws.month, args.common.quiet);
    if args.compare.is_none() {
        crate::prioritise::letters::check_template(&ws.config.letters)?;
    }
    if let Some(old_path) = &args.compare {
        let (signals, households) = read_matched(&ws, args.matched.as_deref())?;
        let old_rb = rulebook::load(old_path)?;
        let old = prioritise::prioritise(&old_rb, &signals, &households);
        let new = prioritise::prioritise(&rb, &signals, &households);
        let c = compare(&old_rb, &old, &rb, &new, &households);
        return report_comparison(args.common.format, &c);
    }
    let (signals, households, earlier) = stage::read_month(&ws, args.matched.as_deref())?;
    let mut out = ws.pending();
    let as_of = args.as_of.unwrap_or_else(super::feedback::today);
    let placed = stage::run(
        &ws,
        &rb,
        MonthInput {
            signals: &signals,
            households: &households,
        },
        &earlier,
        as_of,
        &mut out,
    )?;
    earlier_notes(args.common.quiet, ws.month, &placed.decided);
    out.commit()?;
    note(
        args.common.quiet,
        &crate::tr!(
            "letters-written",
            letters = placed.letters,
            folder = ws.dir.join(crate::prioritise::letters::FOLDER).display()
        ),
    );
    report(&args.common, &placed.summary, &ws.dir)
}

pub fn report(common: &Common, s: &Summary, dir: &Path) -> Result<()> {
    present::emit(common.format, s, || {
        let t = present::table(
            &[
                &crate::tr!("col-list"),
                &crate::tr!("col-contact"),
                &crate::tr!("col-households"),
                &crate::tr!("col-capacity"),
                &crate::tr!("col-overflow"),
                &crate::tr!("col-backfilled"),
                &crate::tr!("col-extra"),
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
        let title = crate::tr!(
            "prioritise-title",
            month = s.month,
            households = s.households_placed,
            folder = dir.join("werklijsten").display()
        );
        let footer = crate::tr!(
            "prioritise-footer",
            screened = s.screened_out,
            reasons = if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({reasons})")
            },
            review = s.review
        );
        format!("{title}\n{t}{footer}\n{}", deadline_line(&s.deadlines))
    })
}

fn report_comparison(format: Format, c: &Comparison) -> Result<()> {
    present::emit(format, c, || {
        let cap = |c: Option<u32>| c.map_or_else(|| "-".into(), |c| c.to_string());
        let t = present::table(
            &[
                &crate::tr!("col-list"),
                &crate::tr!("col-old"),
                &crate::tr!("col-new"),
                &crate::tr!("col-difference"),
                &crate::tr!("col-capacity-old"),
                &crate::tr!("col-capacity-new"),
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
            &[&crate::tr!("col-from-to"), &crate::tr!("col-households")],
            c.moves.iter().map(|(k, v)| vec![k.clone(), v.to_string()]),
        );
        let moved = present::table(
            &[
                &crate::tr!("col-household"),
                &crate::tr!("col-from"),
                &crate::tr!("col-to"),
                &crate::tr!("col-rule-old"),
                &crate::tr!("col-rule-new"),
            ],
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
        let title = crate::tr!(
            "dry-run-title",
            old = c.old_rulebook,
            new = c.new_rulebook,
            households = c.households
        );
        let moving = crate::tr!("dry-run-moves", households = c.moved.len());
        format!("{title}\n{t}{moving}\n{moves}{moved}")
    })
}
