//! What `match` writes: `gekoppeld.csv` (every signal with its BRP facts
//! and history facts, the input of `prioritise`) and `huishoudens.csv` (one
//! row per household).

use super::{Earlier, Herhaal, Household, MatchedSignal, SignalFacts, households};
use crate::brp::review::{BrpCols, LATER_BRP_COLUMNS, brp_cells, brp_from_row, checked_columns};
use crate::csvio::{
    Cells, Col, Dialect, PendingOutputs, Row, TableReader, opt_cell, table_columns,
};
use crate::month::Month;
use crate::signal::{SignalCols, signal_from_row, yes_no};
use anyhow::Result;
use std::borrow::Cow;
use std::path::Path;

/// Columns `gekoppeld.csv` adds to those of `gecontroleerd.csv`.
pub const MATCH_COLUMNS: &[&str] = &[
    "huishouden",
    "recidive",
    "recidive_maanden",
    "recidive_bedragen_cent",
    "herhaal",
    "herhaal_vorig_bedrag_cent",
    "herhaal_verschil_cent",
    "sleper",
    "sleper_maanden",
    "bekend_shv",
    "geen_bemoeienis",
    "eerder_niet_bereikt",
    "wijk",
];

table_columns!(
    /// The columns `gekoppeld.csv` adds, bound once per file.
    MatchCols {
        huishouden,
        recidive,
        recidive_maanden,
        recidive_bedragen_cent,
        herhaal,
        herhaal_vorig_bedrag_cent,
        herhaal_verschil_cent,
        sleper,
        sleper_maanden,
        bekend_shv,
        geen_bemoeienis,
        eerder_niet_bereikt,
        wijk,
    }
);

/// Columns a file written before they existed may lack.
const LATER_COLUMNS: &[&str] = &["wijk"];

pub fn matched_columns() -> Vec<&'static str> {
    let mut cols = checked_columns();
    cols.extend(MATCH_COLUMNS);
    cols
}

pub const HOUSEHOLD_COLUMNS: &[&str] = &[
    "huishouden",
    "brp_oordeel",
    "straat",
    "huisnummer",
    "huisletter",
    "toevoeging",
    "postcode",
    "woonplaats",
    "signalen",
    "partners",
    "partnertypen",
    "aantal_partners",
    "enkelvoudig_meervoudig",
    "totaal_bedrag_cent",
    "hoogste_bedrag_cent",
    "recidive",
    "recidive_maanden",
    "herhaal_zonder_verhoging",
    "sleper",
    "bekend_shv",
    "geen_bemoeienis",
    "minderjarigen",
    "jongste_leeftijd",
    "oudste_leeftijd",
    "wijk",
];

fn joined<T: ToString>(items: impl IntoIterator<Item = T>) -> Cow<'static, str> {
    Cow::Owned(
        items
            .into_iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("|"),
    )
}

impl Cells for MatchedSignal {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        let f = &self.facts;
        let mut cells = self.signal.cells();
        cells.extend(brp_cells(&self.brp));
        cells.extend([
            Cow::Borrowed(f.household.as_str()),
            yes_no(!f.recidive.is_empty()),
            joined(f.recidive.iter().map(|e| e.month)),
            joined(f.recidive.iter().map(|e| e.amount_cents)),
            yes_no(f.herhaal.is_some()),
            opt_cell(f.herhaal.map(|h| h.previous_cents)),
            opt_cell(f.herhaal.map(|h| h.change_cents)),
            yes_no(f.sleper),
            Cow::Owned(f.sleper_months.to_string()),
            yes_no(f.bekend_shv),
            yes_no(f.geen_bemoeienis),
            yes_no(f.eerder_niet_bereikt),
            Cow::Borrowed(f.wijk.as_str()),
        ]);
        cells
    }
}

/// A household row: its facts and the address of its first signal.
pub struct HouseholdRow<'a> {
    pub household: &'a Household,
    pub signals: &'a [MatchedSignal],
}

impl Cells for HouseholdRow<'_> {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        let h = self.household;
        let (street, number, letter, addition, postcode, city) = h
            .signals
            .first()
            .and_then(|&i| self.signals.get(i))
            .map(|first| first.address())
            .unwrap_or_default();
        vec![
            Cow::Borrowed(h.id.as_str()),
            Cow::Borrowed(h.verdict.as_str()),
            Cow::Borrowed(street),
            opt_cell(number),
            Cow::Borrowed(letter),
            Cow::Borrowed(addition),
            Cow::Borrowed(postcode),
            Cow::Borrowed(city),
            joined(
                h.signals
                    .iter()
                    .filter_map(|&i| self.signals.get(i))
                    .map(|s| crate::signal::signal_ref(&s.signal.partner, &s.signal.signal_id)),
            ),
            joined(&h.partners),
            joined(h.partner_types.iter().map(|t| t.as_str())),
            Cow::Owned(h.partners.len().to_string()),
            Cow::Borrowed(if h.meervoudig() {
                "meervoudig"
            } else {
                "enkelvoudig"
            }),
            Cow::Owned(h.total_cents.to_string()),
            Cow::Owned(h.max_cents.to_string()),
            yes_no(h.recidive()),
            joined(&h.recidive_months),
            yes_no(h.herhaal_without_increase),
            yes_no(h.sleper),
            yes_no(h.bekend_shv),
            yes_no(h.geen_bemoeienis),
            opt_cell(h.minors),
            opt_cell(h.youngest),
            opt_cell(h.oldest),
            Cow::Borrowed(h.wijk.as_str()),
        ]
    }
}

/// Writes `gekoppeld.csv` and `huishoudens.csv`.
pub fn write(
    signals: &[MatchedSignal],
    households: &[Household],
    dir: &Path,
    dialect: Dialect,
    out: &mut PendingOutputs,
) -> Result<()> {
    // The two files side by side, one per core.
    let mut beside = out.beside();
    let (matched, by_household) = rayon::join(
        || {
            out.table(
                &dir.join("gekoppeld.csv"),
                dialect,
                &matched_columns(),
                signals,
            )
        },
        || {
            beside.table(
                &dir.join("huishoudens.csv"),
                dialect,
                HOUSEHOLD_COLUMNS,
                households.iter().map(|h| HouseholdRow {
                    household: h,
                    signals,
                }),
            )
        },
    );
    matched?;
    by_household?;
    out.adopt(beside);
    Ok(())
}

fn facts_from_row(row: &Row<'_>, c: &MatchCols) -> Result<SignalFacts> {
    let yes = |col: Col| row.yes_no(col);
    let int = |col: Col| row.number::<i64>(col);
    let list = |col: Col| row.get(col).split('|').filter(|v| !v.is_empty());
    let mut recidive = Vec::new();
    for (m, a) in list(c.recidive_maanden).zip(list(c.recidive_bedragen_cent)) {
        let Some(month) = Month::parse(m) else {
            return row.bad(c.recidive_maanden, &crate::tr!("cell-not-months"));
        };
        let Ok(amount_cents) = a.parse() else {
            return row.bad(c.recidive_bedragen_cent, &crate::tr!("cell-not-amounts"));
        };
        recidive.push(Earlier {
            month,
            amount_cents,
        });
    }
    let herhaal = match (
        int(c.herhaal_vorig_bedrag_cent)?,
        int(c.herhaal_verschil_cent)?,
    ) {
        (Some(previous_cents), Some(change_cents)) if yes(c.herhaal)? => Some(Herhaal {
            previous_cents,
            change_cents,
        }),
        // A repeat without its amounts cannot be screened as one: said,
        // not ignored.
        _ if yes(c.herhaal)? => {
            return row.bad(c.herhaal, &crate::tr!("cell-herhaal-incomplete"));
        }
        _ => None,
    };
    let household = row.get(c.huishouden);
    if household.is_empty() {
        return row.bad(c.huishouden, &crate::tr!("cell-missing"));
    }
    Ok(SignalFacts {
        household: household.to_string(),
        recidive,
        herhaal,
        sleper_months: int(c.sleper_maanden)?.unwrap_or(0) as u32,
        sleper: yes(c.sleper)?,
        bekend_shv: yes(c.bekend_shv)?,
        geen_bemoeienis: yes(c.geen_bemoeienis)?,
        eerder_niet_bereikt: yes(c.eerder_niet_bereikt)?,
        wijk: row.get(c.wijk).to_string(),
    })
}

/// Reads `gekoppeld.csv` back, with its households.
pub fn read(path: &Path) -> Result<(Vec<MatchedSignal>, Vec<Household>)> {
    let required: Vec<&str> = matched_columns()
        .into_iter()
        .filter(|c| !LATER_COLUMNS.contains(c) && !LATER_BRP_COLUMNS.contains(c))
        .collect();
    let mut table = TableReader::open(path, &required)?;
    let (sc, bc, mc) = (
        SignalCols::bind(&table),
        BrpCols::bind(&table),
        MatchCols::bind(&table),
    );
    let mut signals = Vec::new();
    while let Some(row) = table.next_row()? {
        signals.push(MatchedSignal {
            signal: signal_from_row(&row, &sc)?,
            brp: brp_from_row(&row, &bc)?,
            facts: facts_from_row(&row, &mc)?,
        });
    }
    // The doubling left up to half the vector unused, a third of the
    // month's memory at city scale.
    signals.shrink_to_fit();
    let households = households(&signals);
    Ok((signals, households))
}
