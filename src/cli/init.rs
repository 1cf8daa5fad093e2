//! `vroegsignaal init`: a new municipality's folder, ready to be filled in.

use crate::csvio::{create_private_dir, io_reason};
use crate::exit::usage_err;
use crate::present::{self, Format};
use anyhow::{Result, anyhow};
use clap::Args;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  vroegsignaal init gemeente-dorp --gemeente Dorp --code GM0999
  vroegsignaal run --config gemeente-dorp/vroegsignaal.toml \\
      --month 2026-10 --out /tmp/proef";

const CONFIG: &str = include_str!("init/config.toml");
const BRP_PROFILE: &str = include_str!("init/brp-profiel.toml");
const CHECKLIST: &str = include_str!("init/LEESMIJ.md");
const RULEBOOK: &str = include_str!("../../config/rulebook.toml");

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to make (it must not exist, or be empty)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The municipality's name
    #[arg(long, value_name = "NAAM")]
    pub gemeente: String,
    /// The CBS municipality code: GM0363 or 0363
    #[arg(long, value_name = "GM0000")]
    pub code: String,
    /// Summary as a table or as JSON
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Serialize)]
struct Summary {
    dir: String,
    files: Vec<String>,
}

pub fn run(args: &InitArgs) -> Result<()> {
    let code = args
        .code
        .trim()
        .strip_prefix("GM")
        .or_else(|| args.code.trim().strip_prefix("gm"))
        .unwrap_or(args.code.trim());
    if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return usage_err(crate::tr!("init-code", code = args.code));
    }
    let name = args.gemeente.trim();
    if name.is_empty() || name.contains(['"', '\\', '\n']) {
        return usage_err(crate::tr!("init-name"));
    }
    let dir = &args.dir;
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    if occupied {
        return usage_err(format!(
            "{}: {}",
            dir.display(),
            crate::tr!("init-occupied")
        ));
    }
    let fill = |t: &str| t.replace("{NAME}", name).replace("{CODE}", code);
    let files = [
        ("vroegsignaal.toml", fill(CONFIG)),
        ("brp-profiel.toml", fill(BRP_PROFILE)),
        ("rulebook.toml", RULEBOOK.to_string()),
        ("LEESMIJ.md", fill(CHECKLIST)),
    ];
    for sub in ["brp", "partners", "lijsten", "exports"] {
        create_private_dir(&dir.join(sub))?;
    }
    let mut written = Vec::new();
    for (file, text) in &files {
        write_new(&dir.join(file), text)?;
        written.push(file.to_string());
    }
    let summary = Summary {
        dir: dir.display().to_string(),
        files: written,
    };
    present::emit(args.format, &summary, || {
        crate::tr!(
            "init-done",
            dir = summary.dir,
            name = name,
            code = code,
            files = summary.files.join(", "),
            checklist = dir.join("LEESMIJ.md").display()
        ) + "\n"
    })
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| {
        anyhow!(
            "{}: {}",
            path.display(),
            crate::tr!("cannot-create", why = io_reason(&e))
        )
    })?;
    file.write_all(text.as_bytes()).map_err(|e| {
        anyhow!(
            "{}: {}",
            path.display(),
            crate::tr!("cannot-write", why = io_reason(&e))
        )
    })
}
