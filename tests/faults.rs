//! The monthly job under faults: runs killed at every test point, two runs
//! at once, what killed runs leave on disk, and a key that does not belong
//! to the store. Nothing twice, nothing lost, nothing left behind.

mod common;

use common::{assert_unchanged, files_below, repo, run_in, snapshot};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary on the repository's example config with `--out`.
fn run(out: &Path, args: &[&str]) -> common::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--out", out.to_str().unwrap(), "--quiet"]);
    run_in(&repo(), &all)
}

/// Starts the binary and waits until it stands still at `point`.
fn paused_at(out: &Path, args: &[&str], point: &str) -> (Child, tempfile::TempDir) {
    let pause = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_vroegsignaal"))
        .env("VROEGSIGNAAL_LANG", "en")
        .args(args)
        .args(["--out", out.to_str().unwrap(), "--quiet"])
        .current_dir(repo())
        .env("VROEGSIGNAAL_PAUSE_AT", point)
        .env("VROEGSIGNAAL_PAUSE_DIR", pause.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let marker = pause.path().join(format!("{point}.reached"));
    let deadline = Instant::now() + Duration::from_secs(120);
    while !marker.exists() {
        assert!(
            Instant::now() < deadline,
            "{point}: pause point not reached"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, pause)
}

/// Kills a paused run with SIGKILL: no cleanup of any kind runs.
fn kill(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Every code line in every feedback file of the month folder, counted per
/// (file's partner, signal id).
fn codes_sent(month_dir: &Path) -> BTreeMap<(String, String), (usize, String)> {
    let mut seen: BTreeMap<(String, String), (usize, String)> = BTreeMap::new();
    for f in files_below(&month_dir.join("terugkoppeling")) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let partner = name[..name.find("-2026-").expect("date in the name")].to_string();
        let text = fs::read_to_string(&f).unwrap();
        for line in text.trim_start_matches('\u{feff}').lines().skip(1) {
            let cells: Vec<&str> = line.split(';').collect();
            // A correction is its own line, once.
            let id = match cells.last() {
                Some(&"ja") => format!("{} (correctie)", cells[0]),
                _ => cells[0].to_string(),
            };
            let code = cells[1].to_string();
            let e = seen.entry((partner.clone(), id)).or_insert((0, code));
            e.0 += 1;
        }
    }
    seen
}

/// October run on the fixtures on 1 November: work lists made, the
/// screening codes sent.
fn october(out: &Path) {
    let r = run(out, &["run", "--month", "2026-10", "--as-of", "2026-11-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Codes per (month/partner, signal id) in every month folder below `out`.
type Codes = BTreeMap<(String, String), (usize, String)>;

fn codes_of_all_months(out: &Path) -> Codes {
    let mut all = BTreeMap::new();
    for month in ["2026-09", "2026-10"] {
        for ((partner, id), v) in codes_sent(&out.join(month)) {
            all.insert((format!("{month}/{partner}"), id), v);
        }
    }
    all
}

/// The kill test: `setup` prepares a folder, `day` is killed at each of
/// `points`, then `day` and `next` run again. Every code must be sent
/// exactly once, the same codes as an undisturbed `setup`, `day`, `next`,
/// and no temporary file may be left.
fn killed_at_every_point(
    points: &[&str],
    setup: &dyn Fn(&Path),
    day: &[&str],
    next: &[&str],
    min_codes: usize,
) {
    let reference_dir = tempfile::tempdir().unwrap();
    let reference = reference_dir.path();
    setup(reference);
    for args in [day, next] {
        let r = run(reference, args);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let expected = codes_of_all_months(reference);
    assert!(
        expected.len() > min_codes,
        "months with codes: {}",
        expected.len()
    );
    for point in points {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        setup(out);
        let (child, _pause) = paused_at(out, day, point);
        kill(child);
        for args in [day, next] {
            let r = run(out, args);
            assert_eq!(r.code, 0, "{point}: {}", r.stderr);
        }
        let got = codes_of_all_months(out);
        let twice: Vec<_> = got.iter().filter(|(_, (n, _))| *n > 1).collect();
        assert!(twice.is_empty(), "{point}: codes sent twice: {twice:?}");
        let lost: Vec<_> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
        assert!(lost.is_empty(), "{point}: codes never sent: {lost:?}");
        assert_eq!(
            got, expected,
            "{point}: the same codes as an undisturbed run"
        );
        assert_eq!(leftovers(out), Vec::<PathBuf>::new(), "{point}");
    }
}

/// Nothing named like a temporary file of ours is left below the folder.
fn leftovers(out: &Path) -> Vec<PathBuf> {
    files_below(out)
        .into_iter()
        .filter(|p| {
            p.components().any(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .starts_with(".vroegsignaal-")
            })
        })
        .collect()
}

#[test]
fn export_feedback_killed_at_every_point_sends_each_code_once() {
    // October run on 1 November; exports on the 20th and the 21st.
    killed_at_every_point(
        &[
            "feedback-intents-recorded",
            "outputs-first-renamed",
            "feedback-before-commit",
        ],
        &|out| october(out),
        &[
            "export-feedback",
            "--month",
            "2026-10",
            "--as-of",
            "2026-11-20",
        ],
        &[
            "export-feedback",
            "--month",
            "2026-10",
            "--as-of",
            "2026-11-21",
        ],
        50,
    );
}

/// An officer records on `day` that the first household of October's
/// phone list was reached and advised; returns its `signalen` cell.
fn record_advice(out: &Path, day: &str) -> String {
    let list = out.join("2026-10/werklijsten/telefoon.csv");
    let text = fs::read_to_string(&list).unwrap();
    let mut lines: Vec<String> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(String::from)
        .collect();
    let header: Vec<String> = lines[0].split(';').map(String::from).collect();
    let col = |c: &str| header.iter().position(|h| h == c).unwrap();
    let mut cells: Vec<String> = lines[1].split(';').map(String::from).collect();
    for (c, v) in [
        ("poging1_soort", "Telefoon"),
        ("poging1_datum", day),
        ("poging1_bereikt", "ja"),
        ("eindresultaat", "advies"),
    ] {
        cells[col(c)] = v.into();
    }
    lines[1] = cells.join(";");
    fs::write(&list, lines.join("\n") + "\n").unwrap();
    cells[col("signalen")].clone()
}

/// A run with nothing new since October's run reads the month back and
/// sends only the result an officer recorded since; killed at any point,
/// that code still goes out once.
#[test]
fn a_run_with_nothing_new_killed_at_every_point_sends_each_code_once() {
    let setup = |out: &Path| {
        october(out);
        record_advice(out, "2026-11-05");
    };
    let reference = tempfile::tempdir().unwrap();
    setup(reference.path());
    let day = ["run", "--month", "2026-10", "--as-of", "2026-11-06"];
    let r = run(
        reference.path(),
        &[&day[..], &["--format", "json"]].concat(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(common::json(&r)["nothing_new"], true, "{}", r.stdout);
    assert!(
        codes_sent(&reference.path().join("2026-10"))
            .values()
            .any(|(_, code)| code == "wil hulp"),
        "the advice went out"
    );
    killed_at_every_point(
        &[
            "feedback-intents-recorded",
            "outputs-first-renamed",
            "feedback-before-commit",
        ],
        &setup,
        &day,
        &["run", "--month", "2026-10", "--as-of", "2026-11-07"],
        5,
    );
}

#[test]
fn a_correction_killed_at_every_point_goes_out_once() {
    // October run on 1 November, everything due sent on the 20th; then an
    // officer records that a resident whose term code went out was reached
    // and advised, and `--correct` sends that one code on the 21st.
    let setup = |out: &Path| {
        october(out);
        let r = run(
            out,
            &[
                "export-feedback",
                "--month",
                "2026-10",
                "--as-of",
                "2026-11-20",
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let signals = record_advice(out, "2026-11-20");
        fs::write(out.join("gecorrigeerd"), signals).unwrap();
    };
    let reference = tempfile::tempdir().unwrap();
    setup(reference.path());
    let signal = fs::read_to_string(reference.path().join("gecorrigeerd")).unwrap();
    let signal = signal.split(" | ").next().unwrap().to_string();
    let correct = [
        "export-feedback",
        "--month",
        "2026-10",
        "--as-of",
        "2026-11-21",
        "--correct",
        &signal,
    ];
    killed_at_every_point(
        &[
            "feedback-intents-recorded",
            "outputs-first-renamed",
            "feedback-before-commit",
        ],
        &setup,
        &correct,
        &[
            "export-feedback",
            "--month",
            "2026-10",
            "--as-of",
            "2026-11-22",
        ],
        50,
    );
    // The reference itself: exactly one correction, for that signal.
    let r = run(reference.path(), &correct);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sent = codes_sent(&reference.path().join("2026-10"));
    let corrections: Vec<_> = sent
        .keys()
        .filter(|(_, id)| id.ends_with("(correctie)"))
        .collect();
    let (partner, id) = signal.split_once(':').unwrap();
    assert_eq!(
        corrections,
        [&(partner.to_string(), format!("{id} (correctie)"))]
    );
    assert_eq!(
        sent[&(partner.to_string(), format!("{id} (correctie)"))].1,
        "wil hulp"
    );
}

#[test]
fn run_killed_at_every_point_sends_each_code_once() {
    // September is run on 1 October; October's run on the 31st sends
    // September's 28-day codes and October's screening codes; the next
    // day's run sends what became due since.
    killed_at_every_point(
        &[
            "history-before-commit",
            "feedback-intents-recorded",
            "outputs-first-renamed",
            "feedback-before-commit",
        ],
        &|out| {
            let r = run(out, &["run", "--month", "2026-09", "--as-of", "2026-10-01"]);
            assert_eq!(r.code, 0, "{}", r.stderr);
        },
        &["run", "--month", "2026-10", "--as-of", "2026-10-31"],
        &["run", "--month", "2026-10", "--as-of", "2026-11-01"],
        100,
    );
}

#[test]
fn a_second_run_on_the_same_folder_waits_and_then_stops() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let first = ["run", "--month", "2026-10", "--as-of", "2026-11-20"];
    let (child, _pause) = paused_at(out, &first, "feedback-intents-recorded");
    let before = snapshot(out);
    let second = run(
        out,
        &[
            "run",
            "--month",
            "2026-10",
            "--as-of",
            "2026-11-21",
            "--wait",
            "1",
        ],
    );
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert!(
        second
            .stderr
            .contains("another vroegsignaal run is working in this folder"),
        "{}",
        second.stderr
    );
    assert_eq!(second.stderr.lines().count(), 1, "{}", second.stderr);
    let after = snapshot(out);
    assert_unchanged(&before, &after, "the waiting run wrote nothing");
    // Readers wait too, rather than read a half-written month.
    let report = run(
        out,
        &["report", "--input", out.to_str().unwrap(), "--wait", "0"],
    );
    assert_eq!(report.code, 2, "{}", report.stderr);
    kill(child);
    let second = run(out, &["run", "--month", "2026-10", "--as-of", "2026-11-21"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
}

#[test]
fn temporary_files_of_a_killed_run_are_private_and_gone_after_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let day = ["run", "--month", "2026-10", "--as-of", "2026-11-20"];
    let (child, _pause) = paused_at(out, &day, "outputs-first-renamed");
    kill(child);
    let temp = out.join(".vroegsignaal-tmp");
    let left = files_below(&temp);
    assert!(!left.is_empty(), "the killed run had files pending");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&temp).unwrap().permissions().mode() & 0o777,
            0o700
        );
        for f in &left {
            assert_eq!(
                fs::metadata(f).unwrap().permissions().mode() & 0o077,
                0,
                "{}",
                f.display()
            );
        }
    }
    assert!(
        files_below(out)
            .iter()
            .all(|p| p.starts_with(&temp) || !p.to_string_lossy().contains(".vroegsignaal-")),
        "temporary files only in the private folder"
    );
    // `history purge` removes them as well as a run does.
    let purge = run_in(
        &repo(),
        &[
            "history",
            "purge",
            "--history",
            out.join("historie.sqlite").to_str().unwrap(),
            "--as-of",
            "2026-11",
        ],
    );
    assert_eq!(purge.code, 0, "{}", purge.stderr);
    assert_eq!(leftovers(out), Vec::<PathBuf>::new());
    let r = run(out, &day);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(leftovers(out), Vec::<PathBuf>::new());
}

#[test]
fn a_key_that_is_not_the_stores_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    october(out);
    let key = out.join("historie.sleutel");
    let own = fs::read(&key).unwrap();
    // Another valid key, as a restore from the wrong backup would give.
    let other: String = "0123456789abcdef".repeat(4);
    fs::write(&key, format!("{other}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let before = snapshot(out);
    for args in [
        &["run", "--month", "2026-10", "--as-of", "2026-11-20"][..],
        &[
            "export-feedback",
            "--month",
            "2026-10",
            "--as-of",
            "2026-11-20",
        ][..],
        &["match", "--month", "2026-10"][..],
    ] {
        let r = run(out, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("not the key of"), "{}", r.stderr);
        assert!(r.stderr.contains("backup"), "{}", r.stderr);
    }
    let after = snapshot(out);
    assert_unchanged(&before, &after, "nothing written with the wrong key");
    // A key others can read is refused, with the fix.
    fs::write(&key, &own).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&key, fs::Permissions::from_mode(0o666)).unwrap();
        let r = run(out, &["match", "--month", "2026-10"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("chmod 600"), "{}", r.stderr);
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
        let store = fs::metadata(out.join("historie.sqlite")).unwrap();
        assert_eq!(store.permissions().mode() & 0o777, 0o600);
    }
    let r = run(out, &["match", "--month", "2026-10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn hostile_signal_ids_go_through_the_whole_month_as_data() {
    use common::town::{signals_with_ids, town};
    let rulebook = repo().join("config/rulebook.toml");
    let sb = town(Some(rulebook.to_str().unwrap()));
    // Ids with the characters of CSV, of Excel formulas, and of the tool's
    // own composite ids (`partner:id;partner:id`, `a|b`).
    let hostile = [
        ("zorg", "=HYPERLINK(\"http://x\";\"klik\")"),
        ("zorg", "a;b|c:d"),
        ("energie", "\"quoted\" id"),
        ("energie", "zorg:zorg-2026-10-0;energie"),
        ("water", "+31 6 1234"),
        ("huur", "@SUM(1)"),
    ];
    let list: Vec<(&str, &str, usize, u32, &str)> = hostile
        .iter()
        .enumerate()
        .map(|(i, (p, id))| (*p, *id, i % 4, 400 + 10 * i as u32, ""))
        .collect();
    signals_with_ids(&sb, "2026-10", &list);
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--config", "config.toml", "--quiet"]);
        let out = run_in(sb.path(), &all);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        out
    };
    run(&["run", "--month", "2026-10", "--as-of", "2026-11-01"]);
    // Everything is due by the end of the year: each id gets one code.
    run(&[
        "export-feedback",
        "--month",
        "2026-10",
        "--as-of",
        "2026-12-31",
    ]);
    run(&[
        "export-feedback",
        "--month",
        "2026-10",
        "--as-of",
        "2026-12-31",
    ]);
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in files_below(&sb.path().join("uit/2026-10/terugkoppeling")) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let partner = name[..name.find("-2026-").unwrap()].to_string();
        let text = fs::read_to_string(&f).unwrap();
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for rec in r.records() {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), 5, "{name}: {rec:?}");
            // A leading `'` keeps Excel from running a formula; it is the
            // only change to the partner's id.
            let id = rec[0]
                .strip_prefix('\'')
                .filter(|s| s.starts_with(['=', '+', '@']))
                .unwrap_or(&rec[0]);
            *seen.entry((partner.clone(), id.to_string())).or_default() += 1;
        }
    }
    for (partner, id) in hostile {
        assert_eq!(
            seen.get(&(partner.to_string(), id.to_string())),
            Some(&1),
            "{partner} {id:?}: {seen:?}"
        );
    }
    assert_eq!(seen.len(), hostile.len(), "{seen:?}");
    // No cell of any file starts a formula unguarded.
    for f in files_below(&sb.path().join("uit/2026-10")) {
        if f.extension().is_some_and(|e| e == "csv") {
            let text = fs::read_to_string(&f).unwrap();
            for line in text.lines() {
                for cell in line.split(';') {
                    let cell = cell.trim_start_matches('"');
                    assert!(!cell.starts_with(['=', '@']), "{}: {line}", f.display());
                }
            }
        }
    }
}

/// The phone numbers of a month's signals, as ingest normalised them.
fn phones_in(out: &Path, month: &str) -> std::collections::BTreeSet<String> {
    common::read_table(&out.join(month).join("signalen.csv"))
        .into_iter()
        .map(|r| r["telefoon"].trim_start_matches('\'').to_string())
        .filter(|p| p.len() >= 10)
        .collect()
}

#[test]
fn nothing_with_personal_data_stays_past_retention() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    for (month, day) in [("2026-04", "2026-05-01"), ("2026-05", "2026-06-01")] {
        let r = run(out, &["run", "--month", month, "--as-of", day]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // Only April's residents: their phone numbers must go with April.
    let april: Vec<String> = phones_in(out, "2026-04")
        .difference(&phones_in(out, "2026-05"))
        .cloned()
        .collect();
    assert!(april.len() > 10, "{}", april.len());
    let holding = |phones: &[String]| -> Vec<PathBuf> {
        files_below(out)
            .into_iter()
            .filter(|f| {
                let text = String::from_utf8_lossy(&fs::read(f).unwrap()).into_owned();
                phones.iter().any(|p| text.contains(p.as_str()))
            })
            .collect()
    };
    assert!(
        !holding(&april).is_empty(),
        "April's files hold them before"
    );
    let history = out.join("historie.sqlite");
    let stats = run_in(
        &repo(),
        &[
            "history",
            "stats",
            "--history",
            history.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    let j: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(j["folders"][0]["month"], "2026-04");
    assert_eq!(
        j["folders"][0]["removed_from"], "2026-11",
        "six months kept"
    );
    // November: April is past six months' retention.
    let purge = run_in(
        &repo(),
        &[
            "history",
            "purge",
            "--history",
            history.to_str().unwrap(),
            "--as-of",
            "2026-11",
            "--format",
            "json",
        ],
    );
    assert_eq!(purge.code, 0, "{}", purge.stderr);
    let j: serde_json::Value = serde_json::from_str(&purge.stdout).unwrap();
    assert_eq!(j["removed"], serde_json::json!(["2026-04"]));
    assert!(j["files_removed"].as_array().unwrap().len() > 5, "{j}");
    assert_eq!(
        holding(&april),
        Vec::<PathBuf>::new(),
        "nothing of April's residents is left"
    );
    assert!(!out.join("2026-04").exists());
    assert!(out.join("2026-05/signalen.csv").exists(), "May is kept");
}
