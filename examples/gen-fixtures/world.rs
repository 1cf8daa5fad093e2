//! The synthetic municipality: addresses, households, people, and each
//! month's arrears at the partners.

use crate::Options;
use crate::layouts::{self, Export, Row};
use crate::names::*;
use crate::rng::Rng;
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufWriter, Write};

pub const MUNICIPALITY: &str = "Rijnvelde";

#[derive(Clone)]
pub struct Address {
    pub street: String,
    pub number: u32,
    pub letter: String,
    pub addition: String,
    pub postcode: String,
    pub city: String,
}

#[derive(Clone)]
pub struct Person {
    pub bsn: String,
    pub prefix: String,
    pub surname: String,
    pub first_names: String,
    pub sex: char,
    /// (year, month, day); 0 for a part the register does not know.
    pub birth: (u16, u8, u8),
    pub naamgebruik: char,
    pub partner: Option<usize>,
    pub household: usize,
    pub died: Option<(u16, u8, u8)>,
    pub since: (u16, u8, u8),
}

pub struct Household {
    pub address: Address,
    pub members: Vec<usize>,
}

pub struct World {
    pub people: Vec<Person>,
    pub households: Vec<Household>,
    pub streets: Vec<(String, String, String)>, // name, postcode digits+letters, city
}

fn next_bsn(counter: &mut u64) -> String {
    loop {
        *counter += 1;
        let s = format!("{:09}", *counter);
        let sum: i64 = s
            .bytes()
            .zip([9i64, 8, 7, 6, 5, 4, 3, 2, -1])
            .map(|(b, w)| i64::from(b - b'0') * w)
            .sum();
        if sum % 11 == 0 && sum != 0 {
            return s;
        }
    }
}

fn postcode_letters(i: usize) -> String {
    const L: &[u8] = b"ABCDEGHJKLMNPRTVWXZ";
    let a = L[i % L.len()] as char;
    let b = L[(i / L.len() + i * 7) % L.len()] as char;
    format!("{a}{b}")
}

fn first_name(rng: &mut Rng, sex: char) -> String {
    let pool = if sex == 'V' { FEMALE } else { MALE };
    let n = if rng.chance(if crate::holdout() { 0.6 } else { 0.45 }) {
        2
    } else {
        1
    };
    let mut names: Vec<&str> = Vec::new();
    while names.len() < n {
        let x = *rng.pick(pool);
        if !names.contains(&x) {
            names.push(x);
        }
    }
    names.join(" ")
}

pub fn build(opts: &Options, rng: &mut Rng) -> World {
    let n_households = (opts.inhabitants as f64 / 2.15) as usize;
    let n_streets = (n_households / 60).max(4);
    let mut streets = Vec::with_capacity(n_streets);
    let combos = STREET_HEADS.len() * STREET_TAILS.len();
    for i in 0..n_streets {
        let k = (i * 37) % combos;
        let name = format!(
            "{}{}",
            STREET_HEADS[k / STREET_TAILS.len()],
            STREET_TAILS[k % STREET_TAILS.len()]
        );
        let kern = i / combos;
        let city = if kern == 0 {
            MUNICIPALITY.to_string()
        } else {
            format!("{MUNICIPALITY}-{kern}")
        };
        // Four streets a postcode area in a town; sixteen in a country-sized
        // set, so areas stay four digits (1000-9999).
        let area = if n_streets <= 30_000 {
            2400 + i / 4
        } else {
            1000 + i / 16
        };
        let postcode = format!("{area:04} {}", postcode_letters(i));
        streets.push((name, postcode, city));
    }
    let mut next_number = vec![0u32; n_streets];
    let mut households = Vec::with_capacity(n_households);
    let mut people: Vec<Person> = Vec::with_capacity(opts.inhabitants + 16);
    let mut bsn_counter = 600_000_000u64 + opts.seed * 1_000;
    for h in 0..n_households {
        let s = rng.below(n_streets);
        next_number[s] += 1 + u32::from(rng.chance(0.2));
        let (street, postcode, city) = &streets[s];
        let letter = if rng.chance(0.07) {
            ["A", "B", "C"][rng.below(3)].to_string()
        } else {
            String::new()
        };
        let addition = if rng.chance(0.04) {
            ["1", "2", "bis", "hs"][rng.below(4)].to_string()
        } else {
            String::new()
        };
        let address = Address {
            street: street.clone(),
            number: next_number[s],
            letter,
            addition,
            postcode: postcode.clone(),
            city: city.clone(),
        };
        let size = match rng.below(100) {
            0..=37 => 1,
            38..=70 => 2,
            71..=82 => 3,
            83..=94 => 4,
            _ => 5 + rng.below(3),
        };
        let adults = if size >= 2 && rng.chance(0.8) { 2 } else { 1 };
        let mut members = Vec::new();
        let base_age = rng.range(19, 86) as u16;
        let since = (
            2026 - rng.range(0, 30) as u16,
            rng.range(1, 12) as u8,
            rng.range(1, 28) as u8,
        );
        for a in 0..adults {
            let sex = if a == 0 {
                if rng.chance(0.5) { 'M' } else { 'V' }
            } else if people[people.len() - 1].sex == 'M' {
                'V'
            } else {
                'M'
            };
            let (prefix, surname) = surname(rng);
            let age = (base_age as i64 + rng.range(-4, 4)).clamp(18, 95) as u16;
            let mut birth = (2026 - age, rng.range(1, 12) as u8, rng.range(1, 28) as u8);
            // Unknown parts, and (many born abroad) a registered 1 January.
            if rng.chance(0.006) {
                birth = (birth.0, 0, 0);
            } else if rng.chance(0.03) {
                birth = (birth.0, 1, 1);
            }
            let died = (age >= 70 && rng.chance(0.01))
                .then(|| (2026, rng.range(1, 9) as u8, rng.range(1, 28) as u8));
            people.push(Person {
                bsn: next_bsn(&mut bsn_counter),
                prefix,
                surname,
                first_names: first_name(rng, sex),
                sex,
                birth,
                naamgebruik: 'E',
                partner: None,
                household: h,
                died,
                since,
            });
            members.push(people.len() - 1);
        }
        if adults == 2 {
            let (x, y) = (members[0], members[1]);
            people[x].partner = Some(y);
            people[y].partner = Some(x);
            let woman = if people[x].sex == 'V' { x } else { y };
            people[woman].naamgebruik = match rng.below(10) {
                0 | 1 => 'P',
                2 | 3 => 'V',
                4 => 'N',
                _ => 'E',
            };
        }
        let parent = members[0];
        for _ in adults..size {
            let sex = if rng.chance(0.5) { 'M' } else { 'V' };
            let young_adult = rng.chance(0.15);
            let age = if young_adult {
                rng.range(18, 26)
            } else {
                rng.range(0, 17)
            } as u16;
            people.push(Person {
                bsn: next_bsn(&mut bsn_counter),
                prefix: people[parent].prefix.clone(),
                surname: people[parent].surname.clone(),
                first_names: first_name(rng, sex),
                sex,
                birth: (2026 - age, rng.range(1, 12) as u8, rng.range(1, 28) as u8),
                naamgebruik: 'E',
                partner: None,
                household: h,
                died: None,
                since,
            });
            members.push(people.len() - 1);
        }
        households.push(Household { address, members });
    }
    World {
        people,
        households,
        streets,
    }
}

fn date8(d: (u16, u8, u8)) -> String {
    format!("{:04}{:02}{:02}", d.0, d.1, d.2)
}

/// The BRP extract, one row per registered person (deceased included, with
/// their date of death).
pub fn write_brp(world: &World, path: &std::path::Path) -> std::io::Result<()> {
    let mut w = BufWriter::new(fs::File::create(path)?);
    writeln!(
        w,
        "bsn;geslachtsnaam;voorvoegsel;voornamen;geboortedatum;geslacht;naamgebruik;geslachtsnaam_partner;\
         voorvoegsel_partner;straat;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;\
         datum_aanvang_adres;datum_overlijden"
    )?;
    for p in &world.people {
        let a = &world.households[p.household].address;
        let (ps, pp) = p.partner.map_or((String::new(), String::new()), |q| {
            (
                world.people[q].surname.clone(),
                world.people[q].prefix.clone(),
            )
        });
        writeln!(
            w,
            "{};{};{};{};{};{};{};{};{};{};{};{};{};{};{};{};{}",
            p.bsn,
            p.surname,
            p.prefix,
            p.first_names,
            date8(p.birth),
            p.sex,
            p.naamgebruik,
            ps,
            pp,
            a.street,
            a.number,
            a.letter,
            a.addition,
            a.postcode,
            a.city,
            date8(p.since),
            p.died.map(date8).unwrap_or_default()
        )?;
    }
    w.flush()
}

/// Who a signal is about, as the truth knows it.
#[derive(Clone)]
pub enum Subject {
    Resident(usize),
    /// Not in the register; `why` is the truth's reason.
    Outsider {
        person: Box<Person>,
        address: Box<Address>,
        why: &'static str,
    },
}

struct Arrear {
    subject: Subject,
    amount: i64,
    term: i64,
    sleper: bool,
}

pub struct PartnerSpec {
    pub id: &'static str,
    pub share: f64,
    /// Amount range in euros for a new arrear, and the monthly term.
    pub amount: (i64, i64),
    pub term: (i64, i64),
}

pub const PARTNERS: &[PartnerSpec] = &[
    PartnerSpec {
        id: "zorg-noordkust",
        share: 0.33,
        amount: (90, 900),
        term: (120, 170),
    },
    PartnerSpec {
        id: "zorg-zuid",
        share: 0.22,
        amount: (90, 900),
        term: (120, 170),
    },
    PartnerSpec {
        id: "energie-samen",
        share: 0.2,
        amount: (120, 1600),
        term: (80, 250),
    },
    PartnerSpec {
        id: "water-rijnvelde",
        share: 0.1,
        amount: (30, 420),
        term: (15, 40),
    },
    PartnerSpec {
        id: "woonstichting-thuis",
        share: 0.15,
        amount: (600, 3200),
        term: (550, 950),
    },
];

fn adult_of(world: &World, rng: &mut Rng, h: usize) -> Option<usize> {
    let adults: Vec<usize> = world.households[h]
        .members
        .iter()
        .copied()
        .filter(|&m| world.people[m].birth.0 <= 2007)
        .collect();
    (!adults.is_empty()).then(|| *rng.pick(&adults))
}

fn outsider(world: &World, rng: &mut Rng) -> Subject {
    let sex = if rng.chance(0.5) { 'M' } else { 'V' };
    let (prefix, surname) = surname(rng);
    let person = Person {
        bsn: String::new(),
        prefix,
        surname,
        first_names: first_name(rng, sex),
        sex,
        birth: (
            2026 - rng.range(20, 80) as u16,
            rng.range(1, 12) as u8,
            rng.range(1, 28) as u8,
        ),
        naamgebruik: 'E',
        partner: None,
        household: 0,
        died: None,
        since: (2020, 1, 1),
    };
    let h = rng.below(world.households.len());
    let home = world.households[h].address.clone();
    let mut person = person;
    // Kinds of non-resident: moved away 3 in 10, not a dwelling, outside
    // the municipality and an unregistered relative 2 in 10 each, a
    // namesake of a resident 1 in 10.
    let kind = match rng.below(10) {
        0..=2 => 0,
        3 | 4 => 1,
        5 | 6 => 2,
        7 | 8 => 3,
        _ => 4,
    };
    let (why, address) = match kind {
        // A relative who lives at a registered address but is not
        // registered there: the household's surname, own given names.
        3 => {
            let head = &world.people[world.households[h].members[0]];
            person.prefix = head.prefix.clone();
            person.surname = head.surname.clone();
            person.birth.0 = 2026 - rng.range(18, 30) as u16;
            ("inwonend_niet_ingeschreven", home)
        }
        // A namesake of a resident, not registered here, at an address
        // where nobody of that name lives; the year one digit off theirs.
        4 => {
            let twin = &world.people[rng.below(world.people.len())];
            person.prefix = twin.prefix.clone();
            person.surname = twin.surname.clone();
            person.first_names = twin.first_names.clone();
            let y = twin.birth.0;
            person.birth = (
                if y % 10 == 9 { y - 1 } else { y + 1 },
                twin.birth.1.max(1),
                twin.birth.2.max(1),
            );
            ("naamgenoot_elders", home)
        }
        // Moved away; the partner still has the old address.
        0 => ("verhuisd", home),
        // A garage box or storage unit: not a dwelling.
        1 => {
            let (street, postcode, city) = world.streets[rng.below(world.streets.len())].clone();
            (
                "geen_woning",
                Address {
                    street,
                    number: 900 + rng.range(0, 99) as u32,
                    letter: String::new(),
                    addition: "garage".into(),
                    postcode,
                    city,
                },
            )
        }
        _ => {
            let (town, digits) = *rng.pick(OTHER_TOWNS);
            (
                "buiten_gemeente",
                Address {
                    street: home.street,
                    number: home.number,
                    letter: String::new(),
                    addition: String::new(),
                    postcode: format!("{digits} {}", postcode_letters(rng.below(300))),
                    city: town.into(),
                },
            )
        }
    };
    Subject::Outsider {
        person: Box::new(person),
        address: Box::new(address),
        why,
    }
}

pub fn generate(opts: &Options) -> Result<(), String> {
    let mut rng = Rng::new(opts.seed);
    let world = build(opts, &mut rng);
    let io = |e: std::io::Error| e.to_string();
    fs::create_dir_all(opts.out.join("brp")).map_err(io)?;
    fs::create_dir_all(opts.out.join("truth")).map_err(io)?;
    write_brp(&world, &opts.out.join("brp").join("brp-rijnvelde.csv")).map_err(io)?;

    let deceased: Vec<usize> = (0..world.people.len())
        .filter(|&i| world.people[i].died.is_some())
        .collect();
    let per_month = opts
        .signals
        .unwrap_or((opts.inhabitants as f64 * 4.4 / 1000.0).round() as usize)
        .max(10);
    let mut open: Vec<BTreeMap<usize, Arrear>> = PARTNERS.iter().map(|_| BTreeMap::new()).collect();
    let mut serial = 0usize;
    let mut signalled = std::collections::BTreeSet::new();
    let (mut year, mut month) = opts.end;
    for _ in 1..opts.months {
        (year, month) = if month == 1 {
            (year - 1, 12)
        } else {
            (year, month - 1)
        };
    }
    for _ in 0..opts.months {
        let tag = format!("{year:04}-{month:02}");
        let mut rows: Vec<Vec<Row>> = PARTNERS.iter().map(|_| Vec::new()).collect();
        // Arrears that carry on from last month (geactualiseerd or repeated).
        for (p, spec) in PARTNERS.iter().enumerate() {
            let keys: Vec<usize> = open[p].keys().copied().collect();
            for k in keys {
                let keep = open[p][&k].sleper || rng.chance(0.45);
                if !keep {
                    open[p].remove(&k);
                    continue;
                }
                let a = open[p].get_mut(&k).expect("key present");
                if a.sleper {
                    a.amount = a.term + rng.range(-500, 500);
                } else if rng.chance(0.65) {
                    a.amount += a.term;
                }
                let _ = spec;
                rows[p].push(Row::new(
                    a.subject.clone(),
                    a.amount,
                    a.term,
                    true,
                    a.sleper,
                ));
            }
        }
        // New arrears up to the month's volume, some households at two partners.
        let total_now = |rows: &Vec<Vec<Row>>| rows.iter().map(Vec::len).sum::<usize>();
        // A given --signals is exact (for benchmarks); otherwise months vary.
        let target = match opts.signals {
            Some(n) => n,
            None => ((per_month as f64) * (0.9 + rng.range(0, 20) as f64 / 100.0)) as usize,
        };
        while total_now(&rows) < target {
            let r = rng.below(1000) as f64 / 1000.0;
            let mut acc = 0.0;
            let p = PARTNERS
                .iter()
                .position(|s| {
                    acc += s.share;
                    r < acc
                })
                .unwrap_or(0);
            let subject = if rng.chance(0.1) {
                outsider(&world, &mut rng)
            } else if !deceased.is_empty() && rng.chance(0.01) {
                Subject::Resident(*rng.pick(&deceased))
            } else {
                let h = rng.below(world.households.len());
                match adult_of(&world, &mut rng, h) {
                    Some(a) => Subject::Resident(a),
                    None => continue,
                }
            };
            let mut new_arrear =
                |p: usize, subject: Subject, rng: &mut Rng, rows: &mut Vec<Vec<Row>>| {
                    let spec = &PARTNERS[p];
                    let amount = rng.range(spec.amount.0 * 100, spec.amount.1 * 100);
                    let term = rng.range(spec.term.0 * 100, spec.term.1 * 100);
                    let sleper = rng.chance(0.04);
                    serial += 1;
                    open[p].insert(
                        serial,
                        Arrear {
                            subject: subject.clone(),
                            amount,
                            term,
                            sleper,
                        },
                    );
                    rows[p].push(Row::new(subject, amount, term, false, sleper));
                };
            new_arrear(p, subject.clone(), &mut rng, &mut rows);
            if matches!(subject, Subject::Resident(_)) && rng.chance(0.18) {
                let q = (p + 1 + rng.below(PARTNERS.len() - 1)) % PARTNERS.len();
                new_arrear(q, subject, &mut rng, &mut rows);
            }
        }
        signalled.extend(rows.iter().flatten().filter_map(Row::resident));
        let dir = opts.out.join("exports").join(&tag);
        fs::create_dir_all(&dir).map_err(io)?;
        let mut truth = Vec::new();
        for (p, spec) in PARTNERS.iter().enumerate() {
            let export = Export {
                partner: spec.id,
                year,
                month,
            };
            let file = format!("{}-{tag}.csv", spec.id);
            let mut partner_rows = std::mem::take(&mut rows[p]);
            let truth_rows = layouts::write(
                &export,
                &world,
                &mut rng,
                &mut partner_rows,
                &dir.join(&file),
            )
            .map_err(io)?;
            for t in truth_rows {
                truth.push(format!("{};exports/{tag}/{file};{}", spec.id, t));
            }
        }
        let mut w = BufWriter::new(
            fs::File::create(opts.out.join("truth").join(format!("{tag}.csv"))).map_err(io)?,
        );
        writeln!(
            w,
            "partner;bronbestand;bronregel;signaal_id;bsn;status;reden;afwijkingen;verwacht_afgewezen;voortgezet;sleper"
        )
        .map_err(io)?;
        for line in truth {
            writeln!(w, "{line}").map_err(io)?;
        }
        w.flush().map_err(io)?;
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    write_lists(&world, &signalled, opts)
}

/// The debt-help client list and the opt-out list: some people with
/// signals and some without, some SHV rows without a BSN (recognised by
/// name, birth date and postcode). Their own random stream, so the exports
/// do not change when the lists do.
fn write_lists(
    world: &World,
    signalled: &std::collections::BTreeSet<usize>,
    opts: &Options,
) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let mut rng = Rng::new(opts.seed ^ 0x5348_5600);
    let dir = opts.out.join("lijsten");
    fs::create_dir_all(&dir).map_err(io)?;
    let alive = |i: &usize| world.people[*i].died.is_none() && world.people[*i].birth.0 <= 2007;
    let with_signal: Vec<usize> = signalled.iter().copied().filter(alive).collect();
    let others = world.people.len();
    let pick = |share: f64, extra: usize, rng: &mut Rng| {
        let mut chosen: std::collections::BTreeSet<usize> = with_signal
            .iter()
            .copied()
            .filter(|_| rng.chance(share))
            .collect();
        while chosen.len() < extra + 1 {
            let i = rng.below(others);
            if alive(&i) {
                chosen.insert(i);
            }
        }
        chosen
    };
    let shv = pick(0.05, (others / 150).max(5), &mut rng);
    let opt_out = pick(0.01, (others / 2000).max(2), &mut rng);
    let mut w = BufWriter::new(fs::File::create(dir.join("shv-clienten.csv")).map_err(io)?);
    writeln!(
        w,
        "Clientnummer;BSN;Achternaam;Tussenvoegsel;Geboortedatum;Postcode"
    )
    .map_err(io)?;
    let mut truth = Vec::new();
    for (n, &i) in shv.iter().enumerate() {
        let p = &world.people[i];
        let a = &world.households[p.household].address;
        let full_birth = p.birth.1 != 0 && p.birth.2 != 0;
        let bsn = if full_birth && rng.chance(0.2) {
            ""
        } else {
            p.bsn.as_str()
        };
        writeln!(
            w,
            "SHV{:05};{bsn};{};{};{:02}-{:02}-{:04};{}",
            n + 1,
            p.surname,
            p.prefix,
            p.birth.2,
            p.birth.1,
            p.birth.0,
            a.postcode
        )
        .map_err(io)?;
        truth.push(format!("shv;{}", p.bsn));
    }
    w.flush().map_err(io)?;
    let mut w = BufWriter::new(fs::File::create(dir.join("geen-bemoeienis.csv")).map_err(io)?);
    writeln!(w, "bsn;datum_verzoek").map_err(io)?;
    for &i in &opt_out {
        writeln!(w, "{};2026-0{}-15", world.people[i].bsn, rng.range(1, 9)).map_err(io)?;
        truth.push(format!("geen_bemoeienis;{}", world.people[i].bsn));
    }
    w.flush().map_err(io)?;
    let mut w =
        BufWriter::new(fs::File::create(opts.out.join("truth").join("lijsten.csv")).map_err(io)?);
    writeln!(w, "lijst;bsn").map_err(io)?;
    for line in truth {
        writeln!(w, "{line}").map_err(io)?;
    }
    w.flush().map_err(io)
}
