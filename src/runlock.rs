//! One run at a time per output folder and history store, and the removal
//! of what a killed run left behind.
//!
//! A run takes an OS lock on a file in each folder it writes to (the output
//! folder, and the history store's folder when that is elsewhere). A second
//! run waits a bounded time and then stops with a message; commands that
//! only read and write a file of their own (`report`, `export-ddas`) share
//! the lock with each other. Only the holder of the exclusive lock removes
//! temporary files, so it never pulls a file from under a running command.

use crate::csvio::{create_private_dir, io_reason};
use anyhow::{Result, anyhow, bail};
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file in each locked folder.
pub const LOCK_FILE: &str = ".vroegsignaal.lock";
pub use crate::csvio::TEMP_DIR;
/// What temporary files of older versions were called (beside their
/// targets).
const LEGACY_TEMP_PREFIX: &str = ".vroegsignaal-";

/// Whether the run writes (exclusive) or only reads the shared state and
/// writes a file of its own (shared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Exclusive,
    Shared,
}

/// Held for the length of a run; dropping it releases the locks.
pub struct RunLock {
    _files: Vec<File>,
    /// Files a killed run had left, removed when the lock was taken.
    pub removed: usize,
}

impl RunLock {
    /// Locks every folder in `dirs` (each once), waiting up to `wait` for
    /// another run to finish. With the exclusive lock, temporary files left
    /// by killed runs are removed.
    pub fn acquire(dirs: &[&Path], access: Access, wait: Duration) -> Result<RunLock> {
        let mut seen: Vec<PathBuf> = Vec::new();
        let mut files = Vec::new();
        let started = Instant::now();
        for dir in dirs {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            if seen.iter().any(|d| d == dir) {
                continue;
            }
            seen.push(dir.to_path_buf());
            create_private_dir(dir)?;
            files.push(lock_one(
                dir,
                access,
                wait.saturating_sub(started.elapsed()),
            )?);
        }
        let mut removed = 0;
        if access == Access::Exclusive {
            for dir in &seen {
                removed += remove_leftovers(dir)?;
            }
        }
        Ok(RunLock {
            _files: files,
            removed,
        })
    }
}

fn lock_one(dir: &Path, access: Access, wait: Duration) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path).map_err(|e| {
        anyhow!(
            "{}: {}",
            path.display(),
            crate::tr!("lock-cannot-open", why = io_reason(&e))
        )
    })?;
    let deadline = Instant::now() + wait;
    loop {
        let attempt = match access {
            Access::Exclusive => file.try_lock(),
            Access::Shared => file.try_lock_shared(),
        };
        match attempt {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => bail!(
                "{}: {}",
                dir.display(),
                crate::tr!("another-run", seconds = wait.as_secs())
            ),
            Err(TryLockError::Error(e)) => {
                bail!(
                    "{}: {}",
                    path.display(),
                    crate::tr!("lock-cannot-lock", why = io_reason(&e))
                )
            }
        }
    }
}

/// Removes the temporary files of killed runs: everything in the private
/// temp folder, and older versions' `.vroegsignaal-*` files in the folder
/// and up to three levels below (month folders and their lists). Returns
/// how many went.
fn remove_leftovers(dir: &Path) -> Result<usize> {
    let mut removed = 0;
    let temp = dir.join(TEMP_DIR);
    if temp.is_dir() {
        for entry in crate::csvio::sorted_entries(&temp)? {
            remove(&entry)?;
            removed += 1;
        }
    }
    let mut folders = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        for entry in crate::csvio::sorted_entries(&folder)? {
            let name = entry
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if entry.is_dir() {
                if depth < 3 && name != TEMP_DIR {
                    folders.push((entry, depth + 1));
                }
            } else if name.starts_with(LEGACY_TEMP_PREFIX) {
                remove(&entry)?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

fn remove(path: &Path) -> Result<()> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    result.map_err(|e| {
        anyhow!(
            "{}: {}",
            path.display(),
            crate::tr!("leftover-cannot-remove", why = io_reason(&e))
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_exclusive_lock_waits_and_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let first = RunLock::acquire(&[dir.path()], Access::Exclusive, Duration::ZERO).unwrap();
        let err = RunLock::acquire(&[dir.path()], Access::Shared, Duration::from_millis(120))
            .err()
            .expect("locked");
        // In the default language, Dutch.
        assert!(
            err.to_string().contains("een andere run van vroegsignaal"),
            "{err}"
        );
        drop(first);
        let a = RunLock::acquire(&[dir.path()], Access::Shared, Duration::ZERO).unwrap();
        let b = RunLock::acquire(&[dir.path()], Access::Shared, Duration::ZERO);
        assert!(b.is_ok(), "shared locks go together");
        drop((a, b));
    }

    #[test]
    fn leftovers_go_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let month = dir.path().join("2026-10/werklijsten");
        fs::create_dir_all(&month).unwrap();
        fs::create_dir_all(dir.path().join(TEMP_DIR)).unwrap();
        fs::write(dir.path().join(TEMP_DIR).join("x"), "bsn").unwrap();
        fs::write(month.join(".vroegsignaal-abc"), "bsn").unwrap();
        fs::write(month.join("brief.csv"), "kept").unwrap();
        let lock = RunLock::acquire(&[dir.path()], Access::Exclusive, Duration::ZERO).unwrap();
        assert_eq!(lock.removed, 2);
        assert!(month.join("brief.csv").exists());
        assert!(!month.join(".vroegsignaal-abc").exists());
        assert!(dir.path().join(LOCK_FILE).exists());
    }
}
