//! `vroegsignaal profile guess`: a draft partner profile from an export.

use crate::exit::ProblemsFound;
use crate::present::note;
use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};
use std::path::PathBuf;

pub const EXAMPLES: &str = "Examples:
  vroegsignaal profile guess fixtures/exports/2026-10/zorg-zuid-2026-10.csv
  vroegsignaal profile guess --type water --out water.toml \\
      fixtures/exports/2026-10/water-rijnvelde-2026-10.csv";

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub action: ProfileAction,
}

#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Read a partner export (CSV or XLSX) and write a draft profile, with
    /// the reason for every guess
    Guess {
        /// The partner's export
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The partner type to write into the profile (zorg, energie, water, huur, ...)
        #[arg(long = "type", value_name = "TYPE")]
        partner_type: Option<String>,
        /// Write the draft here instead of to standard output (never over a file)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// No notes on stderr
        #[arg(long, short)]
        quiet: bool,
    },
}

pub fn run(args: &ProfileArgs) -> Result<()> {
    let ProfileAction::Guess {
        file,
        partner_type,
        out,
        quiet,
    } = &args.action;
    if let Some(t) = partner_type
        && crate::signal::PartnerType::parse(t).is_none()
    {
        let types = crate::signal::PartnerType::ALL
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return crate::exit::usage_err(crate::tr!("profile-type", value = t, types = types));
    }
    let draft = crate::profile_guess::guess(file, partner_type.as_deref())?;
    match out {
        Some(path) => {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            let mut f = options.open(path).map_err(|e| {
                anyhow!(
                    "{}: {}",
                    path.display(),
                    crate::tr!("profile-cannot-create", why = crate::csvio::io_reason(&e))
                )
            })?;
            std::io::Write::write_all(&mut f, draft.text.as_bytes())?;
            note(
                *quiet,
                &format!("{}: {}", path.display(), crate::tr!("profile-written")),
            );
        }
        None => print!("{}", draft.text),
    }
    if !draft.missing.is_empty() {
        return Err(ProblemsFound(format!(
            "{}: {}",
            file.display(),
            crate::tr!(
                "profile-missing",
                fields = draft.missing.join(&format!(" {} ", crate::tr!("word-and")))
            )
        ))
        .into());
    }
    Ok(())
}
