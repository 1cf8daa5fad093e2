//! Comparing a signal with a registered person, field by field. Each field
//! agrees, partly agrees, disagrees or is unknown; the points add up to a
//! score of 0-100. The comparison is kept, so every verdict can be explained.

use super::register::Resident;
use crate::fields::date::PartialDate;
use crate::fields::name::{initials_of, parse_combined};
use crate::fields::text::fold;
use crate::signal::Signal;
use strsim::jaro_winkler;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Agreement {
    Agree,
    Partial,
    Disagree,
    Unknown,
}

impl Agreement {
    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::Agree => "ja",
            Agreement::Partial => "deels",
            Agreement::Disagree => "nee",
            Agreement::Unknown => "onbekend",
        }
    }
}

/// The outcome per field and the score they add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub score: i32,
    pub name: Agreement,
    pub given: Agreement,
    pub birth: Agreement,
    pub address: Agreement,
    pub bsn: Agreement,
    /// Surname and given names were swapped in the signal.
    pub swapped: bool,
}

impl Comparison {
    /// `naam=ja voornamen=deels geboortedatum=onbekend adres=ja bsn=onbekend`
    pub fn explain(&self) -> String {
        let mut s = format!(
            "naam={} voornamen={} geboortedatum={} adres={} bsn={}",
            self.name.as_str(),
            self.given.as_str(),
            self.birth.as_str(),
            self.address.as_str(),
            self.bsn.as_str()
        );
        if self.swapped {
            s.push_str(" naamvolgorde=omgedraaid");
        }
        s
    }

    /// The fields that did not (fully) agree, for the review list.
    pub fn differing(&self) -> String {
        let fields = [
            ("naam", self.name),
            ("voornamen", self.given),
            ("geboortedatum", self.birth),
            ("adres", self.address),
            ("bsn", self.bsn),
        ];
        fields
            .iter()
            .filter(|(_, a)| matches!(a, Agreement::Partial | Agreement::Disagree))
            .map(|(n, a)| format!("{n}={}", a.as_str()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Word forms of prefixes (also abbreviated `v.d.` and apostrophe-less `t`),
/// dropped from surname keys so `van der Berg`, `Berg van der` and `v.d.
/// Berg` compare equal.
pub const PREFIX_WORDS: &[&str] = &[
    "van", "der", "den", "de", "het", "t", "s", "ter", "ten", "te", "op", "in", "v", "d", "vd",
    "uit", "aan", "bij", "el", "al", "da", "dos", "du", "la", "le", "di", "von", "zu", "l",
];

/// The highest score a candidate at another address gets without strong
/// evidence: below any sensible review threshold.
const OTHER_ADDRESS_CAP: i32 = 35;

/// Glued prefixes (`Vanderberg`): tried only for exact equality.
const GLUED: &[&str] = &[
    "vander", "vanden", "vande", "vanhet", "van", "der", "den", "de", "ter", "ten", "te", "op",
];

/// A surname (with its prefix) as a comparison key: folded, prefix words
/// dropped, no spaces.
pub fn name_key(prefix: &str, surname: &str) -> String {
    let mut key = String::new();
    for t in fold(&format!("{prefix} {surname}")).split(' ') {
        if !t.is_empty() && !PREFIX_WORDS.contains(&t) {
            key.push_str(t);
        }
    }
    key
}

/// Initials as bare upper-case letters: `P.J.` -> `PJ`.
fn initial_letters(initials: &str) -> String {
    initials
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect()
}

fn is_placeholder(d: &PartialDate) -> bool {
    (d.month == 1 && d.day == 1) || d.year <= 1900
}

/// The first three bytes of a name key (zero-padded).
pub type NameHead = [u8; 3];

pub fn head(key: &str) -> NameHead {
    let b = key.as_bytes();
    std::array::from_fn(|i| b.get(i).copied().unwrap_or(0))
}

/// A signal prepared once for many comparisons.
#[derive(Debug, Clone)]
pub struct Probe {
    /// Surname keys: as sent, and (for exact use only) with a glued prefix cut.
    pub name_keys: Vec<String>,
    glued_keys: Vec<String>,
    /// Folded surname words without prefixes, for combined names.
    name_tokens: Vec<String>,
    given: Vec<String>,
    initials: String,
    /// The surname key read from the given names, for swapped order.
    swapped_key: String,
    swapped_given: Vec<String>,
    heads: Vec<NameHead>,
    swapped_head: NameHead,
    /// First initial, lower case (0 when unknown).
    initial: u8,
    pub birth: Option<PartialDate>,
    pub postcode: String,
    pub house_number: Option<u32>,
    letter: String,
    addition: String,
    pub street: String,
    city: String,
    pub bsn: String,
    received: chrono::NaiveDate,
}

impl Probe {
    pub fn new(s: &Signal) -> Probe {
        let (mut surname, mut prefix, mut first, mut initials) = (
            s.surname.clone(),
            s.prefix.clone(),
            s.first_names.clone(),
            s.initials.clone(),
        );
        // A sole proprietor's contract in the business name: read the person
        // out of it ("Klusbedrijf J. de Vries").
        if surname.is_empty() && !s.business_name.is_empty() && !s.legal_person {
            let words: Vec<&str> = s.business_name.split_whitespace().collect();
            let start = words
                .iter()
                .position(|w| w.contains('.'))
                .unwrap_or(words.len().saturating_sub(1));
            let n = parse_combined(&words[start..].join(" "));
            (surname, prefix, first, initials) = (n.surname, n.prefix, n.first_names, n.initials);
        }
        let key = name_key(&prefix, &surname);
        let glued_keys: Vec<String> = GLUED
            .iter()
            .filter_map(|g| key.strip_prefix(g))
            .filter(|rest| rest.len() >= 3)
            .map(String::from)
            .collect();
        let heads = std::iter::once(&key)
            .chain(&glued_keys)
            .filter(|k| !k.is_empty())
            .map(|k| head(k))
            .collect();
        let swapped_key = name_key("", &first);
        let name_tokens = fold(&surname)
            .split(' ')
            .filter(|t| t.len() >= 2 && !PREFIX_WORDS.contains(t))
            .map(String::from)
            .collect();
        let given: Vec<String> = fold(&first)
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        let initials = if initials.is_empty() {
            initial_letters(&initials_of(&first))
        } else {
            initial_letters(&initials)
        };
        Probe {
            name_keys: if key.is_empty() {
                Vec::new()
            } else {
                vec![key]
            },
            glued_keys,
            name_tokens,
            heads,
            swapped_head: head(&swapped_key),
            initial: fold(&initials).bytes().next().unwrap_or(0),
            swapped_key,
            swapped_given: fold(&surname)
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
            given,
            initials,
            birth: s.birth_date,
            postcode: s.postcode.clone(),
            house_number: s.house_number,
            letter: s.house_letter.to_uppercase(),
            addition: fold(&s.addition),
            street: fold(&s.street),
            city: fold(&s.city),
            bsn: s.bsn.clone(),
            received: s.received,
        }
    }

    /// Whether a register row could be this signal's person by its names:
    /// a cheap test before the full comparison, for rows found only by
    /// birth date (someone registered elsewhere, who must agree on more than
    /// a surname to be found at all). `heads` start the row's surname keys,
    /// `first` its first given name.
    pub fn plausible_by_name(&self, heads: &[NameHead], first: NameHead) -> bool {
        let initial_fits = self.initial == 0 || first[0] == self.initial;
        let direct = initial_fits && heads.iter().any(|h| self.heads.contains(h));
        // Surname and given names swapped in the signal.
        let swapped = !self.swapped_key.is_empty()
            && heads.contains(&self.swapped_head)
            && self.heads.contains(&first);
        direct || swapped
    }

    /// Compares with a registered person; tries swapped name order too.
    pub fn compare(&self, r: &Resident) -> Comparison {
        let keys = resident_keys(r);
        let r_given: Vec<String> = fold(&r.first_names)
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        let r_initials = initial_letters(&initials_of(&r.first_names));
        let name = self.name_agreement(&self.name_keys, &keys);
        let given = given_agreement(&self.given, &self.initials, &r_given, &r_initials);
        let mut best = self.score(name, given, r, false);
        if !self.swapped_key.is_empty() && !self.given.is_empty() {
            let name = self.name_agreement(std::slice::from_ref(&self.swapped_key), &keys);
            let swapped_initials: String = self
                .swapped_given
                .iter()
                .filter_map(|g| g.chars().next())
                .flat_map(char::to_uppercase)
                .collect();
            let given = given_agreement(
                &self.swapped_given,
                &swapped_initials,
                &r_given,
                &r_initials,
            );
            let alt = self.score(name, given, r, true);
            if alt.score > best.score && name == Agreement::Agree {
                best = alt;
            }
        }
        // Swapped order with initials only: the "surname" is the given
        // names, and the initials are the surname's (`t.B.` for ter Broek).
        if self.given.is_empty()
            && let (Some(sent), Some(r_first)) = (self.name_keys.first(), r_given.first())
            && (jaro_winkler(sent, r_first) >= 0.93
                || jaro_winkler(sent, &r_given.concat()) >= 0.93)
            && keys.iter().any(|k| {
                self.initials
                    .chars()
                    .any(|i| k.starts_with(i.to_ascii_lowercase()))
            })
        {
            let alt = self.score(Agreement::Agree, Agreement::Partial, r, true);
            if alt.score > best.score {
                best = alt;
            }
        }
        best
    }

    fn score(&self, name: Agreement, given: Agreement, r: &Resident, swapped: bool) -> Comparison {
        let birth = birth_agreement(self.birth, r.birth);
        let address = self.address_agreement(r);
        let bsn = match (self.bsn.is_empty(), r.bsn.is_empty()) {
            (false, false) if self.bsn == r.bsn => Agreement::Agree,
            (false, false) => Agreement::Disagree,
            _ => Agreement::Unknown,
        };
        let points = |a: Agreement, agree: i32, partial: i32, disagree: i32| match a {
            Agreement::Agree => agree,
            Agreement::Partial => partial,
            Agreement::Disagree => disagree,
            Agreement::Unknown => 0,
        };
        let mut score = points(name, 30, 18, -15)
            + points(given, 20, 8, -20)
            + points(birth, 30, 15, -30)
            + points(address, 20, 12, 0)
            + points(bsn, 40, 0, -40);
        // Someone registered elsewhere is only this signal's person on strong
        // evidence: the exact birth date and no disagreeing given name (or
        // the BSN). Namesakes are common in a city.
        let elsewhere = matches!(address, Agreement::Disagree | Agreement::Unknown);
        if elsewhere
            && bsn != Agreement::Agree
            && (birth != Agreement::Agree || given == Agreement::Disagree)
        {
            score = score.min(OTHER_ADDRESS_CAP);
        }
        // A child does not hold a contract with a fixed-cost partner.
        if r.birth
            .and_then(|b| b.age_on(self.received))
            .is_some_and(|age| age < 16)
        {
            score -= 40;
        }
        Comparison {
            score: score.clamp(0, 100),
            name,
            given,
            birth,
            address,
            bsn,
            swapped,
        }
    }

    fn name_agreement(&self, probe_keys: &[String], keys: &[String]) -> Agreement {
        if probe_keys.is_empty() || keys.is_empty() {
            return Agreement::Unknown;
        }
        let mut best: f64 = 0.0;
        for p in probe_keys {
            for k in keys {
                best = best.max(if p == k { 1.0 } else { jaro_winkler(p, k) });
            }
        }
        if self.glued_keys.iter().any(|g| keys.contains(g)) {
            best = 1.0;
        }
        // A combined name ("Jansen-de Vries") holds the own surname.
        if best < 0.9
            && self.name_tokens.len() > 1
            && keys.iter().any(|k| self.name_tokens.contains(k))
        {
            best = 0.9;
        }
        if best >= 0.97 {
            Agreement::Agree
        } else if best >= 0.88 {
            Agreement::Partial
        } else {
            Agreement::Disagree
        }
    }

    fn address_agreement(&self, r: &Resident) -> Agreement {
        if self.house_number.is_none() || r.house_number.is_none() {
            return Agreement::Unknown;
        }
        if self.house_number != r.house_number {
            return Agreement::Disagree;
        }
        let same_rest = self.letter == r.house_letter && self.addition == fold(&r.addition);
        if !self.postcode.is_empty() && self.postcode == r.postcode {
            return if same_rest {
                Agreement::Agree
            } else {
                Agreement::Partial
            };
        }
        // No (or a mistyped) postcode, but the right street and number; in
        // the right place when the city agrees too.
        if !self.street.is_empty() && self.street == fold(&r.street) {
            let same_city = !self.city.is_empty() && self.city == fold(&r.city);
            return if same_city && same_rest && self.postcode.is_empty() {
                Agreement::Agree
            } else {
                Agreement::Partial
            };
        }
        Agreement::Disagree
    }
}

/// The surname keys a resident may be known by: own, partner's, and both
/// combinations (naamgebruik P, V, N), whatever the register's choice: a
/// partner may use any of them.
pub fn resident_keys(r: &Resident) -> Vec<String> {
    let own = name_key(&r.prefix, &r.surname);
    let mut keys = vec![own.clone()];
    if !r.partner_surname.is_empty() {
        let partner = name_key(&r.partner_prefix, &r.partner_surname);
        keys.push(format!("{partner}{own}"));
        keys.push(format!("{own}{partner}"));
        keys.push(partner);
    }
    keys
}

fn given_agreement(
    given: &[String],
    initials: &str,
    r_given: &[String],
    r_initials: &str,
) -> Agreement {
    if let (Some(first), Some(r_first)) = (given.first(), r_given.first()) {
        if jaro_winkler(first, r_first) >= 0.93 {
            return Agreement::Agree;
        }
        let any = given
            .iter()
            .any(|g| r_given.iter().any(|r| jaro_winkler(g, r) >= 0.93));
        if any || first.chars().next() == r_first.chars().next() {
            return Agreement::Partial;
        }
        return Agreement::Disagree;
    }
    if initials.is_empty() || r_initials.is_empty() {
        return Agreement::Unknown;
    }
    if initials == r_initials {
        Agreement::Agree
    } else if initials.chars().next() == r_initials.chars().next() {
        Agreement::Partial
    } else {
        Agreement::Disagree
    }
}

fn birth_agreement(p: Option<PartialDate>, r: Option<PartialDate>) -> Agreement {
    let (Some(p), Some(r)) = (p, r) else {
        return Agreement::Unknown;
    };
    if p == r {
        return Agreement::Agree;
    }
    if r.month == 0 || r.day == 0 {
        let fits = p.year == r.year
            && (r.month == 0 || r.month == p.month)
            && (r.day == 0 || r.day == p.day);
        return if fits {
            Agreement::Partial
        } else {
            Agreement::Disagree
        };
    }
    if is_placeholder(&p) {
        // 01-01-YYYY, 01-01-1900, 01-01-2000: says little.
        return if p.year == r.year {
            Agreement::Partial
        } else {
            Agreement::Unknown
        };
    }
    let swapped = p.year == r.year && p.month == r.day && p.day == r.month;
    let day_typo = p.year == r.year && p.month == r.month;
    if swapped || day_typo {
        Agreement::Partial
    } else {
        Agreement::Disagree
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signal::{PartnerType, SignalKind};

    fn resident(prefix: &str, surname: &str, first: &str, birth: (u16, u8, u8)) -> Resident {
        Resident {
            bsn: "111222333".into(),
            surname: surname.into(),
            prefix: prefix.into(),
            first_names: first.into(),
            birth: Some(PartialDate {
                year: birth.0,
                month: birth.1,
                day: birth.2,
            }),
            street: "Kerkstraat".into(),
            house_number: Some(12),
            postcode: "1234 AB".into(),
            ..Resident::default()
        }
    }

    fn signal(
        prefix: &str,
        surname: &str,
        first: &str,
        initials: &str,
        birth: Option<(u16, u8, u8)>,
    ) -> Signal {
        Signal {
            signal_id: "1".into(),
            partner: "p".into(),
            partner_type: PartnerType::Zorg,
            kind: SignalKind::Vroegsignaal,
            warm_handover: false,
            arrear_since: None,
            received: chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            surname: surname.into(),
            prefix: prefix.into(),
            first_names: first.into(),
            initials: initials.into(),
            birth_date: birth.map(|b| PartialDate {
                year: b.0,
                month: b.1,
                day: b.2,
            }),
            street: "Kerkstraat".into(),
            house_number: Some(12),
            house_letter: String::new(),
            addition: String::new(),
            postcode: "1234 AB".into(),
            city: String::new(),
            phone: String::new(),
            email: String::new(),
            amount_cents: 100,
            term_amount_cents: None,
            bsn: String::new(),
            business_name: String::new(),
            legal_person: false,
            warnings: Vec::new(),
            source_file: String::new(),
            source_line: 2,
        }
    }

    fn cmp(s: &Signal, r: &Resident) -> Comparison {
        Probe::new(s).compare(r)
    }

    #[test]
    fn exact_match_scores_full() {
        let r = resident("van der", "Berg", "Jan Pieter", (1980, 5, 2));
        let c = cmp(
            &signal("van der", "Berg", "Jan Pieter", "", Some((1980, 5, 2))),
            &r,
        );
        assert_eq!(c.score, 100);
        assert_eq!(
            c.explain(),
            "naam=ja voornamen=ja geboortedatum=ja adres=ja bsn=onbekend"
        );
    }

    #[test]
    fn prefixes_moved_glued_abbreviated_or_dropped_still_agree() {
        let r = resident("van der", "Berg", "Jan", (1980, 5, 2));
        for (p, s) in [
            ("", "Berg van der"),
            ("", "Vanderberg"),
            ("v.d.", "Berg"),
            ("", "Berg"),
        ] {
            let c = cmp(&signal(p, s, "Jan", "", Some((1980, 5, 2))), &r);
            assert_eq!(c.name, Agreement::Agree, "{p} {s}");
        }
    }

    #[test]
    fn spelling_and_diacritics() {
        let r = resident("", "Çelik", "Ayşe", (1980, 5, 2));
        assert_eq!(
            cmp(&signal("", "Celik", "Ayse", "", None), &r).name,
            Agreement::Agree
        );
        let r = resident("", "Hess", "Jan", (1980, 5, 2));
        assert_eq!(
            cmp(&signal("", "Hes", "Jan", "", None), &r).name,
            Agreement::Partial
        );
    }

    #[test]
    fn married_and_combined_names() {
        let mut r = resident("de", "Vries", "Anna", (1980, 5, 2));
        r.partner_surname = "Jansen".into();
        r.name_use = "V".into();
        assert_eq!(
            cmp(&signal("", "Jansen-de Vries", "", "A.", None), &r).name,
            Agreement::Agree
        );
        assert_eq!(
            cmp(&signal("", "Jansen", "", "A.", None), &r).name,
            Agreement::Agree
        );
        let mut alone = resident("de", "Vries", "Anna", (1980, 5, 2));
        alone.partner_surname.clear();
        assert_eq!(
            cmp(&signal("", "Jansen-de Vries", "", "A.", None), &alone).name,
            Agreement::Partial
        );
    }

    #[test]
    fn swapped_name_order() {
        let r = resident("", "Haddad", "Samira", (1990, 3, 4));
        let c = cmp(&signal("", "Samira", "Haddad", "", Some((1990, 3, 4))), &r);
        assert!(c.swapped);
        assert_eq!(c.score, 100);
    }

    #[test]
    fn birth_dates_placeholders_and_swaps() {
        let r = Some(PartialDate {
            year: 1980,
            month: 5,
            day: 2,
        });
        let d = |y, m, d| {
            Some(PartialDate {
                year: y,
                month: m,
                day: d,
            })
        };
        assert_eq!(birth_agreement(d(1980, 2, 5), r), Agreement::Partial);
        assert_eq!(birth_agreement(d(1980, 1, 1), r), Agreement::Partial);
        assert_eq!(birth_agreement(d(2000, 1, 1), r), Agreement::Unknown);
        assert_eq!(birth_agreement(d(1900, 1, 1), r), Agreement::Unknown);
        assert_eq!(birth_agreement(None, r), Agreement::Unknown);
        assert_eq!(birth_agreement(d(1975, 8, 9), r), Agreement::Disagree);
        assert_eq!(
            birth_agreement(d(1980, 5, 2), d(1980, 0, 0)),
            Agreement::Partial
        );
    }

    #[test]
    fn swapped_order_with_initials_only() {
        let r = resident("", "Haddad", "Samira", (1990, 3, 4));
        let c = cmp(&signal("", "Samira", "", "H.", Some((1990, 3, 4))), &r);
        assert!(c.swapped);
        assert!(c.score >= 70, "{c:?}");
    }

    #[test]
    fn initials_instead_of_first_names() {
        let r = resident("", "Smit", "Jan Pieter", (1980, 5, 2));
        assert_eq!(
            cmp(&signal("", "Smit", "", "J.P.", None), &r).given,
            Agreement::Agree
        );
        assert_eq!(
            cmp(&signal("", "Smit", "", "J.", None), &r).given,
            Agreement::Partial
        );
        assert_eq!(
            cmp(&signal("", "Smit", "", "K.", None), &r).given,
            Agreement::Disagree
        );
    }

    #[test]
    fn a_relative_at_the_same_address_is_not_the_person() {
        let father = resident("de", "Vries", "Hendrik", (1955, 3, 1));
        let c = cmp(
            &signal("de", "Vries", "Daan", "", Some((1999, 7, 7))),
            &father,
        );
        assert!(c.score < 40, "{c:?}");
    }

    #[test]
    fn sole_proprietor_business_name() {
        let r = resident("de", "Vries", "Jan", (1980, 5, 2));
        let mut s = signal("", "", "", "", Some((1980, 5, 2)));
        s.business_name = "Klusbedrijf J. de Vries".into();
        let c = cmp(&s, &r);
        assert_eq!((c.name, c.given), (Agreement::Agree, Agreement::Agree));
    }

    #[test]
    fn bsn_decides_both_ways() {
        let r = resident("", "Smit", "Jan", (1980, 5, 2));
        let mut s = signal("", "Smid", "Jan", "", None);
        s.bsn = "111222333".into();
        assert_eq!(cmp(&s, &r).bsn, Agreement::Agree);
        s.bsn = "123456782".into();
        assert!(cmp(&s, &r).score < 50);
    }
}
