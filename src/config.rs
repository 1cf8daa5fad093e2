//! The municipality config (`config/vroegsignaal.toml`): who we are, which
//! partners deliver what, and where inputs and outputs live. Relative paths
//! are relative to the config file.

use crate::diagnostic::Diagnostic;
use crate::exit::{ConfigError, config_err};
use crate::month::Month;
use crate::profile::Profile;
use crate::signal::PartnerType;
use crate::tomlfile;
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Where the config is looked for when `--config` is not given.
pub const DEFAULT_PATH: &str = "config/vroegsignaal.toml";

/// Decision thresholds, from the config's `[brp]` table: match
/// probabilities, and the lead in points (bits) the best candidate needs.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub found_at: f64,
    pub review_at: f64,
    /// The best candidate must lead the next by this many points to be
    /// `gevonden` (5 points: 32 times as likely).
    pub margin: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            found_at: 0.95,
            review_at: 0.5,
            margin: 5.0,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    municipality: Municipality,
    output: String,
    history: Option<String>,
    retention_months: Option<Spanned<u32>>,
    /// The largest amount (euros) a signal may carry; above it the row is
    /// rejected as `bedrag_ongeldig`.
    max_amount: Option<Spanned<u64>>,
    /// Keep each month's report (counts only) when the month folder is
    /// cleared past retention.
    keep_reports: Option<bool>,
    /// Outputs readable by the owner's group (0640 in 0750 folders).
    share_with_group: Option<bool>,
    rulebook: Option<String>,
    brp: Option<RawBrp>,
    shv: Option<RawList>,
    opt_out: Option<RawList>,
    areas: Option<RawList>,
    feedback: Option<RawFeedback>,
    letters: Option<RawLetters>,
    #[serde(default, rename = "partner")]
    partners: Vec<RawPartner>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLetters {
    template: Option<String>,
    sender: Option<String>,
    phone: Option<String>,
    email: Option<String>,
}

/// How letters are written: the template and who signs them.
#[derive(Debug, Clone, Default)]
pub struct LetterSettings {
    /// A MiniJinja template; `None`: the one shipped with the program.
    pub template: Option<PathBuf>,
    /// Who the letter is from, as signed (a team, not a resident).
    pub sender: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub name: String,
    /// CBS municipality code, four digits (`0363`); used for the DDAS delivery.
    pub code: String,
    pub inhabitants: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrp {
    file: String,
    profile: String,
    found_at: Option<f64>,
    review_at: Option<f64>,
    max_shrink: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    term_days: Option<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    file: String,
    profile: String,
}

/// A list of people from another system (SHV clients, opt-outs): a file,
/// whose name may hold `{month}`, and the profile naming its columns.
#[derive(Debug, Clone)]
pub struct ListSource {
    pub file: String,
    pub profile: PathBuf,
}

impl ListSource {
    pub fn file_for(&self, month: Month) -> PathBuf {
        PathBuf::from(self.file.replace("{month}", &month.to_string()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartner {
    id: String,
    name: Option<String>,
    #[serde(rename = "type")]
    partner_type: PartnerType,
    profile: String,
    files: String,
}

/// A partner as configured: its exports are found by `files`, a glob in
/// which `{month}` stands for `YYYY-MM`.
#[derive(Debug)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub partner_type: PartnerType,
    pub profile: Profile,
    pub files: String,
}

#[derive(Debug)]
pub struct BrpSource {
    pub file: PathBuf,
    pub profile: PathBuf,
    pub thresholds: Thresholds,
    /// The largest drop in register rows since the last month that is
    /// believed without `--accept-register-change` (a share: 0.05 is 5%).
    pub max_shrink: f64,
}

/// Every problem of a config, each at its place, reported together.
struct Checks<'t> {
    text: &'t str,
    doc: Option<toml::de::DeTable<'t>>,
    problems: Vec<Diagnostic>,
}

impl<'t> Checks<'t> {
    fn new(text: &'t str) -> Checks<'t> {
        Checks {
            text,
            doc: toml::de::DeTable::parse(text).ok().map(|d| d.into_inner()),
            problems: Vec::new(),
        }
    }

    fn error(&mut self, span: std::ops::Range<usize>, message: impl Into<String>) {
        self.problems.push(Diagnostic::error(span, message));
    }

    /// A value within `range`, or `default` when it is absent; out of range
    /// it is a problem at its place.
    fn ranged<T: PartialOrd + Copy>(
        &mut self,
        value: Option<Spanned<T>>,
        range: std::ops::RangeInclusive<T>,
        default: T,
        message: &str,
    ) -> T {
        match value {
            None => default,
            Some(v) if range.contains(v.get_ref()) => *v.get_ref(),
            Some(v) => {
                self.error(v.span(), message);
                default
            }
        }
    }

    /// The place of a value by its keys (`partner` with `index` for the
    /// index-th `[[partner]]`); the file's start when it cannot be found.
    fn span_of(&self, keys: &[&str], index: Option<usize>) -> std::ops::Range<usize> {
        use toml::de::DeValue;
        let mut table = self.doc.as_ref();
        let mut span = 0..0;
        for key in keys {
            let Some(node) =
                table.and_then(|t| t.iter().find(|(k, _)| *k.get_ref() == *key).map(|(_, v)| v))
            else {
                break;
            };
            span = node.span();
            table = match node.get_ref() {
                DeValue::Table(t) => Some(t),
                DeValue::Array(items) => items.get(index.unwrap_or(0)).and_then(|i| {
                    span = i.span();
                    match i.get_ref() {
                        DeValue::Table(t) => Some(t),
                        _ => None,
                    }
                }),
                _ => None,
            };
        }
        span.start.min(self.text.len())..span.end.min(self.text.len())
    }

    /// Every problem found, rendered with its line and a caret (and those of
    /// the partner profiles), as one config error (exit 78).
    fn finish(mut self, path: &Path, others: Vec<String>) -> Result<()> {
        self.problems.sort_by_key(|d| d.span.start);
        if self.problems.is_empty() && others.is_empty() {
            return Ok(());
        }
        let n = self.problems.len() + others.len();
        let mut text: String = self
            .problems
            .iter()
            .map(|d| d.render(path, self.text))
            .chain(
                others
                    .into_iter()
                    .map(|o| format!("{}: {o}\n", crate::tr!("error-prefix"))),
            )
            .collect();
        text += &crate::tr!("config-problems", problems = n, file = path.display());
        // The program prints `error: ` before the message itself.
        let prefix = format!("{}: ", crate::tr!("error-prefix"));
        let text = text.strip_prefix(&prefix).unwrap_or(&text).to_string();
        config_err(text)
    }
}

/// The default `max_amount`: no arrears on fixed costs come near a million
/// euros; a larger amount is a broken cell (or a test of our sums).
pub const MAX_AMOUNT_EUROS: i64 = 1_000_000;

/// The default `[brp] max_shrink`: a municipality does not lose 5% of its
/// inhabitants in a month; an extract that did is most likely incomplete.
pub const MAX_SHRINK: f64 = 0.05;

#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub municipality: Municipality,
    pub output: PathBuf,
    pub history: PathBuf,
    pub retention_months: u32,
    /// The largest amount a signal may carry, in cents.
    pub max_amount_cents: i64,
    /// Keep the monthly reports past retention (they hold no personal data).
    pub keep_reports: bool,
    /// Work lists, letters, feedback files and reports readable by the
    /// owner's group; the history store and key stay the owner's.
    pub share_with_group: bool,
    pub rulebook: Option<PathBuf>,
    pub brp: Option<BrpSource>,
    pub shv: Option<ListSource>,
    pub opt_out: Option<ListSource>,
    /// Postcode (and house-number range) to area: the fact `wijk`.
    pub areas: Option<ListSource>,
    /// Days after receipt by which a partner hears back; a picked-up
    /// signal without a result closes as "niet bereikt / wil geen hulp".
    pub term_days: u32,
    pub letters: LetterSettings,
    pub partners: Vec<Partner>,
}

impl Config {
    /// The config named by `--config`, else `config/vroegsignaal.toml` when
    /// it exists, else none.
    pub fn discover(explicit: Option<&Path>) -> Result<Option<Config>> {
        match explicit {
            Some(p) => Config::load(p).map(Some),
            None if Path::new(DEFAULT_PATH).is_file() => {
                Config::load(Path::new(DEFAULT_PATH)).map(Some)
            }
            None => Ok(None),
        }
    }

    pub fn load(path: &Path) -> Result<Config> {
        let (raw, text): (RawConfig, _) = tomlfile::load(path)?;
        let mut check = Checks::new(&text);
        let dir = clean(
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        );
        let code = &raw.municipality.code;
        if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
            let span = check.span_of(&["municipality", "code"], None);
            check.error(span, crate::tr!("config-code"));
        }
        let mut ids = BTreeSet::new();
        let mut partners = Vec::new();
        let mut profile_errors = Vec::new();
        for (i, p) in raw.partners.into_iter().enumerate() {
            let id_span = check.span_of(&["partner", "id"], Some(i));
            let id_ok = !p.id.is_empty()
                && p.id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !id_ok {
                check.error(id_span.clone(), crate::tr!("config-partner-id"));
            }
            if !ids.insert(p.id.clone()) {
                check.error(id_span, crate::tr!("config-partner-twice", id = p.id));
            }
            match Profile::load(&clean(&dir.join(&p.profile))) {
                Ok(profile) => partners.push(Partner {
                    name: p.name.unwrap_or_else(|| p.id.clone()),
                    id: p.id,
                    partner_type: p.partner_type,
                    profile,
                    files: clean(&dir.join(&p.files)).to_string_lossy().into_owned(),
                }),
                Err(e) => profile_errors.push(format!("{e:#}")),
            }
        }
        let output = clean(&dir.join(&raw.output));
        let list = |l: Option<RawList>| {
            l.map(|l| ListSource {
                file: clean(&dir.join(l.file)).to_string_lossy().into_owned(),
                profile: clean(&dir.join(l.profile)),
            })
        };
        let term_days = check.ranged(
            raw.feedback.and_then(|f| f.term_days),
            1..=366,
            crate::vocab::DEFAULT_TERM_DAYS,
            &crate::tr!("config-term-days"),
        );
        let retention_months = check.ranged(
            raw.retention_months,
            1..=1_200,
            6,
            &crate::tr!("config-retention"),
        );
        let max_amount = check.ranged(
            raw.max_amount,
            1..=1_000_000_000,
            MAX_AMOUNT_EUROS as u64,
            &crate::tr!("config-max-amount"),
        );
        let brp = raw.brp.map(|b| {
            let d = Thresholds::default();
            let thresholds = Thresholds {
                found_at: b.found_at.unwrap_or(d.found_at),
                review_at: b.review_at.unwrap_or(d.review_at),
                margin: d.margin,
            };
            let span = check.span_of(&["brp", "found_at"], None);
            if thresholds.found_at > 1.0 || thresholds.review_at > 1.0 {
                check.error(span, crate::tr!("config-brp-scores"));
            } else if !(0.0 < thresholds.review_at
                && thresholds.review_at <= thresholds.found_at
                && thresholds.found_at < 1.0)
            {
                check.error(span, crate::tr!("config-brp-order"));
            }
            let max_shrink = match b.max_shrink {
                None => MAX_SHRINK,
                Some(s) if (0.0..1.0).contains(s.get_ref()) => s.into_inner(),
                Some(s) => {
                    check.error(s.span(), crate::tr!("config-max-shrink"));
                    MAX_SHRINK
                }
            };
            BrpSource {
                file: clean(&dir.join(b.file)),
                profile: clean(&dir.join(b.profile)),
                thresholds,
                max_shrink,
            }
        });
        check.finish(path, profile_errors)?;
        Ok(Config {
            term_days,
            letters: raw
                .letters
                .map_or_else(LetterSettings::default, |l| LetterSettings {
                    template: l.template.map(|t| clean(&dir.join(t))),
                    sender: l.sender.unwrap_or_default(),
                    phone: l.phone.unwrap_or_default(),
                    email: l.email.unwrap_or_default(),
                }),
            shv: list(raw.shv),
            opt_out: list(raw.opt_out),
            areas: list(raw.areas),
            path: path.to_path_buf(),
            municipality: raw.municipality,
            history: raw
                .history
                .map_or_else(|| output.join("historie.sqlite"), |h| clean(&dir.join(h))),
            output,
            retention_months,
            max_amount_cents: max_amount as i64 * 100,
            keep_reports: raw.keep_reports.unwrap_or(false),
            share_with_group: raw.share_with_group.unwrap_or(false),
            rulebook: raw.rulebook.map(|r| clean(&dir.join(r))),
            brp,
            partners,
            dir,
        })
    }

    /// The latest month for which any partner has an export.
    pub fn latest_month(&self) -> Result<Option<Month>> {
        let mut latest = None;
        for p in &self.partners {
            for path in glob_paths(&p.files.replace("{month}", "*"))? {
                if let Some(m) = Month::find_in(&path.to_string_lossy()) {
                    latest = latest.max(Some(m));
                }
            }
        }
        Ok(latest)
    }
}

impl Partner {
    /// This partner's export files for a month, sorted.
    pub fn files_for(&self, month: Month) -> Result<Vec<PathBuf>> {
        if self.files.contains("{month}") {
            glob_paths(&self.files.replace("{month}", &month.to_string()))
        } else {
            Ok(glob_paths(&self.files)?
                .into_iter()
                .filter(|p| Month::find_in(&p.to_string_lossy()) == Some(month))
                .collect())
        }
    }
}

/// `a/b/../c` -> `a/c`, without touching the file system (so it works for
/// paths that do not exist yet and never follows links).
pub fn clean(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

fn glob_paths(pattern: &str) -> Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = glob::glob(pattern)
        .map_err(|e| ConfigError(crate::tr!("file-pattern", pattern = pattern, why = e.msg)))?
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    Ok(paths)
}

/// The output folder for a month: `<output>/<month>/`, or `--out` instead
/// of `<output>`.
pub fn month_dir(output: &Path, month: Month) -> PathBuf {
    output.join(month.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_paths_lexically() {
        assert_eq!(
            clean(Path::new("config/../fixtures/./a.csv")),
            PathBuf::from("fixtures/a.csv")
        );
        assert_eq!(clean(Path::new("../x/../y")), PathBuf::from("../y"));
        assert_eq!(clean(Path::new("config/..")), PathBuf::from("."));
    }
}
