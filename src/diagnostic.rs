//! Problems found in a TOML file (a rulebook, the config), with the place
//! they are at, rendered for people (file:line:col, the line and a caret)
//! or as GitHub annotations.

use crate::tomlfile::line_col;
use std::ops::Range;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Byte range in the rulebook text.
    pub span: Range<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
        }
    }

    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
        }
    }

    fn label(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The label as a person reads it, in the language in use.
    fn shown_label(&self) -> String {
        match self.severity {
            Severity::Error => crate::tr!("error-prefix"),
            Severity::Warning => crate::tr!("warning-prefix"),
        }
    }

    /// `error: FILE:LINE:COL: message`, the line, and a caret under the span.
    pub fn render(&self, path: &Path, text: &str) -> String {
        let (line, col) = line_col(text, self.span.start);
        let source = text.lines().nth(line - 1).unwrap_or("");
        let width = text
            .get(self.span.clone())
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1))
            .min(source.chars().count().saturating_sub(col - 1).max(1));
        let gutter = line.to_string().len();
        format!(
            "{}: {}:{line}:{col}: {}\n{:gutter$} |\n{line} | {source}\n{:gutter$} | {}{}\n",
            self.shown_label(),
            path.display(),
            self.message,
            "",
            "",
            " ".repeat(col - 1),
            "^".repeat(width),
        )
    }

    /// A GitHub Actions workflow command.
    pub fn github(&self, path: &Path, text: &str) -> String {
        let (line, col) = line_col(text, self.span.start);
        let escape = |s: &str| {
            s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let file = escape(&path.display().to_string()).replace(',', "%2C");
        format!(
            "::{} file={file},line={line},col={col}::{}\n",
            self.label(),
            escape(&self.message)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_line_column_and_caret() {
        let text = "name = \"x\"\nqueue = \"huisbezok\"\n";
        let start = text.find("\"huisbezok\"").unwrap();
        let d = Diagnostic::error(start..start + 11, "unknown queue");
        let shown = d.render(Path::new("r.toml"), text);
        // Unit tests run in the default language, Dutch; GitHub's
        // annotation keeps its own English words.
        assert!(
            shown.starts_with("fout: r.toml:2:9: unknown queue\n"),
            "{shown}"
        );
        assert!(shown.contains("2 | queue = \"huisbezok\"\n"), "{shown}");
        assert!(shown.contains("  |         ^^^^^^^^^^^\n"), "{shown}");
        assert_eq!(
            d.github(Path::new("r.toml"), text),
            "::error file=r.toml,line=2,col=9::unknown queue\n"
        );
    }
}
