//! The canonical signal: what every partner export becomes after `ingest`,
//! and the file `signalen.csv` that carries it to the next stage.

use crate::csvio::{Cells, Col, Row, TableReader, opt_cell, table_columns};
use crate::fields::date::{self, PartialDate};
use anyhow::Result;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::path::Path;

macro_rules! domain_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use domain_enum;

domain_enum! {
    /// The kind of fixed-cost partner, as the Wgs and the experiments name them.
    PartnerType {
        Zorg => "zorg",
        Energie => "energie",
        Gas => "gas",
        Warmte => "warmte",
        Water => "water",
        Huur => "huur",
        Gemeentebelasting => "gemeentebelasting",
        Hypotheek => "hypotheek",
        Duo => "duo",
        Cak => "cak",
        Belastingdienst => "belastingdienst",
        Toeslagen => "toeslagen",
        Overig => "overig",
    }
}

domain_enum! {
    /// What the partner reports.
    SignalKind {
        Vroegsignaal => "vroegsignaal",
        Geactualiseerd => "geactualiseerd",
        Eindelevering => "eindelevering",
        Crisis => "crisis",
    }
}

domain_enum! {
    /// A field that was flagged but did not reject the row. The bad value is
    /// cleared, so later stages never use it.
    Warning {
        BsnInvalid => "bsn_ongeldig",
        PostcodeInvalid => "postcode_ongeldig",
        PhoneInvalid => "telefoon_ongeldig",
        EmailInvalid => "email_ongeldig",
        BirthDateInvalid => "geboortedatum_ongeldig",
        BirthDateImplausible => "geboortedatum_onwaarschijnlijk",
        ArrearDateInvalid => "achterstand_sinds_ongeldig",
        HouseNumberMissing => "huisnummer_ontbreekt",
        KindUnknown => "soort_onbekend",
        PartnerTypeUnknown => "partnertype_onbekend",
        TermAmountInvalid => "termijnbedrag_ongeldig",
        LegalPerson => "rechtspersoon",
    }
}

domain_enum! {
    /// Why a row did not become a signal. Shown in `afgewezen.csv`.
    RejectReason {
        AmountMissing => "bedrag_ontbreekt",
        AmountInvalid => "bedrag_ongeldig",
        AmountNotPositive => "bedrag_niet_positief",
        IdMissing => "signaal_id_ontbreekt",
        ReceivedInvalid => "datum_ontvangst_ongeldig",
        PersonMissing => "persoon_ontbreekt",
        AddressMissing => "adres_ontbreekt",
        Duplicate => "dubbel_signaal",
        RowEmpty => "rij_leeg",
        RowIncomplete => "rij_onvolledig",
        RowTooLong => "rij_te_lang",
        FieldTooLong => "veld_te_lang",
        ControlCharacter => "teken_ongeldig",
    }
}

/// One signal in canonical form. Amounts are integer cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub signal_id: String,
    pub partner: String,
    pub partner_type: PartnerType,
    pub kind: SignalKind,
    pub warm_handover: bool,
    pub arrear_since: Option<NaiveDate>,
    pub received: NaiveDate,
    pub surname: String,
    pub prefix: String,
    pub first_names: String,
    pub initials: String,
    pub birth_date: Option<PartialDate>,
    pub street: String,
    pub house_number: Option<u32>,
    pub house_letter: String,
    pub addition: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub amount_cents: i64,
    pub term_amount_cents: Option<i64>,
    pub bsn: String,
    pub business_name: String,
    pub legal_person: bool,
    pub warnings: Vec<Warning>,
    pub source_file: String,
    pub source_line: u64,
}

impl Signal {
    /// The order of `signalen.csv`: partner, then signal id, then source.
    pub fn sort_key(&self) -> (&str, &str, &str, u64) {
        (
            &self.partner,
            &self.signal_id,
            &self.source_file,
            self.source_line,
        )
    }
}

/// A signal as an item of a list cell (`partner:id | partner:id`). A
/// partner's id may hold any character, so `%` and the list separator `|`
/// in it are percent-encoded: the list always splits back into the same
/// ids. The partner id (letters, digits, `-`, `_`) ends at the first `:`.
pub fn signal_ref(partner: &str, signal_id: &str) -> String {
    let id = signal_id.replace('%', "%25").replace('|', "%7C");
    format!("{partner}:{id}")
}

/// The (partner, signal id) of each item of a list cell written with
/// [`signal_ref`]; `None` for an item that is not one.
pub fn signal_refs(cell: &str) -> impl Iterator<Item = (&str, Option<(&str, String)>)> {
    cell.split('|').map(str::trim).map(|item| {
        let parsed = item
            .split_once(':')
            .map(|(p, id)| (p.trim(), id.trim().replace("%7C", "|").replace("%25", "%")));
        (item, parsed)
    })
}

/// Column names of `signalen.csv`, in order.
pub const SIGNAL_COLUMNS: &[&str] = &[
    "signaal_id",
    "partner",
    "partnertype",
    "soort",
    "warme_overdracht",
    "achterstand_sinds",
    "datum_ontvangst",
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
    "woonplaats",
    "telefoon",
    "email",
    "bedrag_cent",
    "termijnbedrag_cent",
    "bsn",
    "bedrijfsnaam",
    "rechtspersoon",
    "waarschuwingen",
    "bronbestand",
    "bronregel",
];

table_columns!(
    /// The columns of `signalen.csv`, bound once per file.
    SignalCols {
        signaal_id,
        partner,
        partnertype,
        soort,
        warme_overdracht,
        achterstand_sinds,
        datum_ontvangst,
        geslachtsnaam,
        voorvoegsel,
        voornamen,
        voorletters,
        geboortedatum,
        straat,
        huisnummer,
        huisletter,
        toevoeging,
        postcode,
        woonplaats,
        telefoon,
        email,
        bedrag_cent,
        termijnbedrag_cent,
        bsn,
        bedrijfsnaam,
        rechtspersoon,
        waarschuwingen,
        bronbestand,
        bronregel,
    }
);

/// `ja` or `nee`, as our tables write a yes/no fact.
pub fn yes_no(b: bool) -> Cow<'static, str> {
    Cow::Borrowed(if b { "ja" } else { "nee" })
}

impl Cells for Signal {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        vec![
            Cow::Borrowed(&self.signal_id),
            Cow::Borrowed(&self.partner),
            Cow::Borrowed(self.partner_type.as_str()),
            Cow::Borrowed(self.kind.as_str()),
            yes_no(self.warm_handover),
            opt_cell(self.arrear_since.as_ref()),
            Cow::Owned(self.received.to_string()),
            Cow::Borrowed(&self.surname),
            Cow::Borrowed(&self.prefix),
            Cow::Borrowed(&self.first_names),
            Cow::Borrowed(&self.initials),
            opt_cell(self.birth_date.as_ref()),
            Cow::Borrowed(&self.street),
            opt_cell(self.house_number.as_ref()),
            Cow::Borrowed(&self.house_letter),
            Cow::Borrowed(&self.addition),
            Cow::Borrowed(&self.postcode),
            Cow::Borrowed(&self.city),
            Cow::Borrowed(&self.phone),
            Cow::Borrowed(&self.email),
            Cow::Owned(self.amount_cents.to_string()),
            opt_cell(self.term_amount_cents.as_ref()),
            Cow::Borrowed(&self.bsn),
            Cow::Borrowed(&self.business_name),
            yes_no(self.legal_person),
            Cow::Owned(
                self.warnings
                    .iter()
                    .map(|w| w.as_str())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            Cow::Borrowed(&self.source_file),
            Cow::Owned(self.source_line.to_string()),
        ]
    }
}

fn known<T>(row: &Row<'_>, column: Col, value: Option<T>) -> Result<T> {
    match value {
        Some(v) => Ok(v),
        None => row.bad(column, &crate::tr!("cell-unknown-value")),
    }
}

/// Reads a `signalen.csv` written by `ingest` (either CSV dialect).
pub fn read_signals(path: &Path) -> Result<Vec<Signal>> {
    let mut table = TableReader::open(path, SIGNAL_COLUMNS)?;
    let c = SignalCols::bind(&table);
    let mut out = Vec::new();
    while let Some(row) = table.next_row()? {
        out.push(signal_from_row(&row, &c)?);
    }
    Ok(out)
}

/// The signal in a row of `signalen.csv` or of a later stage's file that
/// starts with the same columns.
pub fn signal_from_row(row: &Row<'_>, c: &SignalCols) -> Result<Signal> {
    let field = |name: Col| row.get(name);
    let yes = |name: Col| row.yes_no(name);
    let full_date = |name: Col| -> Result<Option<NaiveDate>> {
        match field(name) {
            "" => Ok(None),
            v => match date::parse_full(v, None) {
                Ok(d) => Ok(Some(d)),
                Err(_) => row.bad(name, &crate::tr!("cell-not-a-date")),
            },
        }
    };
    let int = |name: Col| row.number::<i64>(name);
    let Some(received) = full_date(c.datum_ontvangst)? else {
        return row.bad(c.datum_ontvangst, &crate::tr!("cell-missing"));
    };
    let birth_date = match field(c.geboortedatum) {
        "" => None,
        v => Some(
            date::parse_partial(v, None)
                .or_else(|_| row.bad(c.geboortedatum, &crate::tr!("cell-not-a-date")))?,
        ),
    };
    let mut warnings = Vec::new();
    for w in field(c.waarschuwingen).split('|').filter(|w| !w.is_empty()) {
        warnings.push(known(row, c.waarschuwingen, Warning::parse(w))?);
    }
    let Some(amount_cents) = int(c.bedrag_cent)? else {
        return row.bad(c.bedrag_cent, &crate::tr!("cell-missing"));
    };
    Ok(Signal {
        signal_id: field(c.signaal_id).to_string(),
        partner: field(c.partner).to_string(),
        partner_type: known(row, c.partnertype, PartnerType::parse(field(c.partnertype)))?,
        kind: known(row, c.soort, SignalKind::parse(field(c.soort)))?,
        warm_handover: yes(c.warme_overdracht)?,
        arrear_since: full_date(c.achterstand_sinds)?,
        received,
        surname: field(c.geslachtsnaam).to_string(),
        prefix: field(c.voorvoegsel).to_string(),
        first_names: field(c.voornamen).to_string(),
        initials: field(c.voorletters).to_string(),
        birth_date,
        street: field(c.straat).to_string(),
        house_number: int(c.huisnummer)?.and_then(|n| u32::try_from(n).ok()),
        house_letter: field(c.huisletter).to_string(),
        addition: field(c.toevoeging).to_string(),
        postcode: field(c.postcode).to_string(),
        city: field(c.woonplaats).to_string(),
        phone: field(c.telefoon).to_string(),
        email: field(c.email).to_string(),
        amount_cents,
        term_amount_cents: int(c.termijnbedrag_cent)?,
        bsn: field(c.bsn).to_string(),
        business_name: field(c.bedrijfsnaam).to_string(),
        legal_person: yes(c.rechtspersoon)?,
        warnings,
        source_file: field(c.bronbestand).to_string(),
        source_line: int(c.bronregel)?
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0),
    })
}
