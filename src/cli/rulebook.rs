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
  vroegsignaal rulebook test config/rulebook.toml config/examples/*.toml
  vroegsignaal rulebook test --format github config/rulebook.toml";

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
    /// Run rulebooks' examples (exit 1 when one fails)
    Test {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: CheckFormat,
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
        RulebookAction::Test { files, format } => test(files, *format),
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
    let summary = crate::tr!(
        "rulebooks-checked",
        rulebooks = files.len(),
        errors = errors,
        warnings = warnings
    ) + "\n";
    match format {
        CheckFormat::Human => present::stdout(&format!("{report}{summary}"))?,
        CheckFormat::Github => present::stdout(&format!("{annotations}{report}{summary}"))?,
        CheckFormat::Json => present::stdout(&(serde_json::to_string_pretty(&json)? + "\n"))?,
    }
    if errors > 0 {
        return Err(ConfigError(crate::tr!("rulebook-errors", errors = errors)).into());
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct Failure {
    rulebook: String,
    example: String,
    line: usize,
    expected: String,
    got: String,
    rule: Option<String>,
    also: Vec<String>,
}

impl Failure {
    /// `FAIL file:line: example ...: expected X, got Y (rule fired) also Z`.
    fn line(&self) -> String {
        crate::tr!(
            "example-failed",
            rulebook = self.rulebook,
            line = self.line,
            example = self.example,
            expected = self.expected,
            got = self.got,
            fired = self.rule.as_ref().map_or_else(String::new, |r| {
                crate::tr!("example-rule-fired", rule = r)
            }),
            also = if self.also.is_empty() {
                String::new()
            } else {
                crate::tr!("example-also", lists = self.also.join("+"))
            }
        )
    }
}

/// One rulebook's examples: how many, and the ones that failed.
#[derive(serde::Serialize)]
struct Tested {
    rulebook: String,
    examples: usize,
    passed: usize,
}

fn describe(e: &Expected) -> String {
    match e {
        Expected::Queue(q) => q.clone(),
        Expected::ScreenedOut(r) => format!("niet_opgepakt:{r}"),
    }
}

/// Runs the examples of one rulebook.
fn test_one(path: &std::path::Path) -> Result<(Tested, Vec<Failure>)> {
    let (rb, text) = rulebook::usable(path, rulebook::check_file(path)?)?;
    let shown = path.display().to_string();
    let failures: Vec<Failure> = test_examples(&rb)
        .into_iter()
        .map(|f| Failure {
            rulebook: shown.clone(),
            example: f.example.name.clone(),
            line: line_col(&text, f.example.span.start).0,
            expected: {
                let mut e = describe(&f.example.expect);
                if let Some(r) = &f.example.expect_rule {
                    e.push_str(&crate::tr!("example-by-rule", rule = r));
                }
                if let Some(a) = &f.example.expect_also {
                    e.push_str(&crate::tr!("example-also", lists = a.join("+")));
                }
                e
            },
            got: describe(&f.got.outcome),
            rule: f.got.rule,
            also: f.got.also,
        })
        .collect();
    let examples = rb.examples.len();
    Ok((
        Tested {
            rulebook: shown,
            examples,
            passed: examples - failures.len(),
        },
        failures,
    ))
}

fn test(files: &[PathBuf], format: CheckFormat) -> Result<()> {
    let mut tested = Vec::new();
    let mut failures = Vec::new();
    for path in files {
        let (t, f) = test_one(path)?;
        tested.push(t);
        failures.extend(f);
    }
    let examples: usize = tested.iter().map(|t| t.examples).sum();
    let mut report: String = failures.iter().map(|f| f.line() + "\n").collect();
    for t in &tested {
        report += &crate::tr!(
            "examples-tested",
            rulebook = t.rulebook,
            examples = t.examples,
            passed = t.passed,
            failed = t.examples - t.passed
        );
        report += "\n";
    }
    match format {
        CheckFormat::Human => present::stdout(&report)?,
        CheckFormat::Github => {
            let annotations: String = failures
                .iter()
                .map(|f| {
                    format!(
                        "::error file={},line={}::{}\n",
                        f.rulebook.replace(',', "%2C"),
                        f.line,
                        f.line().replace('%', "%25")
                    )
                })
                .collect();
            present::stdout(&format!("{annotations}{report}"))?;
        }
        CheckFormat::Json => {
            let summary = serde_json::json!({
                "examples": examples,
                "passed": examples - failures.len(),
                "rulebooks": tested,
                "failed": failures,
            });
            present::stdout(&(serde_json::to_string_pretty(&summary)? + "\n"))?;
        }
    }
    if !failures.is_empty() {
        return Err(ProblemsFound(crate::tr!("examples-failed", failed = failures.len())).into());
    }
    Ok(())
}
