//! Properties over generated inputs: ingest accounts for every row whatever
//! the rows hold, and the field parsers never panic.

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
        // A row of empty cells (Excel's trailing rows) is no row: skipped,
        // and counted in a note.
        let blank = rows.iter().filter(|r| r.iter().all(|c| c.trim().is_empty())).count();
        let stats = &out.by_partner["x"];
        prop_assert_eq!(stats.rows, (rows.len() - blank) as u64);
        prop_assert_eq!(stats.rows, stats.accepted + stats.rejected);
        prop_assert_eq!(out.signals.len() + out.rejected.len(), rows.len() - blank);
        prop_assert_eq!(
            out.notices.iter().any(|n| n.contains("every cell empty")),
            blank > 0
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
