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
