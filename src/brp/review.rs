//! What `brp-check` writes and reads back: the checked signals, the review
//! list with its column for the officer's decision, and the memory of those
//! decisions (by keyed fingerprint) so next month does not ask again.

use super::{
    BrpFacts, Candidate, CheckedSignal, Decided, Decision, RegisterAddress, RegisterName, Resolved,
    Verdict,
};
use crate::csvio::{
    Cells, Col, Dialect, PendingOutputs, Row, TableReader, opt_cell, table_columns,
};
use crate::fields::contact::normalise_bsn;
use crate::month::Month;
use crate::secret::Key;
use crate::signal::{SIGNAL_COLUMNS, Signal, SignalCols, signal_from_row};
use anyhow::{Result, bail};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Columns `gecontroleerd.csv` adds to those of `signalen.csv`.
pub const BRP_COLUMNS: &[&str] = &[
    "brp_oordeel",
    "brp_reden",
    "brp_bsn",
    "brp_score",
    "brp_vergelijking",
    "ander_adres",
    "leeftijd",
    "minderjarigen_op_adres",
    "huishoudgrootte",
    "brp_straat",
    "brp_huisnummer",
    "brp_huisletter",
    "brp_toevoeging",
    "brp_postcode",
    "brp_woonplaats",
    "brp_geslacht",
    "brp_voorvoegsel",
    "brp_geslachtsnaam",
    "brp_naamgebruik",
    "brp_voorvoegsel_partner",
    "brp_geslachtsnaam_partner",
];

table_columns!(
    /// The BRP columns of `gecontroleerd.csv` and later files, bound once.
    BrpCols {
        brp_oordeel,
        brp_reden,
        brp_bsn,
        brp_score,
        brp_vergelijking,
        ander_adres,
        leeftijd,
        minderjarigen_op_adres,
        huishoudgrootte,
        brp_straat,
        brp_huisnummer,
        brp_huisletter,
        brp_toevoeging,
        brp_postcode,
        brp_woonplaats,
        brp_geslacht,
        brp_voorvoegsel,
        brp_geslachtsnaam,
        brp_naamgebruik,
        brp_voorvoegsel_partner,
        brp_geslachtsnaam_partner,
    }
);

/// BRP columns files written before they existed lack (read as empty).
pub const LATER_BRP_COLUMNS: &[&str] = &[
    "brp_geslacht",
    "brp_voorvoegsel",
    "brp_geslachtsnaam",
    "brp_naamgebruik",
    "brp_voorvoegsel_partner",
    "brp_geslachtsnaam_partner",
];

pub fn checked_columns() -> Vec<&'static str> {
    SIGNAL_COLUMNS.iter().chain(BRP_COLUMNS).copied().collect()
}

/// The cells of [`BRP_COLUMNS`].
pub fn brp_cells(b: &BrpFacts) -> [Cow<'_, str>; 21] {
    let a = b.address.as_ref();
    let text = |f: fn(&RegisterAddress) -> &str| Cow::Borrowed(a.map_or("", f));
    let n = b.name.as_ref();
    let name = |f: fn(&RegisterName) -> &str| Cow::Borrowed(n.map_or("", f));
    [
        Cow::Borrowed(b.verdict.as_str()),
        Cow::Borrowed(b.reason.as_str()),
        Cow::Borrowed(b.bsn.as_str()),
        opt_cell(b.score),
        Cow::Borrowed(b.comparison.as_str()),
        Cow::Borrowed(match (a.is_some(), b.other_address) {
            (true, true) => "ja",
            (true, false) => "nee",
            (false, _) => "",
        }),
        opt_cell(b.age),
        opt_cell(b.minors_at_address),
        opt_cell(b.household_size),
        text(|r| &r.street),
        opt_cell(a.and_then(|r| r.house_number)),
        text(|r| &r.house_letter),
        text(|r| &r.addition),
        text(|r| &r.postcode),
        text(|r| &r.city),
        name(|r| &r.sex),
        name(|r| &r.prefix),
        name(|r| &r.surname),
        name(|r| &r.name_use),
        name(|r| &r.partner_prefix),
        name(|r| &r.partner_surname),
    ]
}

impl Cells for Resolved {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        let mut cells = self.signal.cells();
        cells.extend(brp_cells(&self.brp));
        cells
    }
}

/// The BRP facts in a row of `gecontroleerd.csv` (or a later file with its
/// columns).
pub fn brp_from_row(row: &Row<'_>, c: &BrpCols) -> Result<BrpFacts> {
    let number = |col: Col| row.number::<u32>(col);
    let Some(verdict) = Verdict::parse(row.get(c.brp_oordeel)) else {
        return row.bad(c.brp_oordeel, &crate::tr!("cell-unknown-verdict"));
    };
    let address = (!row.get(c.brp_postcode).is_empty() || !row.get(c.brp_straat).is_empty())
        .then(|| -> Result<RegisterAddress> {
            Ok(RegisterAddress {
                street: row.get(c.brp_straat).to_string(),
                house_number: number(c.brp_huisnummer)?,
                house_letter: row.get(c.brp_huisletter).to_string(),
                addition: row.get(c.brp_toevoeging).to_string(),
                postcode: row.get(c.brp_postcode).to_string(),
                city: row.get(c.brp_woonplaats).to_string(),
            })
        })
        .transpose()?;
    let score = match row.get(c.brp_score) {
        "" => None,
        v => Some(
            v.parse()
                .or_else(|_| row.bad(c.brp_score, &crate::tr!("cell-not-a-number")))?,
        ),
    };
    Ok(BrpFacts {
        verdict,
        reason: row.get(c.brp_reden).to_string(),
        bsn: row.get(c.brp_bsn).to_string(),
        score,
        comparison: row.get(c.brp_vergelijking).to_string(),
        other_address: row.get(c.ander_adres) == "ja",
        age: number(c.leeftijd)?,
        minors_at_address: number(c.minderjarigen_op_adres)?,
        household_size: number(c.huishoudgrootte)?,
        address,
        name: (!row.get(c.brp_geslachtsnaam).is_empty()).then(|| RegisterName {
            sex: row.get(c.brp_geslacht).to_string(),
            prefix: row.get(c.brp_voorvoegsel).to_string(),
            surname: row.get(c.brp_geslachtsnaam).to_string(),
            name_use: row.get(c.brp_naamgebruik).to_string(),
            partner_prefix: row.get(c.brp_voorvoegsel_partner).to_string(),
            partner_surname: row.get(c.brp_geslachtsnaam_partner).to_string(),
        }),
    })
}

/// Reads `gecontroleerd.csv` as written by `brp-check`.
pub fn read_checked(path: &Path) -> Result<Vec<Resolved>> {
    let required: Vec<&str> = checked_columns()
        .into_iter()
        .filter(|c| !LATER_BRP_COLUMNS.contains(c))
        .collect();
    let table = TableReader::open(path, &required)?;
    let (sc, bc) = (SignalCols::bind(&table), BrpCols::bind(&table));
    table.parse_all(|row| {
        Ok(Resolved {
            signal: signal_from_row(row, &sc)?,
            brp: brp_from_row(row, &bc)?,
        })
    })
}

/// Columns of `controleren.csv`: the signal as sent, up to three candidates,
/// and `besluit` for the officer (a candidate's BSN, or `geen`).
pub fn review_columns() -> Vec<String> {
    let mut cols: Vec<String> = [
        "signaal_id",
        "partner",
        "geslachtsnaam",
        "voorvoegsel",
        "voornamen",
        "voorletters",
        "geboortedatum",
        "straat",
        "huisnummer",
        "huisletter",
        "toevoeging",
        "postcode",
        "bsn",
        "reden",
    ]
    .map(String::from)
    .to_vec();
    for n in 1..=3 {
        for c in [
            "bsn",
            "naam",
            "geboortedatum",
            "adres",
            "score",
            "afwijkend",
        ] {
            cols.push(format!("kandidaat{n}_{c}"));
        }
    }
    cols.push("besluit".into());
    cols.push("behandelaar".into());
    cols
}

struct ReviewRow<'a>(&'a CheckedSignal);

fn candidate_cells(c: Option<&Candidate>) -> [Cow<'_, str>; 6] {
    let Some(c) = c else {
        return std::array::from_fn(|_| Cow::Borrowed(""));
    };
    let r = &c.resident;
    let name = [
        r.first_names.as_str(),
        r.prefix.as_str(),
        r.surname.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" ");
    let number = r.house_number.map(|n| n.to_string()).unwrap_or_default();
    let address = format!(
        "{} {number}{}{} {}",
        r.street,
        r.house_letter,
        if r.addition.is_empty() {
            String::new()
        } else {
            format!("-{}", r.addition)
        },
        r.postcode
    );
    [
        Cow::Borrowed(r.bsn.as_str()),
        Cow::Owned(name),
        Cow::Owned(r.birth.map(|b| b.to_string()).unwrap_or_default()),
        Cow::Owned(address),
        Cow::Owned(c.comparison.percent().to_string()),
        Cow::Owned(c.comparison.differing()),
    ]
}

impl Cells for ReviewRow<'_> {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        let s = &self.0.signal;
        let mut cells: Vec<Cow<'_, str>> = vec![
            Cow::Borrowed(&s.signal_id),
            Cow::Borrowed(&s.partner),
            Cow::Borrowed(&s.surname),
            Cow::Borrowed(&s.prefix),
            Cow::Borrowed(&s.first_names),
            Cow::Borrowed(&s.initials),
            opt_cell(s.birth_date),
            Cow::Borrowed(&s.street),
            opt_cell(s.house_number),
            Cow::Borrowed(&s.house_letter),
            Cow::Borrowed(&s.addition),
            Cow::Borrowed(&s.postcode),
            Cow::Borrowed(&s.bsn),
            Cow::Borrowed(self.0.brp.reason),
        ];
        for i in 0..3 {
            cells.extend(candidate_cells(self.0.brp.candidates.get(i)));
        }
        // `besluit` and `behandelaar`, for the officer.
        cells.push(Cow::Borrowed(""));
        cells.push(Cow::Borrowed(""));
        cells
    }
}

/// Writes `gecontroleerd.csv` (every signal with its facts) and
/// `controleren.csv` (the signals under review with their candidates);
/// returns the SHA-256 of `gecontroleerd.csv`.
pub fn write(
    resolved: &[Resolved],
    review: &[CheckedSignal],
    dir: &Path,
    dialect: Dialect,
    out: &mut PendingOutputs,
) -> Result<String> {
    let digest = out.table_digest(
        &dir.join("gecontroleerd.csv"),
        dialect,
        &checked_columns(),
        resolved,
    )?;
    let review: Vec<ReviewRow<'_>> = review.iter().map(ReviewRow).collect();
    let cols = review_columns();
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    out.table(&dir.join("controleren.csv"), dialect, &cols, review)?;
    Ok(crate::secret::hex(&digest))
}

/// A signal's fingerprint for remembering a decision: partner, surname key,
/// initials, birth date and address, keyed so the file holds no identities.
pub fn fingerprint(key: &Key, s: &Signal) -> String {
    let number = s.house_number.map(|n| n.to_string()).unwrap_or_default();
    let birth = s.birth_date.map(|b| b.to_string()).unwrap_or_default();
    let name = super::compare::name_key(&s.prefix, &s.surname);
    key.fingerprint(&[&s.partner, &name, &s.initials, &birth, &s.postcode, &number])
}

/// Reads an officer's filled-in review list: rows with a `besluit`.
/// Returns (partner, signal id) -> decision. Every problem names file, line
/// and field; none shows the value.
pub fn read_decisions(
    path: &Path,
    signals: &[Signal],
) -> Result<HashMap<(String, String), ReviewDecision>> {
    let known: HashMap<(&str, &str), ()> = signals
        .iter()
        .map(|s| ((s.partner.as_str(), s.signal_id.as_str()), ()))
        .collect();
    let mut table = TableReader::open(path, &["signaal_id", "partner", "besluit"])?;
    let c = DecisionCols::bind(&table);
    let mut out = HashMap::new();
    while let Some(row) = table.next_row()? {
        let value = row.get(c.besluit).trim().to_lowercase();
        if value.is_empty() {
            continue;
        }
        let decision = if value == "geen" {
            Decision::NoResident
        } else {
            match normalise_bsn(&value) {
                Some(b) => Decision::Resident(b),
                None => {
                    return row.bad(c.besluit, &crate::tr!("cell-candidate-or-geen"));
                }
            }
        };
        let key = (
            row.get(c.partner).to_string(),
            row.get(c.signaal_id).to_string(),
        );
        if !known.contains_key(&(key.0.as_str(), key.1.as_str())) {
            return row.bad(c.signaal_id, &crate::tr!("cell-no-such-signal"));
        }
        let handler = row.get(c.behandelaar).trim().to_string();
        let review = ReviewDecision {
            decision: decision.clone(),
            handler,
        };
        if let Some(earlier) = out.insert(key, review)
            && earlier.decision != decision
        {
            return row.bad(c.besluit, &crate::tr!("cell-other-decision-earlier"));
        }
    }
    Ok(out)
}

/// Decisions remembered across months, by fingerprint: the decision, the
/// month it was taken in, and who took it.
pub struct DecisionMemory {
    entries: BTreeMap<String, (Decision, Month, String)>,
}

table_columns!(
    /// The columns of a filled-in review list that a decision is read from
    /// (`behandelaar` absent in lists written before it existed).
    DecisionCols { signaal_id, partner, besluit, behandelaar }
);

/// An officer's decision on a signal under review, and who took it (as
/// written: a staff name or code).
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewDecision {
    pub decision: Decision,
    pub handler: String,
}

table_columns!(
    /// The columns of `brp-besluiten.csv` (`behandelaar` absent in files
    /// written before it existed).
    MemoryCols { kenmerk, besluit, maand, behandelaar }
);

/// The remembered decisions' file, beside the history store.
pub const MEMORY_FILE: &str = "brp-besluiten.csv";

const MEMORY_COLUMNS: &[&str] = &["kenmerk", "besluit", "maand"];
const MEMORY_COLUMNS_WRITTEN: &[&str] = &["kenmerk", "besluit", "maand", "behandelaar"];

struct MemoryRow<'a>(&'a str, &'a Decision, Month, &'a str);

impl Cells for MemoryRow<'_> {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        let d = match self.1 {
            Decision::Resident(b) => Cow::Borrowed(b.as_str()),
            Decision::NoResident => Cow::Borrowed("geen"),
        };
        vec![
            Cow::Borrowed(self.0),
            d,
            Cow::Owned(self.2.to_string()),
            Cow::Borrowed(self.3),
        ]
    }
}

impl DecisionMemory {
    pub fn load(path: &Path) -> Result<DecisionMemory> {
        let mut entries = BTreeMap::new();
        if path.is_file() {
            let mut table = TableReader::open(path, MEMORY_COLUMNS)?;
            let c = MemoryCols::bind(&table);
            while let Some(row) = table.next_row()? {
                let decision = match row.get(c.besluit) {
                    "geen" => Decision::NoResident,
                    b => match normalise_bsn(b) {
                        Some(b) => Decision::Resident(b),
                        None => return row.bad(c.besluit, &crate::tr!("cell-bsn-or-geen")),
                    },
                };
                let Ok(month) = row.get(c.maand).parse::<Month>() else {
                    return row.bad(c.maand, &crate::tr!("cell-not-a-month"));
                };
                let handler = row.get(c.behandelaar).to_string();
                entries.insert(row.get(c.kenmerk).to_string(), (decision, month, handler));
            }
        }
        Ok(DecisionMemory { entries })
    }

    /// How many decisions are remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, fingerprint: &str) -> Option<&Decision> {
        self.entries.get(fingerprint).map(|(d, _, _)| d)
    }

    /// Who took the remembered decision, when anyone is named.
    pub fn handler(&self, fingerprint: &str) -> Option<&str> {
        self.entries
            .get(fingerprint)
            .map(|(_, _, h)| h.as_str())
            .filter(|h| !h.is_empty())
    }

    pub fn remember(&mut self, fingerprint: String, review: &ReviewDecision, month: Month) {
        self.entries.insert(
            fingerprint,
            (review.decision.clone(), month, review.handler.clone()),
        );
    }

    /// Decisions taken in `month` per behandelaar (`(niemand)` when no
    /// name was written).
    pub fn handlers_in(&self, month: Month) -> BTreeMap<String, u64> {
        let mut by = BTreeMap::new();
        for (_, _, h) in self.entries.values().filter(|(_, m, _)| *m == month) {
            let name = if h.is_empty() {
                "(niemand)"
            } else {
                h.as_str()
            };
            *by.entry(name.to_string()).or_default() += 1;
        }
        by
    }

    /// Writes the memory back, without decisions older than `retention`
    /// (kept as long as the history store keeps their month)
    /// months before `month`.
    pub fn save(
        &mut self,
        path: &Path,
        month: Month,
        retention: u32,
        out: &mut PendingOutputs,
    ) -> Result<()> {
        self.entries
            .retain(|_, (_, m, _)| month.months_since(*m) <= retention as i32);
        let rows = self
            .entries
            .iter()
            .map(|(k, (d, m, h))| MemoryRow(k, d, *m, h));
        out.table(path, Dialect::Plain, MEMORY_COLUMNS_WRITTEN, rows)
    }
}

/// Decision per signal (same order): this run's file first, then memory.
pub fn decisions_for(
    signals: &[Signal],
    from_file: &HashMap<(String, String), ReviewDecision>,
    memory: &DecisionMemory,
    key: &Key,
) -> Vec<Option<Decided>> {
    // A fingerprint (an HMAC) per signal is work only when there is a
    // memory to look in; made on every core.
    signals
        .par_iter()
        .map(|s| {
            if let Some(d) = from_file.get(&(s.partner.clone(), s.signal_id.clone())) {
                return Some(Decided {
                    decision: d.decision.clone(),
                    earlier: false,
                });
            }
            if memory.is_empty() {
                return None;
            }
            memory.get(&fingerprint(key, s)).map(|d| Decided {
                decision: d.clone(),
                earlier: true,
            })
        })
        .collect()
}

/// Checks a signals file belongs to `month`: no signal received after the
/// month, and file names that carry a month carry this one.
pub fn ensure_same_month<'a>(
    path: &Path,
    signals: impl IntoIterator<Item = &'a Signal>,
    month: Month,
) -> Result<()> {
    for s in signals {
        let file_month = Month::find_in(&s.source_file);
        if file_month.is_some_and(|m| m != month) || s.received > month.last_day() {
            bail!(
                "{}: {}",
                path.display(),
                crate::tr!(
                    "signal-other-month",
                    line = s.source_line,
                    file = &s.source_file,
                    month = month
                )
            );
        }
    }
    Ok(())
}
