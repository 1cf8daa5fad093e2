//! Letters for the letter and card queues: one per household on the list,
//! from the municipality's template (MiniJinja, HTML, one letter per A4
//! page), with the salutation the register gives (sex, name use), the
//! address block, the partners and kinds of arrears (no amounts unless the
//! template asks), the deadline and who to contact. Beside each, the same
//! fields as a mail-merge file for municipalities that write in Word.
//! Letters hold personal data: they are written like the work lists
//! (owner-only) and go with the month folder at retention.

use crate::brp::RegisterName;
use crate::config::LetterSettings;
use crate::csvio::{Cells, Dialect, PendingOutputs};
use crate::exit::ConfigError;
use crate::fields::date::dutch_date;
use crate::matching::{Household, MatchedSignal};
use crate::month::Month;
use crate::prioritise::Prioritised;
use crate::prioritise::earlier::{EarlierLists, row_key};
use crate::prioritise::worklists::{case_id, lists, members};
use crate::rulebook::{ContactForm, Rulebook};
use crate::signal::PartnerType;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The template shipped with the program (`config/templates/brief.html`).
const TEMPLATE: &str = include_str!("../../config/templates/brief.html");

/// The folder of a month's letters.
pub const FOLDER: &str = "brieven";

/// One letter: everything a template may use.
#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    pub zaak: String,
    pub lijst: String,
    pub aanhef: String,
    pub naam: String,
    pub adresregel: String,
    pub postcode_woonplaats: String,
    pub partners_tekst: String,
    pub partners: Vec<PartnerLine>,
    pub deadline: String,
    pub datum: String,
    pub afzender: String,
    pub telefoon: String,
    pub email: String,
    pub gemeente: String,
    /// The household total, for a template that asks (the shipped one
    /// does not).
    pub totaal_bedrag: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerLine {
    pub naam: String,
    pub soort: String,
}

/// The letters of one list as the template's `brieven`. A letter becomes a
/// template value only when the loop reaches it: converting a city's
/// 11,000 letters at once took more memory than the letters themselves.
#[derive(Debug)]
struct LetterSeq(Vec<Letter>);

impl minijinja::value::Object for LetterSeq {
    fn repr(self: &Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        self.0
            .get(key.as_usize()?)
            .map(minijinja::Value::from_serialize)
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }
}

/// What the letters of a month need besides the decisions.
pub struct LetterInputs<'a> {
    pub month: Month,
    pub dir: &'a Path,
    pub dialect: Dialect,
    pub as_of: NaiveDate,
    pub settings: &'a LetterSettings,
    pub municipality: &'a str,
    /// Partner id -> name, as the config gives them.
    pub partner_names: &'a BTreeMap<String, String>,
    /// The month's lists as they stand: the day each row was placed.
    pub earlier: &'a EarlierLists,
}

/// A list's batch of letters for a day: `<list>-<yyyy-mm-dd>`.
fn batch_name(list: &str, day: NaiveDate) -> String {
    format!("{list}-{day}")
}

/// Writes `brieven/<list>-<day>.html` and `.csv` for every list whose
/// queue writes by letter or card: the letters of the households placed
/// on the list on the day of the run. Letters go out in batches by the day
/// their household was placed: an earlier day's batch was printed then,
/// and stays as it was written. Returns how many letters this run wrote.
pub fn write(
    rb: &Rulebook,
    p: &Prioritised,
    signals: &[MatchedSignal],
    households: &[Household],
    i: &LetterInputs<'_>,
    out: &mut PendingOutputs,
) -> Result<usize> {
    let (source, shown) = template_source(i.settings)?;
    let mut env = minijinja::Environment::new();
    env.add_template("brief.html", &source)
        .map_err(|e| template_error(&shown, &e))?;
    let template = env
        .get_template("brief.html")
        .map_err(|e| template_error(&shown, &e))?;
    let folder = i.dir.join(FOLDER);
    // Today's batches are written again; a list without letters today
    // loses its batch of today.
    let today = format!("-{}.", i.as_of);
    if let Ok(entries) = std::fs::read_dir(&folder) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().contains(&today) {
                out.remove(&e.path());
            }
        }
    }
    let mut written = 0;
    for list in lists(rb, p) {
        let contact = rb.queues[list.queue].contact;
        if !matches!(contact, ContactForm::Brief | ContactForm::Kaartje) {
            continue;
        }
        let letters: Vec<Letter> = members(rb, p, list.queue, &list.name, &Default::default())
            .into_iter()
            .filter(|&(hi, extra)| placed_today(p, hi, extra, households, &list.name, i))
            .map(|(hi, _)| letter(p, hi, signals, households, &list.name, i))
            .collect();
        if letters.is_empty() {
            continue;
        }
        let batch = batch_name(&list.name, i.as_of);
        out.table(
            &folder.join(format!("{batch}.csv")),
            i.dialect,
            MERGE_COLUMNS,
            letters.iter().map(MergeRow),
        )?;
        written += letters.len();
        let context = minijinja::context! {
            brieven => minijinja::Value::from_object(LetterSeq(letters)),
            lijst => &list.name,
            maand => i.month.to_string(),
        };
        // Rendered straight into the file: a city's letters are megabytes.
        out.write_with(&folder.join(format!("{batch}.html")), |w| {
            template
                .render_captured_to(context, w)
                .map_err(|e| template_error(&shown, &e))?;
            Ok(())
        })?;
    }
    Ok(written)
}

/// Whether the household's row on the list was placed on the run's day
/// (a new row is; a row of an earlier run keeps its day).
fn placed_today(
    p: &Prioritised,
    hi: usize,
    extra: bool,
    households: &[Household],
    list: &str,
    i: &LetterInputs<'_>,
) -> bool {
    let household = &households[p.households[hi].household];
    let key = row_key(
        &case_id(i.month, &household.id),
        if extra { "extra" } else { "hoofd" },
        list,
    );
    i.earlier
        .placed_on
        .get(&key)
        .is_none_or(|day| *day == i.as_of.to_string())
}

/// The template's text and how to name it in a message.
fn template_source(settings: &LetterSettings) -> Result<(String, String)> {
    match &settings.template {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                ConfigError(format!(
                    "{}: {}",
                    path.display(),
                    crate::tr!("template-unreadable", why = crate::csvio::io_reason(&e))
                ))
            })?;
            Ok((text, path.display().to_string()))
        }
        None => Ok((TEMPLATE.to_string(), crate::tr!("template-shipped"))),
    }
}

/// Checks the letter template before a run does any work (exit 78 with
/// file and line when it is broken).
pub fn check_template(settings: &LetterSettings) -> Result<()> {
    let (source, shown) = template_source(settings)?;
    let mut env = minijinja::Environment::new();
    env.add_template("brief.html", &source)
        .map_err(|e| template_error(&shown, &e))?;
    Ok(())
}

fn template_error(shown: &str, e: &minijinja::Error) -> anyhow::Error {
    let at = e.line().map_or_else(String::new, |l| format!(":{l}"));
    ConfigError(format!(
        "{shown}{at}: {}",
        crate::tr!("template-broken", what = e.kind())
    ))
    .into()
}

fn letter(
    p: &Prioritised,
    hi: usize,
    signals: &[MatchedSignal],
    households: &[Household],
    list: &str,
    i: &LetterInputs<'_>,
) -> Letter {
    let d = &p.households[hi];
    let household = &households[d.household];
    let kept: Vec<&MatchedSignal> = d.kept.iter().map(|&k| &signals[k]).collect();
    // The person the letter is to: the first signalled resident the
    // register names, else the first signal as the partner sent it.
    let named = kept.iter().find(|s| s.brp.name.is_some()).or(kept.first());
    let (street, number, letter, addition, postcode, city) =
        named.map(|s| s.address()).unwrap_or_default();
    let register = named.and_then(|s| s.brp.name.as_ref());
    let initials = named.map_or("", |s| s.signal.initials.as_str());
    let sent_name = named.map(|s| {
        [s.signal.prefix.as_str(), s.signal.surname.as_str()]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    });
    let name = register.map_or_else(|| sent_name.unwrap_or_default(), |r| used_name(r, false));
    let mut partners: Vec<PartnerLine> = Vec::new();
    for s in &kept {
        let line = PartnerLine {
            naam: i
                .partner_names
                .get(&s.signal.partner)
                .cloned()
                .unwrap_or_else(|| s.signal.partner.clone()),
            soort: arrear_kind(s.signal.partner_type).to_string(),
        };
        if !partners.iter().any(|p| p.naam == line.naam) {
            partners.push(line);
        }
    }
    let number_line = format!(
        "{}{}{}",
        number.map_or_else(String::new, |n| n.to_string()),
        letter,
        if addition.is_empty() {
            String::new()
        } else {
            format!("-{addition}")
        }
    );
    Letter {
        zaak: super::worklists::case_id(i.month, &household.id),
        lijst: list.to_string(),
        aanhef: salutation(register),
        naam: [initials, name.as_str()]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
        adresregel: format!("{street} {number_line}").trim().to_string(),
        postcode_woonplaats: format!("{postcode}  {}", city.to_uppercase())
            .trim()
            .to_string(),
        partners_tekst: join_dutch(
            &partners
                .iter()
                .map(|p| format!("{} ({})", p.naam, p.soort))
                .collect::<Vec<_>>(),
        ),
        partners,
        deadline: d.due.map_or_else(String::new, dutch_date),
        datum: dutch_date(i.as_of),
        afzender: if i.settings.sender.is_empty() {
            format!("Team vroegsignalering, gemeente {}", i.municipality)
        } else {
            i.settings.sender.clone()
        },
        telefoon: i.settings.phone.clone(),
        email: i.settings.email.clone(),
        gemeente: i.municipality.to_string(),
        totaal_bedrag: crate::fields::amount::format_euro(crate::fields::amount::total_cents(
            kept.iter().map(|s| s.signal.amount_cents),
        )),
    }
}

/// `Geachte heer De Vries`, `Geachte mevrouw Jansen-de Boer`; `Geachte
/// heer/mevrouw` when the register does not name the resident.
pub fn salutation(name: Option<&RegisterName>) -> String {
    let Some(n) = name else {
        return "Geachte heer/mevrouw".into();
    };
    let title = match n.sex.trim() {
        "M" | "m" => "heer",
        "V" | "v" => "mevrouw",
        _ => "heer/mevrouw",
    };
    format!("Geachte {title} {}", used_name(n, true))
}

/// The surname as the resident uses it (naamgebruik): own (`E`), the
/// partner's (`P`), the partner's then own (`V`), own then the partner's
/// (`N`). A prefix starting the name is written with a capital when
/// `capital` (in a salutation), in lower case inside it.
pub fn used_name(n: &RegisterName, capital: bool) -> String {
    let part = |prefix: &str, surname: &str, first: bool| -> String {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return surname.trim().to_string();
        }
        let prefix = if first && capital {
            let mut c = prefix.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        } else {
            prefix.to_lowercase()
        };
        format!("{prefix} {}", surname.trim())
    };
    let has_partner = !n.partner_surname.trim().is_empty();
    match (n.name_use.trim(), has_partner) {
        ("P", true) => part(&n.partner_prefix, &n.partner_surname, true),
        ("V", true) => format!(
            "{}-{}",
            part(&n.partner_prefix, &n.partner_surname, true),
            part(&n.prefix, &n.surname, false)
        ),
        ("N", true) => format!(
            "{}-{}",
            part(&n.prefix, &n.surname, true),
            part(&n.partner_prefix, &n.partner_surname, false)
        ),
        _ => part(&n.prefix, &n.surname, true),
    }
}

/// What the arrear is, in words a resident knows.
fn arrear_kind(t: PartnerType) -> &'static str {
    match t {
        PartnerType::Zorg => "zorgverzekering",
        PartnerType::Energie => "energie",
        PartnerType::Gas => "gas",
        PartnerType::Warmte => "warmte",
        PartnerType::Water => "water",
        PartnerType::Huur => "huur",
        PartnerType::Gemeentebelasting => "gemeentelijke belastingen",
        PartnerType::Hypotheek => "hypotheek",
        PartnerType::Duo => "studieschuld",
        PartnerType::Cak => "eigen bijdrage zorg",
        PartnerType::Belastingdienst => "belastingen",
        PartnerType::Toeslagen => "toeslagen",
        PartnerType::Overig => "een rekening",
    }
}

/// `a`, `a en b`, `a, b en c`.
fn join_dutch(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

/// The mail-merge file's columns: the letter's fields, no amounts.
pub const MERGE_COLUMNS: &[&str] = &[
    "zaak",
    "aanhef",
    "naam",
    "adresregel",
    "postcode_woonplaats",
    "partners",
    "deadline",
    "datum",
    "afzender",
    "telefoon",
    "email",
];

struct MergeRow<'a>(&'a Letter);

impl Cells for MergeRow<'_> {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        let l = self.0;
        [
            &l.zaak,
            &l.aanhef,
            &l.naam,
            &l.adresregel,
            &l.postcode_woonplaats,
            &l.partners_tekst,
            &l.deadline,
            &l.datum,
            &l.afzender,
            &l.telefoon,
            &l.email,
        ]
        .into_iter()
        .map(|s| Cow::Borrowed(s.as_str()))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(sex: &str, use_: &str) -> RegisterName {
        RegisterName {
            sex: sex.into(),
            prefix: "de".into(),
            surname: "Boer".into(),
            name_use: use_.into(),
            partner_prefix: String::new(),
            partner_surname: "Jansen".into(),
        }
    }

    #[test]
    fn the_salutation_follows_sex_and_name_use() {
        assert_eq!(salutation(Some(&name("M", "E"))), "Geachte heer De Boer");
        assert_eq!(salutation(Some(&name("V", "P"))), "Geachte mevrouw Jansen");
        assert_eq!(
            salutation(Some(&name("V", "V"))),
            "Geachte mevrouw Jansen-de Boer"
        );
        assert_eq!(
            salutation(Some(&name("V", "N"))),
            "Geachte mevrouw De Boer-Jansen"
        );
        assert_eq!(
            salutation(Some(&name("O", "E"))),
            "Geachte heer/mevrouw De Boer"
        );
        assert_eq!(salutation(None), "Geachte heer/mevrouw");
        // No partner in the register: the own name, whatever the use.
        let mut alone = name("V", "V");
        alone.partner_surname.clear();
        assert_eq!(salutation(Some(&alone)), "Geachte mevrouw De Boer");
        assert_eq!(used_name(&name("V", "V"), false), "Jansen-de Boer");
    }

    #[test]
    fn dates_and_lists_read_as_dutch() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(dutch_date(d), "2 november 2026");
        assert_eq!(
            join_dutch(&["a".into(), "b".into(), "c".into()]),
            "a, b en c"
        );
    }
}
