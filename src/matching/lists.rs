//! Lists of people from outside the signal stream: clients known to debt
//! help (exported by the SHV system) and residents who asked not to be
//! approached (`geen bemoeienis`). Each comes with a small profile naming
//! its columns; a person is recognised by BSN, or else by surname, birth
//! date and postcode together.

use crate::brp::compare::name_key;
use crate::exit::config_err;
use crate::fields::contact::{normalise_bsn, normalise_postcode};
use crate::fields::date::{DateFormat, PartialDate, parse_partial};
use crate::profile::columns;
use crate::tomlfile;
use anyhow::{Result, bail};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

columns!(ListColumns, ListIndex; bsn, surname, prefix, birth_date, postcode);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListProfile {
    #[allow(dead_code)]
    description: Option<String>,
    delimiter: Option<String>,
    encoding: Option<String>,
    date_format: Option<DateFormat>,
    columns: ListColumns,
}

/// Who a person is, as far as the lists can tell without a BSN.
pub type Identity = (String, PartialDate, String);

/// One list, held as a set of BSNs and a set of identities.
#[derive(Debug, Default)]
pub struct PersonList {
    bsns: HashSet<String>,
    identities: HashSet<Identity>,
    pub rows: u64,
}

/// The identity of a person from surname parts, birth date and postcode.
pub fn identity(
    prefix: &str,
    surname: &str,
    birth: Option<PartialDate>,
    postcode: &str,
) -> Option<Identity> {
    let birth = birth.filter(|b| b.full().is_some())?;
    let postcode = normalise_postcode(postcode)?;
    let name = name_key(prefix, surname);
    (!name.is_empty()).then_some((name, birth, postcode))
}

impl PersonList {
    /// Reads a list through its profile. Every row must identify someone:
    /// a row that does not would quietly let a known person be approached.
    pub fn load(file: &Path, profile_path: &Path) -> Result<PersonList> {
        let (profile, _): (ListProfile, _) = tomlfile::load(profile_path)?;
        let c = &profile.columns;
        if c.bsn.is_none()
            && (c.surname.is_none() || c.birth_date.is_none() || c.postcode.is_none())
        {
            return config_err(format!(
                "{}: {}",
                profile_path.display(),
                crate::tr!("person-list-columns")
            ));
        }
        let (mut source, ix) = c.open_bound(
            file,
            profile_path,
            profile.delimiter.as_deref(),
            profile.encoding.as_deref(),
        )?;
        let mut list = PersonList::default();
        while let Some(rec) = source.next_record()? {
            let cell = |i: Option<usize>| i.and_then(|i| rec.fields.get(i)).unwrap_or("").trim();
            if rec.fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            list.rows += 1;
            let bsn = cell(ix.bsn);
            if !bsn.is_empty() {
                match normalise_bsn(bsn) {
                    Some(b) => {
                        list.bsns.insert(b);
                        continue;
                    }
                    None => bail!(
                        "{}:{}: {}",
                        file.display(),
                        rec.line,
                        crate::tr!(
                            "field-problem",
                            column = c.bsn.as_deref().unwrap_or("bsn"),
                            what = crate::tr!("cell-not-a-bsn")
                        )
                    ),
                }
            }
            let birth = match cell(ix.birth_date) {
                "" => None,
                v => match parse_partial(v, profile.date_format) {
                    Ok(d) => Some(d),
                    Err(_) => bail!(
                        "{}:{}: {}",
                        file.display(),
                        rec.line,
                        crate::tr!(
                            "field-problem",
                            column = c.birth_date.as_deref().unwrap_or("birth_date"),
                            what = crate::tr!("cell-not-a-date")
                        )
                    ),
                },
            };
            match identity(cell(ix.prefix), cell(ix.surname), birth, cell(ix.postcode)) {
                Some(id) => {
                    list.identities.insert(id);
                }
                None => bail!(
                    "{}:{}: {}",
                    file.display(),
                    rec.line,
                    crate::tr!("person-list-unrecognisable")
                ),
            }
        }
        Ok(list)
    }

    pub fn contains(&self, bsn: Option<&str>, ids: &[Option<Identity>]) -> bool {
        bsn.is_some_and(|b| self.bsns.contains(b))
            || ids.iter().flatten().any(|id| self.identities.contains(id))
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }
}
