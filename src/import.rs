//! `history import`: a municipality switching from another system (RIS,
//! VPS) brings its earlier signals along, so recidive, herhaal and
//! `eerder_niet_bereikt` work from the first month. The export is read
//! through a profile like a partner's; each row becomes what a run would
//! have stored: keyed fingerprints of person, address and household, the
//! partner, its type, the date and the amount, and the end result where
//! the other system knew it. No name, address, birth date or BSN is kept.

use crate::brp::Verdict;
use crate::config::Config;
use crate::fields::amount::{DecimalSeparator, parse_cents};
use crate::fields::contact::normalise_bsn;
use crate::fields::date::{DateFormat, parse_full, parse_partial};
use crate::history::{ImportedResult, LeftOut, Recorded, Store};
use crate::matching::{address_key, address_prints, person_print};
use crate::month::Month;
use crate::profile::columns;
use crate::secret::Key;
use crate::signal::PartnerType;
use crate::tomlfile;
use crate::vocab::codes::EndResult;
use anyhow::{Result, anyhow};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

columns!(
    ImportColumns,
    ImportIndex;
    partner,
    partner_type,
    received,
    amount,
    bsn,
    surname,
    prefix,
    initials,
    birth_date,
    street,
    house_number,
    house_letter,
    addition,
    postcode,
    end_result,
    end_date
);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportProfile {
    #[allow(dead_code)]
    description: Option<String>,
    delimiter: Option<String>,
    encoding: Option<String>,
    date_format: Option<DateFormat>,
    decimal: Option<DecimalSeparator>,
    columns: ImportColumns,
    /// The other system's partner names -> partner ids of the config.
    #[serde(default)]
    partners: BTreeMap<String, String>,
}

/// What an import file holds, ready for the store.
#[derive(Debug, Default)]
pub struct Imported {
    pub signals: Vec<Recorded>,
    pub results: Vec<ImportedResult>,
    /// Rows per month.
    pub by_month: BTreeMap<Month, u64>,
}

/// Reads an export of earlier signals. Every problem stops with file, line
/// and field (never the value); `partners` are the config's partners, by
/// id and by name: (id, type); a row without a type takes its partner's.
pub fn read(
    file: &Path,
    profile_path: &Path,
    partners: &BTreeMap<String, (String, PartnerType)>,
    key: &Key,
) -> Result<Imported> {
    let (profile, _): (ImportProfile, _) = tomlfile::load(profile_path)?;
    let c = &profile.columns;
    let named = |f: &Option<String>| f.is_some();
    if !(named(&c.partner) && named(&c.received) && named(&c.amount)) {
        return crate::exit::config_err(format!(
            "{}: {}",
            profile_path.display(),
            crate::tr!("import-columns")
        ));
    }
    let (mut source, ix) = c.open_bound(
        file,
        profile_path,
        profile.delimiter.as_deref(),
        profile.encoding.as_deref(),
    )?;
    let mut out = Imported::default();
    while let Some(rec) = source.next_record()? {
        if rec.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| rec.fields.get(i)).map_or("", |s| s.trim());
        let bad = |field: &Option<String>, what: &str| {
            anyhow!(
                "{}:{}: {}",
                file.display(),
                rec.line,
                crate::tr!(
                    "field-problem",
                    column = field.as_deref().unwrap_or("?"),
                    what = what
                )
            )
        };
        let raw_partner = cell(ix.partner);
        let partner = profile
            .partners
            .get(raw_partner)
            .map(String::as_str)
            .unwrap_or(raw_partner);
        let Some((partner, configured)) = partners.get(partner) else {
            return Err(bad(&c.partner, &crate::tr!("import-unknown-partner")));
        };
        let partner_type = match cell(ix.partner_type) {
            "" => *configured,
            t => PartnerType::parse(&t.to_lowercase())
                .ok_or_else(|| bad(&c.partner_type, &crate::tr!("cell-not-a-partner-type")))?,
        };
        let received = parse_full(cell(ix.received), profile.date_format)
            .map_err(|_| bad(&c.received, &crate::tr!("cell-not-a-date")))?;
        let amount_cents = parse_cents(cell(ix.amount), profile.decimal)
            .map_err(|_| bad(&c.amount, &crate::tr!("cell-not-an-amount")))?;
        let bsn = match cell(ix.bsn) {
            "" => None,
            b => Some(normalise_bsn(b).ok_or_else(|| bad(&c.bsn, &crate::tr!("cell-not-a-bsn")))?),
        };
        let birth = match cell(ix.birth_date) {
            "" => None,
            b => Some(
                parse_partial(b, profile.date_format)
                    .map_err(|_| bad(&c.birth_date, &crate::tr!("cell-not-a-date")))?,
            ),
        };
        let number = match cell(ix.house_number) {
            "" => None,
            n => Some(
                n.parse::<u32>()
                    .map_err(|_| bad(&c.house_number, &crate::tr!("cell-not-a-house-number")))?,
            ),
        };
        let person = person_print(
            key,
            bsn.as_deref(),
            cell(ix.prefix),
            cell(ix.surname),
            cell(ix.initials),
            birth,
        );
        let parts = address_key(
            cell(ix.postcode),
            cell(ix.street),
            number,
            cell(ix.house_letter),
            cell(ix.addition),
        );
        let Some(parts) = parts else {
            return Err(bad(&c.postcode, &crate::tr!("import-no-address")));
        };
        // Residents of the other system: as found in the register.
        let (address, household) = address_prints(key, &parts, Verdict::Gevonden);
        let month = Month::of(received);
        if let Some(result) = match cell(ix.end_result) {
            "" => None,
            r => Some(
                EndResult::parse(r)
                    .ok_or_else(|| bad(&c.end_result, &crate::tr!("cell-not-an-end-result")))?,
            ),
        } {
            let date = match cell(ix.end_date) {
                "" => received,
                d => parse_full(d, profile.date_format)
                    .map_err(|_| bad(&c.end_date, &crate::tr!("cell-not-a-date")))?,
            };
            out.results.push(ImportedResult {
                month,
                household: household.clone(),
                result,
                date,
            });
        }
        *out.by_month.entry(month).or_default() += 1;
        out.signals.push(Recorded {
            month,
            partner: partner.to_string(),
            signal_id: format!("import-{}", rec.line),
            partner_type: partner_type.as_str().to_string(),
            kind: "vroegsignaal".into(),
            received: received.to_string(),
            amount_cents,
            term_amount_cents: None,
            person,
            address: Some(address),
            household,
            verdict: Verdict::Gevonden.as_str().to_string(),
            not_reached: false,
        });
    }
    Ok(out)
}
/// An import done: what was read, and the months the store left out.
pub struct ImportDone {
    pub imported: Imported,
    pub left_out: LeftOut,
}

/// The import as one operation: the export read through its profile (a
/// refused file leaves no store or key behind), then its fingerprints
/// written into the store in one transaction.
pub fn run(
    config: &Config,
    history: &Path,
    profile: &Path,
    file: &Path,
    retention: u32,
) -> Result<ImportDone> {
    // The file is read (and checked) before a store or key is made: a
    // refused import leaves nothing behind.
    let key_path = history.with_extension("sleutel");
    let key = Key::load_or_new(&key_path, !Store::exists(history))?;
    // A row names its partner by id or by the config's name for it.
    let partners = config
        .partners
        .iter()
        .flat_map(|p| {
            let entry = (p.id.clone(), p.partner_type);
            [(p.id.clone(), entry.clone()), (p.name.clone(), entry)]
        })
        .collect();
    let imported = read(file, profile, &partners, &key)?;
    let mut store = Store::open_keyed(history, &key, &key_path)?;
    key.keep(&key_path)?;
    let latest = imported
        .by_month
        .keys()
        .copied()
        .chain(store.latest_month()?)
        .max()
        .unwrap_or_else(|| Month::of(chrono::Local::now().date_naive()));
    let left_out = store.import(&imported.signals, &imported.results, latest, retention)?;
    Ok(ImportDone { imported, left_out })
}
