//! Every `vroegsignaal` command in the README runs, as written, on a copy
//! of the example municipality.

mod common;

use common::repo;
use std::fs;
use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the example municipality in a temporary folder, where a line
/// runs as a shell runs it, with the binary on the PATH and a home of its
/// own.
struct Example {
    dir: tempfile::TempDir,
    path: String,
}

impl Example {
    fn new() -> Example {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("config"), &dir.path().join("config"));
        copy_dir(&repo().join("fixtures"), &dir.path().join("fixtures"));
        let home = dir.path().join("home");
        fs::create_dir_all(home.join(".local/share/bash-completion/completions")).unwrap();
        fs::create_dir_all(home.join(".zfunc")).unwrap();
        let bin = Path::new(env!("CARGO_BIN_EXE_vroegsignaal"))
            .parent()
            .unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Example { dir, path }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs a documented command as written, with `/tmp/…` folders inside
    /// the copy, and asserts it succeeds. `history purge` counts back from
    /// today; it is pinned so the example months survive.
    fn runs(&self, line: &str) {
        let mut line = line.to_string();
        for dir in ["try", "proef"] {
            line = line.replace(
                &format!("/tmp/{dir}"),
                self.root().join(dir).to_str().unwrap(),
            );
        }
        if line.contains("history purge") && !line.contains("--as-of") {
            line = line.replacen("history purge", "history purge --as-of 2026-11", 1);
        }
        let out = self.sh(&line);
        assert!(
            out.status.success(),
            "`{line}` exited {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn sh(&self, line: &str) -> std::process::Output {
        Command::new("sh")
            .args(["-c", line])
            .current_dir(self.root())
            .env("PATH", &self.path)
            .env("HOME", self.root().join("home"))
            .output()
            .unwrap()
    }
}

/// The `vroegsignaal …` lines of the README's `sh` blocks.
fn readme_commands() -> Vec<String> {
    let text = fs::read_to_string(repo().join("README.md")).unwrap();
    let mut in_sh = false;
    let mut out = Vec::new();
    for line in text.lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            l if in_sh && l.starts_with("vroegsignaal ") => out.push(l.to_string()),
            _ => {}
        }
    }
    out
}

#[test]
fn every_readme_command_runs() {
    let example = Example::new();
    let sh = |line: &str| example.sh(line);
    // September first: the README pins September's model in one example.
    let setup = sh("vroegsignaal run --month 2026-09 --as-of 2026-10-01 --quiet");
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let commands = readme_commands();
    assert!(commands.len() > 25, "{}", commands.len());
    for line in commands {
        example.runs(&line);
    }
}

/// The `vroegsignaal …` lines under "Examples:" in every command's help.
fn help_examples() -> Vec<String> {
    let bin = env!("CARGO_BIN_EXE_vroegsignaal");
    let top = Command::new(bin)
        .env_remove("VROEGSIGNAAL_LANG")
        .arg("--help")
        .output()
        .unwrap();
    let top = String::from_utf8_lossy(&top.stdout).into_owned();
    let mut commands: Vec<Vec<String>> = top
        .lines()
        // The help speaks Dutch unless told otherwise.
        .skip_while(|l| !l.starts_with("Opdrachten:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(|c| vec![c.to_string()]))
        .filter(|c| c[0] != "help")
        .collect();
    commands.extend([
        vec!["history".into(), "purge".into()],
        vec!["rulebook".into(), "check".into()],
    ]);
    let mut out = Vec::new();
    for c in commands {
        let help = Command::new(bin)
            .env_remove("VROEGSIGNAAL_LANG")
            .args(&c)
            .arg("--help")
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&help.stdout).into_owned();
        // A command goes on over lines ending in `\`; no example line may
        // be wrapped by the help (a wrapped one would not run).
        let mut command = String::new();
        for line in help
            .lines()
            .skip_while(|l| !l.starts_with("Voorbeelden:"))
            .skip(1)
        {
            assert!(
                line.chars().count() <= 80,
                "{c:?}: fits an 80-column terminal unwrapped: `{line}`"
            );
            let line = line.trim();
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let (part, more) = match line.strip_suffix('\\') {
                Some(p) => (p.trim_end(), true),
                None => (line, false),
            };
            command = format!("{command} {part}").trim().to_string();
            if !more {
                assert!(command.starts_with("vroegsignaal "), "{c:?}: `{command}`");
                out.push(std::mem::take(&mut command));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_help_example_runs() {
    let example = Example::new();
    let sh = |line: &str| example.sh(line);
    for month in ["2026-09", "2026-10"] {
        let setup = sh(&format!(
            "vroegsignaal run --month {month} --as-of 2026-11-01 --quiet"
        ));
        assert!(
            setup.status.success(),
            "{}",
            String::from_utf8_lossy(&setup.stderr)
        );
    }
    let examples = help_examples();
    assert!(examples.len() > 25, "{examples:?}");
    for line in examples {
        // These name a municipality's own folder, not the example.
        if line.contains("/data/") || line.contains("gemeente-dorp/") {
            continue;
        }
        example.runs(&line);
    }
}
