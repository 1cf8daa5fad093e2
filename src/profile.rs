//! Partner profiles: how one source layout maps onto the canonical signal.
//! A profile is read once ([`Profile::load`]) and bound to each file's header
//! ([`Profile::bind`]) so the row loop only sees column indices.

use crate::exit::{ConfigError, config_err};
use crate::fields::amount::DecimalSeparator;
use crate::fields::date::DateFormat;
use crate::signal::{PartnerType, SignalKind};
use crate::suggest::did_you_mean;
use crate::tomlfile;
use anyhow::Result;
use encoding_rs::Encoding;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    #[allow(dead_code)]
    description: Option<String>,
    delimiter: Option<String>,
    encoding: Option<String>,
    quote: Option<char>,
    header_row: Option<u64>,
    decimal_separator: Option<DecimalSeparator>,
    date_format: Option<DateFormat>,
    partner_type: Option<PartnerType>,
    kind: Option<SignalKind>,
    columns: Columns,
    #[serde(default)]
    kind_values: BTreeMap<String, SignalKind>,
    #[serde(default)]
    partner_type_values: BTreeMap<String, PartnerType>,
    warm_handover_values: Option<Vec<String>>,
    month_in_file_name: Option<bool>,
    sheet: Option<String>,
}

/// Declares a `[columns]` table (source column name per field) and the
/// matching index type (column position per field in one file).
macro_rules! columns {
    ($columns:ident, $index:ident; $($field:ident),+ $(,)?) => {
        /// Source column names, per canonical field.
        #[derive(Debug, Default, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $columns {
            $(pub $field: Option<String>,)+
        }

        /// Column indices in one file, per canonical field.
        #[derive(Debug, Default, Clone)]
        pub struct $index {
            $(pub $field: Option<usize>,)+
        }

        impl $columns {
            /// Opens a list file through its small profile (one header
            /// row) and binds these columns to their positions.
            #[allow(dead_code)]
            fn open_bound(
                &self,
                file: &std::path::Path,
                profile: &std::path::Path,
                delimiter: Option<&str>,
                encoding: Option<&str>,
            ) -> anyhow::Result<($crate::csvio::Source, $index)> {
                let source = $crate::profile::open_list(file, profile, delimiter, encoding)?;
                let header = source.header.clone();
                let ix = self.bind(|field, wanted| {
                    $crate::profile::find_column(file, profile, &header, 1, field, wanted)
                })?;
                Ok((source, ix))
            }

            fn bind(&self, find: impl Fn(&'static str, &str) -> anyhow::Result<usize>) -> anyhow::Result<$index> {
                Ok($index {
                    $($field: match &self.$field {
                        Some(c) => Some(find(stringify!($field), c)?),
                        None => None,
                    },)+
                })
            }
        }
    };
}

pub(crate) use columns;

columns!(
    Columns,
    ColumnIndex;
    signal_id,
    received,
    arrear_since,
    kind,
    partner_type,
    warm_handover,
    full_name,
    surname,
    prefix,
    first_names,
    initials,
    birth_date,
    address,
    street,
    house_number,
    house_letter,
    addition,
    postcode,
    city,
    phone,
    email,
    amount,
    term_amount,
    bsn,
    business_name,
);

/// A checked profile.
#[derive(Debug)]
pub struct Profile {
    pub path: PathBuf,
    pub delimiter: Option<u8>,
    pub encoding: Option<&'static Encoding>,
    pub quote: u8,
    pub header_row: u64,
    pub decimal: Option<DecimalSeparator>,
    pub date_format: Option<DateFormat>,
    pub partner_type: Option<PartnerType>,
    pub kind: SignalKind,
    pub columns: Columns,
    /// Source values, folded to lower case, to kinds and partner types.
    pub kind_values: BTreeMap<String, SignalKind>,
    pub partner_type_values: BTreeMap<String, PartnerType>,
    pub warm_handover_values: Vec<String>,
    /// The export's file name carries its month (`...-2026-10.csv`), so a
    /// file of another month than the one processed is refused (default).
    pub month_in_file_name: bool,
    /// The sheet of an `.xlsx` export to read [default: the first].
    pub sheet: Option<String>,
}

impl Profile {
    pub fn load(path: &Path) -> Result<Profile> {
        let (raw, _): (RawProfile, _) = tomlfile::load(path)?;
        Profile::check(path, raw)
    }

    fn check(path: &Path, raw: RawProfile) -> Result<Profile> {
        let shown = path.display();
        let (delimiter, encoding) =
            file_options(path, raw.delimiter.as_deref(), raw.encoding.as_deref())?;
        let quote = match raw.quote {
            None => b'"',
            Some(c) if c.is_ascii() => c as u8,
            Some(_) => return config_err(format!("{shown}: {}", crate::tr!("profile-quote"))),
        };
        let c = &raw.columns;
        if c.signal_id.is_none() {
            return config_err(format!(
                "{shown}: {}",
                crate::tr!("profile-needs", column = "signal_id")
            ));
        }
        if c.amount.is_none() {
            return config_err(format!(
                "{shown}: {}",
                crate::tr!("profile-needs", column = "amount")
            ));
        }
        if c.full_name.is_none() && c.surname.is_none() {
            return config_err(format!("{shown}: {}", crate::tr!("profile-name")));
        }
        if c.full_name.is_some() && (c.surname.is_some() || c.first_names.is_some()) {
            return config_err(format!("{shown}: {}", crate::tr!("profile-full-name")));
        }
        if c.address.is_some() && (c.street.is_some() || c.house_number.is_some()) {
            return config_err(format!("{shown}: {}", crate::tr!("profile-address-twice")));
        }
        if c.address.is_none() && c.postcode.is_none() && c.street.is_none() {
            return config_err(format!("{shown}: {}", crate::tr!("profile-address")));
        }
        if !raw.kind_values.is_empty() && c.kind.is_none() {
            return config_err(format!(
                "{shown}: {}",
                crate::tr!(
                    "profile-values-need",
                    values = "kind_values",
                    column = "kind"
                )
            ));
        }
        if !raw.partner_type_values.is_empty() && c.partner_type.is_none() {
            return config_err(format!(
                "{shown}: {}",
                crate::tr!(
                    "profile-values-need",
                    values = "partner_type_values",
                    column = "partner_type"
                )
            ));
        }
        Ok(Profile {
            path: path.to_path_buf(),
            delimiter,
            encoding,
            quote,
            header_row: raw.header_row.unwrap_or(1).max(1),
            decimal: raw.decimal_separator,
            date_format: raw.date_format,
            partner_type: raw.partner_type,
            kind: raw.kind.unwrap_or(SignalKind::Vroegsignaal),
            month_in_file_name: raw.month_in_file_name.unwrap_or(true),
            sheet: raw.sheet,
            kind_values: lower_keys(raw.kind_values),
            partner_type_values: lower_keys(raw.partner_type_values),
            warm_handover_values: raw
                .warm_handover_values
                .unwrap_or_else(|| {
                    ["ja", "j", "yes", "y", "1", "true", "x"]
                        .map(String::from)
                        .to_vec()
                })
                .into_iter()
                .map(|v| v.trim().to_lowercase())
                .collect(),
            columns: raw.columns,
        })
    }

    /// Resolves every named column against a file's header. A name that is
    /// not there is an error with the closest header that is.
    pub fn bind(&self, file: &Path, header: &[String], header_line: u64) -> Result<ColumnIndex> {
        self.columns
            .bind(|field, wanted| find_column(file, &self.path, header, header_line, field, wanted))
    }
}

/// The `delimiter` and `encoding` keys every profile (partner or BRP) has.
/// Opens a list file (one header row) with the delimiter and encoding
/// its small profile gives, for the lists beside the partner exports
/// (debt-help clients, opt-outs, areas).
pub fn open_list(
    file: &Path,
    profile: &Path,
    delimiter: Option<&str>,
    encoding: Option<&str>,
) -> Result<crate::csvio::Source> {
    let (delimiter, encoding) = file_options(profile, delimiter, encoding)?;
    crate::csvio::Source::open(
        file,
        &crate::csvio::SourceOptions {
            delimiter,
            encoding,
            quote: b'"',
            header_row: 1,
            record_line_starts: false,
        },
    )
}

pub fn file_options(
    path: &Path,
    delimiter: Option<&str>,
    encoding: Option<&str>,
) -> Result<(Option<u8>, Option<&'static Encoding>)> {
    let shown = path.display();
    let delimiter = match delimiter {
        None => None,
        Some(";") => Some(b';'),
        Some(",") => Some(b','),
        Some("\t" | "tab") => Some(b'\t'),
        Some("|") => Some(b'|'),
        Some(_) => {
            return config_err(format!("{shown}: {}", crate::tr!("profile-delimiter")));
        }
    };
    let encoding = match encoding {
        None => None,
        Some(label) => match Encoding::for_label(label.as_bytes()) {
            Some(e) => Some(e),
            None => {
                return config_err(format!(
                    "{shown}: {}",
                    crate::tr!("profile-encoding", label = label)
                ));
            }
        },
    };
    Ok((delimiter, encoding))
}

/// The position of `wanted` in a header (exact, then case-insensitive), or
/// an error naming file, line, profile key and the closest header.
pub fn find_column(
    file: &Path,
    profile: &Path,
    header: &[String],
    header_line: u64,
    field: &str,
    wanted: &str,
) -> Result<usize> {
    header
        .iter()
        .position(|h| h == wanted)
        .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(wanted)))
        .ok_or_else(|| {
            // One column holding another delimiter: the file is separated
            // by something else than the profile (or the sniffer) thinks.
            let other = match header {
                [only] => [';', ',', '\t', '|']
                    .into_iter()
                    .find(|d| only.contains(*d)),
                _ => None,
            };
            let hint = match other {
                Some(d) => crate::tr!(
                    "profile-one-column",
                    found = d.escape_default(),
                    delimiter = if d == '\t' {
                        "tab".to_string()
                    } else {
                        d.to_string()
                    }
                ),
                None => did_you_mean(wanted, header.iter().map(String::as_str)),
            };
            ConfigError(format!(
                "{}:{header_line}: {}{hint}",
                file.display(),
                crate::tr!(
                    "profile-column-absent",
                    column = wanted,
                    field = field,
                    profile = profile.display()
                ),
            ))
            .into()
        })
}

fn lower_keys<V>(m: BTreeMap<String, V>) -> BTreeMap<String, V> {
    m.into_iter()
        .map(|(k, v)| (k.trim().to_lowercase(), v))
        .collect()
}
