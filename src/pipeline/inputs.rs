//! What a month's run reads, as one fingerprint: the content of every
//! partner file of the month, of the config and the files it names
//! (profiles, lists, rulebook, letter template), the remembered review
//! decisions, what the other months in the store hold, and the program's
//! version. The register extract, far too large to hash on every run, is
//! taken by size and modification time. No personal value goes in: only
//! names of files and hashes.

use crate::secret::sha256_hex;
use crate::workspace::Workspace;
use anyhow::Result;
use std::fmt::Write as _;
use std::path::Path;

/// The fingerprint of the month's inputs.
pub fn fingerprint(ws: &Workspace, other_months: &str) -> Result<String> {
    let config = &ws.config;
    let mut lines = String::new();
    let _ = writeln!(lines, "version {}", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(lines, "commit {}", env!("VROEGSIGNAAL_COMMIT"));
    let _ = writeln!(lines, "config {}", content(&config.path));
    for p in &config.partners {
        let _ = writeln!(lines, "partner {} {:?}", p.id, p.profile);
        for file in p.files_for(ws.month)? {
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            let _ = writeln!(
                lines,
                "file {} {}",
                name.unwrap_or_default(),
                content(&file)
            );
        }
    }
    if let Some(brp) = &config.brp {
        let _ = writeln!(
            lines,
            "register {} {}",
            brp.file.display(),
            stamp(&brp.file)
        );
        let _ = writeln!(lines, "brp-profile {}", content(&brp.profile));
    }
    for (what, list) in [
        ("shv", &config.shv),
        ("opt-out", &config.opt_out),
        ("areas", &config.areas),
    ] {
        if let Some(l) = list {
            let _ = writeln!(
                lines,
                "{what} {} {}",
                content(&l.file_for(ws.month)),
                content(&l.profile)
            );
        }
    }
    if let Some(r) = &config.rulebook {
        let _ = writeln!(lines, "rulebook {}", content(r));
    }
    if let Some(t) = &config.letters.template {
        let _ = writeln!(lines, "template {}", content(t));
    }
    let memory = ws.history.with_file_name(crate::brp::review::MEMORY_FILE);
    let _ = writeln!(lines, "decisions {}", content(&memory));
    let _ = writeln!(lines, "other-months {other_months}");
    Ok(sha256_hex(lines.as_bytes()))
}

/// A file's content hash, or `-` when it cannot be read (then a later
/// run that can read it sees a change).
fn content(path: &Path) -> String {
    std::fs::read(path).map_or_else(|_| "-".into(), |b| sha256_hex(&b))
}

/// A large file's size and modification time.
fn stamp(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(m) => {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {modified}", m.len())
        }
        Err(_) => "-".into(),
    }
}
