//! `vroegsignaal run`: the monthly job, stages chained in memory.

use super::Common;
use super::progress::Stage;
use crate::ingest::Ingested;
use crate::pipeline::{Done, Progress, RunOptions};
use crate::present;
use crate::runlock::Access;
use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const EXAMPLES: &str = "Examples:
  vroegsignaal run --month 2026-10
  vroegsignaal run --month 2026-10 --as-of 2026-11-02
  vroegsignaal run --config /data/gemeente/vroegsignaal.toml \\
      --month 2026-10 --format json";

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub common: Common,
    /// The day of the run: feedback due by then goes out [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day, help_heading = "Input")]
    pub as_of: Option<NaiveDate>,
    /// Believe a BRP extract with many fewer rows than last month's
    #[arg(long)]
    pub accept_register_change: bool,
}

pub fn run(args: &RunArgs) -> Result<()> {
    let common = &args.common;
    let ws = common.workspace()?;
    let _lock = ws.begin(Access::Exclusive)?;
    let as_of = args.as_of.unwrap_or_else(super::feedback::today);
    // A broken rulebook stops the run before any work is done; without one
    // configured the run ends after match.
    let rulebook = match &ws.config.rulebook {
        Some(p) => Some(crate::rulebook::load(p)?),
        None => {
            crate::present::note(common.quiet, &crate::tr!("no-rulebook"));
            None
        }
    };
    if let Some(rb) = &rulebook {
        super::prioritise::holiday_note(rb, ws.month, common.quiet);
        // A broken letter template stops the run before any work.
        crate::prioritise::letters::check_template(&ws.config.letters)?;
    }
    let mut progress = Spinners {
        quiet: common.quiet,
        current: None,
    };
    let done = crate::pipeline::run(
        &ws,
        &RunOptions {
            as_of,
            accept_register_change: args.accept_register_change,
            rulebook: rulebook.as_ref(),
        },
        &mut progress,
    )?;
    if done.nothing_new {
        present::note(common.quiet, &crate::tr!("nothing-new"));
    }
    if let Some(p) = &done.placed {
        super::prioritise::earlier_notes(common.quiet, ws.month, &p.decided);
    }
    for f in &done.feedback {
        super::feedback::corrected_note(common.quiet, f, false);
    }
    if !done.cleared.is_empty() {
        present::note(
            common.quiet,
            &crate::tr!(
                "retention-cleared",
                files = done.cleared.len(),
                before = crate::history::oldest_kept(done.latest, ws.config.retention_months)
            ),
        );
    }
    for m in done
        .exports
        .iter()
        .filter_map(super::feedback::missing_message)
    {
        present::note(common.quiet, &m);
    }
    super::ingest::print_notes(common, &done.ingested);
    let prioritised = done.placed.as_ref().map(|p| &p.summary);
    let feedback_total = FeedbackTotal::of(&done.feedback);
    let summary = RunSummary {
        month: ws.month.to_string(),
        municipality: ws.config.municipality.name.clone(),
        as_of,
        nothing_new: done.nothing_new,
        ingest: done.ingested.summary(),
        brp_check: &done.brp,
        matched: crate::matching::stage::summarise(&done.matched),
        prioritise: prioritised,
        deadlines: prioritised.map(deadlines).unwrap_or_default(),
        feedback: feedback_total,
        feedback_by_month: &done.feedback,
    };
    present::emit(common.format, &summary, || summary.text(&ws.dir))?;
    let outcome = strict_outcome(common, &done.ingested, &done.brp);
    // A city month's records are freed on the pool, not one by one before
    // the command can end (the end of the process frees them at once).
    rayon::spawn(move || drop(done));
    outcome
}

/// One spinner per stage on a terminal, and the line it leaves.
struct Spinners {
    quiet: bool,
    current: Option<Stage>,
}

impl Progress for Spinners {
    fn start(&mut self, stage: &'static str) {
        self.current = Some(Stage::start(self.quiet, stage));
    }

    fn done(&mut self, stage: Done<'_>) {
        let what = match stage {
            Done::Ingest(i) => {
                let s = i.summary();
                crate::tr!(
                    "progress-ingest",
                    rows = s.rows,
                    signals = s.accepted,
                    rejected = s.rejected
                )
            }
            Done::Brp(b) => brp_line(&b.totals),
            Done::Match { households } => crate::tr!("progress-match", households = households),
            Done::Prioritise(s) => crate::tr!(
                "progress-prioritise",
                households = s.households_placed,
                screened = s.screened_out
            ),
            Done::Feedback(months) => {
                let t = FeedbackTotal::of(months);
                crate::tr!("progress-feedback", sent = t.sent, open = t.open)
            }
        };
        if let Some(s) = self.current.take() {
            s.done(&what);
        }
    }
}

/// The first deadline and the number of households per queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueueDeadline {
    pub queue: String,
    pub households: u64,
    pub first_due: Option<NaiveDate>,
}

/// The first deadline and the number of households per work list.
fn deadlines(s: &crate::prioritise::stage::Summary) -> Vec<QueueDeadline> {
    s.fill
        .iter()
        .map(|f| QueueDeadline {
            queue: f.queue.clone(),
            households: f.households,
            first_due: f.first_due,
        })
        .collect()
}

/// The feedback of every month the run exported, added up.
#[derive(Debug, Default, Serialize)]
pub struct FeedbackTotal {
    pub sent: u64,
    /// Sent now, answering their signal after the term.
    pub late: u64,
    /// Sent now as corrections of an earlier code.
    pub corrected: u64,
    pub open: u64,
    pub overdue: u64,
    pub next_due: Option<NaiveDate>,
    pub by_code: BTreeMap<String, u64>,
    pub files: Vec<String>,
}

impl FeedbackTotal {
    fn of(months: &[crate::feedback::stage::Summary]) -> FeedbackTotal {
        let mut t = FeedbackTotal::default();
        for m in months {
            t.sent += m.sent;
            t.late += m.late;
            t.corrected += m.corrected.len() as u64;
            t.open += m.open;
            t.overdue += m.overdue;
            for (code, n) in &m.by_code {
                *t.by_code.entry(code.clone()).or_default() += n;
            }
            for p in m.by_partner.values() {
                t.files
                    .extend(p.files.iter().map(|f| format!("{}/{f}", m.month)));
                if let Some(d) = p.next_due {
                    t.next_due = Some(t.next_due.map_or(d, |n| n.min(d)));
                }
            }
        }
        t.files.sort();
        t
    }
}

#[derive(Serialize)]
struct RunSummary<'a> {
    month: String,
    municipality: String,
    as_of: NaiveDate,
    /// Nothing new since the month's last run: read back, feedback only.
    nothing_new: bool,
    ingest: crate::ingest::Summary<'a>,
    brp_check: &'a crate::brp::Summary,
    #[serde(rename = "match")]
    matched: crate::matching::stage::Summary,
    prioritise: Option<&'a crate::prioritise::stage::Summary>,
    deadlines: Vec<QueueDeadline>,
    feedback: FeedbackTotal,
    feedback_by_month: &'a [crate::feedback::stage::Summary],
}

impl RunSummary<'_> {
    /// One summary for the officer: what each stage did, the queues
    /// against capacity with their first deadline, and where the files are.
    fn text(&self, dir: &Path) -> String {
        let b = &self.brp_check.totals;
        let m = &self.matched;
        let f = &self.feedback;
        let mut steps = vec![
            vec![
                "ingest".to_string(),
                crate::tr!(
                    "run-step-ingest",
                    rows = self.ingest.rows,
                    signals = self.ingest.accepted,
                    rejected = self.ingest.rejected
                ),
            ],
            vec!["brp-check".into(), brp_line(b)],
            vec![
                "match".into(),
                crate::tr!(
                    "run-step-match",
                    households = m.huishoudens,
                    single = m.enkelvoudig,
                    multiple = m.meervoudig,
                    recidive = m.recidive
                ),
            ],
        ];
        if let Some(p) = self.prioritise {
            let reasons = present::counts(&p.screened_out_by_reason);
            steps.push(vec![
                "prioritise".into(),
                crate::tr!(
                    "run-step-prioritise",
                    households = p.households_placed,
                    screened = p.screened_out,
                    reasons = if reasons.is_empty() {
                        String::new()
                    } else {
                        format!(" ({reasons})")
                    }
                ),
            ]);
            let next = f
                .next_due
                .map_or_else(String::new, |d| crate::tr!("run-next-due", day = d));
            let overdue = if f.overdue > 0 {
                crate::tr!("run-past-term", signals = f.overdue)
            } else {
                String::new()
            };
            let sent_late = match (f.late, f.corrected) {
                (0, 0) => String::new(),
                (l, c) => crate::tr!("run-sent-late", late = l, corrected = c),
            };
            steps.push(vec![
                "terugkoppeling".into(),
                crate::tr!(
                    "run-step-feedback",
                    sent = f.sent,
                    late = sent_late,
                    open = f.open,
                    next = next,
                    overdue = overdue
                ),
            ]);
        }
        let mut text = crate::tr!(
            "run-title",
            month = self.month,
            municipality = self.municipality,
            day = self.as_of
        );
        text += "\n";
        text += &present::table(
            &[&crate::tr!("col-stage"), &crate::tr!("col-result")],
            steps,
        );
        if let Some(p) = self.prioritise {
            text += &super::prioritise::deadline_line(&p.deadlines);
        }
        if let Some(p) = self.prioritise {
            let due: BTreeMap<&str, &QueueDeadline> = self
                .deadlines
                .iter()
                .map(|d| (d.queue.as_str(), d))
                .collect();
            text += &present::table(
                &[
                    &crate::tr!("col-list"),
                    &crate::tr!("col-households"),
                    &crate::tr!("col-capacity"),
                    &crate::tr!("col-overflow"),
                    &crate::tr!("col-extra"),
                    &crate::tr!("col-first-deadline"),
                ],
                p.fill.iter().map(|q| {
                    vec![
                        q.queue.clone(),
                        q.households.to_string(),
                        q.capacity.map_or_else(|| "-".into(), |c| c.to_string()),
                        q.overflow_out.to_string(),
                        q.extra.to_string(),
                        due.get(q.queue.as_str())
                            .and_then(|d| d.first_due)
                            .map_or_else(|| "-".into(), |d| d.to_string()),
                    ]
                }),
            );
            text += &crate::tr!("run-worklists", folder = dir.join("werklijsten").display());
            text += "\n";
        }
        if b.controleren > 0 {
            text += &crate::tr!(
                "run-review-list",
                file = dir.join("controleren.csv").display(),
                signals = b.controleren
            );
            text += "\n";
        }
        if self.ingest.rejected > 0 {
            text += &crate::tr!(
                "run-rejected",
                file = dir.join("afgewezen.csv").display(),
                rows = self.ingest.rejected
            );
            text += "\n";
        }
        if !f.files.is_empty() {
            let output = dir.parent().unwrap_or(Path::new("."));
            text += &crate::tr!("run-feedback-files", files = f.files.len());
            text += "\n";
            for file in &f.files {
                text += &format!("  {}\n", output.join(file).display());
            }
        }
        text
    }
}

/// The BRP verdicts in one line.
fn brp_line(b: &crate::brp::VerdictCounts) -> String {
    crate::tr!(
        "brp-verdicts",
        found = b.gevonden,
        review = b.controleren,
        not_registered = b.niet_ingeschreven,
        deceased = b.overleden
    )
}

/// `--strict` over the whole run: rejected rows or signals under review.
fn strict_outcome(common: &Common, ingested: &Ingested, brp: &crate::brp::Summary) -> Result<()> {
    if !common.strict {
        return Ok(());
    }
    let rejected = ingested.rejected.len() as u64;
    let review = brp.totals.controleren;
    if rejected + review > 0 {
        return Err(crate::exit::ProblemsFound(crate::tr!(
            "strict-run",
            rejected = rejected,
            review = review
        ))
        .into());
    }
    Ok(())
}
