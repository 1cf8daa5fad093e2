//! Command-line conventions: version with commit, completions, man page,
//! suggestions for mistyped commands, Dutch-style dates, and shipped
//! profiles that work on their own.

mod common;

use common::*;

#[test]
fn version_names_the_commit() {
    let out = run(&["--version"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.starts_with("vroegsignaal ") && out.stdout.contains("(commit "),
        "{}",
        out.stdout
    );
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef vroegsignaal"),
        ("fish", "complete -c vroegsignaal"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains(marker), "{shell}");
        assert!(
            out.stdout.contains("export-feedback"),
            "{shell}: subcommands"
        );
    }
    let man = run(&["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(
        man.stdout.contains(".TH vroegsignaal 1"),
        "{}",
        &man.stdout[..200]
    );
    assert!(man.stdout.contains("export\\-feedback"));
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    let out = run(&["rn"]);
    assert_eq!(out.code, 64);
    assert!(
        out.stderr
            .starts_with("error: unknown command `rn`; did you mean `run`?"),
        "{}",
        out.stderr
    );
    let out = run(&["xyz"]);
    assert_eq!(out.code, 64);
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
}

#[test]
fn days_and_months_may_be_written_the_dutch_way() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    let dutch = run(&[
        "run",
        "--month",
        "10-2026",
        "--as-of",
        "01-11-2026",
        "--out",
        out,
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(dutch.code, 0, "{}", dutch.stderr);
    let j = json(&dutch);
    assert_eq!(
        (j["month"].as_str(), j["as_of"].as_str()),
        (Some("2026-10"), Some("2026-11-01"))
    );
    let bad = run(&["run", "--as-of", "31-11-2026"]);
    assert_eq!(bad.code, 64);
    assert!(
        bad.stderr
            .contains("`31-11-2026` is not a day; expected YYYY-MM-DD (or DD-MM-YYYY)"),
        "{}",
        bad.stderr
    );
}

#[test]
fn every_shipped_profile_reads_its_export_alone() {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("config/partners")).unwrap() {
        let profile = entry.unwrap().path();
        let id = profile.file_stem().unwrap().to_string_lossy().into_owned();
        let export = format!("fixtures/exports/2026-10/{id}-2026-10.csv");
        let out = run(&[
            "ingest",
            "--profile",
            profile.to_str().unwrap(),
            &export,
            "--out",
            tmp.path().to_str().unwrap(),
            "--format",
            "json",
            "--quiet",
        ]);
        assert_eq!(out.code, 0, "{id}: {}", out.stderr);
        let j = json(&out);
        assert!(j["accepted"].as_u64().unwrap() > 5, "{id}: {j}");
    }
}

#[test]
fn init_makes_a_municipality_that_runs_once_filled_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dorp");
    let d = dir.to_str().unwrap();
    let out = run(&["init", d, "--gemeente", "Dorp", "--code", "GM0999"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for f in [
        "vroegsignaal.toml",
        "brp-profiel.toml",
        "rulebook.toml",
        "LEESMIJ.md",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    // Never over an existing municipality.
    let again = run(&["init", d, "--gemeente", "Dorp", "--code", "GM0999"]);
    assert_eq!(again.code, 64, "{}", again.stderr);
    assert!(
        again.stderr.contains("never overwrites"),
        "{}",
        again.stderr
    );
    let bad = run(&[
        "init",
        tmp.path().join("x").to_str().unwrap(),
        "--gemeente",
        "X",
        "--code",
        "GM99",
    ]);
    assert_eq!(bad.code, 64, "{}", bad.stderr);

    // The checklist's steps: the register, one partner with its export.
    let copy = |from: &str, to: &str| {
        let to = dir.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo().join(from), to).unwrap();
    };
    copy("fixtures/brp/brp-rijnvelde.csv", "brp/brp.csv");
    copy(
        "config/partners/water-rijnvelde.toml",
        "partners/water.toml",
    );
    copy(
        "fixtures/exports/2026-10/water-rijnvelde-2026-10.csv",
        "exports/2026-10/water-2026-10.csv",
    );
    let config = dir.join("vroegsignaal.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!(
            "{text}\n[[partner]]\nid = \"water\"\ntype = \"water\"\nprofile = \"partners/water.toml\"\n\
             files = \"exports/{{month}}/water-*.csv\"\n"
        ),
    )
    .unwrap();
    let r = run(&[
        "run",
        "--config",
        config.to_str().unwrap(),
        "--month",
        "2026-10",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    assert_eq!(j["municipality"], "Dorp");
    assert!(j["brp_check"]["gevonden"].as_u64().unwrap() > 5, "{j}");
    assert!(dir.join("uitvoer/2026-10/werklijsten").is_dir());
}

/// Guesses a profile for `export`, then ingests it with that draft alone;
/// returns (rows, accepted) and the draft.
fn guess_and_ingest(dir: &std::path::Path, export: &std::path::Path) -> (u64, u64, String) {
    let draft = dir.join(format!(
        "{}.toml",
        export.file_stem().unwrap().to_string_lossy()
    ));
    let g = run(&[
        "profile",
        "guess",
        export.to_str().unwrap(),
        "--type",
        "water",
        "--out",
        draft.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(g.code, 0, "{}: {}", export.display(), g.stderr);
    let out = run(&[
        "ingest",
        "--profile",
        draft.to_str().unwrap(),
        export.to_str().unwrap(),
        "--out",
        dir.join("uit").to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    let text = std::fs::read_to_string(&draft).unwrap();
    assert_eq!(out.code, 0, "{}: {}\n{text}", export.display(), out.stderr);
    let j = json(&out);
    (
        j["rows"].as_u64().unwrap(),
        j["accepted"].as_u64().unwrap(),
        text,
    )
}

#[test]
fn a_guessed_profile_reads_every_example_layout() {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("fixtures/exports/2026-10")).unwrap() {
        let export = entry.unwrap().path();
        let id = export
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace("-2026-10", "");
        // What the hand-written profile accepts.
        let shipped = run(&[
            "ingest",
            "--profile",
            repo()
                .join(format!("config/partners/{id}.toml"))
                .to_str()
                .unwrap(),
            export.to_str().unwrap(),
            "--out",
            tmp.path().join("shipped").to_str().unwrap(),
            "--format",
            "json",
            "--quiet",
        ]);
        let expected = json(&shipped)["accepted"].as_u64().unwrap();
        let (rows, accepted, draft) = guess_and_ingest(tmp.path(), &export);
        assert_eq!(accepted, expected, "{id}: {rows} rows\n{draft}");
        assert!(draft.contains("# the header"), "every guess says why");
    }
}

#[test]
fn a_guessed_profile_reads_new_layouts() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // English headers, a title line, `|` as separator, amounts with a point.
    let english = d.join("utility-2026-10.csv");
    std::fs::write(
        &english,
        "Arrears export October\n\
         Reference|Date|Last name|First name|Date of birth|Street|Number|Zip|City|Phone|Amount due\n\
         U-1|2026-10-03|Jansen|Piet|1970-01-02|Kerkstraat|1|1234 AB|Proefdorp|0612345678|120.50\n\
         U-2|2026-10-04|Smit|Anna|1981-03-04|Dorpsweg|2|1234 AC|Proefdorp|0687654321|99.95\n\
         U-3|2026-10-05|Bakker|Jan|1990-05-06|Molenweg|3|1234 AD|Proefdorp||1234.00\n",
    )
    .unwrap();
    let (rows, accepted, draft) = guess_and_ingest(d, &english);
    assert_eq!((rows, accepted), (3, 3), "{draft}");
    assert!(draft.contains("header_row = 2"), "{draft}");
    // Headers that say nothing: the cells tell postcode, phone and amount.
    let coded = d.join("codes-2026-10.csv");
    std::fs::write(
        &coded,
        "Kenmerk;Naam;Adres;Veld7;Veld8;Veld9\n\
         K1;Jansen, P.;Kerkstraat 1;1234 AB;0612345678;120,50\n\
         K2;Smit, A.;Dorpsweg 2;1234 AC;0687654321;99,95\n\
         K3;Bakker, J.;Molenweg 3a;1234 AD;0611111111;1.234,00\n",
    )
    .unwrap();
    let (rows, accepted, draft) = guess_and_ingest(d, &coded);
    assert_eq!((rows, accepted), (3, 3), "{draft}");
    assert!(
        draft.contains("postcode = \"Veld7\"    # 100% of 3 values are a postcode"),
        "{draft}"
    );
    // A workbook with a title row.
    let book_path = d.join("verhuurder-2026-10.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Huurachterstanden").unwrap();
    let header = [
        "Dossiernummer",
        "Datum",
        "Naam",
        "Straat",
        "Huisnummer",
        "Postcode",
        "Huurachterstand",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (id, name, amount)) in [("H1", "Jansen, P.", 812.5), ("H2", "Smit, A.", 1020.0)]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 2;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_string(r, 1, "06-10-2026").unwrap();
        sheet.write_string(r, 2, *name).unwrap();
        sheet.write_string(r, 3, "Kerkstraat").unwrap();
        sheet.write_number(r, 4, 7.0).unwrap();
        sheet.write_string(r, 5, "1234 AB").unwrap();
        sheet.write_number(r, 6, *amount).unwrap();
    }
    book.save(&book_path).unwrap();
    let (rows, accepted, draft) = guess_and_ingest(d, &book_path);
    assert_eq!((rows, accepted), (2, 2), "{draft}");
}

#[test]
fn a_guess_without_id_or_amount_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("vaag-2026-10.csv");
    std::fs::write(
        &export,
        "Naam;Straat\nJansen;Kerkstraat 1\nSmit;Dorpsweg 2\n",
    )
    .unwrap();
    let out = run(&["profile", "guess", export.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("# signal_id = \"?\"    # NOT FOUND"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr
            .contains("no column found for signal_id and amount"),
        "{}",
        out.stderr
    );
}

/// Runs `args` on a pseudo-terminal of 80 columns (util-linux `script`);
/// `None` when `script` is not there.
fn on_terminal(args: &str) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_vroegsignaal");
    let out = std::process::Command::new("script")
        .args([
            "-qc",
            &format!("stty rows 40 cols 80; {bin} {args} 2>/dev/null"),
            "/dev/null",
        ])
        .current_dir(repo())
        .env("VROEGSIGNAAL_LANG", "en")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    Some(text)
}

#[test]
fn tables_fit_an_80_column_terminal_unless_wide() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    let args = format!("run --month 2026-10 --as-of 2026-11-01 --out {out}");
    let Some(fitted) = on_terminal(&args) else {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    };
    let widest = |t: &str| t.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(fitted.contains("terugkoppeling"), "{fitted}");
    assert!(widest(&fitted) <= 80, "{}\n{fitted}", widest(&fitted));
    let wide = on_terminal(&format!("{args} --wide")).unwrap();
    assert!(widest(&wide) > 80, "--wide keeps full width");
}

/// The binary as an officer starts it: no language chosen.
fn as_officer(args: &[&str], lang: Option<&str>) -> common::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_vroegsignaal"));
    cmd.env_remove("VROEGSIGNAAL_LANG")
        .current_dir(repo())
        .args(args);
    if let Some(l) = lang {
        cmd.env("VROEGSIGNAAL_LANG", l);
    }
    let out = cmd.output().unwrap();
    common::Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_interface_speaks_dutch_unless_asked_for_english() {
    let tmp = tempfile::tempdir().unwrap();
    let o = tmp.path().to_str().unwrap();
    let month = [
        "run",
        "--month",
        "2026-10",
        "--out",
        o,
        "--as-of",
        "2026-11-02",
    ];

    // The summary, the notes and the progress lines: Dutch by default.
    let nl = as_officer(&month, None);
    assert_eq!(nl.code, 0, "{}", nl.stderr);
    for dutch in [
        "stand op 2026-11-02",
        "regels gelezen: 135 signalen, 1 afgewezen",
        "huishoudens op werklijsten",
        "controlelijst:",
        "bestanden om te uploaden",
        "deadlines: ",
    ] {
        assert!(nl.stdout.contains(dutch), "`{dutch}` in:\n{}", nl.stdout);
    }
    assert!(!nl.stdout.contains("rows read"), "{}", nl.stdout);
    assert!(
        nl.stderr.contains("afgewezen: zorg-zuid-2026-10.csv:25"),
        "{}",
        nl.stderr
    );

    // The same run in English, by option and by environment.
    for (args, env) in [
        ([&month[..], &["--lang", "en"]].concat(), None),
        (month.to_vec(), Some("en")),
    ] {
        let en = as_officer(&args, env);
        assert_eq!(en.code, 0, "{}", en.stderr);
        assert!(
            en.stdout.contains("rows read: 135 signals, 1 rejected"),
            "{}",
            en.stdout
        );
        assert!(en.stdout.contains("review list:"), "{}", en.stdout);
        assert!(
            en.stderr.contains("rejected: zorg-zuid-2026-10.csv:25"),
            "{}",
            en.stderr
        );
    }

    // JSON keys do not change with the language.
    let json_nl = as_officer(
        &[&month[..], &["--format", "json", "--quiet"]].concat(),
        None,
    );
    let json_en = as_officer(
        &[&month[..], &["--format", "json", "--quiet", "--lang", "en"]].concat(),
        None,
    );
    let keys = |o: &common::Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        v.as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(keys(&json_nl), keys(&json_en));
    assert!(keys(&json_nl).contains(&"brp_check".to_string()));

    // Errors and help.
    let err = as_officer(&["run", "--month", "2026-10", "--as-of", "morgen"], None);
    assert_eq!(err.code, 64);
    assert!(
        err.stderr.starts_with(
            "fout: ongeldige waarde 'morgen' voor '--as-of <JJJJ-MM-DD>': `morgen` is geen dag"
        ),
        "{}",
        err.stderr
    );
    assert!(
        err.stderr.contains("Meer informatie: probeer '--help'."),
        "{}",
        err.stderr
    );
    let err = as_officer(&["run", "--format", "xml"], None);
    assert_eq!(err.code, 64);
    assert!(
        err.stderr
            .contains("fout: ongeldige waarde 'xml' voor '--format <VORM>'\n  [mogelijke waarden: table, json]"),
        "{}",
        err.stderr
    );
    let err = as_officer(&["run", "--formaat", "json"], None);
    assert_eq!(err.code, 64);
    assert!(
        err.stderr
            .starts_with("fout: onbekend argument '--formaat'; bedoelt u `--format`?"),
        "{}",
        err.stderr
    );
    let err = as_officer(&["run", "--format", "xml", "--lang", "en"], None);
    assert!(
        err.stderr
            .starts_with("error: invalid value 'xml' for '--format <FORMAT>'"),
        "{}",
        err.stderr
    );
    let err = as_officer(&["rn"], None);
    assert!(
        err.stderr
            .starts_with("fout: onbekende opdracht `rn`; bedoelt u `run`?"),
        "{}",
        err.stderr
    );
    let err = as_officer(&["rn", "--lang", "en"], None);
    assert!(
        err.stderr.starts_with("error: unknown command `rn`"),
        "{}",
        err.stderr
    );
    let help = as_officer(&["run", "--help"], None);
    assert!(
        help.stdout.contains("Gebruik: vroegsignaal run"),
        "{}",
        help.stdout
    );
    assert!(
        help.stdout.contains("Draai de hele maandtaak"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("Voorbeelden:"), "{}", help.stdout);
    // clap's own words in the help, too.
    assert!(
        help.stdout.contains("Gebruik: vroegsignaal run [OPTIES]"),
        "{}",
        help.stdout
    );
    let flat = help.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("[standaard: table] [mogelijke waarden: table, json]"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("--out <MAP>"), "{}", help.stdout);
    let top = as_officer(&["--help"], None);
    assert!(
        top.stdout
            .contains("help             Toon deze hulp of de hulp bij de gegeven opdracht(en)"),
        "{}",
        top.stdout
    );
    assert!(!top.stdout.contains("Print "), "{}", top.stdout);
    for english in [
        "[OPTIONS]",
        "[default:",
        "[possible values:",
        "<FILE>",
        "Print ",
    ] {
        assert!(!help.stdout.contains(english), "{english}: {}", help.stdout);
    }
    let help = as_officer(&["run", "--help", "--lang", "en"], None);
    assert!(
        help.stdout.contains("Run the whole monthly job"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("Examples:"), "{}", help.stdout);
    assert!(help.stdout.contains("[default: table]"), "{}", help.stdout);
}
