//! The command line: argument structs and dispatch. Each subcommand's `run`
//! resolves its inputs and calls into the stage's module.

mod brp_check;
mod explain;
mod feedback;
mod history;
mod ingest;
mod init;
mod matching;
mod monitor;
mod prioritise;
mod profile;
mod progress;
mod rulebook;
mod run;

use crate::config::{Config, month_dir};
use crate::csvio::Dialect;
use crate::exit::usage_err;
use crate::month::Month;
use crate::present::{Format, note};
pub use crate::workspace::Workspace;
use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const ABOUT: &str = "Monthly batch processing for vroegsignalering van schulden: partner exports and a BRP \
extract in, work lists and terugkoppeling out.";

/// The version and the commit it was built from (when built in a git
/// checkout; see build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("VROEGSIGNAAL_COMMIT"),
    ")"
);

const EXIT_CODES: &str = "Exit codes: 0 ok; 1 problems found with --strict; 2 data or runtime error; \
64 usage error; 78 config, profile or rulebook invalid.";

#[derive(Debug, Parser)]
#[command(name = "vroegsignaal", version = VERSION, about = ABOUT, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Tables at full width, not fitted to the terminal
    #[arg(long, global = true)]
    pub wide: bool,
    /// The language of messages and help: nl (default) or en; also
    /// VROEGSIGNAAL_LANG
    #[arg(long, global = true, value_enum, value_name = "TAAL")]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the month's partner exports into one checked signal file
    #[command(after_long_help = ingest::EXAMPLES)]
    Ingest(ingest::IngestArgs),
    /// Check every signal against the BRP extract
    #[command(after_long_help = brp_check::EXAMPLES)]
    BrpCheck(brp_check::BrpCheckArgs),
    /// Group signals per household and add facts from history and lists
    #[command(after_long_help = matching::EXAMPLES)]
    Match(matching::MatchArgs),
    /// Apply the rulebook and write one work list per queue
    #[command(after_long_help = prioritise::EXAMPLES)]
    Prioritise(prioritise::PrioritiseArgs),
    /// Read results from the work lists and write the terugkoppeling that is due
    #[command(after_long_help = feedback::EXAMPLES)]
    ExportFeedback(feedback::FeedbackArgs),
    /// Run the whole monthly job: every stage and the feedback that is due
    #[command(after_long_help = run::EXAMPLES)]
    Run(run::RunArgs),
    /// Show why a signal ended where it did: facts, rules tried, capacity
    #[command(after_long_help = explain::EXAMPLES)]
    Explain(explain::ExplainArgs),
    /// Check a rulebook or run its examples (for CI and editors)
    #[command(after_long_help = rulebook::EXAMPLES)]
    Rulebook(rulebook::RulebookArgs),
    /// Write the DDAS delivery to CBS for a period of months
    #[command(after_long_help = monitor::DDAS_EXAMPLES)]
    ExportDdas(monitor::DdasArgs),
    /// Write the monthly report (one HTML file) and print its figures
    #[command(after_long_help = monitor::REPORT_EXAMPLES)]
    Report(monitor::ReportArgs),
    /// Inspect the history store or remove what is past retention
    #[command(after_long_help = history::EXAMPLES)]
    History(history::HistoryArgs),
    /// Make the folder of a new municipality: config, BRP profile, rulebook, checklist
    #[command(after_long_help = init::EXAMPLES)]
    Init(init::InitArgs),
    /// Guess a partner profile from an export
    #[command(after_long_help = profile::EXAMPLES)]
    Profile(profile::ProfileArgs),
    /// Print shell completions (bash, zsh, fish, powershell, elvish)
    #[command(after_long_help = "Examples:
  vroegsignaal completions bash \\
      > ~/.local/share/bash-completion/completions/vroegsignaal
  vroegsignaal completions zsh > ~/.zfunc/_vroegsignaal")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff)
    #[command(after_long_help = "Examples:
  vroegsignaal man > vroegsignaal.1 && man ./vroegsignaal.1")]
    Man,
}

/// Options every stage takes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Municipality config [default: config/vroegsignaal.toml when present]
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub config: Option<PathBuf>,
    /// Month to process, YYYY-MM [default: the latest month with exports]
    #[arg(long, value_name = "YYYY-MM", help_heading = "Input")]
    pub month: Option<Month>,
    /// Output folder for this run instead of the config's `output`
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub out: Option<PathBuf>,
    /// Summary on stdout as a table or as JSON
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,
    /// CSV files for Dutch Excel (BOM, `;`) or plain CSV (`,`)
    #[arg(
        long = "csv",
        value_enum,
        default_value_t,
        value_name = "DIALECT",
        help_heading = "Output"
    )]
    pub dialect: Dialect,
    /// Exit with code 1 when rows were rejected or need review
    #[arg(long)]
    pub strict: bool,
    /// No notes or progress on stderr
    #[arg(long, short)]
    pub quiet: bool,
    /// How long to wait for another run on the same output folder to finish
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
}

impl Common {
    /// Loads the config and settles the month and output folder.
    pub fn workspace(&self) -> Result<Workspace> {
        let config = require_config(self.config.as_deref())?;
        let month = match self.month {
            Some(m) => m,
            None => match config.latest_month()? {
                Some(m) => {
                    note(self.quiet, &crate::tr!("month-taken", month = m));
                    m
                }
                None => {
                    return usage_err(crate::tr!("month-missing"));
                }
            },
        };
        let output = self.out.clone().unwrap_or_else(|| config.output.clone());
        let history = match &self.out {
            Some(out) => out.join("historie.sqlite"),
            None => config.history.clone(),
        };
        Ok(Workspace {
            dir: month_dir(&output, month),
            config,
            month,
            history,
            output,
            quiet: self.quiet,
            dialect: self.dialect,
            wait: std::time::Duration::from_secs(self.wait),
        })
    }
}

/// A day on the command line: `2026-11-30`, or as Dutch people write it,
/// `30-11-2026`.
pub fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::fields::date::parse_full(s.trim(), None).map_err(|_| crate::tr!("not-a-day", value = s))
}

/// The config named by `--config`, else the default one; a usage error
/// when there is none.
pub fn require_config(explicit: Option<&std::path::Path>) -> Result<Config> {
    match Config::discover(explicit)? {
        Some(c) => Ok(c),
        None => usage_err(crate::tr!("no-config", path = crate::config::DEFAULT_PATH)),
    }
}

/// Runs the parsed command; the error's chain decides the exit code.
pub fn dispatch(cli: Cli) -> Result<()> {
    crate::present::set_wide(cli.wide);
    match cli.command {
        Command::Ingest(args) => ingest::run(&args),
        Command::Run(args) => run::run(&args),
        Command::BrpCheck(args) => brp_check::run(&args),
        Command::Match(args) => matching::run(&args),
        Command::History(args) => history::run(&args),
        Command::Prioritise(args) => prioritise::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Rulebook(args) => rulebook::run(&args),
        Command::ExportFeedback(args) => feedback::run(&args),
        Command::ExportDdas(args) => monitor::export_ddas(&args),
        Command::Report(args) => monitor::report(&args),
        Command::Init(args) => init::run(&args),
        Command::Profile(args) => profile::run(&args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "vroegsignaal", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(cmd).render(&mut std::io::stdout()) {
                // Piped into `head` or a pager that quit: not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => Ok(other?),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
        // With the catalog's help and the built-in flags put back in the
        // language in use.
        crate::i18n::localise(Cli::command()).debug_assert();
    }
}
