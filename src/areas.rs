//! Areas (wijken, kernen): the municipality's table from postcode, or
//! postcode and house-number range, to the area a team works in. Read
//! through a small profile like the other lists; an address is placed by
//! the most specific row that fits (a range within a postcode, then the
//! whole postcode, then its four digits).

use crate::exit::config_err;
use crate::fields::contact::normalise_postcode;
use crate::profile::columns;
use crate::tomlfile;
use anyhow::{Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The area of an address the table does not cover.
pub const UNKNOWN: &str = "onbekend";

columns!(AreaColumns, AreaIndex; postcode, from, to, area);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaProfile {
    #[allow(dead_code)]
    description: Option<String>,
    delimiter: Option<String>,
    encoding: Option<String>,
    columns: AreaColumns,
}

/// One range of house numbers within a postcode.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Range {
    from: u32,
    to: u32,
    area: String,
}

/// The area table.
#[derive(Debug, Default, Clone)]
pub struct Areas {
    /// Full postcode ("1234 AB") -> ranges.
    ranges: BTreeMap<String, Vec<Range>>,
    /// Full postcode -> area.
    postcodes: BTreeMap<String, String>,
    /// Four digits -> area.
    districts: BTreeMap<String, String>,
    pub rows: u64,
}

impl Areas {
    /// Reads the table through its profile; a row that is not a postcode,
    /// a range that is not one, or an empty area stops with file, line and
    /// field.
    pub fn load(file: &Path, profile_path: &Path) -> Result<Areas> {
        let (profile, _): (AreaProfile, _) = tomlfile::load(profile_path)?;
        let c = &profile.columns;
        if c.postcode.is_none() || c.area.is_none() {
            return config_err(format!(
                "{}: {}",
                profile_path.display(),
                crate::tr!("areas-columns")
            ));
        }
        let (mut source, ix) = c.open_bound(
            file,
            profile_path,
            profile.delimiter.as_deref(),
            profile.encoding.as_deref(),
        )?;
        let name = |field: &Option<String>, default: &str| {
            field.clone().unwrap_or_else(|| default.to_string())
        };
        let mut areas = Areas::default();
        while let Some(rec) = source.next_record()? {
            let cell =
                |i: Option<usize>| i.and_then(|i| rec.fields.get(i)).map_or("", |s| s.trim());
            if rec.fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            areas.rows += 1;
            let at = |field: &Option<String>, default: &str, what: &str| {
                format!(
                    "{}:{}: {}",
                    file.display(),
                    rec.line,
                    crate::tr!("field-problem", column = name(field, default), what = what)
                )
            };
            let area = cell(ix.area);
            if area.is_empty() {
                bail!(at(&c.area, "area", "empty: every row names its area"));
            }
            let raw = cell(ix.postcode);
            let number = |i: Option<usize>, field: &Option<String>, default: &str| match cell(i) {
                "" => Ok(None),
                v => v.parse::<u32>().map(Some).map_err(|_| {
                    anyhow::anyhow!(at(field, default, &crate::tr!("cell-not-a-house-number")))
                }),
            };
            let from = number(ix.from, &c.from, "from")?;
            let to = number(ix.to, &c.to, "to")?;
            let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
            match (normalise_postcode(raw), from.or(to)) {
                (Some(pc), None) => {
                    areas.postcodes.insert(pc, area.to_string());
                }
                (Some(pc), Some(_)) => {
                    let (from, to) = (from.unwrap_or(0), to.unwrap_or(u32::MAX));
                    if from > to {
                        bail!(at(&c.from, "from", &crate::tr!("areas-range-backwards")));
                    }
                    areas.ranges.entry(pc).or_default().push(Range {
                        from,
                        to,
                        area: area.to_string(),
                    });
                }
                (None, None)
                    if digits.len() == 4
                        && digits.bytes().all(|b| b.is_ascii_digit())
                        && !digits.starts_with('0') =>
                {
                    areas.districts.insert(digits, area.to_string());
                }
                _ => bail!(at(
                    &c.postcode,
                    "postcode",
                    &crate::tr!("areas-not-a-postcode")
                )),
            }
        }
        Ok(areas)
    }

    /// The area of an address: the most specific row that fits, else
    /// [`UNKNOWN`].
    pub fn area_of(&self, postcode: &str, house_number: Option<u32>) -> &str {
        let Some(pc) = normalise_postcode(postcode) else {
            return UNKNOWN;
        };
        let in_range = house_number.and_then(|n| {
            self.ranges
                .get(&pc)?
                .iter()
                .find(|r| (r.from..=r.to).contains(&n))
        });
        if let Some(r) = in_range {
            return &r.area;
        }
        self.postcodes
            .get(&pc)
            .or_else(|| pc.get(..4).and_then(|d| self.districts.get(d)))
            .map_or(UNKNOWN, String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_row_wins() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("wijken.csv");
        let profile = dir.path().join("wijken.toml");
        std::fs::write(
            &profile,
            "delimiter = \";\"\n[columns]\npostcode = \"Postcode\"\nfrom = \"Van\"\nto = \"Tot\"\narea = \"Wijk\"\n",
        )
        .unwrap();
        std::fs::write(
            &file,
            "Postcode;Van;Tot;Wijk\n2421;;;Noord\n2421 AB;;;Haven\n2421AC;1;19;Dorp\n2421 AC;20;;Veld\n",
        )
        .unwrap();
        let a = Areas::load(&file, &profile).unwrap();
        assert_eq!(a.area_of("2421 ZZ", Some(3)), "Noord");
        assert_eq!(a.area_of("2421ab", Some(3)), "Haven");
        assert_eq!(a.area_of("2421 AC", Some(19)), "Dorp");
        assert_eq!(a.area_of("2421 AC", Some(20)), "Veld");
        assert_eq!(a.area_of("2421 AC", None), "Noord");
        assert_eq!(a.area_of("9999 ZZ", Some(1)), UNKNOWN);
        assert_eq!(a.area_of("", None), UNKNOWN);
        std::fs::write(&file, "Postcode;Van;Tot;Wijk\n2421 AC;30;20;Veld\n").unwrap();
        let e = Areas::load(&file, &profile).unwrap_err().to_string();
        assert!(
            e.ends_with("wijken.csv:2: veld Van: de reeks eindigt voor hij begint"),
            "{e}"
        );
    }
}
