//! `vroegsignaal rulebook check` and `rulebook test`: for CI and editors.

use crate::exit::{ConfigError, ProblemsFound};
use crate::present;
use crate::prioritise::test_examples;
use crate::rulebook::diagnostic::Severity;
use crate::rulebook::{self, Expected};
use crate::tomlfile::line_col;
use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXAMPLES: &str = "Examples:
  vroegsignaal rulebook check config/rulebook.toml config/examples/*.toml
  vroegsignaal rulebook check --format github config/rulebook.toml
  vroegsignaal rulebook test config/rulebook.toml";

#[derive(Debug, Args)]
pub struct RulebookArgs {
    #[command(subcommand)]
    pub action: RulebookAction,
}

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum CheckFormat {
    /// file:line:col, the line and a caret
    #[default]
    Human,
    /// GitHub Actions annotations, then the full report
    Github,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum RulebookAction {
    /// Report every problem in rulebooks (exit 78 when any has an error)
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: CheckFormat,
    },
    /// Run a rulebook's examples (exit 1 when one fails)
    Test {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: present::Format,
    },
}

#[derive(serde::Serialize)]
struct JsonDiagnostic {
    file: String,
    line: usize,
    column: usize,
    severity: &'static str,
    message: String,
}

pub fn run(args: &RulebookArgs) -> Result<()> {
    match &args.action {
        RulebookAction::Check { files, format } => check(files, *format),
        RulebookAction::Test { file, format } => test(file, *format),
    }
}

fn check(files: &[PathBuf], format: CheckFormat) -> Result<()> {
    let mut report = String::new();
    let mut annotations = String::new();
    let mut json = Vec::new();
    let (mut errors, mut warnings) = (0, 0);
    for path in files {
        let checked = rulebook::check_file(path)?;
        for d in &checked.diagnostics {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            report.push_str(&d.render(path, &checked.text));
            annotations.push_str(&d.github(path, &checked.text));
            let (line, column) = line_col(&checked.text, d.span.start);
            json.push(JsonDiagnostic {
                file: path.display().to_string(),
                line,
                column,
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                message: d.message.clone(),
            });
        }
    }
    let summary = format!(
        "{} rulebook{} checked: {errors} error{}, {warnings} warning{}\n",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    match format {
        CheckFormat::Human => present::stdout(&format!("{report}{summary}"))?,
        CheckFormat::Github => present::stdout(&format!("{annotations}{report}{summary}"))?,
        CheckFormat::Json => present::stdout(&(serde_json::to_string_pretty(&json)? + "\n"))?,
    }
    if errors > 0 {
        return Err(ConfigError(format!("{errors} errors in the rulebooks")).into());
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct Failure {
    example: String,
    line: usize,
    expected: String,
    got: String,
    rule: Option<String>,
    also: Vec<String>,
}

fn describe(e: &Expected) -> String {
    match e {
        Expected::Queue(q) => q.clone(),
        Expected::ScreenedOut(r) => format!("niet_opgepakt:{r}"),
    }
}

fn test(path: &std::path::Path, format: present::Format) -> Result<()> {
    let (rb, text) = rulebook::usable(path, rulebook::check_file(path)?)?;
    let failures: Vec<Failure> = test_examples(&rb)
        .into_iter()
        .map(|f| Failure {
            example: f.example.name.clone(),
            line: line_col(&text, f.example.span.start).0,
            expected: {
                let mut e = describe(&f.example.expect);
                if let Some(r) = &f.example.expect_rule {
                    e.push_str(&format!(" by rule `{r}`"));
                }
                if let Some(a) = &f.example.expect_also {
                    e.push_str(&format!(" also {}", a.join("+")));
                }
                e
            },
            got: describe(&f.got.outcome),
            rule: f.got.rule,
            also: f.got.also,
        })
        .collect();
    let total = rb.examples.len();
    let summary = serde_json::json!({
        "rulebook": path.display().to_string(),
        "examples": total,
        "passed": total - failures.len(),
        "failed": failures,
    });
    present::emit(format, &summary, || {
        let mut s = String::new();
        for f in &failures {
            s.push_str(&format!(
                "FAIL {}:{}: example `{}`: expected {}, got {}{}{}\n",
                path.display(),
                f.line,
                f.example,
                f.expected,
                f.got,
                f.rule
                    .as_ref()
                    .map_or_else(String::new, |r| format!(" (rule `{r}` fired)")),
                if f.also.is_empty() {
                    String::new()
                } else {
                    format!(" also {}", f.also.join("+"))
                }
            ));
        }
        s.push_str(&format!(
            "{}: {} examples, {} passed, {} failed\n",
            path.display(),
            total,
            total - failures.len(),
            failures.len()
        ));
        s
    })?;
    if !failures.is_empty() {
        return Err(ProblemsFound(format!("{} examples failed", failures.len())).into());
    }
    Ok(())
}
