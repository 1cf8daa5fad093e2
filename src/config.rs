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

/// Where the config is looked for when `--config` is not given.
pub const DEFAULT_PATH: &str = "config/vroegsignaal.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    municipality: Municipality,
    output: String,
    history: Option<String>,
    retention_months: Option<u32>,
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
    max_shrink: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    term_days: Option<u32>,
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
        let (raw, _): (RawConfig, _) = tomlfile::load(path)?;
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
        let term_days = raw
            .feedback
            .and_then(|f| f.term_days)
            .unwrap_or(crate::feedback::DEFAULT_TERM_DAYS);
        if term_days == 0 || term_days > 366 {
            return config_err(format!(
                "{shown}: feedback.term_days: expected 1 to 366 days (the law says 28)"
            ));
        }
        if raw.retention_months == Some(0) {
            return config_err(format!(
                "{shown}: retention_months: at least 1 (the previous month is needed for herhaal)"
            ));
        }
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
            retention_months: raw.retention_months.unwrap_or(6),
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
                    let max_shrink = b.max_shrink.unwrap_or(MAX_SHRINK);
                    if !(0.0..1.0).contains(&max_shrink) {
                        return config_err(format!(
                            "{shown}: brp: max_shrink is a share between 0 and 1 (0.05 is 5%), not {max_shrink}"
                        ));
                    }
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
