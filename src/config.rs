//! The municipality config (`config/vroegsignaal.toml`): who we are, which
//! partners deliver what, and where inputs and outputs live. Relative paths
//! are relative to the config file.

use crate::brp::Thresholds;
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
    rulebook: Option<String>,
    brp: Option<RawBrp>,
    shv: Option<RawList>,
    opt_out: Option<RawList>,
    feedback: Option<RawFeedback>,
    #[serde(default, rename = "partner")]
    partners: Vec<RawPartner>,
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
    pub rulebook: Option<PathBuf>,
    pub brp: Option<BrpSource>,
    pub shv: Option<ListSource>,
    pub opt_out: Option<ListSource>,
    /// Days after receipt by which a partner hears back; a picked-up
    /// signal without a result closes as "niet bereikt / wil geen hulp".
    pub term_days: u32,
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
        // `file:line:col` of a value, for range errors.
        let at = |span: std::ops::Range<usize>| {
            let (line, col) = tomlfile::line_col(&text, span.start);
            format!("{}:{line}:{col}", path.display())
        };
        let dir = clean(
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        );
        let shown = path.display();
        let code = &raw.municipality.code;
        if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return config_err(format!(
                "{shown}: municipality.code: expected four digits, e.g. \"0363\""
            ));
        }
        let mut ids = BTreeSet::new();
        let mut partners = Vec::new();
        for p in raw.partners {
            let id_ok = !p.id.is_empty()
                && p.id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !id_ok {
                return config_err(format!(
                    "{shown}: partner `{}`: id may hold only letters, digits, `-` and `_` (it names files)",
                    p.id
                ));
            }
            if !ids.insert(p.id.clone()) {
                return config_err(format!("{shown}: partner id `{}` appears twice", p.id));
            }
            let profile = Profile::load(&clean(&dir.join(&p.profile)))?;
            partners.push(Partner {
                name: p.name.unwrap_or_else(|| p.id.clone()),
                id: p.id,
                partner_type: p.partner_type,
                profile,
                files: clean(&dir.join(&p.files)).to_string_lossy().into_owned(),
            });
        }
        let output = clean(&dir.join(&raw.output));
        let list = |l: Option<RawList>| {
            l.map(|l| ListSource {
                file: clean(&dir.join(l.file)).to_string_lossy().into_owned(),
                profile: clean(&dir.join(l.profile)),
            })
        };
        let term_days = match raw.feedback.and_then(|f| f.term_days) {
            None => crate::feedback::DEFAULT_TERM_DAYS,
            Some(t) if (1..=366).contains(t.get_ref()) => t.into_inner(),
            Some(t) => {
                return config_err(format!(
                    "{}: feedback.term_days: expected 1 to 366 days (the law says 28)",
                    at(t.span())
                ));
            }
        };
        let retention_months = match raw.retention_months {
            None => 6,
            Some(m) if (1..=1_200).contains(m.get_ref()) => m.into_inner(),
            Some(m) => {
                return config_err(format!(
                    "{}: retention_months: expected 1 (the previous month is needed for herhaal) \
                     to 1200",
                    at(m.span())
                ));
            }
        };
        let max_amount_cents = match raw.max_amount {
            None => MAX_AMOUNT_EUROS * 100,
            Some(a) if (1..=1_000_000_000).contains(a.get_ref()) => a.into_inner() as i64 * 100,
            Some(a) => {
                return config_err(format!(
                    "{}: max_amount: expected 1 to 1000000000 euros",
                    at(a.span())
                ));
            }
        };
        Ok(Config {
            term_days,
            shv: list(raw.shv),
            opt_out: list(raw.opt_out),
            path: path.to_path_buf(),
            municipality: raw.municipality,
            history: raw
                .history
                .map_or_else(|| output.join("historie.sqlite"), |h| clean(&dir.join(h))),
            output,
            retention_months,
            max_amount_cents,
            keep_reports: raw.keep_reports.unwrap_or(false),
            rulebook: raw.rulebook.map(|r| clean(&dir.join(r))),
            brp: match raw.brp {
                None => None,
                Some(b) => {
                    let d = Thresholds::default();
                    let thresholds = Thresholds {
                        found_at: b.found_at.unwrap_or(d.found_at),
                        review_at: b.review_at.unwrap_or(d.review_at),
                        margin: d.margin,
                    };
                    if thresholds.found_at > 1.0 || thresholds.review_at > 1.0 {
                        return config_err(format!(
                            "{shown}: brp: found_at and review_at are match probabilities between 0 and 1 \
                             (for example found_at = 0.95, review_at = 0.5), no longer scores of 0-100"
                        ));
                    }
                    if !(0.0 < thresholds.review_at
                        && thresholds.review_at <= thresholds.found_at
                        && thresholds.found_at < 1.0)
                    {
                        return config_err(format!(
                            "{shown}: brp: expected 0 < review_at <= found_at < 1"
                        ));
                    }
                    let max_shrink = match b.max_shrink {
                        None => MAX_SHRINK,
                        Some(s) if (0.0..1.0).contains(s.get_ref()) => s.into_inner(),
                        Some(s) => {
                            return config_err(format!(
                                "{}: brp.max_shrink: a share between 0 and 1 (0.05 is 5%)",
                                at(s.span())
                            ));
                        }
                    };
                    Some(BrpSource {
                        file: clean(&dir.join(b.file)),
                        profile: clean(&dir.join(b.profile)),
                        thresholds,
                        max_shrink,
                    })
                }
            },
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
        .map_err(|e| ConfigError(format!("file pattern `{pattern}`: {}", e.msg)))?
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
