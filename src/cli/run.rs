//! `vroegsignaal run`: the monthly job, stages chained in memory.

use super::progress::Stage;
use super::{Common, Workspace};
use crate::exit::usage_err;
use crate::history::Store;
use crate::ingest::{self, Ingested, PartnerExports};
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

/// Ingest for the workspace's month, from the config's partners.
pub fn ingest_month(ws: &Workspace) -> Result<Ingested> {
    let config = &ws.config;
    if config.partners.is_empty() {
        return usage_err(format!(
            "{}: no [[partner]] configured",
            config.path.display()
        ));
    }
    let mut partners = Vec::new();
    for p in &config.partners {
        partners.push(PartnerExports {
            id: p.id.clone(),
            partner_type: Some(p.partner_type),
            profile: &p.profile,
            files: p.files_for(ws.month)?,
        });
    }
    if partners.iter().all(|p| p.files.is_empty()) {
        anyhow::bail!("no partner exports found for {}", ws.month);
    }
    ingest::ingest(&partners, ws.month, config.max_amount_cents, &file_name)
}

/// Rows point at their export by file name: deterministic wherever the
/// job runs, and export names carry partner and month.
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

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
    let _lock = ws.begin(common, Access::Exclusive)?;
    let as_of = args.as_of.unwrap_or_else(super::feedback::today);
    // A broken rulebook stops the run before any work is done; without one
    // configured the run ends after match.
    let rulebook = match &ws.config.rulebook {
        Some(p) => Some(crate::rulebook::load(p)?),
        None => {
            crate::present::note(
                common.quiet,
                "no `rulebook` in the config: the run stops after match (no work lists)",
            );
            None
        }
    };
    if let Some(rb) = &rulebook {
        super::prioritise::holiday_note(rb, ws.month, common.quiet);
        // A broken letter template stops the run before any work.
        crate::prioritise::letters::check_template(&ws.config.letters)?;
    }
    let facts = rulebook
        .as_ref()
        .map(|r| r.facts.clone())
        .unwrap_or_default();
    // Results recorded in earlier months' work lists are read (and
    // checked) first: this month's facts use them.
    let earlier = super::feedback::gather_others(&ws, as_of, common, true)?;
    let progress = Stage::start(common.quiet, "ingest");
    let mut ingested = ingest_month(&ws)?;
    let mut out = ws.pending();
    ingested.write(&ws.dir, common.dialect, &mut out)?;
    // The signals move on to the next stage; the ingest summary needs only
    // the counts and rejections.
    let signals = std::mem::take(&mut ingested.signals);
    let rejected = crate::feedback::rejected_from(&ingested.rejected);
    let ingest_summary = ingested.summary();
    progress.done(&format!(
        "{} rows read, {} signals, {} rejected",
        ingest_summary.rows, ingest_summary.accepted, ingest_summary.rejected
    ));
    let quiet = Common {
        strict: false,
        ..common.clone()
    };
    let progress = Stage::start(common.quiet, "brp-check");
    let checked = super::brp_check::check_month(
        &ws,
        signals,
        super::brp_check::Inputs {
            accept_register_change: args.accept_register_change,
            ..Default::default()
        },
        &quiet,
        &mut out,
    )?;
    let brp = super::brp_check::summarise(&checked);
    progress.done(&format!(
        "{} gevonden, {} controleren, {} niet ingeschreven, {} overleden",
        brp.totals.gevonden,
        brp.totals.controleren,
        brp.totals.niet_ingeschreven,
        brp.totals.overleden
    ));
    let progress = Stage::start(common.quiet, "match");
    let stage = super::matching::match_month(&ws, checked.resolved(), &facts, &quiet, &mut out)?;
    let m = &stage.matched;
    progress.done(&format!("{} households", m.households.len()));
    let mut statuses = Vec::new();
    let priorities = match &rulebook {
        Some(rb) => {
            let progress = Stage::start(common.quiet, "prioritise");
            // A later run of the month adds to the lists an earlier one
            // made: every household keeps its list and the officer's work.
            let earlier = crate::prioritise::earlier::EarlierLists::read(&ws.dir)?;
            let decided = crate::prioritise::prioritise_keeping(
                rb,
                &m.signals,
                &m.households,
                &earlier.lists(),
            );
            super::prioritise::earlier_notes(common.quiet, ws.month, &decided);
            super::prioritise::write_letters(
                &ws,
                rb,
                &decided,
                &m.signals,
                &m.households,
                as_of,
                common.dialect,
                &mut out,
            )?;
            crate::prioritise::worklists::write(
                rb,
                &decided,
                &m.signals,
                &m.households,
                &crate::prioritise::worklists::ListsOut {
                    month: ws.month,
                    dir: &ws.dir,
                    dialect: common.dialect,
                    as_of,
                    earlier: &earlier,
                },
                &mut out,
            )?;
            statuses = crate::feedback::statuses_from(&decided, &m.signals);
            let s = super::prioritise::summarise(&ws, rb, &decided, &m.signals, as_of);
            progress.done(&format!(
                "{} households on work lists, {} signals not picked up",
                s.households_placed, s.screened_out
            ));
            let due = deadlines(&s);
            Some((s, due))
        }
        None => None,
    };
    let progress = Stage::start(common.quiet, "terugkoppeling");
    let mut store = Store::open(&ws.history, true)?;
    let exports = if priorities.is_some() {
        super::feedback::due_for_run(
            &ws,
            earlier,
            super::feedback::JustDecided {
                statuses: &statuses,
                rejected: &rejected,
            },
            &store,
            as_of,
            common,
            &mut out,
        )?
    } else {
        Vec::new()
    };
    let feedback: Vec<super::feedback::Summary> =
        exports.iter().map(super::feedback::summarise).collect();
    let feedback_total = FeedbackTotal::of(&feedback);
    progress.done(&format!(
        "{} codes sent, {} open",
        feedback_total.sent, feedback_total.open
    ));
    let matched = stage.record(&ws, as_of)?;
    for e in &exports {
        store.record_intents(e.month, &e.batch)?;
    }
    out.commit()?;
    for e in &exports {
        e.record(&mut store)?;
    }
    for f in &feedback {
        super::feedback::corrected_note(common.quiet, f, false);
    }
    // Month folders past retention lose their personal files, as the
    // store loses their records.
    let latest = store.latest_month()?.unwrap_or(ws.month).max(ws.month);
    let cleared = crate::retention::purge_month_folders(
        &ws.output,
        latest,
        ws.config.retention_months,
        ws.config.keep_reports,
    )?;
    if !cleared.is_empty() {
        crate::present::note(
            common.quiet,
            &format!(
                "removed {} file(s) of month folders past retention (before {})",
                cleared.len(),
                crate::history::oldest_kept(latest, ws.config.retention_months)
            ),
        );
    }
    for m in exports.iter().filter_map(super::feedback::missing_message) {
        crate::present::note(common.quiet, &m);
    }
    super::ingest::print_notes(common, &ingested);
    let summary = RunSummary {
        month: ws.month.to_string(),
        municipality: ws.config.municipality.name.clone(),
        as_of,
        ingest: ingest_summary,
        brp_check: brp,
        matched: super::matching::summarise(&matched),
        prioritise: priorities.as_ref().map(|p| &p.0),
        deadlines: priorities.as_ref().map(|p| p.1.clone()).unwrap_or_default(),
        feedback: feedback_total,
        feedback_by_month: feedback,
    };
    present::emit(common.format, &summary, || summary.text(&ws.dir))?;
    strict_outcome(common, &ingested, &checked)
}

/// The first deadline and the number of households per queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueueDeadline {
    pub queue: String,
    pub households: u64,
    pub first_due: Option<NaiveDate>,
}

/// The first deadline and the number of households per work list.
fn deadlines(s: &super::prioritise::Summary) -> Vec<QueueDeadline> {
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
    fn of(months: &[super::feedback::Summary]) -> FeedbackTotal {
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
    ingest: crate::ingest::Summary<'a>,
    brp_check: super::brp_check::Summary,
    #[serde(rename = "match")]
    matched: super::matching::Summary,
    prioritise: Option<&'a super::prioritise::Summary>,
    deadlines: Vec<QueueDeadline>,
    feedback: FeedbackTotal,
    feedback_by_month: Vec<super::feedback::Summary>,
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
                format!(
                    "{} rows read: {} signals, {} rejected",
                    self.ingest.rows, self.ingest.accepted, self.ingest.rejected
                ),
            ],
            vec![
                "brp-check".into(),
                format!(
                    "{} gevonden, {} controleren, {} niet ingeschreven, {} overleden",
                    b.gevonden, b.controleren, b.niet_ingeschreven, b.overleden
                ),
            ],
            vec![
                "match".into(),
                format!(
                    "{} households: {} enkelvoudig, {} meervoudig, {} recidive",
                    m.huishoudens, m.enkelvoudig, m.meervoudig, m.recidive
                ),
            ],
        ];
        if let Some(p) = self.prioritise {
            let reasons = present::counts(&p.screened_out_by_reason);
            steps.push(vec![
                "prioritise".into(),
                format!(
                    "{} households on work lists; {} signals not picked up{}",
                    p.households_placed,
                    p.screened_out,
                    if reasons.is_empty() {
                        String::new()
                    } else {
                        format!(" ({reasons})")
                    }
                ),
            ]);
            let next = f
                .next_due
                .map_or_else(String::new, |d| format!(", next due {d}"));
            let late = if f.overdue > 0 {
                format!(", {} past the term", f.overdue)
            } else {
                String::new()
            };
            let sent_late = match (f.late, f.corrected) {
                (0, 0) => String::new(),
                (l, 0) => format!(" ({l} after the term)"),
                (0, c) => format!(" ({c} corrections)"),
                (l, c) => format!(" ({l} after the term, {c} corrections)"),
            };
            steps.push(vec![
                "terugkoppeling".into(),
                format!(
                    "{} codes sent{sent_late}; {} signals open{next}{late}",
                    f.sent, f.open
                ),
            ]);
        }
        let mut text = format!(
            "run {} ({}), as of {}\n{}",
            self.month,
            self.municipality,
            self.as_of,
            present::table(&["stage", "result"], steps)
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
                    "werklijst",
                    "huishoudens",
                    "capaciteit",
                    "overloop",
                    "extra",
                    "eerste deadline",
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
            text += &format!("work lists:     {}\n", dir.join("werklijsten").display());
        }
        if b.controleren > 0 {
            text += &format!(
                "review list:    {} ({})\n",
                dir.join("controleren.csv").display(),
                plural(b.controleren, "signal")
            );
        }
        if self.ingest.rejected > 0 {
            text += &format!(
                "rejected rows:  {} ({})\n",
                dir.join("afgewezen.csv").display(),
                plural(self.ingest.rejected, "row")
            );
        }
        if !f.files.is_empty() {
            let output = dir.parent().unwrap_or(Path::new("."));
            text += &format!("terugkoppeling: {} files to upload:\n", f.files.len());
            for file in &f.files {
                text += &format!("  {}\n", output.join(file).display());
            }
        }
        text
    }
}

/// `1 row`, `2 rows`.
fn plural(n: u64, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// `--strict` over the whole run: rejected rows or signals under review.
fn strict_outcome(
    common: &Common,
    ingested: &Ingested,
    checked: &crate::brp::Checked,
) -> Result<()> {
    if !common.strict {
        return Ok(());
    }
    let rejected = ingested.rejected.len();
    let review = checked
        .signals
        .iter()
        .filter(|c| c.brp.verdict == crate::brp::Verdict::Controleren)
        .count();
    if rejected + review > 0 {
        return Err(crate::exit::ProblemsFound(format!(
            "{rejected} rows rejected, {review} signals to review (--strict)"
        ))
        .into());
    }
    Ok(())
}
