//! `vroegsignaal ingest`.

use super::Common;
use crate::csvio::PendingOutputs;
use crate::exit::{ProblemsFound, usage_err};
use crate::ingest::{self, Ingested, PartnerExports};
use crate::month::Month;
use crate::present::{self, counts, note};
use crate::profile::Profile;
use crate::runlock::{Access, RunLock};
use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  vroegsignaal ingest --month 2026-10
  vroegsignaal ingest --month 2026-10 --format json
  # try a layout without a config:
  vroegsignaal ingest --profile config/partners/water-rijnvelde.toml \\
      --out /tmp/try fixtures/exports/2026-10/water-rijnvelde-2026-10.csv";

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub common: Common,
    /// Try a layout without a config: read FILEs with this partner profile
    #[arg(
        long,
        value_name = "PROFILE",
        requires = "files",
        help_heading = "Input"
    )]
    pub profile: Option<PathBuf>,
    /// Partner id for --profile [default: the profile's file name]
    #[arg(long, value_name = "ID", requires = "profile", help_heading = "Input")]
    pub partner: Option<String>,
    /// Export files to read with --profile
    #[arg(value_name = "FILE", requires = "profile")]
    pub files: Vec<PathBuf>,
}

pub fn run(args: &IngestArgs) -> Result<()> {
    let common = &args.common;
    let (ingested, dir, _lock) = match &args.profile {
        Some(profile_path) => {
            let (ingested, dir) = ingest_with_profile(args, profile_path)?;
            let root = dir.parent().unwrap_or(Path::new(".")).to_path_buf();
            let lock = RunLock::acquire(
                &[&root],
                Access::Exclusive,
                std::time::Duration::from_secs(common.wait),
            )?;
            (ingested, dir, lock)
        }
        None => {
            let ws = common.workspace()?;
            let lock = ws.begin(Access::Exclusive)?;
            (ingest::run(&ws)?, ws.dir, lock)
        }
    };
    let root = dir.parent().unwrap_or(Path::new("."));
    let mut out = PendingOutputs::new(root);
    ingested.write(&dir, common.dialect, &mut out)?;
    out.commit()?;
    report(common, &ingested, &dir)
}

fn ingest_with_profile(args: &IngestArgs, profile_path: &Path) -> Result<(Ingested, PathBuf)> {
    let profile = Profile::load(profile_path)?;
    let month = match args.common.month {
        Some(m) => m,
        None => month_from_names(&args.files)?,
    };

    let id = args.partner.clone().unwrap_or_else(|| {
        profile_path
            .file_stem()
            .map_or_else(|| "partner".into(), |s| s.to_string_lossy().into_owned())
    });
    let partners = [PartnerExports {
        id,
        partner_type: None,
        profile: &profile,
        files: args.files.clone(),
    }];
    let max_amount_cents = crate::config::MAX_AMOUNT_EUROS * 100;
    let ingested = ingest::ingest(&partners, month, max_amount_cents, &ingest::file_name)?;
    let output = args
        .common
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("uitvoer"));
    Ok((ingested, crate::config::month_dir(&output, month)))
}

fn month_from_names(files: &[PathBuf]) -> Result<Month> {
    let months: Vec<Option<Month>> = files
        .iter()
        .map(|f| Month::find_in(&f.to_string_lossy()))
        .collect();
    match months.first() {
        Some(Some(m)) if months.iter().all(|x| x == &Some(*m)) => Ok(*m),
        _ => usage_err(crate::tr!("files-months-differ")),
    }
}

/// Notes and the first rejected rows on stderr (no personal values).
pub fn print_notes(common: &Common, ingested: &Ingested) {
    for n in &ingested.notices {
        note(common.quiet, n);
    }
    const SHOWN: usize = 10;
    if !common.quiet {
        for r in ingested.rejected.iter().take(SHOWN) {
            let field = if r.field.is_empty() {
                String::new()
            } else {
                crate::tr!("rejected-column", column = r.field)
            };
            eprintln!(
                "{}: {}:{}: {}{field}",
                crate::tr!("rejected-prefix"),
                r.source_file,
                r.line,
                r.reason
            );
        }
        if ingested.rejected.len() > SHOWN {
            eprintln!(
                "{}: {}",
                crate::tr!("rejected-prefix"),
                crate::tr!("rejected-more", rows = ingested.rejected.len() - SHOWN)
            );
        }
    }
}

/// The summary table (or JSON), rejected rows on stderr, and `--strict`.
pub fn report(common: &Common, ingested: &Ingested, dir: &Path) -> Result<()> {
    print_notes(common, ingested);
    let summary = ingested.summary();
    present::emit(common.format, &summary, || {
        let rows = ingested.by_partner.iter().map(|(id, s)| {
            vec![
                id.clone(),
                s.files.to_string(),
                s.rows.to_string(),
                s.accepted.to_string(),
                s.rejected.to_string(),
                counts(&s.rejected_by_reason),
                counts(&s.warnings),
            ]
        });
        let totals = vec![
            crate::tr!("total"),
            String::new(),
            summary.rows.to_string(),
            summary.accepted.to_string(),
            summary.rejected.to_string(),
            String::new(),
            String::new(),
        ];
        let t = present::table(
            &[
                &crate::tr!("col-partner"),
                &crate::tr!("col-files"),
                &crate::tr!("col-rows"),
                &crate::tr!("col-accepted"),
                &crate::tr!("col-rejected"),
                &crate::tr!("col-rejected-by-reason"),
                &crate::tr!("col-warnings"),
            ],
            rows.chain([totals]),
        );
        crate::tr!(
            "ingest-title",
            month = summary.month,
            folder = dir.display()
        ) + "\n"
            + &t
    })?;
    if common.strict && summary.rejected > 0 {
        return Err(ProblemsFound(crate::tr!("strict-rejected", rows = summary.rejected)).into());
    }
    Ok(())
}
