//! Properties over generated inputs: ingest accounts for every row whatever
//! the rows hold, and the field parsers never panic.

mod common;

use common::{BRP_HEADER, BRP_PROFILE};
use proptest::prelude::*;
use std::io::Write;
use vroegsignaal::fields::{address, amount, date, name, text};
use vroegsignaal::ingest::{PartnerExports, ingest};
use vroegsignaal::profile::Profile;

const PROFILE: &str = r#"
partner_type = "energie"
delimiter = ";"
[columns]
signal_id = "id"
received = "datum"
full_name = "naam"
birth_date = "geb"
address = "adres"
postcode = "pc"
phone = "tel"
email = "mail"
bsn = "bsn"
amount = "bedrag"
"#;

/// A cell: sometimes valid, sometimes garbage (no line breaks: those make
/// multi-line quoted fields, a case of its own).
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{1,4}([.,][0-9]{1,2})?",
        "[0-3]?[0-9]-[01]?[0-9]-(19|20)[0-9]{2}",
        "[A-Z][a-z]{2,8}, [A-Z]\\.",
        "[A-Z][a-z]{3,9}straat [0-9]{1,3}( ?[A-Z])?",
        "[1-9][0-9]{3} ?[A-Z]{2}",
        "[^\\r\\n\\x00]{0,12}",
        "[=+@-][a-z0-9]{0,5}",
    ]
}

fn row() -> impl Strategy<Value = Vec<String>> {
    // 2 to 12 cells against a 10-column header: ragged both ways.
    prop::collection::vec(cell(), 2..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_row_is_accepted_or_rejected(rows in prop::collection::vec(row(), 0..40)) {
        let dir = tempfile::tempdir().unwrap();
        let profile_path = dir.path().join("p.toml");
        std::fs::write(&profile_path, PROFILE).unwrap();
        let profile = Profile::load(&profile_path).unwrap();
        let export = dir.path().join("x-2026-10.csv");
        {
            let mut w = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_path(&export).unwrap();
            w.write_record(["id", "datum", "naam", "geb", "adres", "pc", "tel", "mail", "bsn", "bedrag"]).unwrap();
            for r in &rows {
                w.write_record(r).unwrap();
            }
            w.flush().unwrap();
        }
        let partners = [PartnerExports { id: "x".into(), partner_type: None, profile: &profile, files: vec![export] }];
        let out = ingest(&partners, "2026-10".parse().unwrap(), vroegsignaal::config::MAX_AMOUNT_EUROS * 100, &|p| p.display().to_string()).unwrap();
        let stats = &out.by_partner["x"];
        prop_assert_eq!(stats.rows, rows.len() as u64);
        prop_assert_eq!(stats.rows, stats.accepted + stats.rejected);
        prop_assert_eq!(out.signals.len() + out.rejected.len(), rows.len());
        // A row of empty cells is rejected as such.
        let empty = rows.iter().filter(|r| r.iter().all(|c| c.trim().is_empty())).count();
        prop_assert_eq!(
            out.rejected.iter().filter(|r| r.reason.as_str() == "rij_leeg").count(),
            empty
        );
        // Every accepted signal has what later stages rely on.
        for s in &out.signals {
            prop_assert!(s.amount_cents > 0);
            prop_assert!(!s.signal_id.is_empty());
        }
    }

    #[test]
    fn parsers_never_panic(s in "\\PC{0,30}") {
        let _ = amount::parse_cents(&s, None);
        let _ = date::parse_partial(&s, None);
        let _ = address::parse_street_line(&s);
        let _ = name::parse_combined(&s);
        let _ = vroegsignaal::fields::contact::normalise_phone(&s);
        let _ = vroegsignaal::fields::contact::normalise_bsn(&s);
    }

    #[test]
    fn folding_is_idempotent(s in "\\PC{0,30}") {
        prop_assert_eq!(text::fold(&text::fold(&s)), text::fold(&s));
    }

    #[test]
    fn written_amounts_parse_back(cents in 1i64..100_000_000) {
        let dutch = amount::format_euro(cents);
        prop_assert_eq!(amount::parse_cents(&dutch, None), Ok(cents));
        prop_assert_eq!(amount::parse_cents(&dutch, Some(amount::DecimalSeparator::Comma)), Ok(cents));
    }
}

#[test]
fn library_writes_nothing_by_itself() {
    // ingest() returns records; only PendingOutputs::commit writes files.
    let dir = tempfile::tempdir().unwrap();
    let profile_path = dir.path().join("p.toml");
    std::fs::write(&profile_path, PROFILE).unwrap();
    let export = dir.path().join("x-2026-10.csv");
    let mut f = std::fs::File::create(&export).unwrap();
    writeln!(f, "id;datum;naam;geb;adres;pc;tel;mail;bsn;bedrag\n1;1-10-2026;Smit, A.;;Kerkstraat 1;1234 AB;;;;12").unwrap();
    let profile = Profile::load(&profile_path).unwrap();
    let partners = [PartnerExports {
        id: "x".into(),
        partner_type: None,
        profile: &profile,
        files: vec![export],
    }];
    let out = ingest(
        &partners,
        "2026-10".parse().unwrap(),
        vroegsignaal::config::MAX_AMOUNT_EUROS * 100,
        &|p| p.display().to_string(),
    )
    .unwrap();
    assert_eq!(out.signals.len(), 1);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// Any text, as a register or a work-list cell may hold: letters of any
/// script, digits, separators, quotes, formula starts.
fn any_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "\\PC{0,16}",
        "[0-9]{4} ?[A-Z€ı]{2}",
        "(19|20)[0-9]{2}[01][0-9][0-3][0-9]",
        "[0-9]{8,9}",
        "[=+@'\";|:%-][\\PC]{0,6}",
        "[A-ZÀ-ÿ][a-zà-ÿłıøæß]{1,10}( [a-z]{1,3})?",
    ]
}

/// 256 cases per property, or `PROPTEST_CASES` for a longer run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// A register of arbitrary rows is read without a panic: brp-check
    /// either checks the month or refuses the extract with an error.
    #[test]
    fn any_register_rows_are_read_without_panic(
        rows in prop::collection::vec(prop::collection::vec(any_cell(), 15), 1..30)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let profile_path = dir.path().join("brp.toml");
        std::fs::write(&profile_path, BRP_PROFILE).unwrap();
        let register_path = dir.path().join("brp.csv");
        let header: Vec<String> = BRP_HEADER.split(';').map(String::from).collect();
        write_csv(&register_path, &header, &rows);
        let signals = sample_signals(dir.path());
        let profile = vroegsignaal::brp::register::BrpProfile::load(&profile_path).unwrap();
        if let Ok(mut register) = vroegsignaal::brp::register::Register::open(&register_path, &profile) {
            let n = signals.len();
            let result = vroegsignaal::brp::check(
                signals,
                &mut register,
                "2026-10".parse().unwrap(),
                &Default::default(),
                vec![None; n],
            );
            if let Ok(checked) = result {
                prop_assert_eq!(checked.signals.len(), n);
            }
        }
    }

    /// A work list with arbitrary cells is read back without a panic: every
    /// problem is reported, never thrown.
    #[test]
    fn any_work_list_cells_are_read_without_panic(
        rows in prop::collection::vec(prop::collection::vec(any_cell(), 24), 0..20)
    ) {
        use vroegsignaal::feedback::results;
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("telefoon.csv");
        let mut header: Vec<String> = results::REQUIRED.iter().map(|s| s.to_string()).collect();
        header.extend(vroegsignaal::prioritise::worklists::officer_columns());
        write_csv(&list, &header, &rows);
        let status = vroegsignaal::feedback::SignalStatus {
            partner: "p".into(),
            signal_id: "1".into(),
            household: "hh-1".into(),
            outcome: vroegsignaal::prioritise::Outcome::Queued,
            received: "2026-10-03".parse().unwrap(),
            shv_known: false,
        };
        let _ = results::read(
            &vroegsignaal::prioritise::earlier::ListSheets::of_files(vec![list]),
            "2026-10".parse().unwrap(),
            &[status],
            "2026-11-20".parse().unwrap(),
        );
    }
}

/// Writes a `;`-separated file: the header, then the rows (each cut to the
/// header's width).
fn write_csv(path: &std::path::Path, header: &[String], rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(path)
        .unwrap();
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r.iter().take(header.len())).unwrap();
    }
    w.flush().unwrap();
}

/// Three signals from a small export, to check against generated registers.
fn sample_signals(dir: &std::path::Path) -> Vec<vroegsignaal::signal::Signal> {
    let profile_path = dir.join("p.toml");
    std::fs::write(&profile_path, PROFILE).unwrap();
    let export = dir.join("x-2026-10.csv");
    std::fs::write(
        &export,
        "id;datum;naam;geb;adres;pc;tel;mail;bsn;bedrag\n\
         1;1-10-2026;Smit, A.;1-2-1980;Kerkstraat 1;1234 AB;;;;12\n\
         2;1-10-2026;Yıldız, E.;;Dorpsweg 4a;1234 AC;;;;40\n\
         3;1-10-2026;van der Berg, J.;00-00-1975;Molenweg 2;;;;;99\n",
    )
    .unwrap();
    let profile = Profile::load(&profile_path).unwrap();
    let partners = [PartnerExports {
        id: "x".into(),
        partner_type: None,
        profile: &profile,
        files: vec![export],
    }];
    ingest(
        &partners,
        "2026-10".parse().unwrap(),
        vroegsignaal::config::MAX_AMOUNT_EUROS * 100,
        &|p| p.display().to_string(),
    )
    .unwrap()
    .signals
}
