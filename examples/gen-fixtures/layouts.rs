//! The five partner layouts, and the partner's imperfect copy of a person:
//! the variations a real BRP check has to survive and the row errors ingest
//! has to catch. Each applied variation is recorded in the truth.

use crate::rng::Rng;
use crate::world::{Address, Subject, World};
use encoding_rs::WINDOWS_1252;
use std::fs;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

pub struct Export {
    pub partner: &'static str,
    pub year: i32,
    pub month: u32,
}

/// One arrear to report this month.
pub struct Row {
    subject: Subject,
    amount: i64,
    term: i64,
    continued: bool,
    sleper: bool,
}

impl Row {
    pub fn new(subject: Subject, amount: i64, term: i64, continued: bool, sleper: bool) -> Row {
        Row {
            subject,
            amount,
            term,
            continued,
            sleper,
        }
    }
}

impl Row {
    /// The register person behind this row, if a resident.
    pub fn resident(&self) -> Option<usize> {
        match self.subject {
            Subject::Resident(i) => Some(i),
            Subject::Outsider { .. } => None,
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "ja" } else { "nee" }
}

/// What the partner has on file.
#[derive(Default, Clone)]
struct View {
    prefix: String,
    surname: String,
    first_names: String,
    birth: Option<(u16, u8, u8)>,
    street: String,
    number: String,
    letter: String,
    addition: String,
    postcode: String,
    city: String,
    phone: String,
    email: String,
    bsn: String,
    business: String,
}

impl View {
    fn initials(&self) -> String {
        self.first_names
            .split([' ', '-'])
            .filter_map(|n| n.chars().next())
            .map(|c| format!("{c}."))
            .collect()
    }

    fn surname_with_prefix(&self) -> String {
        if self.prefix.is_empty() {
            self.surname.clone()
        } else {
            format!("{} {}", self.prefix, self.surname)
        }
    }
}

/// How a partner's system writes letters it has no key for: combining
/// marks dropped, and the letters decomposition leaves whole typed plainly.
fn strip_diacritics(s: &str) -> String {
    let mut out = String::new();
    for c in s
        .nfd()
        .filter(|c| c.is_ascii() || !unicode_normalization::char::is_combining_mark(*c))
    {
        match c {
            'ı' => out.push('i'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            _ => out.push(c),
        }
    }
    out
}

/// The birth year with one digit off or the last two digits swapped.
fn year_typo(year: u16, rng: &mut Rng) -> u16 {
    let (tens, units) = (year / 10 % 10, year % 10);
    let typo = match rng.below(3) {
        0 if tens != units => year - tens * 10 - units + units * 10 + tens,
        1 => year - units + (units + 1 + rng.below(8) as u16) % 10,
        _ => year - tens * 10 + ((tens + 1 + rng.below(8) as u16) % 10) * 10,
    };
    if typo == year || !(1905..=2008).contains(&typo) {
        if units == 9 { year - 1 } else { year + 1 }
    } else {
        typo
    }
}

fn misspell(s: &str, rng: &mut Rng) -> Option<String> {
    let swaps: &[(&str, &str)] = &[
        ("ss", "s"),
        ("ij", "y"),
        ("ks", "x"),
        ("ei", "ij"),
        ("dt", "t"),
        ("ck", "k"),
        ("s", "ss"),
    ];
    let start = rng.below(swaps.len());
    (0..swaps.len())
        .map(|i| swaps[(start + i) % swaps.len()])
        .find_map(|(a, b)| s.contains(a).then(|| s.replacen(a, b, 1)))
}

/// How often a variation happens: as given, or half as often again in the
/// hold-out error model.
fn rate(p: f64) -> f64 {
    if crate::holdout() { p * 1.5 } else { p }
}

/// The partner's copy of the subject, with variations at realistic rates.
fn view_of(
    subject: &Subject,
    world: &World,
    partner: &str,
    rng: &mut Rng,
    tags: &mut Vec<&'static str>,
) -> View {
    let (p, a): (_, &Address) = match subject {
        Subject::Resident(i) => {
            let p = &world.people[*i];
            (p.clone(), &world.households[p.household].address)
        }
        Subject::Outsider {
            person, address, ..
        } => ((**person).clone(), &**address),
    };
    let mut v = View {
        prefix: p.prefix.clone(),
        surname: p.surname.clone(),
        first_names: p.first_names.clone(),
        birth: Some(p.birth),
        street: a.street.clone(),
        number: a.number.to_string(),
        letter: a.letter.clone(),
        addition: a.addition.clone(),
        postcode: a.postcode.clone(),
        city: a.city.clone(),
        ..View::default()
    };
    let seed = p.bsn.bytes().fold(p.first_names.len() as u64, |h, b| {
        h.wrapping_mul(31).wrapping_add(b as u64)
    });
    if seed % 10 < 7 {
        v.phone = format!("06{:08}", seed % 100_000_000);
    }
    if seed % 10 < 5 {
        let local = strip_diacritics(&format!(
            "{}.{}",
            v.first_names.split(' ').next().unwrap_or(""),
            v.surname
        ))
        .to_lowercase()
        .replace(' ', "");
        v.email = format!("{local}{}@example.org", seed % 97);
    }
    if let (Subject::Resident(_), Some(q)) = (subject, p.partner) {
        let partner = &world.people[q];
        if p.naamgebruik != 'E' && rng.chance(0.6) {
            tags.push("naamgebruik");
            let own = v.surname_with_prefix();
            let theirs = if partner.prefix.is_empty() {
                partner.surname.clone()
            } else {
                format!("{} {}", partner.prefix, partner.surname)
            };
            let used = match p.naamgebruik {
                'P' => theirs,
                'V' => format!("{theirs}-{own}"),
                _ => format!("{own}-{theirs}"),
            };
            let (prefix, surname) = split_leading_prefix(&used);
            v.prefix = prefix;
            v.surname = surname;
        }
    }
    if partner == "zorg-zuid" {
        v.bsn = p.bsn.clone();
    }
    if rng.chance(rate(0.02)) {
        tags.push("naamvolgorde");
        let first = v.first_names.clone();
        v.first_names = v.surname_with_prefix();
        v.prefix.clear();
        v.surname = first;
    }
    if rng.chance(rate(0.02)) {
        tags.push("placeholder_geboortedatum");
        v.birth = Some(match rng.below(3) {
            0 => (1900, 1, 1),
            1 => (2000, 1, 1),
            _ => (p.birth.0, 1, 1),
        });
    } else if rng.chance(rate(0.04)) || partner == "energie-samen" && rng.chance(0.5) {
        tags.push("geen_geboortedatum");
        v.birth = None;
    } else if rng.chance(rate(0.01)) && p.birth.2 <= 12 && p.birth.2 != p.birth.1 && p.birth.1 != 0
    {
        tags.push("dag_maand_omgedraaid");
        v.birth = Some((p.birth.0, p.birth.2, p.birth.1));
    }
    if rng.chance(rate(0.03))
        && let Some(s) = misspell(&v.surname, rng)
    {
        tags.push("spelling");
        v.surname = s;
    }
    if !v.prefix.is_empty() && rng.chance(0.2) {
        match rng.below(4) {
            0 => {
                tags.push("voorvoegsel_vastgeplakt");
                let glued: String = v.prefix.replace(' ', "") + &v.surname.to_lowercase();
                let mut c = glued.chars();
                v.surname = c
                    .next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default();
                v.prefix.clear();
            }
            1 => {
                tags.push("voorvoegsel_afgekort");
                v.prefix = v
                    .prefix
                    .split(' ')
                    .map(|w| format!("{}.", w.chars().next().unwrap_or('v')))
                    .collect();
            }
            2 => {
                tags.push("voorvoegsel_weg");
                v.prefix.clear();
            }
            _ => {
                tags.push("voorvoegsel_achteraan");
                v.surname = format!("{} {}", v.surname, v.prefix);
                v.prefix.clear();
            }
        }
    }
    let has_diacritics = |s: &str| !s.is_ascii();
    if (has_diacritics(&v.surname) || has_diacritics(&v.first_names))
        && (rng.chance(0.3) || partner == "zorg-noordkust")
    {
        tags.push("diakrieten");
        v.surname = strip_diacritics(&v.surname);
        v.first_names = strip_diacritics(&v.first_names);
    }
    if !v.surname.is_ascii() && v.surname != strip_diacritics(&v.surname) && rng.chance(0.6) {
        tags.push("letters");
        v.surname = strip_diacritics(&v.surname);
    }
    if let Subject::Resident(_) = subject {
        // The partner still has the previous address: the resident moved
        // within the municipality.
        if rng.chance(rate(0.03)) {
            tags.push("ander_adres");
            let h = rng.below(world.households.len());
            let old = &world.households[h].address;
            (v.street, v.number, v.letter, v.addition, v.postcode, v.city) = (
                old.street.clone(),
                old.number.to_string(),
                old.letter.clone(),
                old.addition.clone(),
                old.postcode.clone(),
                old.city.clone(),
            );
        }
    }
    if let Some(b) = v
        .birth
        .filter(|b| b.1 != 0 && b.2 != 0 && !(b.1 == 1 && b.2 == 1))
        && rng.chance(rate(0.02))
    {
        tags.push("jaar_typo");
        v.birth = Some((year_typo(b.0, rng), b.1, b.2));
    }
    if rng.chance(rate(0.015)) && v.postcode.len() == 7 {
        tags.push("postcode_typo");
        let letters = "ABCDEGHJKLMNPRTVWXZ";
        let last = v.postcode.chars().last().unwrap_or('A');
        let other = letters
            .chars()
            .cycle()
            .skip(rng.below(letters.len()))
            .find(|c| *c != last)
            .unwrap_or('Z');
        v.postcode = format!("{}{other}", &v.postcode[..6]);
    }
    if !v.letter.is_empty() && rng.chance(0.5) {
        tags.push("huisletter_in_toevoeging");
        v.addition = format!("{}{}", v.letter, v.addition);
        v.letter.clear();
    }
    if v.first_names.chars().count() <= 4 && !v.first_names.contains(' ') && rng.chance(0.1) {
        tags.push("hoofdletters");
        v.first_names = v.first_names.to_uppercase();
    }
    if matches!(partner, "energie-samen" | "water-rijnvelde") && rng.chance(rate(0.02)) {
        tags.push("handelsnaam");
        let own = v.surname_with_prefix();
        v.surname = match rng.below(3) {
            0 => format!(
                "{} {} {own}",
                [
                    "Timmerbedrijf",
                    "Klussenbedrijf",
                    "Installatiebedrijf",
                    "Hoveniersbedrijf"
                ][rng.below(4)],
                v.initials()
            ),
            1 => format!(
                "{own} {}",
                [
                    "Installatietechniek",
                    "Klusservice",
                    "Schoonmaakdiensten",
                    "Bouw"
                ][rng.below(4)]
            ),
            _ => format!("Transportbedrijf {own} v.o.f."),
        };
        v.prefix.clear();
        v.first_names.clear();
    } else if matches!(partner, "energie-samen" | "water-rijnvelde") && rng.chance(rate(0.02)) {
        tags.push("eenmanszaak");
        let trade = ["Klusbedrijf", "Kapsalon", "Schildersbedrijf", "Bakkerij"][rng.below(4)];
        v.business = format!("{trade} {} {}", v.initials(), v.surname_with_prefix());
    }
    v
}

fn split_leading_prefix(s: &str) -> (String, String) {
    for p in [
        "van der ", "van den ", "van de ", "de ", "van ", "ter ", "'t ", "el ", "da ", "dos ",
    ] {
        if let Some(rest) = s.strip_prefix(p) {
            return (p.trim().to_string(), rest.to_string());
        }
    }
    (String::new(), s.to_string())
}

fn dutch_amount(cents: i64, thousands: bool) -> String {
    let (e, c) = (cents.abs() / 100, cents.abs() % 100);
    let sign = if cents < 0 { "-" } else { "" };
    let euros = if thousands && e >= 1000 {
        format!("{}.{:03}", e / 1000, e % 1000)
    } else {
        e.to_string()
    };
    format!("{sign}{euros},{c:02}")
}

fn point_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

struct Meta {
    id: String,
    received: (i32, u32, u32),
    amount: String,
    term: String,
    kind: &'static str,
    warm: bool,
}

/// Writes one partner's export and returns the truth lines for it:
/// `bronregel;signaal_id;bsn;status;reden;afwijkingen;verwacht_afgewezen`.
pub fn write(
    export: &Export,
    world: &World,
    rng: &mut Rng,
    rows: &mut [Row],
    path: &Path,
) -> std::io::Result<Vec<String>> {
    let partner = export.partner;
    let (delimiter, header_title, columns): (u8, Option<&str>, &[&str]) = match partner {
        "zorg-noordkust" => (
            b';',
            None,
            &[
                "Kenmerk",
                "Datum signaal",
                "Achternaam",
                "Tussenvoegsel",
                "Voorletters",
                "Geboortedatum",
                "Straat",
                "Huisnr",
                "Toevoeging",
                "Postcode",
                "Woonplaats",
                "Telefoon",
                "Achterstand",
            ],
        ),
        "zorg-zuid" => (
            b',',
            Some("Export vroegsignalen Zorg Zuid"),
            &[
                "signaalnummer",
                "datum",
                "bsn",
                "geslachtsnaam",
                "voorvoegsel",
                "voornamen",
                "geboortedatum",
                "straatnaam",
                "huisnummer",
                "huisletter",
                "toevoeging",
                "postcode",
                "plaats",
                "telefoonnummer",
                "email",
                "openstaand_bedrag",
                "premie_per_maand",
            ],
        ),
        "energie-samen" => (
            b',',
            None,
            &[
                "id",
                "received_date",
                "signal_type",
                "first_name",
                "last_name",
                "company",
                "date_of_birth",
                "address",
                "zip",
                "city",
                "phone",
                "email",
                "amount_due",
                "arrears_since",
            ],
        ),
        "water-rijnvelde" => (
            b';',
            None,
            &[
                "Referentie",
                "Meldingsdatum",
                "Naam",
                "Bedrijfsnaam",
                "Geb.datum",
                "Straat",
                "Nummer",
                "Postcode",
                "Plaats",
                "Bedrag",
            ],
        ),
        _ => (
            b'\t',
            None,
            &[
                "Dossier",
                "Datum",
                "Type",
                "Voornamen",
                "Tussenvoegsel",
                "Achternaam",
                "Geboortedatum",
                "Straat",
                "Huisnummer",
                "Postcode",
                "Woonplaats",
                "Mobiel",
                "E-mail",
                "Huurachterstand",
                "Warme overdracht",
            ],
        ),
    };
    // Excel-made exports end lines with CRLF, the others with LF.
    let terminator = match partner {
        "zorg-noordkust" | "water-rijnvelde" => csv::Terminator::CRLF,
        _ => csv::Terminator::Any(b'\n'),
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .flexible(true)
        .from_writer(Vec::new());
    let mut line: u64 = 1;
    if let Some(title) = header_title {
        w.write_record([title])?;
        line += 1;
    }
    w.write_record(columns)?;
    let mut truth = Vec::new();
    let prefix = match partner {
        "zorg-noordkust" => "ZN",
        "zorg-zuid" => "ZZ",
        "energie-samen" => "ES",
        "water-rijnvelde" => "WR",
        _ => "WT",
    };
    for (n, row) in rows.iter().enumerate() {
        let mut tags: Vec<&'static str> = Vec::new();
        let mut v = view_of(&row.subject, world, partner, rng, &mut tags);
        let (bsn, status, reason) = match &row.subject {
            Subject::Resident(i) if world.people[*i].died.is_some() => {
                (world.people[*i].bsn.clone(), "overleden", "")
            }
            Subject::Resident(i) => (world.people[*i].bsn.clone(), "inwoner", ""),
            Subject::Outsider { why, .. } => (String::new(), "niet_ingeschreven", *why),
        };
        let (mut status, mut reason) = (status, reason);
        if matches!(row.subject, Subject::Outsider { .. })
            && rng.chance(0.15)
            && partner != "zorg-zuid"
            && partner != "zorg-noordkust"
        {
            v.business = format!("{} Holding B.V.", v.surname);
            (status, reason) = ("niet_ingeschreven", "rechtspersoon");
        }
        let mut expected = "";
        let mut amount = row.amount;
        match rng.below(1000) {
            0..=3 => {
                amount = 0;
                expected = "bedrag_niet_positief";
            }
            4..=6 => {
                amount = -amount;
                expected = "bedrag_niet_positief";
            }
            _ => {}
        }
        let mut amount_text = match partner {
            "zorg-noordkust" => dutch_amount(amount, true),
            "water-rijnvelde" => format!("€ {}", dutch_amount(amount, true)),
            "woonstichting-thuis" => dutch_amount(amount, false),
            _ => point_amount(amount),
        };
        match rng.below(1000) {
            0..=2 if expected.is_empty() => {
                amount_text = "n.v.t.".into();
                expected = "bedrag_ongeldig";
            }
            3..=4 if expected.is_empty() => {
                amount_text = String::new();
                expected = "bedrag_ontbreekt";
            }
            _ => {}
        }
        // Field errors that ingest flags but keeps.
        match rng.below(200) {
            0 | 1 => {
                v.postcode = v.postcode.replace(' ', "").chars().take(5).collect();
                tags.push("w:postcode_ongeldig");
            }
            2 | 3 if !v.phone.is_empty() && partner != "water-rijnvelde" => {
                v.phone.pop();
                tags.push("w:telefoon_ongeldig");
            }
            4 | 5
                if !v.email.is_empty()
                    && matches!(
                        partner,
                        "zorg-zuid" | "energie-samen" | "woonstichting-thuis"
                    ) =>
            {
                v.email = v.email.replace('@', " at ");
                tags.push("w:email_ongeldig");
            }
            6 | 7 if !v.bsn.is_empty() => {
                let last = v.bsn.pop().unwrap_or('0');
                v.bsn.push(if last == '9' {
                    '0'
                } else {
                    (last as u8 + 1) as char
                });
                tags.push("w:bsn_ongeldig");
            }
            8 if v.birth.is_some() => {
                v.birth = Some((v.birth.map_or(1980, |b| b.0), 2, 31));
                tags.push("w:geboortedatum_ongeldig");
            }
            _ => {}
        }
        let day = 1 + rng.below(25) as u32;
        let kind = match partner {
            "energie-samen" => match rng.below(100) {
                0..=2 => "EL",
                3 => "CR",
                _ if row.continued => "GA",
                _ => "VS",
            },
            "woonstichting-thuis" => {
                if rng.chance(0.03) {
                    "Ontruimingsaanzegging"
                } else {
                    "Vroegsignaal"
                }
            }
            _ => "",
        };
        let meta = Meta {
            id: format!(
                "{prefix}-{:04}{:02}-{:05}",
                export.year,
                export.month,
                n + 1
            ),
            received: (export.year, export.month, day),
            amount: amount_text,
            term: match partner {
                "zorg-zuid" => point_amount(row.term),
                _ => String::new(),
            },
            kind,
            warm: partner == "woonstichting-thuis" && rng.chance(0.05),
        };
        let mut cells = render(partner, &v, &meta);
        if expected.is_empty() && rng.chance(0.003) {
            cells.truncate(cells.len() - 3);
            expected = "rij_onvolledig";
        }
        w.write_record(&cells)?;
        line += 1;
        let history = format!("{};{}", yes_no(row.continued), yes_no(row.sleper));
        truth.push(format!(
            "{line};{};{bsn};{status};{reason};{};{expected};{history}",
            meta.id,
            tags.join("|")
        ));
        if expected.is_empty() && rng.chance(0.005) {
            w.write_record(&cells)?;
            line += 1;
            truth.push(format!(
                "{line};{};{bsn};{status};{reason};{};dubbel_signaal;{history}",
                meta.id,
                tags.join("|")
            ));
        }
    }
    let text = String::from_utf8(w.into_inner().map_err(|e| e.into_error())?).unwrap_or_default();
    let bytes = match partner {
        "zorg-noordkust" => {
            let folded = strip_unencodable(&text);
            let (b, _, _) = WINDOWS_1252.encode(&folded);
            b.into_owned()
        }
        "water-rijnvelde" => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        _ => text.into_bytes(),
    };
    fs::write(path, bytes)?;
    Ok(truth)
}

/// Windows-1252 cannot hold ş or ı: fold those to their base letters.
fn strip_unencodable(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut buf = [0u8; 4];
            let (_, _, bad) = WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            if bad {
                strip_diacritics(&c.to_string())
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn render(partner: &str, v: &View, m: &Meta) -> Vec<String> {
    let b = v.birth;
    let (y, mo, d) = m.received;
    let dmy = |t: (u16, u8, u8)| format!("{:02}-{:02}-{:04}", t.2, t.1, t.0);
    let iso = |t: (u16, u8, u8)| format!("{:04}-{:02}-{:02}", t.0, t.1, t.2);
    let compact = |t: (u16, u8, u8)| format!("{:04}{:02}{:02}", t.0, t.1, t.2);
    let received = (y as u16, mo as u8, d as u8);
    let house = format!("{}{}", v.number, v.letter);
    match partner {
        "zorg-noordkust" => vec![
            m.id.clone(),
            dmy(received),
            v.surname.clone(),
            v.prefix.clone(),
            v.initials(),
            b.map(dmy).unwrap_or_default(),
            v.street.clone(),
            house,
            v.addition.clone(),
            v.postcode.clone(),
            v.city.to_uppercase(),
            v.phone.clone(),
            m.amount.clone(),
        ],
        "zorg-zuid" => vec![
            m.id.clone(),
            iso(received),
            v.bsn.clone(),
            v.surname.clone(),
            v.prefix.clone(),
            v.first_names.clone(),
            b.map(iso).unwrap_or_default(),
            v.street.clone(),
            v.number.clone(),
            v.letter.clone(),
            v.addition.clone(),
            v.postcode.replace(' ', ""),
            v.city.clone(),
            if v.phone.is_empty() {
                String::new()
            } else {
                format!("+31 {}", &v.phone[1..])
            },
            v.email.clone(),
            m.amount.clone(),
            m.term.clone(),
        ],
        "energie-samen" => {
            let mut line = format!("{} {}", v.street, v.number);
            if !v.letter.is_empty() {
                line.push(' ');
                line.push_str(&v.letter);
            }
            if !v.addition.is_empty() {
                line.push('-');
                line.push_str(&v.addition);
            }
            let since = (
                received.0,
                if received.1 > 2 { received.1 - 2 } else { 1 },
                1,
            );
            vec![
                m.id.clone(),
                iso(received),
                m.kind.into(),
                v.first_names.clone(),
                v.surname_with_prefix(),
                v.business.clone(),
                b.map(iso).unwrap_or_default(),
                line,
                v.postcode.clone(),
                v.city.clone(),
                v.phone.clone(),
                v.email.clone(),
                m.amount.clone(),
                iso(since),
            ]
        }
        "water-rijnvelde" => {
            let name = if v.business.is_empty() || v.surname.is_empty() {
                format!("{}, {}", v.surname_with_prefix(), v.initials())
            } else {
                String::new()
            };
            let name = if name == ", " { String::new() } else { name };
            let mut number = v.number.clone() + &v.letter;
            if !v.addition.is_empty() {
                number = format!("{number}-{}", v.addition);
            }
            vec![
                m.id.clone(),
                compact(received),
                name,
                v.business.clone(),
                b.map(compact).unwrap_or_default(),
                v.street.clone(),
                number,
                v.postcode.clone(),
                v.city.clone(),
                m.amount.clone(),
            ]
        }
        _ => {
            let dm = |t: (u16, u8, u8)| format!("{}-{}-{}", t.2, t.1, t.0);
            vec![
                m.id.clone(),
                dm(received),
                m.kind.into(),
                v.first_names.clone(),
                v.prefix.clone(),
                v.surname.clone(),
                b.map(dm).unwrap_or_default(),
                v.street.clone(),
                format!(
                    "{house}{}",
                    if v.addition.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", v.addition)
                    }
                ),
                v.postcode.clone(),
                v.city.clone(),
                v.phone.clone(),
                v.email.clone(),
                m.amount.clone(),
                if m.warm { "J".into() } else { "N".into() },
            ]
        }
    }
}
