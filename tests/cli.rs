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
