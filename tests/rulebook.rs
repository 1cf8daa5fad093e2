//! `rulebook check` and `rulebook test` (issue 5): every shipped rulebook is
//! clean and its examples pass; each kind of mistake is reported at its
//! line and column, all at once.

mod common;

use common::*;
use std::fs;

fn check(text: &str, extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regels.toml");
    fs::write(&path, text).unwrap();
    let mut args = vec!["rulebook", "check"];
    args.extend_from_slice(extra);
    args.push("regels.toml");
    run_in(dir.path(), &args)
}

const QUEUES: &str = r#"
[[queue]]
name = "huisbezoek"
contact = "huisbezoek"
capacity = 10
overflow = "brief"
deadline_days = 28

[[queue]]
name = "brief"
contact = "brief"
deadline_days = 28
"#;

const RULES: &str = r#"
[[rule]]
id = "match"
when = { meervoudig = true }
queue = "huisbezoek"

[[rule]]
id = "rest"
queue = "brief"
"#;

#[test]
fn every_shipped_rulebook_is_clean_and_its_examples_pass() {
    let mut files = vec![repo().join("config/rulebook.toml")];
    let mut examples: Vec<_> = fs::read_dir(repo().join("config/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    examples.sort();
    assert_eq!(
        examples.len(),
        6,
        "the six frameworks of DOMAIN.md section 4"
    );
    files.extend(examples);
    for f in &files {
        let f = f.to_str().unwrap();
        let out = run(&["rulebook", "check", f]);
        assert_eq!(out.code, 0, "{f}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains("0 errors, 0 warnings"),
            "{}",
            out.stdout
        );
        let out = run(&["rulebook", "test", f, "--format", "json"]);
        assert_eq!(out.code, 0, "{f}: {}", out.stdout);
        let j = json(&out);
        assert!(j["examples"].as_u64().unwrap() >= 3, "{f}");
        assert_eq!(j["examples"], j["passed"]);
    }
}

#[test]
fn a_valid_rulebook_checks_clean() {
    let out = check(&format!("{SCREENING}{QUEUES}{RULES}"), &[]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains("0 errors, 0 warnings"),
        "{}",
        out.stdout
    );
}

/// Every screening policy written out, and the holidays.
const SCREENING: &str = r#"holidays = "nl"
[screening]
herhaal = "keep"
bekend_shv = "keep"
geen_bemoeienis = "screen_out"
sleper = "keep"
order = ["bekend_shv", "geen_bemoeienis", "drempel", "herhaal", "sleper"]
"#;

#[test]
fn a_policy_left_to_its_default_is_named_with_its_place() {
    let partial = SCREENING.replace("herhaal = \"keep\"\n", "");
    let out = check(&format!("{partial}{QUEUES}{RULES}"), &[]);
    assert_eq!(out.code, 0, "a warning, not an error: {}", out.stdout);
    assert!(
        out.stdout.contains(
            "warning: regels.toml:2:1: screening.herhaal is not set: the default \
             `screen_out_unless_higher` applies"
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("0 errors, 1 warning"), "{}", out.stdout);
    // Without a [screening] table, all five are named, and without
    // holidays the calendar too.
    let out = check(&format!("{QUEUES}{RULES}"), &[]);
    assert!(
        out.stdout.contains("0 errors, 6 warnings"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("screening.order is not set"),
        "{}",
        out.stdout
    );
    // A hand-kept list of holidays that misses the year is named at its
    // line and column.
    let listed = format!(
        "holidays = [\"2019-12-25\"]\n{}{QUEUES}{RULES}",
        SCREENING.replace("holidays = \"nl\"\n", "")
    );
    let out = check(&listed, &[]);
    assert!(
        out.stdout
            .contains("warning: regels.toml:1:12: holidays: the hand-kept list has no date in"),
        "{}",
        out.stdout
    );
}

/// `regels.toml:LINE:COL:` of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> String {
    let start = text.find(needle).unwrap_or_else(|| panic!("no `{needle}`"));
    let line = text[..start].matches('\n').count() + 1;
    let col = start - text[..start].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("regels.toml:{line}:{col}:")
}

/// (what, rulebook text, where (the text the problem is at), words in the message)
fn cases() -> Vec<(&'static str, String, &'static str, &'static str)> {
    vec![
        (
            "syntax error",
            format!("name = \"open\n{QUEUES}{RULES}"),
            "\n",
            "string",
        ),
        (
            "unknown key",
            format!("{QUEUES}{RULES}").replacen("capacity = 10", "capaciteit = 10", 1),
            "capaciteit",
            "unknown key `capaciteit` in [[queue]]",
        ),
        (
            "rule with a missing queue",
            format!("{QUEUES}{RULES}").replacen(
                "queue = \"huisbezoek\"",
                "queue = \"huisbezok\"",
                1,
            ),
            "\"huisbezok\"",
            "unknown queue `huisbezok`; did you mean `huisbezoek`?",
        ),
        (
            "queue overflowing into itself",
            format!("{QUEUES}{RULES}").replacen(
                "overflow = \"brief\"",
                "overflow = \"huisbezoek\"",
                1,
            ),
            "\"huisbezoek\"",
            "queue `huisbezoek` overflows into itself",
        ),
        (
            "negative capacity",
            format!("{QUEUES}{RULES}").replacen("capacity = 10", "capacity = -10", 1),
            "-10",
            "capacity: must not be negative",
        ),
        (
            "condition on a fact that does not exist",
            format!("{QUEUES}{RULES}").replacen("meervoudig = true", "meervoudg = true", 1),
            "meervoudg",
            "unknown fact `meervoudg`; did you mean `meervoudig`?",
        ),
        ("empty rulebook", String::new(), "", "no [[queue]]"),
        (
            "unknown screening step",
            format!("{SCREENING}{QUEUES}{RULES}").replacen("\"drempel\"", "\"drmpel\"", 1),
            "\"drmpel\"",
            "order: unknown step `drmpel`; did you mean `drempel`?",
        ),
        (
            "a screening step left out",
            format!("{SCREENING}{QUEUES}{RULES}").replacen(", \"sleper\"]", "]", 1),
            "[\"bekend_shv\"",
            "missing sleper",
        ),
        (
            "unknown screen-out reason",
            format!("{QUEUES}{RULES}").replacen(
                "queue = \"huisbezoek\"",
                "screen_out = \"te_laag\"",
                1,
            ),
            "\"te_laag\"",
            "screen_out: `te_laag` is not one of onder_drempel",
        ),
        (
            "queue and screen_out together",
            format!("{QUEUES}{RULES}").replacen(
                "queue = \"huisbezoek\"",
                "queue = \"huisbezoek\"\nscreen_out = \"andere_reden\"",
                1,
            ),
            "\"huisbezoek\"\nscreen",
            "give `queue` or `screen_out`, not both",
        ),
        (
            "unknown fact inside any",
            format!("{QUEUES}{RULES}").replacen(
                "when = { meervoudig = true }",
                "when = { any = [{ meervoudig = true }, { totaal = 5 }] }",
                1,
            ),
            "totaal",
            "unknown fact `totaal`",
        ),
        (
            "unknown signal fact",
            format!("{QUEUES}{RULES}").replacen(
                "when = { meervoudig = true }",
                "when = { any_signal = { bedrag = 5 } }",
                1,
            ),
            "bedrag",
            "any_signal: unknown signal fact `bedrag`",
        ),
        (
            "rank on a set",
            format!("rank = [\"partner_types desc\"]\n{QUEUES}{RULES}"),
            "\"partner_types desc\"",
            "rank: `partner_types` cannot order households",
        ),
        (
            "capacity with nowhere to overflow",
            format!("{QUEUES}{RULES}").replacen("overflow = \"brief\"\n", "", 1),
            "\"huisbezoek\"",
            "has a capacity but nowhere to overflow",
        ),
        (
            "deadline missing",
            format!("{QUEUES}{RULES}").replacen(
                "deadline_days = 28\n\n[[queue]]",
                "\n[[queue]]",
                1,
            ),
            "\"huisbezoek\"",
            "has no deadline",
        ),
        (
            "duplicate rule id",
            format!("{QUEUES}{RULES}").replacen("id = \"rest\"", "id = \"match\"", 1),
            "\"match\"\nqueue = \"brief\"",
            "rule id `match` is used twice",
        ),
        (
            "a rule that can never fire",
            format!(
                "{QUEUES}{RULES}\n[[rule]]\nid = \"later\"\nwhen = {{ meervoudig = true, amount = {{ above = 500 }} }}\nqueue = \"brief\"\n"
            ),
            "\"later\"",
            "rule `later` can never fire: rule `match` (line 15) comes first",
        ),
        (
            "wrong type",
            format!("{QUEUES}{RULES}").replacen("meervoudig = true", "meervoudig = \"ja\"", 1),
            "\"ja\"",
            "meervoudig: expected true or false, found a string",
        ),
    ]
}

#[test]
fn each_mistake_is_reported_at_its_line_and_column_with_a_caret() {
    for (what, text, place, words) in cases() {
        let out = check(&text, &[]);
        assert_eq!(out.code, 78, "{what}: {}", out.stdout);
        let line = out
            .stdout
            .lines()
            .find(|l| l.contains(words))
            .unwrap_or_else(|| panic!("{what}: no `{words}` in\n{}", out.stdout));
        let expected = if place.is_empty() {
            "regels.toml:1:1:".to_string()
        } else {
            at(&text, place)
        };
        assert!(
            line.contains(&expected),
            "{what}: {line} (expected {expected})"
        );
        assert!(out.stdout.contains('^'), "{what}: a caret");
    }
}

#[test]
fn all_problems_at_once_and_as_github_annotations() {
    let text = format!("{QUEUES}{RULES}")
        .replacen("capacity = 10", "capacity = -10", 1)
        .replacen("meervoudig = true", "meervoudg = true", 1)
        .replacen("queue = \"brief\"", "queue = \"brif\"", 1);
    let out = check(&text, &[]);
    assert_eq!(out.code, 78);
    assert!(out.stdout.contains("3 errors"), "{}", out.stdout);
    let gh = check(&text, &["--format", "github"]);
    let annotations: Vec<&str> = gh
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error"))
        .collect();
    assert_eq!(annotations.len(), 3, "{}", gh.stdout);
    let place = at(&text, "meervoudg");
    let parts: Vec<&str> = place.split(':').collect();
    let expected = format!(
        "::error file=regels.toml,line={},col={}::unknown fact `meervoudg`; did you mean `meervoudig`?",
        parts[1], parts[2]
    );
    assert!(annotations.contains(&expected.as_str()), "{annotations:?}");
    assert!(
        gh.stdout.contains(&format!("{} | when", parts[1])),
        "the full report follows"
    );
}

#[test]
fn a_failing_example_names_the_rule_that_fired_instead() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{QUEUES}{RULES}\n[[example]]\nname = \"een match hoort een brief te krijgen\"\n\
         signals = [{{ type = \"zorg\", amount = 100 }}, {{ type = \"water\", amount = 20 }}]\n\
         expect = \"brief\"\n\n[[example]]\nname = \"enkel: brief\"\nsignals = [{{ type = \"zorg\", amount = 100 }}]\nexpect = \"brief\"\n"
    );
    fs::write(dir.path().join("regels.toml"), text).unwrap();
    let out = run_in(dir.path(), &["rulebook", "test", "regels.toml"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains(
            "FAIL regels.toml:24: example `een match hoort een brief te krijgen`: expected brief, got huisbezoek (rule `match` fired)"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("2 examples, 1 passed, 1 failed"),
        "{}",
        out.stdout
    );
    // Several rulebooks at once, as GitHub annotations for CI.
    fs::write(
        dir.path().join("goed.toml"),
        format!(
            "{QUEUES}{RULES}\n[[example]]\nname = \"enkel: brief\"\n\
             signals = [{{ type = \"zorg\", amount = 100 }}]\nexpect = \"brief\"\n"
        ),
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "rulebook",
            "test",
            "--format",
            "github",
            "goed.toml",
            "regels.toml",
        ],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.starts_with(
            "::error file=regels.toml,line=24::FAIL regels.toml:24: example `een match hoort een brief te krijgen`"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("goed.toml: 1 examples, 1 passed, 0 failed"),
        "{}",
        out.stdout
    );
    let out = run_in(
        dir.path(),
        &[
            "rulebook",
            "test",
            "--format",
            "json",
            "goed.toml",
            "regels.toml",
        ],
    );
    let j = json(&out);
    assert_eq!(
        (j["examples"].as_u64(), j["passed"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(j["failed"][0]["rulebook"], "regels.toml");
    // An invalid rulebook is not tested: exit 78 with the first error.
    fs::write(dir.path().join("regels.toml"), "[[queue]]\n").unwrap();
    let out = run_in(dir.path(), &["rulebook", "test", "regels.toml"]);
    assert_eq!(out.code, 78);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn counts_beyond_any_municipality_are_refused_at_their_line() {
    let big = QUEUES.replacen("deadline_days = 28", "deadline_days = 4000000000", 1);
    let out = check(&format!("{big}{RULES}"), &[]);
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("regels.toml:7:17: deadline_days: at most 3650"),
        "{}",
        out.stdout
    );
    let big = QUEUES.replacen("capacity = 10", "capacity = 2000000000", 1);
    let out = check(&format!("{big}{RULES}"), &[]);
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(out.stdout.contains("capacity: at most"), "{}", out.stdout);
}
