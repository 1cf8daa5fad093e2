//! Comparing a signal with a registered person, field by field. Each field
//! falls into one graded level (see [`super::model::FIELDS`]); the model
//! turns levels into weights. The comparison is kept, so every verdict can
//! be explained.

use super::model::{self, ADDRESS, BIRTH, BSN, FIELD_COUNT, FIELDS, GIVEN, NAME, Pattern, level};
use super::register::Resident;
use crate::fields::date::PartialDate;
use crate::fields::name::{from_parts, initials_of, looks_like_initials, parse_combined};
use crate::fields::text::fold;
use crate::signal::Signal;
use strsim::jaro_winkler;

/// The levels per field, and the weights once the model has scored them.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub levels: Pattern,
    /// Surname and given names were swapped in the signal.
    pub swapped: bool,
    /// Frequency keys of the register's surname and first given name when
    /// they agreed exactly (0 otherwise), for the term-frequency weight.
    pub name_tf: u64,
    pub given_tf: u64,
    /// Frequency key of the initials sent when only initials were sent and
    /// they agreed (0 otherwise): "Y." says more than "J.".
    pub initials_tf: u64,
    /// Weight in bits per field, and in all (prior included).
    pub parts: [f64; FIELD_COUNT],
    pub weight: f64,
    pub probability: f64,
}

/// A weight in points with a Dutch decimal comma and a sign: `+8,1`.
pub fn points(w: f64) -> String {
    let s = format!("{:+.1}", w).replace('.', ",");
    if s == "-0,0" { "+0,0".into() } else { s }
}

/// A probability in percent with a Dutch comma, never rounded up to 100:
/// `99,9`.
pub fn percent_text(p: f64) -> String {
    format!("{:.1}", (p * 1000.0).floor() / 10.0).replace('.', ",")
}

impl Comparison {
    fn new(levels: Pattern, swapped: bool) -> Comparison {
        Comparison {
            levels,
            swapped,
            name_tf: 0,
            given_tf: 0,
            initials_tf: 0,
            parts: [0.0; FIELD_COUNT],
            weight: 0.0,
            probability: 0.0,
        }
    }

    pub fn level_name(&self, field: usize) -> &'static str {
        let l = self.levels[field];
        if l == level::UNKNOWN {
            "onbekend"
        } else {
            FIELDS[field]
                .levels
                .get(usize::from(l))
                .copied()
                .unwrap_or("onbekend")
        }
    }

    /// `naam=gelijk(+8,1) voornamen=voorletters(+2,3) geboortedatum=onbekend(0) ...`
    pub fn explain(&self) -> String {
        let mut s = String::new();
        for (f, spec) in FIELDS.iter().enumerate() {
            if !s.is_empty() {
                s.push(' ');
            }
            if self.levels[f] == level::UNKNOWN {
                s.push_str(&format!("{}=onbekend(0)", spec.key));
            } else {
                s.push_str(&format!(
                    "{}={}({})",
                    spec.key,
                    self.level_name(f),
                    points(self.parts[f])
                ));
            }
        }
        if self.swapped {
            s.push_str(" naamvolgorde=omgedraaid");
        }
        s
    }

    /// The fields that did not fully agree, for the review list.
    pub fn differing(&self) -> String {
        (0..FIELD_COUNT)
            .filter(|&f| !matches!(self.levels[f], level::EXACT | level::UNKNOWN))
            .map(|f| format!("{}={}", FIELDS[f].key, self.level_name(f)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The match probability in whole percent, for `brp_score`: 100 only
    /// when it rounds to 100,0.
    pub fn percent(&self) -> i32 {
        (self.probability * 1000.0).floor() as i32 / 10
    }

    /// Whether the candidate lives at the address the partner sent.
    pub fn same_address(&self) -> bool {
        matches!(
            self.levels[ADDRESS],
            level::EXACT | level::address::ADDITION | level::address::STREET
        )
    }
}

/// Word forms of prefixes (also abbreviated `v.d.` and apostrophe-less `t`),
/// dropped from surname keys so `van der Berg`, `Berg van der` and `v.d.
/// Berg` compare equal.
pub const PREFIX_WORDS: &[&str] = &[
    "van", "der", "den", "de", "het", "t", "s", "ter", "ten", "te", "op", "in", "v", "d", "vd",
    "uit", "aan", "bij", "el", "al", "da", "dos", "du", "la", "le", "di", "von", "zu", "l",
];

/// Glued prefixes (`Vanderberg`): tried only for exact equality.
const GLUED: &[&str] = &[
    "vander", "vanden", "vande", "vanhet", "van", "der", "den", "de", "ter", "ten", "te", "op",
];

/// Words of a sole trader's trade name that are not the person's name;
/// a word is also a trade word when it ends in one of [`TRADE_ENDINGS`].
const TRADE_WORDS: &[&str] = &[
    "vof",
    "eenmanszaak",
    "hodn",
    "h o d n",
    "en",
    "zn",
    "zonen",
    "handelsonderneming",
    "onderneming",
    "handel",
    "installatie",
    "installaties",
    "service",
    "services",
    "kapsalon",
    "bakkerij",
    "slagerij",
    "transport",
    "koeriersdienst",
    "taxi",
    "administratiekantoor",
    "adviesbureau",
    "advies",
    "bouw",
    "klussen",
    "schoonmaak",
    "stukadoor",
    "loodgieter",
    "tegelzetter",
    "hoveniers",
    "hovenier",
    "webshop",
    "atelier",
    "studio",
    "praktijk",
    "consultancy",
    "holding",
    "beheer",
    "groep",
];

const TRADE_ENDINGS: &[&str] = &[
    "bedrijf",
    "service",
    "techniek",
    "handel",
    "installaties",
    "installatie",
    "onderneming",
    "salon",
    "bouw",
    "transport",
    "kantoor",
    "bureau",
    "winkel",
    "zaak",
    "werken",
    "diensten",
];

fn is_trade_word(word: &str) -> bool {
    let w = fold(word).replace(' ', "");
    !w.is_empty()
        && (TRADE_WORDS.contains(&w.as_str())
            || TRADE_ENDINGS
                .iter()
                .any(|e| w.len() > e.len() + 2 && w.ends_with(e))
            || w.starts_with("installatie")
            || w.starts_with("klussen"))
}

/// Whether a name field holds a trade name rather than a person's name.
pub fn has_trade_words(name: &str) -> bool {
    name.split_whitespace().any(is_trade_word)
}

/// The person inside a sole trader's trade name: trade words dropped, the
/// rest read as initials and a (prefixed) surname. `Timmerbedrijf O.
/// Nowakowski`, `Nowakowski Installatietechniek`, `Klusbedrijf J. de Vries
/// v.o.f.` all give the person.
pub fn person_in_trade_name(trade: &str) -> crate::fields::name::PersonName {
    let words: Vec<&str> = trade
        .split(|c: char| c.is_whitespace() || c == '&' || c == '/')
        .filter(|w| !w.is_empty() && !is_trade_word(w))
        .collect();
    let rest = words.join(" ");
    // Initials first (`O. Nowakowski`): a person's name; otherwise the
    // rest is a (prefixed) surname (`van den Berg`).
    if words.first().is_some_and(|w| looks_like_initials(w)) {
        parse_combined(&rest)
    } else {
        from_parts(&rest, "", "", "")
    }
}

/// A surname (with its prefix) as a comparison key: folded, prefix words
/// dropped, no spaces.
pub fn name_key(prefix: &str, surname: &str) -> String {
    if prefix.is_ascii() && surname.is_ascii() {
        let mut key = String::new();
        ascii_key_bytes(prefix, surname, |b| {
            key.push(char::from(b));
            true
        });
        return key;
    }
    name_key_folded(prefix, surname)
}

/// [`name_key`] the general way, through [`fold`].
fn name_key_folded(prefix: &str, surname: &str) -> String {
    let mut key = String::new();
    for t in fold(&format!("{prefix} {surname}")).split(' ') {
        if !t.is_empty() && !PREFIX_WORDS.contains(&t) {
            key.push_str(t);
        }
    }
    key
}

/// FNV-1a over bytes: the frequency key of a name.
fn fnv(bytes: impl Iterator<Item = u8>, mut h: u64) -> u64 {
    for b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

pub fn key_hash(key: &str) -> u64 {
    if key.is_empty() {
        0
    } else {
        fnv(key.bytes(), FNV_START)
    }
}

/// The frequency key of a register row's second given name (0: none),
/// equal to the probe's [`Probe::second_given_hash`].
pub fn second_given_hash(first_names: &str) -> u64 {
    key_hash(
        fold(first_names)
            .split(' ')
            .filter(|t| !t.is_empty())
            .nth(1)
            .unwrap_or(""),
    )
}

/// The frequency key of a register surname, equal to
/// `key_hash(&name_key(prefix, surname))` but without allocating for the
/// common ASCII name: it runs for every register row.
pub fn surname_hash(prefix: &str, surname: &str) -> u64 {
    if !(prefix.is_ascii() && surname.is_ascii()) {
        return key_hash(&name_key(prefix, surname));
    }
    let mut h = FNV_START;
    let any = ascii_key_bytes(prefix, surname, |b| {
        h = fnv(std::iter::once(b), h);
        true
    });
    if any { h } else { 0 }
}

/// The first three bytes of `name_key(prefix, surname)`, without
/// allocating for ASCII names: it runs for every register row.
pub fn surname_head(prefix: &str, surname: &str) -> NameHead {
    if !(prefix.is_ascii() && surname.is_ascii()) {
        return head(&name_key(prefix, surname));
    }
    let mut out = NameHead::default();
    let mut n = 0;
    ascii_key_bytes(prefix, surname, |b| {
        if let Some(slot) = out.get_mut(n) {
            *slot = b;
            n += 1;
        }
        n < out.len()
    });
    out
}

/// Feeds the bytes of `name_key(prefix, surname)` for ASCII names to `f`
/// (which returns false to stop): words split at anything but letters,
/// digits and apostrophes, apostrophes dropped, prefix words skipped, lower
/// case. Returns whether any byte was fed.
fn ascii_key_bytes(prefix: &str, surname: &str, mut f: impl FnMut(u8) -> bool) -> bool {
    let word_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'\'';
    let mut any = false;
    for part in [prefix, surname] {
        for word in part.as_bytes().split(|b| !word_byte(b)) {
            let letters = word.iter().filter(|b| **b != b'\'');
            let mut short = [0u8; 3];
            let mut len = 0;
            for b in letters.clone() {
                if let Some(slot) = short.get_mut(len) {
                    *slot = b.to_ascii_lowercase();
                }
                len += 1;
            }
            let is_prefix = short
                .get(..len)
                .is_some_and(|w| PREFIX_WORDS.iter().any(|p| p.as_bytes() == w));
            if len == 0 || is_prefix {
                continue;
            }
            any = true;
            for b in letters {
                if !f(b.to_ascii_lowercase()) {
                    return true;
                }
            }
        }
    }
    any
}

/// The frequency key of a first given name (folded, first word).
pub fn given_hash(first_names: &str) -> u64 {
    if first_names.is_ascii() {
        let first = first_names
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
            .find(|w| w.bytes().any(|b| b != b'\''))
            .unwrap_or("");
        if first.is_empty() {
            return 0;
        }
        return fnv(
            first
                .bytes()
                .filter(|b| *b != b'\'')
                .map(|b| b.to_ascii_lowercase()),
            FNV_START,
        );
    }
    key_hash(fold(first_names).split(' ').next().unwrap_or(""))
}

/// A rough Dutch sound key: spellings that sound alike (`ij`/`ei`/`y`,
/// `ch`/`g`, `c`/`k`, `z`/`s`, `v`/`f`, `dt`/`d`/`t`, doubled letters) fall
/// together.
pub fn sound_key(key: &str) -> String {
    // One pass, longest spelling first at each position.
    const RULES: &[(&str, &str)] = &[
        ("sch", "s"),
        ("ch", "g"),
        ("ph", "f"),
        ("th", "t"),
        ("ij", "i"),
        ("ei", "i"),
        ("ey", "i"),
        ("ie", "i"),
        ("au", "ou"),
        ("ae", "a"),
        ("oe", "u"),
        ("ck", "k"),
        ("dt", "t"),
        ("x", "ks"),
        ("q", "k"),
        ("c", "k"),
        ("z", "s"),
        ("v", "f"),
        ("w", "f"),
        ("j", "i"),
        ("y", "i"),
    ];
    let mut out = String::with_capacity(key.len());
    let mut rest = key;
    while let Some(c) = rest.chars().next() {
        let (written, used) = RULES
            .iter()
            .find(|(from, _)| rest.starts_with(from))
            .map_or((None, c.len_utf8()), |(from, to)| (Some(*to), from.len()));
        let pushed = written.map_or_else(|| c.to_string(), str::to_string);
        for ch in pushed.chars() {
            if out.ends_with(ch) || (ch == 'h' && !out.is_empty()) {
                continue;
            }
            out.push(ch);
        }
        rest = rest.get(used..).unwrap_or("");
    }
    if out.ends_with('d') {
        out.pop();
        out.push('t');
    }
    out
}

/// Initials as bare upper-case letters: `P.J.` -> `PJ`.
/// The letters of initials, for comparing. The Dutch digraph IJ is one
/// initial ("IJ." for IJsbrand) that partners also write as "I.", so an
/// "IJ" standing alone counts as I; "I.J." stays two initials.
fn initial_letters(initials: &str) -> String {
    let mut out = String::new();
    for group in initials
        .split(|c: char| !c.is_alphabetic())
        .filter(|g| !g.is_empty())
    {
        if group.eq_ignore_ascii_case("ij") {
            out.push('I');
        } else {
            out.extend(group.chars().flat_map(char::to_uppercase));
        }
    }
    out
}

/// The first word of folded text.
pub fn first_word(folded: &str) -> &str {
    folded.split(' ').next().unwrap_or("")
}

/// Initials counted for term frequencies: the first three.
pub const INITIALS_KEPT: usize = 3;

/// The frequency key of the first `n` initial letters (0: none).
fn initials_hash(letters: &str, n: usize) -> u64 {
    key_hash(&letters.chars().take(n).collect::<String>())
}

/// The frequency keys of a register row's initials: of its first one, two
/// and three (0 where it has fewer), so a signal's "S.F." can be looked up
/// as "register initials starting with S, F".
pub fn initials_prefix_hashes(first_names: &str) -> [u64; INITIALS_KEPT] {
    if first_names.is_ascii() {
        // Without allocating (every few register rows come here): a word's
        // first letter, upper case; "IJsbrand" gives I, as below.
        let mut out = [0; INITIALS_KEPT];
        let mut h = FNV_START;
        let letters = first_names
            .split([' ', '-'])
            .filter_map(|w| w.bytes().next())
            .filter(u8::is_ascii_alphabetic);
        for (slot, b) in out.iter_mut().zip(letters) {
            h = fnv(std::iter::once(b.to_ascii_uppercase()), h);
            *slot = h;
        }
        return out;
    }
    let letters = initial_letters(&initials_of(first_names));
    let count = letters.chars().count();
    std::array::from_fn(|i| {
        if i < count {
            initials_hash(&letters, i + 1)
        } else {
            0
        }
    })
}

/// The first three bytes of a name key (zero-padded).
pub type NameHead = [u8; 3];

pub fn head(key: &str) -> NameHead {
    let b = key.as_bytes();
    std::array::from_fn(|i| b.get(i).copied().unwrap_or(0))
}

/// House letter and addition as one unit (`A`, `1`, `A1`, `BIS`): partners
/// send them in one column or the other, so both readings compare equal.
fn unit(letter: &str, addition: &str) -> String {
    fold(&format!("{letter}{addition}")).replace(' ', "")
}

/// A signal prepared once for many comparisons.
#[derive(Debug, Clone)]
pub struct Probe {
    /// Surname keys: as sent, and (for exact use only) with a glued prefix cut.
    pub name_keys: Vec<String>,
    glued_keys: Vec<String>,
    sound_keys: Vec<String>,
    /// Folded surname words without prefixes, for combined names.
    name_tokens: Vec<String>,
    given: Vec<String>,
    initials: String,
    /// The surname key read from the given names, for swapped order.
    swapped_key: String,
    swapped_given: Vec<String>,
    heads: Vec<NameHead>,
    /// First initial, lower case (0 when unknown).
    initial: u8,
    pub birth: Option<PartialDate>,
    pub postcode: String,
    pub house_number: Option<u32>,
    unit: String,
    pub street: String,
    /// The place name, folded (for finding a street without a postcode).
    pub city: String,
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
        // A sole proprietor's contract in the business name, or the trade
        // name in the surname field: read the person out of it
        // ("Klusbedrijf J. de Vries").
        let trade = if surname.is_empty() && !s.business_name.is_empty() && !s.legal_person {
            Some(s.business_name.as_str())
        } else if first.is_empty() && has_trade_words(&format!("{prefix} {surname}")) {
            Some(surname.as_str())
        } else {
            None
        };
        if let Some(trade) = trade {
            let full = if trade == surname && !prefix.is_empty() {
                format!("{prefix} {surname}")
            } else {
                trade.to_string()
            };
            let n = person_in_trade_name(&full);
            let keep_initials = n.initials.is_empty() && !initials.is_empty();
            (surname, prefix, first) = (n.surname, n.prefix, n.first_names);
            if !keep_initials {
                initials = n.initials;
            }
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
        let name_tokens: Vec<String> = fold(&surname)
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
        let mut sound_keys: Vec<String> = std::iter::once(&key)
            .chain(&name_tokens)
            .filter(|k| !k.is_empty())
            .map(|k| sound_key(k))
            .collect();
        sound_keys.dedup();
        Probe {
            name_keys: if key.is_empty() {
                Vec::new()
            } else {
                vec![key]
            },
            glued_keys,
            sound_keys,
            name_tokens,
            heads,
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
            unit: unit(&s.house_letter, &s.addition),
            street: fold(&s.street),
            city: fold(&s.city),
            bsn: s.bsn.clone(),
            received: s.received,
        }
    }

    /// The surname keys under which the signal is found by birth date: its
    /// own readings, and (flagged) its given names read as the surname
    /// when surname and given names may be swapped.
    pub fn birth_keys(&self) -> Vec<(&str, bool)> {
        let mut out: Vec<(&str, bool)> = self
            .name_keys
            .iter()
            .chain(&self.glued_keys)
            .filter(|k| !k.is_empty())
            .map(|k| (k.as_str(), false))
            .collect();
        out.sort_unstable();
        out.dedup();
        if !self.swapped_key.is_empty() {
            out.push((self.swapped_key.as_str(), true));
        }
        out
    }

    /// The surname sent, when only initials came with it: it may be a
    /// first name with the surname's initials beside it.
    pub fn initials_only_surname(&self) -> Option<&str> {
        (self.given.is_empty() && !self.initials.is_empty())
            .then(|| self.name_keys.first().map(String::as_str))
            .flatten()
            .filter(|k| !k.is_empty())
    }

    /// The first initial, lower case (0 when unknown).
    pub fn initial(&self) -> u8 {
        self.initial
    }

    /// The first letter of the surname (0 when none): the initial the
    /// register's first name has when surname and given names are swapped.
    pub fn surname_initial(&self) -> u8 {
        self.name_keys
            .first()
            .and_then(|k| k.bytes().next())
            .unwrap_or(0)
    }

    /// Whether one of the signal's surname readings starts with `head`.
    pub fn has_head(&self, head: NameHead) -> bool {
        self.heads.contains(&head)
    }

    /// The glued-prefix readings of the surname (`Vanderberg` -> `berg`).
    pub fn glued(&self) -> &[String] {
        &self.glued_keys
    }

    /// The head of the first given name sent (none with only initials).
    pub fn first_given_head(&self) -> Option<NameHead> {
        self.given.first().map(|g| head(g))
    }

    /// The frequency key of the first given name sent (0 when only
    /// initials or nothing were sent).
    pub fn first_given_hash(&self) -> u64 {
        self.given.first().map_or(0, |g| key_hash(g))
    }

    /// The frequency key of the second given name sent (0 when one name,
    /// only initials or nothing were sent).
    pub fn second_given_hash(&self) -> u64 {
        self.given.get(1).map_or(0, |g| key_hash(g))
    }

    /// Whether a register first name starting with `first` fits the
    /// signal's first initial (or the signal has none).
    pub fn initial_fits(&self, first: u8) -> bool {
        self.initial == 0 || first == self.initial
    }

    /// Whether the signal is too young to hold a contract, by the
    /// register's birth date.
    pub fn minor(&self, r: &Resident) -> bool {
        r.birth
            .and_then(|b| b.age_on(self.received))
            .is_some_and(|age| age < 16)
    }

    /// Compares with a registered person; tries swapped name order too.
    pub fn compare(&self, r: &Resident, first_of_january_unknown: bool) -> Comparison {
        self.compare_with(&ResidentKeys::new(r), r, first_of_january_unknown)
    }

    /// [`Probe::compare`] with the resident's names prepared once.
    pub fn compare_with(
        &self,
        keys: &ResidentKeys,
        r: &Resident,
        first_of_january_unknown: bool,
    ) -> Comparison {
        let name = self.name_level(&self.name_keys, keys);
        let given = given_level(&self.given, &self.initials, &keys.given, &keys.initials);
        let mut levels = [level::UNKNOWN; FIELD_COUNT];
        levels[BIRTH] = birth_level(self.birth, r.birth, first_of_january_unknown);
        levels[ADDRESS] = self.address_level(r, keys);
        levels[BSN] = match (self.bsn.is_empty(), r.bsn.is_empty()) {
            (false, false) if self.bsn == r.bsn => level::EXACT,
            (false, false) => level::bsn::OTHER,
            _ => level::UNKNOWN,
        };
        let (mut best_name, mut best_given, mut swapped) = (name, given, false);
        if !self.swapped_key.is_empty() && !self.given.is_empty() && name != level::EXACT {
            let alt_name = self.name_level(std::slice::from_ref(&self.swapped_key), keys);
            let swapped_initials: String = self
                .swapped_given
                .iter()
                .filter_map(|g| g.chars().next())
                .flat_map(char::to_uppercase)
                .collect();
            let alt_given = given_level(
                &self.swapped_given,
                &swapped_initials,
                &keys.given,
                &keys.initials,
            );
            if alt_name == level::EXACT && rank(alt_given) < rank(given) {
                (best_name, best_given, swapped) = (alt_name, alt_given, true);
            }
        }
        // Swapped order with initials only: the "surname" is the given
        // names, and the initials are the surname's (`t.B.` for ter Broek).
        if self.given.is_empty()
            && name != level::EXACT
            && let (Some(sent), Some(r_first)) = (self.name_keys.first(), keys.given.first())
            && (jaro_winkler(sent, r_first) >= 0.93
                || jaro_winkler(sent, &keys.given.concat()) >= 0.93)
            && keys.surnames.iter().any(|k| {
                self.initials
                    .chars()
                    .any(|i| k.starts_with(i.to_ascii_lowercase()))
            })
        {
            (best_name, best_given, swapped) = (level::EXACT, level::given::INITIALS, true);
        }
        levels[NAME] = best_name;
        levels[GIVEN] = best_given;
        let mut c = Comparison::new(levels, swapped);
        if levels[NAME] == level::EXACT {
            c.name_tf = if swapped {
                key_hash(&self.swapped_key)
            } else {
                keys.exact_tf(&self.name_keys, &self.glued_keys)
            };
        }
        if levels[GIVEN] == level::EXACT {
            c.given_tf = given_hash(&r.first_names);
        }
        if levels[GIVEN] == level::given::INITIALS && !swapped && self.given.is_empty() {
            c.initials_tf = self.initials_key();
        }
        c
    }

    /// The frequency key of the initials sent (their first
    /// [`INITIALS_KEPT`]), when only initials were sent; 0 otherwise.
    pub fn initials_key(&self) -> u64 {
        if self.given.is_empty() {
            initials_hash(&self.initials, INITIALS_KEPT)
        } else {
            0
        }
    }

    fn name_level(&self, probe_keys: &[String], keys: &ResidentKeys) -> u8 {
        if probe_keys.is_empty() || keys.surnames.is_empty() {
            return level::UNKNOWN;
        }
        let exact = probe_keys.iter().any(|p| keys.surnames.contains(p))
            || self.glued_keys.iter().any(|g| keys.surnames.contains(g));
        if exact {
            return level::EXACT;
        }
        let mut best: f64 = 0.0;
        for p in probe_keys {
            for k in &keys.surnames {
                best = best.max(jaro_winkler(p, k));
            }
        }
        // A combined name ("Jansen-de Vries") holds the own surname.
        let combined = self.name_tokens.len() > 1
            && keys.surnames.iter().any(|k| self.name_tokens.contains(k));
        if best >= 0.88 || combined {
            return level::name::CLOSE;
        }
        if !self.sound_keys.is_empty() && keys.sounds().iter().any(|k| self.sound_keys.contains(k))
        {
            return level::name::SOUNDS;
        }
        level::name::OTHER
    }

    fn address_level(&self, r: &Resident, keys: &ResidentKeys) -> u8 {
        if self.house_number.is_none() || r.house_number.is_none() {
            return level::UNKNOWN;
        }
        if self.house_number != r.house_number {
            return level::address::OTHER;
        }
        if !self.postcode.is_empty() && self.postcode == r.postcode {
            return if self.unit == keys.unit {
                level::EXACT
            } else {
                level::address::ADDITION
            };
        }
        // No (or a mistyped) postcode, but the right street and number.
        if !self.street.is_empty() && self.street == keys.street {
            return level::address::STREET;
        }
        level::address::OTHER
    }
}

/// How far a given-name level is from agreement (for choosing a reading).
fn rank(l: u8) -> u8 {
    if l == level::UNKNOWN { 3 } else { l }
}

/// A resident's names prepared for comparing.
pub struct ResidentKeys {
    /// Own, partner's, and both combinations (naamgebruik P, V, N),
    /// whatever the register's choice: a partner may use any of them.
    surnames: Vec<String>,
    /// Sound keys of the surnames, made only when a comparison needs them.
    sounds: std::cell::OnceCell<Vec<String>>,
    given: Vec<String>,
    initials: String,
    street: String,
    unit: String,
}

impl ResidentKeys {
    pub fn new(r: &Resident) -> ResidentKeys {
        let own = name_key(&r.prefix, &r.surname);
        let mut surnames = vec![own.clone()];
        if !r.partner_surname.is_empty() {
            let partner = name_key(&r.partner_prefix, &r.partner_surname);
            surnames.push(format!("{partner}{own}"));
            surnames.push(format!("{own}{partner}"));
            surnames.push(partner);
        }
        surnames.retain(|k| !k.is_empty());
        ResidentKeys {
            sounds: std::cell::OnceCell::new(),
            surnames,
            given: fold(&r.first_names)
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
            initials: initial_letters(&initials_of(&r.first_names)),
            street: fold(&r.street),
            unit: unit(&r.house_letter, &r.addition),
        }
    }

    fn sounds(&self) -> &[String] {
        self.sounds
            .get_or_init(|| self.surnames.iter().map(|k| sound_key(k)).collect())
    }

    /// The frequency key of the register name that agreed exactly: the own
    /// or the partner's surname (a combination has no frequency: 0).
    fn exact_tf(&self, probe: &[String], glued: &[String]) -> u64 {
        let hit = |k: &String| probe.contains(k) || glued.contains(k);
        match self.surnames.iter().position(hit) {
            Some(0) => key_hash(&self.surnames[0]),
            Some(3) => key_hash(&self.surnames[3]),
            _ => 0,
        }
    }
}

fn given_level(given: &[String], initials: &str, r_given: &[String], r_initials: &str) -> u8 {
    if let (Some(first), Some(r_first)) = (given.first(), r_given.first()) {
        let jw = if first == r_first {
            1.0
        } else {
            jaro_winkler(first, r_first)
        };
        if jw >= 0.97 {
            return level::EXACT;
        }
        let any = given
            .iter()
            .any(|g| r_given.iter().any(|r| g == r || jaro_winkler(g, r) >= 0.93));
        if jw >= 0.9 || any {
            return level::given::CLOSE;
        }
        if first.chars().next() == r_first.chars().next() {
            return level::given::FIRST_LETTER;
        }
        return level::given::OTHER;
    }
    if initials.is_empty() || r_initials.is_empty() {
        return level::UNKNOWN;
    }
    // The register holds every given name: initials beyond them are
    // someone else's (or a slip), never agreement.
    if r_initials.starts_with(initials) {
        level::given::INITIALS
    } else if initials.chars().next() == r_initials.chars().next() {
        level::given::FIRST_LETTER
    } else {
        level::given::OTHER
    }
}

/// Whether a partner's birth date is a stand-in for "unknown".
fn is_placeholder(d: &PartialDate) -> bool {
    d.year <= 1900 || (d.month == 1 && d.day == 1 && d.year == 2000)
}

/// One digit of the year off, or two neighbouring digits swapped.
pub fn year_typo(a: u16, b: u16) -> bool {
    // One digit off changes the year by d, 10d, 100d or 1000d; two
    // neighbouring digits swapped by a multiple of 9 (of 90, 900): a quick
    // test first, as most pairs of years are neither.
    let diff = a.abs_diff(b);
    let one_digit = [1, 10, 100, 1000]
        .iter()
        .any(|p| diff.is_multiple_of(*p) && diff / p <= 9);
    if diff == 0 || !(one_digit || diff.is_multiple_of(9)) {
        return false;
    }
    let digits = |y: u16| [y / 1000 % 10, y / 100 % 10, y / 10 % 10, y % 10];
    let (x, y) = (digits(a), digits(b));
    let mut differ = (0..4).filter(|&i| x[i] != y[i]);
    match (differ.next(), differ.next(), differ.next()) {
        (Some(_), None, None) => true,
        (Some(i), Some(j), None) => j == i + 1 && x[i] == y[j] && x[j] == y[i],
        _ => false,
    }
}

pub fn birth_level(p: Option<PartialDate>, r: Option<PartialDate>, jan_first_unknown: bool) -> u8 {
    use level::birth::*;
    let (Some(p), Some(r)) = (p, r) else {
        return level::UNKNOWN;
    };
    if is_placeholder(&p) {
        return level::UNKNOWN;
    }
    if p == r && !(jan_first_unknown && r.month == 1 && r.day == 1) {
        return level::EXACT;
    }
    // The register knows only part of the date (00), or treats 1 January
    // as unknown: only the known part can agree.
    let r_partial = r.month == 0 || r.day == 0 || (jan_first_unknown && r.month == 1 && r.day == 1);
    if r_partial {
        if p.year != r.year {
            return if year_typo(p.year, r.year) {
                YEAR_DIGIT
            } else {
                OTHER
            };
        }
        return if r.month != 0 && r.month == p.month && !jan_first_unknown {
            YEAR_MONTH
        } else {
            YEAR
        };
    }
    // The partner's 1 January of the right year: only the year is known.
    if p.month == 1 && p.day == 1 {
        return if p.year == r.year {
            YEAR
        } else {
            level::UNKNOWN
        };
    }
    if p.month == r.month && p.day == r.day && year_typo(p.year, r.year) {
        return YEAR_DIGIT;
    }
    if p.year != r.year {
        return OTHER;
    }
    // Both dates whole: only the day off (a typo) or day and month
    // swapped are near; month and day both off is another date.
    if p.month == r.day && p.day == r.month {
        DAY_MONTH
    } else if p.month == r.month {
        YEAR_MONTH
    } else {
        OTHER
    }
}

/// The shipped weights' view of a pattern, to rank candidates while the
/// register streams past (before EM has run).
pub fn prior_rank(params: &model::Params, levels: &Pattern) -> f64 {
    (0..FIELD_COUNT).map(|f| params.weight(f, levels[f])).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signal::{PartnerType, SignalKind};
    use level::UNKNOWN as U;

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
        Probe::new(s).compare(r, false)
    }

    fn d(y: u16, m: u8, day: u8) -> Option<PartialDate> {
        Some(PartialDate {
            year: y,
            month: m,
            day,
        })
    }

    #[test]
    fn initials_prefix_keys_agree_for_ascii_and_other_names() {
        let ascii = initials_prefix_hashes("IJsbrand Sanne-Fleur");
        assert_eq!(ascii[0], key_hash("I"));
        assert_eq!(ascii[1], key_hash("IS"));
        assert_eq!(ascii[2], key_hash("ISF"));
        let other = initials_prefix_hashes("IJsbrand Sanne-Fleur Zoë");
        assert_eq!(other, ascii);
        assert_eq!(initials_prefix_hashes("Bo"), [key_hash("B"), 0, 0]);
    }

    #[test]
    fn exact_match_agrees_on_every_field() {
        let r = resident("van der", "Berg", "Jan Pieter", (1980, 5, 2));
        let c = cmp(
            &signal("van der", "Berg", "Jan Pieter", "", Some((1980, 5, 2))),
            &r,
        );
        assert_eq!(c.levels, [0, 0, 0, 0, U]);
        assert!(c.name_tf != 0 && c.given_tf != 0);
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
            assert_eq!(c.levels[NAME], level::EXACT, "{p} {s}");
        }
    }

    #[test]
    fn spelling_diacritics_and_sound() {
        let r = resident("", "Çelik", "Ayşe", (1980, 5, 2));
        assert_eq!(
            cmp(&signal("", "Celik", "Ayse", "", None), &r).levels[NAME],
            0
        );
        let r = resident("", "Yıldız", "Emre", (1980, 5, 2));
        assert_eq!(
            cmp(&signal("", "Yildiz", "Emre", "", None), &r).levels[NAME],
            0
        );
        let r = resident("", "Hess", "Jan", (1980, 5, 2));
        assert_eq!(
            cmp(&signal("", "Hes", "Jan", "", None), &r).levels[NAME],
            level::name::CLOSE
        );
        let r = resident("", "Meijer", "Jan", (1980, 5, 2));
        assert_eq!(sound_key("meijer"), sound_key("meyer"));
        assert_ne!(
            cmp(&signal("", "Meyer", "Jan", "", None), &r).levels[NAME],
            level::name::OTHER
        );
        assert_ne!(sound_key("jansen"), sound_key("bakker"));
    }

    #[test]
    fn married_and_combined_names() {
        let mut r = resident("de", "Vries", "Anna", (1980, 5, 2));
        r.partner_surname = "Jansen".into();
        r.name_use = "V".into();
        assert_eq!(
            cmp(&signal("", "Jansen-de Vries", "", "A.", None), &r).levels[NAME],
            0
        );
        assert_eq!(
            cmp(&signal("", "Jansen", "", "A.", None), &r).levels[NAME],
            0
        );
        let mut alone = resident("de", "Vries", "Anna", (1980, 5, 2));
        alone.partner_surname.clear();
        assert_eq!(
            cmp(&signal("", "Jansen-de Vries", "", "A.", None), &alone).levels[NAME],
            level::name::CLOSE
        );
    }

    #[test]
    fn swapped_name_order() {
        let r = resident("", "Haddad", "Samira", (1990, 3, 4));
        let c = cmp(&signal("", "Samira", "Haddad", "", Some((1990, 3, 4))), &r);
        assert!(c.swapped);
        assert_eq!(c.levels[..3], [0, 0, 0]);
        let c = cmp(&signal("", "Samira", "", "H.", Some((1990, 3, 4))), &r);
        assert!(c.swapped);
        assert_eq!(c.levels[NAME], 0);
    }

    #[test]
    fn birth_date_levels() {
        use level::birth::*;
        let r = d(1980, 5, 2);
        assert_eq!(birth_level(d(1980, 5, 2), r, false), level::EXACT);
        assert_eq!(birth_level(d(1981, 5, 2), r, false), YEAR_DIGIT);
        assert_eq!(birth_level(d(1908, 5, 2), r, false), YEAR_DIGIT);
        assert_eq!(birth_level(d(1890, 5, 2), d(1980, 5, 2), false), U);
        assert_eq!(birth_level(d(1971, 5, 2), r, false), OTHER);
        assert_eq!(birth_level(d(1980, 2, 5), r, false), DAY_MONTH);
        assert_eq!(birth_level(d(1980, 5, 9), r, false), YEAR_MONTH);
        assert_eq!(
            birth_level(d(1980, 7, 9), r, false),
            OTHER,
            "month and day off"
        );
        assert_eq!(birth_level(d(1980, 1, 1), r, false), YEAR);
        assert_eq!(birth_level(d(1979, 1, 1), r, false), U);
        assert_eq!(birth_level(d(2000, 1, 1), r, false), U);
        assert_eq!(birth_level(d(1900, 1, 1), r, false), U);
        assert_eq!(birth_level(None, r, false), U);
        assert_eq!(birth_level(d(1980, 5, 2), d(1980, 0, 0), false), YEAR);
        assert_eq!(birth_level(d(1980, 5, 2), d(1980, 5, 0), false), YEAR_MONTH);
        // 1 January in the register is a real date, unless the profile says not.
        let jan = d(1975, 1, 1);
        assert_eq!(birth_level(jan, jan, false), level::EXACT);
        assert_eq!(birth_level(d(1975, 3, 8), jan, true), YEAR);
    }

    #[test]
    fn initials_instead_of_first_names() {
        let r = resident("", "Smit", "Jan Pieter", (1980, 5, 2));
        let given = |i: &str| cmp(&signal("", "Smit", "", i, None), &r).levels[GIVEN];
        assert_eq!(given("J.P."), level::given::INITIALS);
        assert_eq!(given("J."), level::given::INITIALS);
        assert_eq!(given("J.K."), level::given::FIRST_LETTER);
        assert_eq!(given("K."), level::given::OTHER);
    }

    #[test]
    fn house_letter_in_either_column() {
        let mut r = resident("", "Smit", "Jan", (1980, 5, 2));
        r.house_letter = "A".into();
        let mut s = signal("", "Smit", "Jan", "", None);
        s.addition = "a".into();
        assert_eq!(cmp(&s, &r).levels[ADDRESS], level::EXACT);
        s.addition = "B".into();
        assert_eq!(cmp(&s, &r).levels[ADDRESS], level::address::ADDITION);
        s.addition.clear();
        s.postcode = "1234 AX".into();
        r.house_letter.clear();
        assert_eq!(cmp(&s, &r).levels[ADDRESS], level::address::STREET);
    }

    #[test]
    fn trade_names_hold_the_person() {
        let r = resident("", "Nowakowski", "Olek", (1980, 5, 2));
        for trade in [
            "Timmerbedrijf O. Nowakowski",
            "Nowakowski Installatietechniek",
            "Klussenbedrijf O. Nowakowski v.o.f.",
            "Transportbedrijf Nowakowski v.o.f.",
        ] {
            let c = cmp(&signal("", trade, "", "", None), &r);
            assert_eq!(c.levels[NAME], level::EXACT, "{trade}");
        }
        let mut s = signal("", "", "", "", Some((1980, 5, 2)));
        s.business_name = "Klusbedrijf O. Nowakowski".into();
        let c = cmp(&s, &r);
        assert_eq!(
            (c.levels[NAME], c.levels[GIVEN]),
            (level::EXACT, level::given::INITIALS)
        );
        let n = person_in_trade_name("Transportbedrijf van den Berg v.o.f.");
        assert_eq!((n.prefix.as_str(), n.surname.as_str()), ("van den", "Berg"));
        assert!(!has_trade_words("Bakker"));
        assert!(!has_trade_words("de Vries"));
    }

    #[test]
    fn bsn_agrees_or_not() {
        let r = resident("", "Smit", "Jan", (1980, 5, 2));
        let mut s = signal("", "Smid", "Jan", "", None);
        s.bsn = "111222333".into();
        assert_eq!(cmp(&s, &r).levels[BSN], level::EXACT);
        s.bsn = "123456782".into();
        assert_eq!(cmp(&s, &r).levels[BSN], level::bsn::OTHER);
    }

    #[test]
    fn frequency_keys_agree_between_fast_and_slow_paths() {
        for (p, s) in [
            ("van der", "Berg"),
            ("", "d'Ancona"),
            ("'t", "Hart"),
            ("", "Jansen-de Vries"),
            ("v.d.", "Berg"),
            ("", "O'Neill-van 't Hof"),
            ("", "Çelik"),
        ] {
            assert_eq!(name_key(p, s), name_key_folded(p, s), "{p} {s}");
            assert_eq!(surname_hash(p, s), key_hash(&name_key(p, s)), "{p} {s}");
            assert_eq!(surname_head(p, s), head(&name_key(p, s)), "{p} {s}");
        }
        assert_eq!(given_hash("Jan-Willem Piet"), key_hash("jan"));
        assert_eq!(given_hash("Ayşe"), key_hash("ayse"));
    }

    #[test]
    fn points_have_a_dutch_comma() {
        assert_eq!(points(8.14), "+8,1");
        assert_eq!(points(-3.25), "-3,2");
        assert_eq!(points(-0.01), "+0,0");
    }
}
