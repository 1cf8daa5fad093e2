//! Stage 3, `match`: group the month's checked signals per household and
//! add what history and the outside lists say about each: recidive,
//! herhaal, sleper, bekend bij SHV, geen bemoeienis. People and addresses
//! are linked across months by keyed fingerprints only.

// Parse, don't slice: user text is read with `get`, never indexed.
#![warn(clippy::indexing_slicing, clippy::string_slice)]

pub mod files;
pub mod lists;
pub mod stage;

use crate::brp::compare::name_key;
use crate::brp::{BrpFacts, Resolved, Verdict};
use crate::fields::contact::{normalise_bsn, normalise_postcode};
use crate::fields::date::PartialDate;
use crate::history::Recorded;
use crate::month::Month;
use crate::secret::Key;
use crate::signal::{PartnerType, Signal};
use lists::{Identity, PersonList, identity};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};

/// The thresholds behind the history facts (the rulebook's `[facts]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FactSettings {
    /// A signal is recidive when the person or address had one in this
    /// many months before.
    pub recidive_months: u32,
    pub sleper: SleperSettings,
}

/// A sleper: signals from the same partner in at least `min_months` of the
/// last `window_months` (this month included), each about one term amount
/// and not growing: a debt that grows each month is no sleper.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SleperSettings {
    pub window_months: u32,
    pub min_months: u32,
    /// With a known term amount: every amount at most this many terms.
    pub max_terms: f64,
    /// Without one: every amount at most this many euros.
    pub max_amount: i64,
    /// The largest amount at most this fraction above the smallest.
    pub max_growth: f64,
}

impl Default for FactSettings {
    fn default() -> Self {
        FactSettings {
            recidive_months: 6,
            sleper: SleperSettings::default(),
        }
    }
}

impl Default for SleperSettings {
    fn default() -> Self {
        SleperSettings {
            window_months: 6,
            min_months: 4,
            max_terms: 1.5,
            max_amount: 250,
            max_growth: 0.5,
        }
    }
}

impl FactSettings {
    /// How far back `match` needs to look.
    pub fn months_needed(&self) -> u32 {
        self.recidive_months.max(self.sleper.window_months)
    }
}

/// The outside lists; empty when not configured.
#[derive(Debug, Default)]
pub struct Lists {
    pub shv: PersonList,
    pub opt_out: PersonList,
    /// Empty when the municipality has no area table.
    pub areas: crate::areas::Areas,
}

/// An earlier signal of the same person or address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Earlier {
    pub month: Month,
    pub amount_cents: i64,
}

/// Last month's signal of the same person at the same partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Herhaal {
    pub previous_cents: i64,
    pub change_cents: i64,
}

/// What match adds to one signal.
#[derive(Debug, Clone, Default)]
pub struct SignalFacts {
    pub household: String,
    pub recidive: Vec<Earlier>,
    pub herhaal: Option<Herhaal>,
    /// Months with a signal from this partner in the sleper window.
    pub sleper_months: u32,
    pub sleper: bool,
    pub bekend_shv: bool,
    pub geen_bemoeienis: bool,
    /// An earlier case of the person or address in the recidive window
    /// recorded attempts that reached nobody.
    pub eerder_niet_bereikt: bool,
    /// The area of its address (`wijk`); empty without an area table.
    pub wijk: String,
}

#[derive(Debug, Clone)]
pub struct MatchedSignal {
    pub signal: crate::signal::Signal,
    pub brp: crate::brp::BrpFacts,
    pub facts: SignalFacts,
}

impl MatchedSignal {
    /// Street, number, letter, addition, postcode and city: the register's
    /// address when a resident is tied to the signal, else the one sent.
    pub fn address(&self) -> (&str, Option<u32>, &str, &str, &str, &str) {
        address_of(&self.signal, &self.brp)
    }
}

/// A signal's address as [`MatchedSignal::address`] gives it.
fn address_of<'a>(
    s: &'a Signal,
    brp: &'a BrpFacts,
) -> (&'a str, Option<u32>, &'a str, &'a str, &'a str, &'a str) {
    match &brp.address {
        Some(a) => (
            &a.street,
            a.house_number,
            &a.house_letter,
            &a.addition,
            &a.postcode,
            &a.city,
        ),
        None => (
            &s.street,
            s.house_number,
            &s.house_letter,
            &s.addition,
            &s.postcode,
            &s.city,
        ),
    }
}

/// A household: the signals that share an address (and a BRP verdict), and
/// what they say together.
#[derive(Debug, Clone)]
pub struct Household {
    pub id: String,
    pub verdict: Verdict,
    /// Indices into the month's signals, in their order.
    pub signals: Vec<usize>,
    pub partners: Vec<String>,
    pub partner_types: Vec<PartnerType>,
    pub total_cents: i64,
    pub max_cents: i64,
    /// Months with an earlier signal for anyone in the household.
    pub recidive_months: Vec<Month>,
    /// Every signal repeats last month's without a higher amount.
    pub herhaal_without_increase: bool,
    pub sleper: bool,
    pub bekend_shv: bool,
    pub geen_bemoeienis: bool,
    pub minors: Option<u32>,
    pub youngest: Option<u32>,
    pub oldest: Option<u32>,
    /// The area of its first signal's address.
    pub wijk: String,
}

impl Household {
    pub fn meervoudig(&self) -> bool {
        self.partners.len() > 1
    }

    pub fn recidive(&self) -> bool {
        !self.recidive_months.is_empty()
    }
}

/// The month after matching: signals (input order) and households (by id).
pub struct Matched {
    pub month: Month,
    pub signals: Vec<MatchedSignal>,
    pub households: Vec<Household>,
    /// What goes into the history store for this month.
    pub records: Vec<Recorded>,
}

/// The normalised address of a signal: the register's when a resident is
/// tied to it, else the one the partner sent. `None` without a house number.
fn address_parts(r: &Resolved) -> Option<[String; 4]> {
    match &r.brp.address {
        Some(a) => address_key(
            &a.postcode,
            &a.street,
            a.house_number,
            &a.house_letter,
            &a.addition,
        ),
        None => address_key(
            &r.signal.postcode,
            &r.signal.street,
            r.signal.house_number,
            &r.signal.house_letter,
            &r.signal.addition,
        ),
    }
}

/// An address as the fingerprints take it: postcode (or street when the
/// postcode is unreadable), number, letter, addition.
pub fn address_key(
    postcode: &str,
    street: &str,
    number: Option<u32>,
    letter: &str,
    addition: &str,
) -> Option<[String; 4]> {
    let number = number?;
    let place = match normalise_postcode(postcode) {
        Some(pc) => pc,
        None if !street.trim().is_empty() => {
            format!(
                "straat:{}",
                crate::fields::text::fold(street).replace(' ', "")
            )
        }
        None => return None,
    };
    Some([
        place,
        number.to_string(),
        letter.trim().to_uppercase(),
        addition.trim().to_uppercase(),
    ])
}

/// The BSN behind a signal: the register's, else a valid one the partner sent.
fn bsn_of(r: &Resolved) -> Option<String> {
    if r.brp.bsn.is_empty() {
        normalise_bsn(&r.signal.bsn)
    } else {
        Some(r.brp.bsn.clone())
    }
}

/// Identities to look a signal up by in the lists (partner's postcode and
/// the register's).
fn identities(r: &Resolved) -> [Option<Identity>; 2] {
    let s = &r.signal;
    let birth = s.birth_date;
    [
        identity(&s.prefix, &s.surname, birth, &s.postcode),
        r.brp
            .address
            .as_ref()
            .and_then(|a| identity(&s.prefix, &s.surname, birth, &a.postcode)),
    ]
}

struct Prints {
    person: Option<String>,
    address: Option<String>,
    household: String,
}

/// What the municipality's lists and areas say of a signal.
struct Listed {
    bekend_shv: bool,
    geen_bemoeienis: bool,
    wijk: String,
}

fn listed(lists: &Lists, r: &Resolved) -> Listed {
    let bsn = bsn_of(r);
    let ids = identities(r);
    let wijk = if lists.areas.is_empty() {
        String::new()
    } else {
        let (_, number, _, _, postcode, _) = address_of(&r.signal, &r.brp);
        lists.areas.area_of(postcode, number).to_string()
    };
    Listed {
        bekend_shv: lists.shv.contains(bsn.as_deref(), &ids),
        geen_bemoeienis: lists.opt_out.contains(bsn.as_deref(), &ids),
        wijk,
    }
}

/// The keyed fingerprint of a person: by BSN, else by name and full birth
/// date. The history import makes the same from another system's rows.
pub fn person_print(
    key: &Key,
    bsn: Option<&str>,
    prefix: &str,
    surname: &str,
    initials: &str,
    birth: Option<PartialDate>,
) -> Option<String> {
    match bsn {
        Some(b) => Some(key.fingerprint(&["persoon", b])),
        None => birth.filter(|b| b.full().is_some()).map(|b| {
            let initial: String = initials.chars().take(1).collect();
            key.fingerprint(&[
                "persoon-naam",
                &name_key(prefix, surname),
                &initial.to_uppercase(),
                &b.to_string(),
            ])
        }),
    }
}

/// The keyed fingerprints of an address (normalised by [`address_key`])
/// and of the household living there with this BRP verdict.
pub fn address_prints(key: &Key, parts: &[String; 4], verdict: Verdict) -> (String, String) {
    let [a, b, c, d] = parts;
    let household = key.fingerprint(&["huishouden", verdict.as_str(), a, b, c, d]);
    (
        key.fingerprint(&["adres", a, b, c, d]),
        format!("hh-{}", household.get(..12).unwrap_or(&household)),
    )
}

fn prints(key: &Key, r: &Resolved) -> Prints {
    let s = &r.signal;
    let person = person_print(
        key,
        bsn_of(r).as_deref(),
        &s.prefix,
        &s.surname,
        &s.initials,
        s.birth_date,
    );
    // Only residents found in the register share a household; other
    // signals group by verdict and the address sent, so someone who moved
    // away never joins the family now living there.
    match address_parts(r) {
        Some(parts) => {
            let (address, household) = address_prints(key, &parts, r.brp.verdict);
            Prints {
                person,
                address: Some(address),
                household,
            }
        }
        None => {
            let h = key.fingerprint(&["los", &s.partner, &s.signal_id]);
            Prints {
                person,
                address: None,
                household: format!("hh-{}", h.get(..12).unwrap_or(&h)),
            }
        }
    }
}

/// Matches a month. `prior` holds the stored signals of earlier months
/// (at least [`FactSettings::months_needed`] back); records of `month`
/// itself or later are ignored, so a re-run never sees itself.
pub fn match_month(
    resolved: Vec<Resolved>,
    month: Month,
    prior: &[Recorded],
    lists: &Lists,
    settings: &FactSettings,
    key: &Key,
) -> Matched {
    let earliest_recidive = back(month, settings.recidive_months);
    let earliest_sleper = back(month, settings.sleper.window_months.saturating_sub(1));
    let prior: Vec<&Recorded> = prior.iter().filter(|r| r.month < month).collect();
    let mut by_person: HashMap<&str, Vec<&Recorded>> = HashMap::new();
    let mut by_address: HashMap<&str, Vec<&Recorded>> = HashMap::new();
    for r in &prior {
        if let Some(p) = &r.person {
            by_person.entry(p).or_default().push(r);
        }
        // An address's history counts only where someone was found living
        // there; a signal for someone who had moved away says nothing about
        // who lives there now.
        if let Some(a) = &r.address
            && r.verdict == Verdict::Gevonden.as_str()
        {
            by_address.entry(a).or_default().push(r);
        }
    }
    let mut signals = Vec::with_capacity(resolved.len());
    let mut records = Vec::with_capacity(resolved.len());
    // The keyed prints (HMACs) are most of the work: made on every core.
    let all_prints: Vec<(Prints, Listed)> = resolved
        .par_iter()
        .map(|r| (prints(key, r), listed(lists, r)))
        .collect();
    for (r, (p, listed)) in resolved.into_iter().zip(all_prints) {
        let s = &r.signal;
        let of_person: &[&Recorded] = p
            .person
            .as_deref()
            .and_then(|k| by_person.get(k))
            .map_or(&[], Vec::as_slice);
        let of_address: &[&Recorded] = p
            .address
            .as_deref()
            .and_then(|k| by_address.get(k))
            .map_or(&[], Vec::as_slice);
        let in_window = || {
            of_person
                .iter()
                .chain(of_address)
                .filter(|e| e.month >= earliest_recidive)
        };
        let eerder_niet_bereikt = in_window().any(|e| e.not_reached);
        let mut seen = BTreeSet::new();
        let mut recidive: Vec<Earlier> = in_window()
            .filter(|e| seen.insert((e.month, e.partner.as_str(), e.signal_id.as_str())))
            .map(|e| Earlier {
                month: e.month,
                amount_cents: e.amount_cents,
            })
            .collect();
        recidive.sort();
        let same_partner = || of_person.iter().filter(|e| e.partner == s.partner);
        let herhaal = same_partner()
            .filter(|e| e.month == month.prev())
            .map(|e| e.amount_cents)
            .max()
            .map(|previous| Herhaal {
                previous_cents: previous,
                change_cents: s.amount_cents.saturating_sub(previous),
            });
        let sl = &settings.sleper;
        let about_one_term = |amount: i64, term: Option<i64>| match term {
            Some(t) if t > 0 => amount as f64 <= t as f64 * sl.max_terms,
            _ => amount <= sl.max_amount.saturating_mul(100),
        };
        let window: Vec<&&Recorded> = same_partner()
            .filter(|e| e.month >= earliest_sleper)
            .collect();
        let sleper_months = 1 + window
            .iter()
            .map(|e| e.month)
            .collect::<BTreeSet<_>>()
            .len() as u32;
        let amounts = || {
            window
                .iter()
                .map(|e| e.amount_cents)
                .chain([s.amount_cents])
        };
        let (low, high) = (amounts().min().unwrap_or(0), amounts().max().unwrap_or(0));
        let sleper = p.person.is_some()
            && sleper_months >= sl.min_months
            && high as f64 <= low as f64 * (1.0 + sl.max_growth)
            && about_one_term(s.amount_cents, s.term_amount_cents)
            && window
                .iter()
                .all(|e| about_one_term(e.amount_cents, e.term_amount_cents));
        let facts = SignalFacts {
            household: p.household.clone(),
            recidive,
            herhaal,
            sleper_months: if p.person.is_some() { sleper_months } else { 0 },
            sleper,
            bekend_shv: listed.bekend_shv,
            geen_bemoeienis: listed.geen_bemoeienis,
            eerder_niet_bereikt,
            wijk: listed.wijk,
        };
        records.push(Recorded {
            month,
            partner: s.partner.clone(),
            signal_id: s.signal_id.clone(),
            partner_type: s.partner_type.as_str().to_string(),
            kind: s.kind.as_str().to_string(),
            received: s.received.to_string(),
            amount_cents: s.amount_cents,
            term_amount_cents: s.term_amount_cents,
            person: p.person,
            address: p.address,
            household: p.household,
            verdict: r.brp.verdict.as_str().to_string(),
            not_reached: false,
        });
        signals.push(MatchedSignal {
            signal: r.signal,
            brp: r.brp,
            facts,
        });
    }
    let households = households(&signals);
    Matched {
        month,
        signals,
        households,
        records,
    }
}

fn back(month: Month, n: u32) -> Month {
    (0..n).fold(month, |m, _| m.prev())
}

/// Groups matched signals by their household id and sums up each group.
/// Used by `match` and again by `prioritise` when it reads the file back.
pub fn households(signals: &[MatchedSignal]) -> Vec<Household> {
    // The signals by household id, each household's in their own order;
    // a city month's (some 17,000) sorted and made on every core.
    let id = |i: usize| signals.get(i).map_or("", |s| s.facts.household.as_str());
    let mut order: Vec<usize> = (0..signals.len()).collect();
    order.par_sort_unstable_by(|&a, &b| id(a).cmp(id(b)).then(a.cmp(&b)));
    let groups: Vec<&[usize]> = order.chunk_by(|&a, &b| id(a) == id(b)).collect();
    groups
        .into_par_iter()
        .filter_map(|members| {
            let id = id(*members.first()?);
            let members = members.to_vec();
            let all = || members.iter().filter_map(|&i| signals.get(i));
            let verdict = all().next()?.brp.verdict;
            let partners: BTreeSet<&str> = all().map(|s| s.signal.partner.as_str()).collect();
            let types: BTreeSet<PartnerType> = all().map(|s| s.signal.partner_type).collect();
            let months: BTreeSet<Month> = all()
                .flat_map(|s| s.facts.recidive.iter().map(|e| e.month))
                .collect();
            let ages = || all().filter_map(|s| s.brp.age);
            Some(Household {
                id: id.to_string(),
                verdict,
                partners: partners.into_iter().map(String::from).collect(),
                partner_types: types.into_iter().collect(),
                total_cents: crate::fields::amount::total_cents(
                    all().map(|s| s.signal.amount_cents),
                ),
                max_cents: all().map(|s| s.signal.amount_cents).max().unwrap_or(0),
                recidive_months: months.into_iter().collect(),
                herhaal_without_increase: all()
                    .all(|s| s.facts.herhaal.is_some_and(|h| h.change_cents <= 0)),
                sleper: all().all(|s| s.facts.sleper),
                bekend_shv: all().any(|s| s.facts.bekend_shv),
                geen_bemoeienis: all().any(|s| s.facts.geen_bemoeienis),
                minors: all().filter_map(|s| s.brp.minors_at_address).max(),
                youngest: ages().min(),
                oldest: ages().max(),
                wijk: all()
                    .next()
                    .map_or_else(String::new, |s| s.facts.wijk.clone()),
                signals: members,
            })
        })
        .collect()
}
