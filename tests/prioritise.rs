//! `prioritise` (issue 5): the six real frameworks route hand-made
//! households as their texts say; capacity, overflow and backfill; every
//! signal accounted for; byte-identical work lists; the dry-run; explain.

mod common;

use common::town::{run_month_json, signals, signals_of_kind, town};
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;

fn example_rulebook(name: &str) -> String {
    repo()
        .join(format!("config/examples/{name}.toml"))
        .display()
        .to_string()
}

fn run_month(sb: &Sandbox, month: &str) -> serde_json::Value {
    run_month_json(sb, month)
}

/// An example rulebook with one text replaced (a smaller capacity), in a
/// temporary folder.
fn variant(name: &str, from: &str, to: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(example_rulebook(name)).unwrap();
    assert!(text.contains(from), "{name}: no `{from}`");
    let path = dir.path().join(format!("{name}.toml"));
    fs::write(&path, text.replace(from, to)).unwrap();
    let shown = path.display().to_string();
    (dir, shown)
}

/// beslissingen.csv: signal id -> (besluit/reden or werklijst, regel).
fn decisions(sb: &Sandbox, month: &str) -> BTreeMap<String, (String, String)> {
    read_table(&sb.path().join(format!("uit/{month}/beslissingen.csv")))
        .into_iter()
        .map(|r| {
            let place = match r["besluit"].as_str() {
                "werklijst" => r["werklijst"].clone(),
                other => format!("{other}:{}", r["reden"]),
            };
            (r["signaal_id"].clone(), (place, r["regel"].clone()))
        })
        .collect()
}

fn place(d: &BTreeMap<String, (String, String)>, id: &str) -> String {
    d[id].0.clone()
}

#[test]
fn g1_youth_worker_threshold_above_100_and_repeats() {
    let sb = town(Some(&example_rulebook("g1")));
    signals(&sb, "2026-01", &[("zorg", 4, 300)]);
    run_month(&sb, "2026-01");
    signals(
        &sb,
        "2026-02",
        &[
            ("zorg", 4, 350), // Willem: same arrear as last month, higher
            ("zorg", 6, 300), // Tesfay, 21: youth worker
            ("zorg", 5, 100), // Jan: exactly 100, not above
            ("huur", 0, 900), // Kees and Elif: several signals, high total
            ("energie", 1, 400),
            ("water", 3, 150), // Pieter: a letter
        ],
    );
    run_month(&sb, "2026-02");
    let d = decisions(&sb, "2026-02");
    assert_eq!(
        place(&d, "zorg-2026-02-0"),
        "niet_opgepakt:herhaalde_melding"
    );
    assert_eq!(place(&d, "zorg-2026-02-1"), "jongerenwerker");
    assert_eq!(place(&d, "zorg-2026-02-2"), "niet_opgepakt:onder_drempel");
    assert_eq!(
        d["huur-2026-02-3"],
        ("huisbezoek".into(), "match-hoog".into())
    );
    assert_eq!(place(&d, "energie-2026-02-4"), "huisbezoek");
    assert_eq!(place(&d, "water-2026-02-5"), "brief");
}

#[test]
fn g2_rent_and_matches_by_neighbourhood_team_or_municipality() {
    let sb = town(Some(&example_rulebook("g2")));
    signals(
        &sb,
        "2026-03",
        &[
            ("zorg", 4, 300), // single below 575: sms
            ("zorg", 2, 300), // no phone: e-mail
            ("water", 3, 80), // neither: letter
            ("huur", 5, 600), // single rent above 575: wijkteam
            ("zorg", 0, 100), // Kees + Elif with rent: wijkteam
            ("huur", 1, 50),
            ("zorg", 6, 100), // Tesfay at two partners, no rent: municipality
            ("energie", 6, 100),
        ],
    );
    run_month(&sb, "2026-03");
    let d = decisions(&sb, "2026-03");
    assert_eq!(place(&d, "zorg-2026-03-0"), "sms");
    assert_eq!(place(&d, "zorg-2026-03-1"), "email");
    assert_eq!(place(&d, "water-2026-03-2"), "brief");
    assert_eq!(place(&d, "huur-2026-03-3"), "wijkteam");
    assert_eq!(
        d["zorg-2026-03-4"],
        ("wijkteam".into(), "meervoudig-huur".into())
    );
    assert_eq!(
        d["zorg-2026-03-6"],
        ("huisbezoek".into(), "meervoudig".into())
    );
}

#[test]
fn g3_amount_bands_card_by_post_manual_bin_and_same_day_end_of_supply() {
    let sb = town(Some(&example_rulebook("g3")));
    signals(&sb, "2026-01", &[("zorg", 5, 300)]);
    run_month(&sb, "2026-01");
    signals_of_kind(
        &sb,
        "2026-02",
        &[
            ("zorg", 2, 100, ""),                 // under 250: e-mail
            ("zorg", 6, 300, ""),                 // 250-500: phone
            ("huur", 0, 700, ""),                 // over 500: visit
            ("zorg", 3, 300, ""),                 // no phone: card by post
            ("zorg", 5, 200, ""),                 // Jan again: recidive, manual bin
            ("energie", 4, 200, "eindelevering"), // same day
        ],
    );
    run_month(&sb, "2026-02");
    let d = decisions(&sb, "2026-02");
    assert_eq!(place(&d, "zorg-2026-02-0"), "email");
    assert_eq!(place(&d, "zorg-2026-02-1"), "telefoon");
    assert_eq!(place(&d, "huur-2026-02-2"), "huisbezoek");
    assert_eq!(place(&d, "zorg-2026-02-3"), "kaartje");
    assert_eq!(place(&d, "zorg-2026-02-4"), "handmatig");
    let eind = read_table(&sb.path().join("uit/2026-02/beslissingen.csv"))
        .into_iter()
        .find(|r| r["signaal_id"] == "energie-2026-02-5")
        .unwrap();
    // Called, by the rule's own deadline: the day it came in, while the
    // other calls have the queue's 28 days.
    assert_eq!(
        (eind["werklijst"].as_str(), eind["regel"].as_str()),
        ("telefoon", "eindelevering")
    );
    assert_eq!(
        eind["deadline"], eind["datum_ontvangst"],
        "the day it arrives"
    );
    let call = read_table(&sb.path().join("uit/2026-02/beslissingen.csv"))
        .into_iter()
        .find(|r| r["signaal_id"] == "zorg-2026-02-1")
        .unwrap();
    assert_eq!(call["deadline"], "2026-03-05", "5 February + 28 days");
}

#[test]
fn g4_crisis_shv_visits_calls_and_overflow_to_email() {
    // G4 with room for one visit, to see the overflow the text describes.
    let (_dir, rulebook) = variant("g4", "capacity = 30", "capacity = 1");
    let sb = town(Some(&rulebook));
    signals_of_kind(
        &sb,
        "2026-04",
        &[
            ("huur", 3, 2500, "crisis"), // crisis bin, 3 working days
            ("zorg", 0, 400, ""),        // Kees + Elif: match, 700 together
            ("energie", 1, 300, ""),
            ("zorg", 4, 150, ""), // Willem at two partners: match, 250
            ("water", 4, 100, ""),
            ("zorg", 5, 99, ""),  // under 100
            ("water", 6, 60, ""), // water is exempt: letter
            ("huur", 2, 150, ""), // single rent: phone, but no number: e-mail
        ],
    );
    let j = run_month(&sb, "2026-04");
    let d = decisions(&sb, "2026-04");
    assert_eq!(place(&d, "huur-2026-04-0"), "crisis");
    assert_eq!(d["zorg-2026-04-1"], ("huisbezoek".into(), "match".into()));
    assert_eq!(
        d["zorg-2026-04-3"],
        ("email".into(), "match".into()),
        "visits full"
    );
    assert_eq!(place(&d, "zorg-2026-04-5"), "niet_opgepakt:onder_drempel");
    assert_eq!(place(&d, "water-2026-04-6"), "brief");
    assert_eq!(place(&d, "huur-2026-04-7"), "email");
    let rows = read_table(&sb.path().join("uit/2026-04/beslissingen.csv"));
    let row = |id: &str| rows.iter().find(|r| r["signaal_id"] == id).unwrap().clone();
    assert_eq!(row("zorg-2026-04-3")["overloop"], "huisbezoek > email");
    assert_eq!(row("huur-2026-04-7")["contact_terugval"], "ja");
    // Received Sunday 5 April (Easter Sunday): three working days skip
    // Easter Monday (holidays = "nl"), so Thursday 9 April.
    assert_eq!(row("huur-2026-04-0")["deadline"], "2026-04-09");
    assert_eq!(row("zorg-2026-04-1")["deadline"], "2026-05-03");
    let p = &j["prioritise"];
    assert_eq!(p["queues"]["huisbezoek"], 1);
    assert_eq!(p["queues"]["email"], 2);
    assert_eq!(p["screened_out"], 1);
    let fill: Vec<&serde_json::Value> = p["fill"].as_array().unwrap().iter().collect();
    let visit = fill.iter().find(|f| f["queue"] == "huisbezoek").unwrap();
    assert_eq!(
        (visit["capacity"].as_u64(), visit["overflow_out"].as_u64()),
        (Some(1), Some(1))
    );

    // May: Pieter's eviction threat again (a repeat of April's, not
    // higher), and Samira, now on the debt-help client list, with one
    // signal above and one under 100.
    let config = fs::read_to_string(sb.path().join("config.toml")).unwrap();
    sb.write(
        "config.toml",
        &format!("{config}\n[shv]\nfile = \"shv.csv\"\nprofile = \"shv.toml\"\n"),
    );
    sb.write("shv.toml", "[columns]\nbsn = \"bsn\"\n");
    sb.write("shv.csv", &format!("bsn\n{}\n", bsn(2)));
    signals_of_kind(
        &sb,
        "2026-05",
        &[
            ("huur", 3, 2500, "crisis"),
            ("zorg", 2, 400, ""),
            ("energie", 2, 50, ""),
        ],
    );
    run_month(&sb, "2026-05");
    let d = decisions(&sb, "2026-05");
    // The text drops no repeat: a crisis stays a crisis.
    assert_eq!(d["huur-2026-05-0"], ("crisis".into(), "crisis".into()));
    let rows = read_table(&sb.path().join("uit/2026-05/beslissingen.csv"));
    let herhaal = read_table(&sb.path().join("uit/2026-05/gekoppeld.csv"));
    let pieter = herhaal
        .iter()
        .find(|r| r["signaal_id"] == "huur-2026-05-0")
        .unwrap();
    assert_eq!(pieter["herhaal"], "ja", "it is a repeat: {pieter:?}");
    // Known to debt help: the own bin; the threshold still applies first.
    assert_eq!(d["zorg-2026-05-1"], ("shv".into(), "shv".into()));
    assert_eq!(
        place(&d, "energie-2026-05-2"),
        "niet_opgepakt:onder_drempel"
    );
    let shv = rows
        .iter()
        .find(|r| r["signaal_id"] == "zorg-2026-05-1")
        .unwrap();
    assert_eq!(shv["bekend_shv"], "ja");
}

#[test]
fn crisis_deadlines_skip_easter_kings_day_ascension_and_whit_monday() {
    // The 2026 calendar by hand: Easter Monday 6 April, King's Day Monday
    // 27 April, Ascension Thursday 14 May, Whit Monday 25 May; Good Friday
    // (3 April) and Liberation Day (5 May, not a lustrum year) are working
    // days by default. G4's crisis bin: three working days.
    let sb = town(Some(&example_rulebook("g4")));
    let cases = [
        // (month, person, received, due)
        ("2026-04", 0, "02-04-2026", "2026-04-08"), // Fri 3, (Mon 6), Tue 7, Wed 8
        ("2026-04", 2, "23-04-2026", "2026-04-29"), // Fri 24, (Mon 27), Tue 28, Wed 29
        ("2026-04", 3, "30-04-2026", "2026-05-05"), // Fri 1, Mon 4, Tue 5
        ("2026-05", 4, "12-05-2026", "2026-05-18"), // Wed 13, (Thu 14), Fri 15, Mon 18
        ("2026-05", 5, "21-05-2026", "2026-05-27"), // Fri 22, (Mon 25), Tue 26, Wed 27
    ];
    for month in ["2026-04", "2026-05"] {
        let ids: Vec<String> = (0..cases.len()).map(|i| format!("crisis-{i}")).collect();
        let list: Vec<(&str, &str, usize, u32, &str, &str)> = cases
            .iter()
            .zip(&ids)
            .filter(|(c, _)| c.0 == month)
            .map(|(c, id)| ("huur", id.as_str(), c.1, 2500, "crisis", c.2))
            .collect();
        common::town::signals_dated(&sb, month, &list);
        run_month(&sb, month);
    }
    for (i, (month, _, received, due)) in cases.iter().enumerate() {
        let rows = read_table(&sb.path().join(format!("uit/{month}/beslissingen.csv")));
        let row = rows
            .iter()
            .find(|r| r["signaal_id"] == format!("crisis-{i}"))
            .unwrap();
        assert_eq!(row["werklijst"], "crisis");
        assert_eq!(row["deadline"], *due, "received {received}");
    }
}

#[test]
fn g5_everyone_a_letter_and_a_visit_on_top_for_matches() {
    let sb = town(Some(&example_rulebook("g5")));
    signals_of_kind(
        &sb,
        "2026-05",
        &[
            ("zorg", 0, 40, ""),
            ("water", 1, 30, ""),
            ("zorg", 3, 20, ""),
            ("energie", 5, 150, "eindelevering"),
        ],
    );
    run_month(&sb, "2026-05");
    let d = decisions(&sb, "2026-05");
    assert_eq!(place(&d, "zorg-2026-05-0"), "huisbezoek");
    assert_eq!(place(&d, "zorg-2026-05-2"), "brief");
    assert_eq!(place(&d, "energie-2026-05-3"), "huisbezoek");
    let letters = read_table(&sb.path().join("uit/2026-05/werklijsten/brief.csv"));
    assert_eq!(letters.len(), 3, "everyone on the letter list: {letters:?}");
    let extra = letters.iter().filter(|r| r["kanaal"] == "extra").count();
    assert_eq!(
        extra, 2,
        "the two visited households get the letter as well"
    );
}

#[test]
fn g6_spare_visits_go_to_single_signals_highest_amount_first() {
    let (_dir, rulebook) = variant("g6", "capacity = 40", "capacity = 3");
    let sb = town(Some(&rulebook));
    signals(
        &sb,
        "2026-06",
        &[
            ("zorg", 0, 5), // match regardless of amount
            ("water", 1, 5),
            ("huur", 2, 50),  // housing corporation
            ("zorg", 3, 300), // singles: one spare visit, the highest amount
            ("zorg", 4, 900),
            ("zorg", 5, 600),
        ],
    );
    run_month(&sb, "2026-06");
    let d = decisions(&sb, "2026-06");
    assert_eq!(place(&d, "zorg-2026-06-0"), "huisbezoek");
    assert_eq!(place(&d, "huur-2026-06-2"), "huisbezoek");
    assert_eq!(place(&d, "zorg-2026-06-4"), "huisbezoek", "900: backfilled");
    assert_eq!(place(&d, "zorg-2026-06-5"), "brief");
    assert_eq!(place(&d, "zorg-2026-06-3"), "brief");
    let visits = read_table(&sb.path().join("uit/2026-06/werklijsten/huisbezoek.csv"));
    let backfilled: Vec<&str> = visits
        .iter()
        .filter(|r| r["aangevuld_uit"] == "brief")
        .map(|r| r["signalen"].as_str())
        .collect();
    assert_eq!(backfilled, ["zorg:zorg-2026-06-4"]);
}

#[test]
fn g6_a_or_b_visits_under_a_tight_capacity_go_by_household_total() {
    // One visit: a match (300 + 300) and a rent signal (500) both qualify
    // by one rule ("match or housing corporation"); the household total
    // decides, so the match goes, though its largest signal is smaller.
    let (_dir, rulebook) = variant("g6", "capacity = 40", "capacity = 1");
    let sb = town(Some(&rulebook));
    signals(
        &sb,
        "2026-06",
        &[
            ("zorg", 0, 300), // Kees and Elif: one household, a match
            ("water", 1, 300),
            ("huur", 2, 500), // Samira: housing corporation
            ("zorg", 4, 900), // Willem: single, a letter
        ],
    );
    run_month(&sb, "2026-06");
    let d = decisions(&sb, "2026-06");
    assert_eq!(
        d["zorg-2026-06-0"],
        ("huisbezoek".into(), "huisbezoek".into())
    );
    assert_eq!(
        d["huur-2026-06-2"],
        ("brief".into(), "huisbezoek".into()),
        "full"
    );
    assert_eq!(d["zorg-2026-06-3"], ("brief".into(), "enkel".into()));
    // The decision names the facts of the "or" that held.
    let rows = read_table(&sb.path().join("uit/2026-06/beslissingen.csv"));
    let feiten = |id: &str| rows.iter().find(|r| r["signaal_id"] == id).unwrap()["feiten"].clone();
    assert!(
        feiten("huur-2026-06-2").contains("meervoudig=nee"),
        "{}",
        feiten("huur-2026-06-2")
    );
    assert!(
        feiten("huur-2026-06-2").contains("een signaal: partner_type bevat huur=ja"),
        "{}",
        feiten("huur-2026-06-2")
    );
    // The catch-all says what the rule before it did not find.
    assert!(
        feiten("zorg-2026-06-3")
            .starts_with("(geen voorwaarden) geen eerdere regel: meervoudig=nee"),
        "{}",
        feiten("zorg-2026-06-3")
    );
    // explain shows the place and the cut-off.
    let out = run_in(
        sb.path(),
        &[
            "explain",
            "huur-2026-06-2",
            "--config",
            "config.toml",
            "--month",
            "2026-06",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "plaats 2 van 2 voor `huisbezoek` (capaciteit 1, volgorde total desc): boven de grens"
        ),
        "{}",
        out.stdout
    );
}

/// On the fixture months with the default rulebook: every signal has one
/// decision, every household on a list is there once as `hoofd`, every
/// screened-out signal has a reason; `prioritise` alone from the files
/// gives the same bytes as `run`.
#[test]
fn prioritising_accounts_for_every_signal_and_is_byte_identical() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().to_str().unwrap();
    for month in ["2026-08", "2026-09"] {
        let r = run(&[
            "run", "--month", month, "--out", out, "--quiet", "--format", "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let j = json(&r)["prioritise"].clone();
        let dir = out_dir.path().join(month);
        let matched = read_table(&dir.join("gekoppeld.csv"));
        let decided = read_table(&dir.join("beslissingen.csv"));
        assert_eq!(matched.len(), decided.len());
        let mut seen = std::collections::BTreeSet::new();
        for d in &decided {
            assert!(seen.insert((d["partner"].clone(), d["signaal_id"].clone())));
            match d["besluit"].as_str() {
                "werklijst" => assert!(!d["werklijst"].is_empty() && !d["regel"].is_empty()),
                "niet_opgepakt" | "controleren" => assert!(!d["reden"].is_empty(), "{d:?}"),
                other => panic!("unknown besluit {other}"),
            }
        }
        let mut on_lists: BTreeMap<String, usize> = BTreeMap::new();
        let csv_lists = files_below(&dir.join("werklijsten"))
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "csv"));
        for f in csv_lists {
            let rows = read_table(&f);
            let name = f.file_stem().unwrap().to_str().unwrap().to_string();
            let main = rows.iter().filter(|r| r["kanaal"] == "hoofd").count() as u64;
            assert_eq!(j["queues"][&name].as_u64(), Some(main), "{name}");
            for r in rows.iter().filter(|r| r["kanaal"] == "hoofd") {
                *on_lists.entry(r["huishouden"].clone()).or_default() += 1;
            }
        }
        let queued: std::collections::BTreeSet<&str> = decided
            .iter()
            .filter(|d| d["besluit"] == "werklijst")
            .map(|d| d["huishouden"].as_str())
            .collect();
        assert_eq!(on_lists.len(), queued.len());
        assert!(on_lists.values().all(|&n| n == 1), "one list per household");

        // The stage alone, from the files the previous stage wrote.
        let before: Vec<(std::path::PathBuf, Vec<u8>)> = files_below(&dir.join("werklijsten"))
            .into_iter()
            .chain([dir.join("beslissingen.csv")])
            .map(|p| {
                let b = fs::read(&p).unwrap();
                (p, b)
            })
            .collect();
        let again = run(&["prioritise", "--month", month, "--out", out, "--quiet"]);
        assert_eq!(again.code, 0, "{}", again.stderr);
        for (p, bytes) in before {
            assert!(fs::read(&p).unwrap() == bytes, "{} changed", p.display());
        }
    }
}

#[test]
fn the_dry_run_shows_the_difference_and_writes_nothing() {
    let sb = town(Some(&example_rulebook("g4")));
    signals(
        &sb,
        "2026-04",
        &[
            ("zorg", 0, 400),
            ("energie", 1, 300),
            ("zorg", 4, 80), // under 100: picked up once the threshold is 75
            ("zorg", 5, 250),
        ],
    );
    run_month(&sb, "2026-04");
    let new = sb.path().join("nieuw.toml");
    fs::write(
        &new,
        fs::read_to_string(example_rulebook("g4"))
            .unwrap()
            .replace("default = 100,", "default = 75,")
            .replace("capacity = 30", "capacity = 40"),
    )
    .unwrap();
    let before = snapshot(&sb.path().join("uit"));
    let out = run_in(
        sb.path(),
        &[
            "prioritise",
            "--config",
            "config.toml",
            "--month",
            "2026-04",
            "--rulebook",
            "nieuw.toml",
            "--compare",
            &example_rulebook("g4"),
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = json(&out);
    assert_eq!(c["moves"]["niet_opgepakt:onder_drempel -> brief"], 1);
    assert_eq!(c["moved"].as_array().unwrap().len(), 1);
    assert_eq!(c["moved"][0]["new_rule"], "tot-300");
    let visit = c["queues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["queue"] == "huisbezoek")
        .unwrap();
    assert_eq!(
        (
            visit["old_capacity"].as_u64(),
            visit["new_capacity"].as_u64()
        ),
        (Some(30), Some(40))
    );
    let after = snapshot(&sb.path().join("uit"));
    assert_unchanged(&before, &after, "a dry-run writes nothing");
    let table = run_in(
        sb.path(),
        &[
            "prioritise",
            "--config",
            "config.toml",
            "--month",
            "2026-04",
            "--rulebook",
            "nieuw.toml",
            "--compare",
            &example_rulebook("g4"),
        ],
    );
    assert!(
        table.stdout.contains("1 households move"),
        "{}",
        table.stdout
    );
}

#[test]
fn explain_shows_the_facts_the_rules_tried_and_the_capacity_step() {
    let (_dir, rulebook) = variant("g4", "capacity = 30", "capacity = 1");
    let sb = town(Some(&rulebook));
    signals(
        &sb,
        "2026-04",
        &[
            ("zorg", 0, 400),
            ("energie", 1, 300),
            ("zorg", 4, 150),
            ("water", 4, 100),
        ],
    );
    run_month(&sb, "2026-04");
    let out = run_in(
        sb.path(),
        &[
            "explain",
            "zorg-2026-04-2",
            "--config",
            "config.toml",
            "--month",
            "2026-04",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = out.stdout;
    assert!(text.contains("meervoudig = ja"), "{text}");
    assert!(text.contains("no    crisis"), "{text}");
    assert!(text.contains("MATCH match"), "{text}");
    assert!(
        text.contains("`huisbezoek` vol (capaciteit 1): overloop naar `email`"),
        "{text}"
    );
    assert!(text.contains("result: werklijst `email`"), "{text}");
    assert!(!text.contains("Smit"), "no names: {text}");
    let j = run_in(
        sb.path(),
        &[
            "explain",
            "zorg-2026-04-0",
            "--config",
            "config.toml",
            "--month",
            "2026-04",
            "--format",
            "json",
        ],
    );
    let j = json(&j);
    assert_eq!(
        j["rules"].as_array().unwrap().last().unwrap()["rule"],
        "match"
    );
    assert_eq!(j["facts"]["partners"], "2");
    let missing = run_in(
        sb.path(),
        &[
            "explain",
            "nope",
            "--config",
            "config.toml",
            "--month",
            "2026-04",
        ],
    );
    assert_eq!(missing.code, 64);
}

#[test]
fn prioritising_again_keeps_the_officers_work_and_never_drops_it() {
    let sb = town(Some(&example_rulebook("g5")));
    signals(&sb, "2026-05", &[("zorg", 0, 40), ("zorg", 3, 20)]);
    run_month(&sb, "2026-05");
    let list = sb.path().join("uit/2026-05/werklijsten/brief.csv");
    let text = fs::read_to_string(&list).unwrap();
    // The officer records a first attempt on the first household.
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let column = lines[0]
        .split(';')
        .position(|c| c == "poging1_soort")
        .unwrap();
    let mut cells: Vec<String> = lines[1].split(';').map(String::from).collect();
    cells[column] = "Brief".into();
    let household = cells[1].clone();
    lines[1] = cells.join(";");
    let edited = lines.join("\r\n") + "\r\n";
    fs::write(&list, &edited).unwrap();
    let again = |rulebook: &str| {
        run_in(
            sb.path(),
            &[
                "prioritise",
                "--config",
                "config.toml",
                "--month",
                "2026-05",
                "--rulebook",
                rulebook,
                "--as-of",
                "2026-05-20",
            ],
        )
    };
    // Prioritised again: the list is written anew, with the attempt.
    let out = again(&example_rulebook("g5"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row = read_table(&list)
        .into_iter()
        .find(|r| r["huishouden"] == household)
        .unwrap();
    assert_eq!(row["poging1_soort"], "Brief");
    let kept = fs::read_to_string(&list).unwrap();
    // A rulebook that would take that household off the lists is refused,
    // naming the case, and nothing is written.
    let (_dir, strict) = variant("g5", "threshold = 0", "threshold = 1000");
    let out = again(&strict);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "case 2026-05/{household} (hoofd) has results filled in, and this run would not put it there again"
        )),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read_to_string(&list).unwrap(), kept, "untouched");
}

#[test]
fn every_screening_reason_is_produced_on_the_example_months() {
    // The example months, then October again with a rulebook that screens
    // out debt-help clients and slepers and has no catch-all rule: every
    // screening reason then occurs at least once.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    for m in 4..=10 {
        let month = format!("2026-{m:02}");
        let day = format!("2026-{:02}-01", m + 1);
        let r = run(&[
            "run", "--month", &month, "--as-of", &day, "--out", out, "--quiet",
        ]);
        assert_eq!(r.code, 0, "{month}: {}", r.stderr);
    }
    let text = fs::read_to_string(repo().join("config/rulebook.toml")).unwrap();
    let catch_all = text.find("[[rule]]\nid = \"overig\"").unwrap();
    let end = text[catch_all..]
        .find("\n\n")
        .map_or(text.len(), |e| catch_all + e);
    let strict = format!("{}{}", &text[..catch_all], &text[end..])
        .replace("bekend_shv = \"keep\"", "bekend_shv = \"screen_out\"")
        .replace("sleper = \"keep\"", "sleper = \"screen_out\"");
    let path = tmp.path().join("streng.toml");
    fs::write(&path, strict).unwrap();
    let r = run(&[
        "prioritise",
        "--month",
        "2026-10",
        "--rulebook",
        path.to_str().unwrap(),
        "--out",
        out,
        "--quiet",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut reasons: BTreeSet<String> = BTreeSet::new();
    for m in 4..=10 {
        let file = tmp.path().join(format!("2026-{m:02}/beslissingen.csv"));
        reasons.extend(
            read_table(&file)
                .into_iter()
                .map(|r| r["reden"].clone())
                .filter(|r| !r.is_empty()),
        );
    }
    for reason in [
        "onder_drempel",
        "rechtspersoon",
        "geen_inwoner",
        "overleden",
        "herhaalde_melding",
        "bekend_shv",
        "geen_bemoeienis",
        "sleper",
        "geen_regel",
    ] {
        assert!(
            reasons.contains(reason),
            "{reason} never produced: {reasons:?}"
        );
    }
}

/// The wijk of a Rijnvelde address by hand, from the fixture's area table:
/// 2400-2414 Centrum, 2415-2429 Noord, 2430-2444 Oost, 2445-2457 Zuid;
/// 2421 LM numbers 1 to 39 belong to Centrum.
fn wijk_by_hand(postcode: &str, number: &str) -> &'static str {
    let digits: u32 = postcode[..4].parse().unwrap();
    let n: u32 = number.parse().unwrap_or(0);
    if postcode.replace(' ', "") == "2421LM" && (1..=39).contains(&n) {
        return "Centrum";
    }
    match digits {
        2400..=2414 => "Centrum",
        2415..=2429 => "Noord",
        2430..=2444 => "Oost",
        _ => "Zuid",
    }
}

#[test]
fn home_visits_are_split_per_wijk_team_with_their_own_capacity() {
    let (tmp, lists, j) = october_lists();
    let out = tmp.path().to_str().unwrap();
    assert!(!lists.join("huisbezoek.csv").exists(), "one list per team");
    let capacity = [("centrum", 8), ("noord", 8), ("oost", 7), ("zuid", 7)];
    let mut visited = 0;
    for (team, cap) in capacity {
        let rows = read_table(&lists.join(format!("huisbezoek-{team}.csv")));
        let main: Vec<_> = rows.iter().filter(|r| r["kanaal"] == "hoofd").collect();
        assert!(main.len() <= cap, "{team}: {} over {cap}", main.len());
        assert_eq!(
            j["prioritise"]["queues"][format!("huisbezoek-{team}")],
            main.len()
        );
        for r in &main {
            assert_eq!(r["werklijst"], format!("huisbezoek-{team}"));
            assert_eq!(
                r["wijk"].to_lowercase(),
                team,
                "{}: {} {}",
                r["zaak"],
                r["postcode"],
                r["huisnummer"]
            );
            assert_eq!(
                wijk_by_hand(&r["postcode"], &r["huisnummer"]).to_lowercase(),
                team
            );
        }
        visited += main.len();
    }
    assert!(visited > 15, "the teams have work: {visited}");
    // A full team's households go on to the phone list, by their team's
    // cut-off, not the others'.
    let fill = j["prioritise"]["fill"].as_array().unwrap();
    let oost = fill
        .iter()
        .find(|f| f["queue"] == "huisbezoek-oost")
        .unwrap();
    assert_eq!(oost["capacity"], 7);
    let over = oost["overflow_out"].as_u64().unwrap();
    assert!(over > 0, "Oost is full in October: {oost}");
    let from_oost = files_below(&lists)
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "csv"))
        .flat_map(|f| read_table(f))
        .filter(|r| {
            r["kanaal"] == "hoofd"
                && r["overloop"].starts_with("huisbezoek > ")
                && r["wijk"] == "Oost"
        })
        .count() as u64;
    assert_eq!(from_oost, over);

    // The report counts per wijk, as beslissingen.csv has them.
    let decided = read_table(&tmp.path().join("2026-10/beslissingen.csv"));
    let report = run(&[
        "report",
        "--month",
        "2026-10",
        "--input",
        out,
        "--out",
        tmp.path().join("r.html").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let areas = json(&report)["areas"].as_array().unwrap().clone();
    for a in &areas {
        let wijk = a["wijk"].as_str().unwrap();
        let signals = decided.iter().filter(|d| d["wijk"] == wijk).count();
        let households: BTreeSet<&str> = decided
            .iter()
            .filter(|d| d["wijk"] == wijk && d["besluit"] == "werklijst")
            .map(|d| d["huishouden"].as_str())
            .collect();
        assert_eq!(a["signals"], signals, "{wijk}");
        assert_eq!(a["households_on_lists"], households.len(), "{wijk}");
    }
    // Addresses outside the table (people who do not live here) are
    // `onbekend`, and none of them is on a list.
    let names: Vec<&str> = areas.iter().map(|a| a["wijk"].as_str().unwrap()).collect();
    assert_eq!(names, ["Centrum", "Noord", "Oost", "Zuid", "onbekend"]);
    assert_eq!(areas[4]["households_on_lists"], 0);

    // The dry-run with a smaller Oost team shows the moves between lists.
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(repo().join("config/rulebook.toml")).unwrap();
    let smaller = dir.path().join("kleiner.toml");
    fs::write(&smaller, text.replace("oost = 7", "oost = 4")).unwrap();
    let c = run(&[
        "prioritise",
        "--month",
        "2026-10",
        "--out",
        out,
        "--rulebook",
        smaller.to_str().unwrap(),
        "--compare",
        "config/rulebook.toml",
        "--format",
        "json",
    ]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    let moves = json(&c)["moves"].as_object().unwrap().clone();
    let out_of_oost: u64 = moves
        .iter()
        .filter(|(k, _)| k.starts_with("huisbezoek-oost -> "))
        .map(|(_, v)| v.as_u64().unwrap())
        .sum();
    assert_eq!(out_of_oost, 3, "three fewer visits in Oost: {moves:?}");
    assert!(
        moves.keys().all(|k| k.starts_with("huisbezoek-oost -> ")),
        "{moves:?}"
    );
}

/// The fixtures' October run on 2 November: its folder, work lists and
/// summary.
fn october_lists() -> (tempfile::TempDir, std::path::PathBuf, serde_json::Value) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    let r = run(&[
        "run",
        "--month",
        "2026-10",
        "--out",
        out,
        "--as-of",
        "2026-11-02",
        "--quiet",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lists = tmp.path().join("2026-10/werklijsten");
    (tmp, lists, json(&r))
}

#[test]
fn the_workbook_holds_amounts_as_numbers_and_deadlines_as_dates() {
    let (_tmp, lists, _) = october_lists();
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(lists.join("werklijsten.xlsx")).unwrap();
    let range = book.worksheet_range("brief").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut sum_book = 0.0;
    let mut dates = 0;
    for row in range.rows().skip(1) {
        match &row[col("totaal_bedrag")] {
            Data::Float(f) => sum_book += f,
            other => panic!("totaal_bedrag is not a number: {other:?}"),
        }
        assert!(
            matches!(row[col("deadline")], Data::DateTime(_)),
            "deadline is a date: {:?}",
            row[col("deadline")]
        );
        dates += 1;
    }
    // The CSV writes euros with a decimal comma.
    let sum_csv: f64 = read_table(&lists.join("brief.csv"))
        .iter()
        .map(|r| r["totaal_bedrag"].replace(',', ".").parse::<f64>().unwrap())
        .sum();
    assert!(dates > 30, "{dates}");
    assert!((sum_book - sum_csv).abs() < 0.005, "{sum_book} {sum_csv}");
}

#[test]
fn each_list_prints_as_a_day_list_by_deadline_then_wijk() {
    let (_tmp, lists, _) = october_lists();
    for name in ["telefoon", "huisbezoek-oost", "brief"] {
        let csv = read_table(&lists.join(format!("{name}.csv")));
        let main: Vec<_> = csv.iter().filter(|r| r["kanaal"] == "hoofd").collect();
        let html = fs::read_to_string(lists.join(format!("{name}.html"))).unwrap();
        // One table row per household on the list, each with its case.
        assert_eq!(html.matches("<tr><td").count(), main.len(), "{name}");
        for r in &main {
            assert!(html.contains(&r["huishouden"]), "{name}: {}", r["zaak"]);
        }
        // In deadline order (dd-mm-jjjj on paper), then wijk.
        let mut deadlines: Vec<(String, String)> = main
            .iter()
            .map(|r| (r["deadline"].clone(), r["wijk"].clone()))
            .collect();
        deadlines.sort();
        let printed: Vec<usize> = deadlines
            .iter()
            .map(|(d, _)| {
                let (y, rest) = d.split_once('-').unwrap();
                let (m, day) = rest.split_once('-').unwrap();
                html.find(&format!("{day}-{m}-{y}")).unwrap()
            })
            .collect();
        assert!(
            printed.windows(2).all(|w| w[0] <= w[1]),
            "{name}: not by deadline"
        );
        // Landscape, the header on every page.
        assert!(html.contains("size: A4 landscape") && html.contains("table-header-group"));
    }
}
