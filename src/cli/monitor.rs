//! `vroegsignaal export-ddas` and `vroegsignaal report`: the monitor.

use crate::config::{Config, month_dir};
use crate::csvio::PendingOutputs;
use crate::exit::usage_err;
use crate::history::Store;
use crate::monitor::MonthData;
use crate::monitor::ddas::{self, DdasSummary, Sender};
use crate::month::Month;
use crate::present::{self, Format, note};
use crate::runlock::{Access, RunLock};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::Args;
use std::path::{Path, PathBuf};

pub const DDAS_EXAMPLES: &str = "Examples:
  vroegsignaal export-ddas --from 2026-09 --to 2026-10
  vroegsignaal export-ddas --from 2026-10 --to 2026-10 \\
      --out levering-2026-10.json --as-of 2026-11-15";

/// Where the months are and which config says who we are.
#[derive(Debug, Clone, Args)]
pub struct Source {
    /// Municipality config [default: config/vroegsignaal.toml when present]
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub config: Option<PathBuf>,
    /// The folder the monthly runs wrote to (what `run --out` was), with
    /// its history store [default: the config's `output` and `history`]
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    pub input: Option<PathBuf>,
    /// Summary on stdout as a table or as JSON
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,
    /// No notes on stderr
    #[arg(long, short)]
    pub quiet: bool,
    /// How long to wait for a run on the same output folder to finish
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
}

pub struct Opened {
    pub config: Config,
    pub root: PathBuf,
    /// The history store's file.
    pub history: PathBuf,
    pub store: Store,
    /// Shared with other readers; a run that writes waits for it.
    _lock: RunLock,
}

impl Source {
    pub fn open(&self) -> Result<Opened> {
        let config = super::require_config(self.config.as_deref())?;
        let (root, history) = match &self.input {
            Some(dir) => (dir.clone(), dir.join("historie.sqlite")),
            None => (config.output.clone(), config.history.clone()),
        };
        let lock = RunLock::acquire(
            &[&root, history.parent().unwrap_or(Path::new("."))],
            Access::Shared,
            std::time::Duration::from_secs(self.wait),
        )?;
        let store = Store::open(&history, false)?;
        Ok(Opened {
            config,
            root,
            history,
            store,
            _lock: lock,
        })
    }
}

impl Opened {
    /// The month's data; the month must still be in the history store.
    pub fn month(&self, month: Month) -> Result<MonthData> {
        if !self.store.has_month(month)? {
            bail!("{}", crate::tr!("month-not-in-store", month = month));
        }
        MonthData::load(&month_dir(&self.root, month), month, &self.store)
    }
}

#[derive(Debug, Args)]
pub struct DdasArgs {
    #[command(flatten)]
    pub source: Source,
    /// First month of the period
    #[arg(long, value_name = "YYYY-MM", help_heading = "Input")]
    pub from: Month,
    /// Last month of the period [default: --from]
    #[arg(long, value_name = "YYYY-MM", help_heading = "Input")]
    pub to: Option<Month>,
    /// The delivery file [default: <output>/ddas-<from>-<to>.json]
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub out: Option<PathBuf>,
    /// The day of delivery (`aanleverdatumEnTijd`) [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day, help_heading = "Input")]
    pub as_of: Option<NaiveDate>,
    /// Leave out signals whose client cannot be named (no BSN, no postcode
    /// or house number), each named, instead of refusing the delivery
    #[arg(long)]
    pub leave_out: bool,
    /// Code of the software supplier (`codeGegevensleverancier`)
    #[arg(long, value_name = "CODE", default_value = "vroegsignaal")]
    pub supplier: String,
}

pub fn export_ddas(args: &DdasArgs) -> Result<()> {
    let to = args.to.unwrap_or(args.from);
    if to < args.from {
        return usage_err(crate::tr!("to-before-from", to = to, from = args.from));
    }
    let opened = args.source.open()?;
    let mut months = Vec::new();
    let mut m = args.from;
    while m <= to {
        months.push(opened.month(m)?);
        m = m.next();
    }
    let muni = &opened.config.municipality;
    let sender = Sender {
        municipality_code: &muni.code,
        organisation: &muni.name,
        supplier_code: &args.supplier,
    };
    let delivered = args.as_of.unwrap_or_else(super::feedback::today);
    let mut delivery = ddas::build(
        &sender,
        args.from.first_day(),
        to.last_day(),
        delivered,
        &months,
    );
    let left_out = if args.leave_out {
        ddas::leave_out_undescribable(&mut delivery)
    } else {
        Vec::new()
    };
    for id in &left_out {
        note(
            args.source.quiet,
            &crate::tr!("ddas-signal-left-out", signal = id),
        );
    }
    let problems = ddas::check(&delivery);
    if !problems.is_empty() {
        let prefix = format!("\n{}: ", crate::tr!("error-prefix"));
        bail!(
            "{}{prefix}{}",
            problems.join(&prefix),
            crate::tr!(
                "ddas-problems",
                problems = problems.len(),
                leave_out = if args.leave_out { "yes" } else { "no" }
            )
        );
    }
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| opened.root.join(format!("ddas-{}-{}.json", args.from, to)));
    let mut out =
        PendingOutputs::new(&opened.root).shared_with_group(opened.config.share_with_group);
    out.write_with(&path, |w| {
        serde_json::to_writer_pretty(&mut *w, &delivery)?;
        Ok(w.write_all(b"\n")?)
    })?;
    out.commit()?;
    let summary = DdasSummary::of(path.display().to_string(), &delivery, left_out);
    present::emit(args.source.format, &summary, || ddas_table(&summary))
}

fn ddas_table(s: &DdasSummary) -> String {
    let t = present::table(
        &[&crate::tr!("col-status"), &crate::tr!("col-signals")],
        s.by_status
            .iter()
            .map(|(k, v)| vec![k.clone(), v.to_string()]),
    );
    let left_out = if s.left_out.is_empty() {
        String::new()
    } else {
        crate::tr!("ddas-left-out", signals = s.left_out.len()) + "\n"
    };
    let title = crate::tr!(
        "ddas-title",
        from = s.from,
        to = s.to,
        signals = s.signals,
        by_bsn = s.clients_by_bsn,
        cases = s.cases,
        results = s.cases_with_result,
        attempts = s.contact_attempts,
        file = s.file
    );
    let types = crate::tr!(
        "ddas-partner-types",
        types = present::counts(&s.by_partner_type)
    );
    format!("{left_out}{title}\n{t}{types}\n")
}

pub const REPORT_EXAMPLES: &str = "Examples:
  vroegsignaal report --month 2026-10
  vroegsignaal report --month 2026-10 --out rapport.html --format json
  # the report with old and new queue counts for another rulebook:
  vroegsignaal report --month 2026-10 --rulebook config/examples/g1.toml \\
      --compare config/rulebook.toml";

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub source: Source,
    /// The month to report on [default: the latest month in the history store]
    #[arg(long, value_name = "YYYY-MM", help_heading = "Input")]
    pub month: Option<Month>,
    /// The HTML file [default: <output>/<month>/rapport-<month>.html]
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub out: Option<PathBuf>,
    /// The day the report is about: what is open, what is late [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day, help_heading = "Input")]
    pub as_of: Option<NaiveDate>,
    /// Rulebook for the capacities (and the new side of --compare)
    /// [default: the config's `rulebook`]
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub rulebook: Option<PathBuf>,
    /// Add old and new queue counts side by side: the month prioritised
    /// with this (old) rulebook as well
    #[arg(long, value_name = "OLD", help_heading = "Input")]
    pub compare: Option<PathBuf>,
}

pub fn report(args: &ReportArgs) -> Result<()> {
    let opened = args.source.open()?;
    let month = match args.month {
        Some(m) => m,
        None => match opened.store.latest_month()? {
            Some(m) => m,
            None => return usage_err(crate::tr!("store-no-month")),
        },
    };
    let data = opened.month(month)?;
    let dir = month_dir(&opened.root, month);
    let config = &opened.config;
    let history = opened.store.signals_between(
        crate::history::oldest_kept(month, config.retention_months),
        month.next(),
    )?;
    let rulebook = match args.rulebook.as_deref().or(config.rulebook.as_deref()) {
        Some(p) => Some(crate::rulebook::load(p)?),
        None => None,
    };
    let comparison = match (&args.compare, &rulebook) {
        (Some(old), Some(new)) => Some(crate::monitor::report::compare_queues(
            &crate::rulebook::load(old)?,
            new,
            &data,
        )),
        (Some(_), None) => {
            return usage_err(crate::tr!("compare-needs-rulebook"));
        }
        _ => None,
    };
    let report = crate::monitor::report::build(crate::monitor::report::Inputs {
        data: &data,
        month_dir: &dir,
        history: &history,
        rulebook: rulebook.as_ref(),
        municipality: &config.municipality.name,
        inhabitants: config.municipality.inhabitants,
        term_days: config.term_days,
        as_of: args.as_of.unwrap_or_else(super::feedback::today),
        comparison,
        review_handlers: crate::brp::review::DecisionMemory::load(
            &opened
                .history
                .with_file_name(crate::brp::review::MEMORY_FILE),
        )?
        .handlers_in(month),
    })?;
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| dir.join(format!("rapport-{month}.html")));
    let mut out =
        PendingOutputs::new(&opened.root).shared_with_group(opened.config.share_with_group);
    let html = crate::monitor::html::render(&report);
    out.write_with(&path, |w| Ok(w.write_all(html.as_bytes())?))?;
    out.commit()?;
    present::emit(args.source.format, &report, || {
        let mut text = crate::tr!(
            "report-title",
            month = report.month,
            municipality = report.municipality,
            day = report.as_of,
            file = path.display()
        ) + "\n";
        for s in report.sections() {
            text += &format!("\n{}", s.title);
            if !s.note.is_empty() {
                text += &format!(" ({})", s.note);
            }
            text += "\n";
            let header: Vec<&str> = s.header.iter().map(String::as_str).collect();
            text += &present::table(&header, s.rows.clone());
        }
        text
    })
}
