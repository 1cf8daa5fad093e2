//! The delivery to CBS in the DDAS *Uitwisselmodel Vroegsignalering* v1.2:
//! every signal of a period with its partner type, amount, dates, flags and
//! status, and every case (a household on a work list) with its matching
//! period, end result and contact attempts. The client is named as
//! minimally as the model allows: the BSN only for a resident found in the
//! BRP, otherwise postcode and house number. [`check`] holds the schema's
//! rules, so a file that would not validate is never written.

use super::MonthData;
use crate::brp::Verdict;
use crate::fields::contact::normalise_postcode;
use crate::prioritise::Outcome;
use crate::signal::{PartnerType, SignalKind};
use crate::vocab::case::{Case, Ground, Sent};
use crate::vocab::codes::{EndResult, FeedbackCode};
use crate::vocab::reason as screen;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub startdatum_levering: NaiveDate,
    pub einddatum_levering: NaiveDate,
    pub aanleverdatum_en_tijd: String,
    pub code_gegevensleverancier: String,
    pub leveringen: Vec<Levering>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Levering {
    pub teller: u32,
    pub gemeentecode: String,
    pub aanleverende_organisatie: Organisatie,
    pub vroegsignalen: Vec<Vroegsignaal>,
    pub vroegsignaalzaken: Vec<Zaak>,
}

#[derive(Debug, Serialize)]
pub struct Organisatie {
    pub naam: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vroegsignaal {
    #[serde(rename = "ID")]
    pub id: String,
    pub crisissignaal: bool,
    pub warme_overdracht: bool,
    pub bedrag: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ontstaansdatum: Option<NaiveDate>,
    pub signaaldatum: NaiveDate,
    pub status: &'static str,
    pub signaalpartner: Signaalpartner,
    pub client: Client,
}

#[derive(Debug, Serialize)]
pub struct Signaalpartner {
    #[serde(rename = "type")]
    pub partner_type: &'static str,
}

#[derive(Debug, Default, Serialize)]
pub struct Client {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burgerservicenummer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub huisnummer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub huisnummertoevoeging: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Zaak {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resultaat: Option<&'static str>,
    pub matchingsdatum: NaiveDate,
    pub startdatum_matchingperiode: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datum_opgepakt: Option<NaiveDate>,
    pub einddatum_matchingperiode: NaiveDate,
    pub vroegsignalen: Vec<Verwijzing>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contactpogingen: Vec<Contactpoging>,
}

#[derive(Debug, Serialize)]
pub struct Verwijzing {
    #[serde(rename = "ID")]
    pub id: String,
}

#[derive(Debug, Serialize)]
pub struct Contactpoging {
    pub soort: &'static str,
    pub bereikt: bool,
    pub datum: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagdeel: Option<&'static str>,
}

/// The DDAS list a partner type belongs to (`EnumSignaalpartner`).
pub fn partner_type(t: PartnerType) -> &'static str {
    match t {
        PartnerType::Zorg => "Zorg",
        PartnerType::Energie | PartnerType::Gas | PartnerType::Warmte => "Energie",
        PartnerType::Water => "Water",
        PartnerType::Huur => "Huur",
        PartnerType::Hypotheek => "Hypotheek",
        PartnerType::Duo => "DUO",
        PartnerType::Cak => "CAK Zorgverzekeringen",
        PartnerType::Belastingdienst => "Belastingdienst",
        PartnerType::Toeslagen => "Dienst Toeslagen",
        PartnerType::Gemeentebelasting | PartnerType::Overig => "Overige",
    }
}

/// The signal's status (`EnumSignaalstatus`): prioritise's decision, then
/// what became of it, so the status never contradicts the case's result
/// or the code the partner heard (the table in `docs/monitor.md`).
/// `result` is the case's end result (for a picked-up signal); `closed`
/// tells whether a signal left for the BRP review was closed at its term.
pub fn status(outcome: &Outcome, result: Option<EndResult>, closed: bool) -> &'static str {
    const ANDERE_REDEN: &str = "Niet opgepakt: andere reden";
    match outcome {
        Outcome::Queued => match result {
            Some(EndResult::GeenInwoner) => "Persoon is geen inwoner (meer) in de gemeente",
            Some(EndResult::Overleden) => "Inwoner is overleden",
            Some(EndResult::BekendShv) => "Inwoner al bekend bij schuldhulpverlening",
            Some(EndResult::Herhaald) => "Niet opgepakt: herhaalde melding",
            Some(EndResult::Onterecht) => "Niet opgepakt: onterecht signaal",
            Some(EndResult::AndereReden | EndResult::AnderTraject) => ANDERE_REDEN,
            _ => "Opgepakt",
        },
        Outcome::Review if closed => ANDERE_REDEN,
        Outcome::Review => "Nog niet opgepakt",
        Outcome::Out(r) => match *r {
            screen::GEEN_INWONER => "Persoon is geen inwoner (meer) in de gemeente",
            screen::OVERLEDEN => "Inwoner is overleden",
            screen::BEKEND_SHV => "Inwoner al bekend bij schuldhulpverlening",
            screen::HERHAALDE_MELDING => "Niet opgepakt: herhaalde melding",
            screen::ONDER_DREMPEL | screen::RECHTSPERSOON => "Niet opgepakt: onterecht signaal",
            _ => ANDERE_REDEN,
        },
    }
}

/// The end result of a case as the delivery gives it: the officer's, or,
/// for a household known to debt help whose term passed without one,
/// "Inwoner al bekend bij schuldhulpverlening" (the code its partners
/// heard).
pub fn case_result(case: Option<&Case>, codes: &[Option<&Sent>]) -> Option<EndResult> {
    case.and_then(|c| c.ending).map(|e| e.result).or_else(|| {
        codes
            .iter()
            .flatten()
            .any(|s| s.due.ground == Ground::Term && s.due.code == FeedbackCode::BekendShv)
            .then_some(EndResult::BekendShv)
    })
}

/// Every case of a month (a household with a picked-up signal) and its
/// end result as the delivery gives it ([`case_result`]).
pub fn case_results<'a>(
    m: &'a MonthData,
    sent: &HashMap<(&str, &str), &'a Sent>,
) -> HashMap<&'a str, Option<EndResult>> {
    let mut codes_of: HashMap<&str, Vec<Option<&Sent>>> = HashMap::new();
    for st in m.statuses.iter().filter(|st| st.outcome == Outcome::Queued) {
        codes_of.entry(st.household.as_str()).or_default().push(
            sent.get(&(st.partner.as_str(), st.signal_id.as_str()))
                .copied(),
        );
    }
    let cases_of: HashMap<&str, &Case> =
        m.cases.iter().map(|c| (c.household.as_str(), c)).collect();
    codes_of
        .into_iter()
        .map(|(h, codes)| (h, case_result(cases_of.get(h).copied(), &codes)))
        .collect()
}

/// The day a case was taken up (`datumOpgepakt`): the day its household
/// was placed on a work list (the month's matching and prioritising), or
/// the first attempt or result when an officer acted before that.
pub fn taken_up(placed: NaiveDate, case: Option<&Case>) -> NaiveDate {
    case.into_iter()
        .flat_map(|c| {
            c.attempts
                .iter()
                .map(|a| a.date)
                .chain(c.ending.map(|e| e.date))
        })
        .fold(placed, NaiveDate::min)
}

/// Whole euros, rounded half away from zero.
fn whole_euros(cents: i64) -> i64 {
    // Unsigned: no overflow at the ends of the range.
    let euros = i64::try_from(cents.unsigned_abs().saturating_add(50) / 100).unwrap_or(i64::MAX);
    if cents < 0 { -euros } else { euros }
}

/// The ID of a signal in the delivery: unique over months and partners.
pub fn signal_ref(month: crate::month::Month, partner: &str, signal_id: &str) -> String {
    format!("{month}:{partner}:{signal_id}")
}

/// Who the municipality is, for the delivery.
pub struct Sender<'a> {
    pub municipality_code: &'a str,
    pub organisation: &'a str,
    pub supplier_code: &'a str,
}

/// Builds the delivery for the months of a period.
pub fn build(
    sender: &Sender<'_>,
    from: NaiveDate,
    to: NaiveDate,
    delivered: NaiveDate,
    months: &[MonthData],
) -> Delivery {
    let mut signals = Vec::new();
    let mut cases = Vec::new();
    for m in months {
        // Matching and prioritising run on the same day; a month matched
        // before the store kept that day reports the month's last day.
        let matched_on = m.matched_on.unwrap_or_else(|| m.month.last_day());
        let sent = m.sent_by_signal();
        let cases_of: HashMap<&str, &Case> =
            m.cases.iter().map(|c| (c.household.as_str(), c)).collect();
        let results = case_results(m, &sent);
        let mut refs_of: HashMap<&str, Vec<Verwijzing>> = HashMap::new();
        let mut picked_up: BTreeSet<&str> = BTreeSet::new();
        for (s, st) in m.signals.iter().zip(&m.statuses) {
            let id = signal_ref(m.month, &s.signal.partner, &s.signal.signal_id);
            let household = s.facts.household.as_str();
            let closed = sent.contains_key(&(st.partner.as_str(), st.signal_id.as_str()));
            let status = status(
                &st.outcome,
                results.get(household).copied().flatten(),
                closed,
            );
            if st.outcome == Outcome::Queued {
                refs_of
                    .entry(household)
                    .or_default()
                    .push(Verwijzing { id: id.clone() });
                if status == "Opgepakt" {
                    picked_up.insert(household);
                }
            }
            signals.push(Vroegsignaal {
                id,
                crisissignaal: s.signal.kind == SignalKind::Crisis,
                warme_overdracht: s.signal.warm_handover,
                bedrag: whole_euros(s.signal.amount_cents),
                ontstaansdatum: s.signal.arrear_since,
                signaaldatum: s.signal.received,
                status,
                signaalpartner: Signaalpartner {
                    partner_type: partner_type(s.signal.partner_type),
                },
                client: client(s),
            });
        }
        let mut households: Vec<(&str, Vec<Verwijzing>)> = refs_of.into_iter().collect();
        households.sort_by(|a, b| a.0.cmp(b.0));
        for (household, refs) in households {
            let case = cases_of.get(household).copied();
            let attempts = case.map_or(&[][..], |c| c.attempts.as_slice());
            cases.push(Zaak {
                resultaat: results
                    .get(household)
                    .copied()
                    .flatten()
                    .map(EndResult::as_str),
                matchingsdatum: matched_on,
                startdatum_matchingperiode: m.month.first_day(),
                // A case none of whose signals was picked up (its result
                // says "niet opgepakt: ...") was never taken up.
                datum_opgepakt: picked_up
                    .contains(household)
                    .then(|| taken_up(case.and_then(|c| c.placed_on).unwrap_or(matched_on), case)),
                einddatum_matchingperiode: m.month.last_day(),
                vroegsignalen: refs,
                contactpogingen: attempts
                    .iter()
                    .map(|a| Contactpoging {
                        soort: a.kind.as_str(),
                        bereikt: a.reached,
                        datum: a.date,
                        dagdeel: a.dagdeel.map(|d| d.as_str()),
                    })
                    .collect(),
            });
        }
    }
    Delivery {
        startdatum_levering: from,
        einddatum_levering: to,
        aanleverdatum_en_tijd: format!("{delivered}T00:00:00Z"),
        code_gegevensleverancier: sender.supplier_code.to_string(),
        leveringen: vec![Levering {
            teller: 1,
            gemeentecode: sender.municipality_code.to_string(),
            aanleverende_organisatie: Organisatie {
                naam: sender.organisation.to_string(),
            },
            vroegsignalen: signals,
            vroegsignaalzaken: cases,
        }],
    }
}

/// The BSN for a resident found in (or deceased according to) the BRP;
/// otherwise the address the signal was sent for.
fn client(s: &crate::matching::MatchedSignal) -> Client {
    let found = matches!(s.brp.verdict, Verdict::Gevonden | Verdict::Overleden);
    if found && s.brp.bsn.len() == 9 {
        return Client {
            burgerservicenummer: Some(s.brp.bsn.clone()),
            ..Client::default()
        };
    }
    let sig = &s.signal;
    let addition = format!("{}{}", sig.house_letter.trim(), sig.addition.trim());
    Client {
        burgerservicenummer: None,
        postcode: normalise_postcode(&sig.postcode).map(|p| p.replace(' ', "")),
        huisnummer: sig.house_number.map(|n| n.to_string()),
        huisnummertoevoeging: (!addition.is_empty()).then_some(addition),
    }
}

/// Whether the model can name the client: a BSN, or postcode and
/// house number.
fn describable(c: &Client) -> bool {
    c.burgerservicenummer.is_some()
        || (c.postcode.as_deref().is_some_and(|p| !p.is_empty())
            && c.huisnummer.as_deref().is_some_and(|h| !h.is_empty()))
}

/// Takes out the signals whose client cannot be named (and them from
/// their cases; a case left without signals goes too). Returns their IDs.
pub fn leave_out_undescribable(d: &mut Delivery) -> Vec<String> {
    let mut left_out = Vec::new();
    for l in &mut d.leveringen {
        l.vroegsignalen.retain(|s| {
            let keep = describable(&s.client);
            if !keep {
                left_out.push(s.id.clone());
            }
            keep
        });
        for z in &mut l.vroegsignaalzaken {
            z.vroegsignalen.retain(|v| !left_out.contains(&v.id));
        }
        l.vroegsignaalzaken.retain(|z| !z.vroegsignalen.is_empty());
    }
    left_out
}

/// The schema's rules that the types do not already guarantee. Each
/// problem names the signal (its delivery ID) or case and the field.
pub fn check(d: &Delivery) -> Vec<String> {
    let mut problems = Vec::new();
    if d.startdatum_levering > d.einddatum_levering {
        problems.push("startdatumLevering: after einddatumLevering".to_string());
    }
    if d.code_gegevensleverancier.is_empty() {
        problems.push("codeGegevensleverancier: empty".to_string());
    }
    for l in &d.leveringen {
        if l.gemeentecode.is_empty() {
            problems.push("gemeentecode: empty".to_string());
        }
        let mut ids = BTreeSet::new();
        for s in &l.vroegsignalen {
            if s.id.is_empty() || !ids.insert(s.id.as_str()) {
                problems.push(crate::tr!("ddas-id", signal = &s.id));
            }
            let c = &s.client;
            match &c.burgerservicenummer {
                Some(bsn) if bsn.len() != 9 || !bsn.bytes().all(|b| b.is_ascii_digit()) => {
                    problems.push(crate::tr!("ddas-bsn", signal = &s.id));
                }
                Some(_) if c.postcode.is_some() || c.huisnummer.is_some() => {
                    problems.push(crate::tr!("ddas-bsn-and-address", signal = &s.id));
                }
                Some(_) => {}
                None => {
                    for (field, value) in [("postcode", &c.postcode), ("huisnummer", &c.huisnummer)]
                    {
                        if value.as_deref().is_none_or(str::is_empty) {
                            problems.push(crate::tr!(
                                "ddas-address",
                                signal = &s.id,
                                field = field
                            ));
                        }
                    }
                }
            }
        }
        for (i, z) in l.vroegsignaalzaken.iter().enumerate() {
            let name = crate::tr!(
                "ddas-case",
                number = i + 1,
                signal = z.vroegsignalen.first().map_or("", |v| v.id.as_str())
            );
            if z.vroegsignalen.is_empty() {
                problems.push(crate::tr!("ddas-case-empty", case = &name));
            }
            let mut seen = BTreeSet::new();
            for v in &z.vroegsignalen {
                if !ids.contains(v.id.as_str()) || !seen.insert(v.id.as_str()) {
                    problems.push(crate::tr!("ddas-case-signal", case = &name, signal = &v.id));
                }
            }
            if z.startdatum_matchingperiode > z.einddatum_matchingperiode {
                problems.push(crate::tr!("ddas-case-period", case = &name));
            }
        }
    }
    problems
}

#[derive(Debug, Serialize)]
pub struct DdasSummary {
    pub file: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub signals: u64,
    pub cases: u64,
    pub cases_with_result: u64,
    pub contact_attempts: u64,
    pub clients_by_bsn: u64,
    pub by_status: BTreeMap<String, u64>,
    pub by_partner_type: BTreeMap<String, u64>,
    /// Signals left out with --leave-out.
    pub left_out: Vec<String>,
}

impl DdasSummary {
    /// The counts of a delivery, written to `file`.
    pub fn of(file: String, delivery: &Delivery, left_out: Vec<String>) -> DdasSummary {
        let l = &delivery.leveringen[0];
        let mut by_status = BTreeMap::new();
        let mut by_partner_type = BTreeMap::new();
        for s in &l.vroegsignalen {
            *by_status.entry(s.status.to_string()).or_default() += 1;
            *by_partner_type
                .entry(s.signaalpartner.partner_type.to_string())
                .or_default() += 1;
        }
        DdasSummary {
            file,
            from: delivery.startdatum_levering,
            to: delivery.einddatum_levering,
            signals: l.vroegsignalen.len() as u64,
            cases: l.vroegsignaalzaken.len() as u64,
            cases_with_result: l
                .vroegsignaalzaken
                .iter()
                .filter(|z| z.resultaat.is_some())
                .count() as u64,
            contact_attempts: l
                .vroegsignaalzaken
                .iter()
                .map(|z| z.contactpogingen.len() as u64)
                .sum(),
            clients_by_bsn: l
                .vroegsignalen
                .iter()
                .filter(|s| s.client.burgerservicenummer.is_some())
                .count() as u64,
            by_status,
            by_partner_type,
            left_out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row of the status table in `docs/monitor.md`.
    struct Row {
        decision: String,
        result: String,
        code: String,
        status: String,
    }

    fn table_rows() -> Vec<Row> {
        let doc = include_str!("../../docs/monitor.md");
        let start = doc
            .find("| decision | end result of the case |")
            .expect("the status table");
        doc[start..]
            .lines()
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<String> = l
                    .trim_matches('|')
                    .split(" | ")
                    .map(|c| c.trim().to_string())
                    .collect();
                assert_eq!(cells.len(), 4, "{l}");
                Row {
                    decision: cells[0].clone(),
                    result: cells[1].clone(),
                    code: cells[2].clone(),
                    status: cells[3].clone(),
                }
            })
            .collect()
    }

    /// Runs one combination through the real settling of codes and the
    /// delivery's status: (code sent, status).
    fn through_the_program(
        outcome: Outcome,
        shv_known: bool,
        result: Option<EndResult>,
        term_passed: bool,
    ) -> (Option<FeedbackCode>, &'static str) {
        use crate::feedback::{Request, SignalStatus, settle};
        use crate::vocab::case::Ending;
        use std::collections::BTreeMap;
        let received: NaiveDate = "2026-10-05".parse().unwrap();
        let as_of: NaiveDate = if term_passed {
            "2026-11-20"
        } else {
            "2026-10-20"
        }
        .parse()
        .unwrap();
        let st = SignalStatus {
            partner: "p".into(),
            signal_id: "1".into(),
            household: "h".into(),
            outcome: outcome.clone(),
            received,
            shv_known,
        };
        let case = Case {
            household: "h".into(),
            queue: "telefoon".into(),
            attempts: Vec::new(),
            placed_on: None,
            handler: String::new(),
            handler_since: None,
            ending: result.map(|result| Ending {
                result,
                date: "2026-10-15".parse().unwrap(),
            }),
            at: String::new(),
        };
        let cases = BTreeMap::from([("h".to_string(), case.clone())]);
        let req = Request {
            month: "2026-10".parse().unwrap(),
            dir: std::path::Path::new(""),
            as_of,
            term_days: 28,
            again: false,
            close_overdue: true,
            decided_on: Some("2026-10-06".parse().unwrap()),
            rejected: &[],
            only: None,
            dialect: Default::default(),
            worklists: None,
            lists: None,
        };
        let (due, _) = settle(&req, &[st], &cases, &Default::default());
        let sent: Vec<Sent> = due
            .into_iter()
            .map(|due| Sent {
                due,
                corrects: None,
                exported_on: as_of,
                first_exported_on: as_of,
                file: String::new(),
            })
            .collect();
        let code = sent.first().map(|s| s.due.code);
        let queued = outcome == Outcome::Queued;
        let result = queued
            .then(|| case_result(Some(&case), &[sent.first()]))
            .flatten();
        (code, status(&outcome, result, !sent.is_empty()))
    }

    #[test]
    fn the_status_table_in_the_docs_is_the_rule() {
        let rows = table_rows();
        let mut covered = 0;
        for r in &rows {
            let (outcome, shv) = match r.decision.as_str() {
                "werklijst" => (Outcome::Queued, false),
                "werklijst, bekend_shv" => (Outcome::Queued, true),
                "controleren" => (Outcome::Review, false),
                d => {
                    let reason = d.strip_prefix("niet_opgepakt: ").expect(d);
                    let reason = screen::REASONS
                        .iter()
                        .find(|x| **x == reason)
                        .expect(reason);
                    (Outcome::Out(reason), false)
                }
            };
            let (result, term_passed) = match r.result.as_str() {
                "—" | "— (term passed)" => (None, true),
                "— (term not passed)" => (None, false),
                text => (Some(EndResult::parse(text).expect(text)), true),
            };
            let (code, status) = through_the_program(outcome, shv, result, term_passed);
            let code = code.map_or("—", FeedbackCode::as_str);
            assert_eq!(
                (code, status),
                (r.code.as_str(), r.status.as_str()),
                "{} / {}",
                r.decision,
                r.result
            );
            covered += 1;
        }
        // Every reason, both review rows, three rows without a result and
        // one per end result.
        assert_eq!(
            covered,
            screen::REASONS.len() + 2 + 3 + EndResult::ALL.len()
        );
    }

    #[test]
    fn amounts_are_whole_euros_rounded_half_up() {
        assert_eq!(whole_euros(12_349), 123);
        assert_eq!(whole_euros(12_350), 124);
        assert_eq!(whole_euros(99), 1);
        assert_eq!(whole_euros(-150), -2);
    }

    #[test]
    fn every_partner_type_and_reason_has_a_ddas_value() {
        let partners = [
            "Belastingdienst",
            "CAK Eigen bijdrage",
            "CAK Zorgverzekeringen",
            "Dienst Toeslagen",
            "DUO",
            "Energie",
            "Huur",
            "Hypotheek",
            "Overige",
            "Water",
            "Zorg",
        ];
        for t in PartnerType::ALL {
            assert!(partners.contains(&partner_type(*t)), "{t}");
        }
        for r in screen::REASONS {
            assert!(status(&Outcome::Out(r), None, false).contains(' '), "{r}");
        }
    }
}
