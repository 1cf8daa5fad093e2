//! Where a run works: the config, the month, its folders and the history
//! store. Every stage takes one; the command line builds it from its
//! arguments.

use crate::config::{Config, month_dir};
use crate::csvio::{Dialect, PendingOutputs};
use crate::history::Store;
use crate::month::Month;
use crate::present::note;
use crate::runlock::{Access, RunLock};
use crate::secret::Key;
use anyhow::Result;
use std::path::PathBuf;
use std::time::Duration;

/// What a stage needs to know about where it runs.
pub struct Workspace {
    pub config: Config,
    pub month: Month,
    /// `<output>/<month>/`
    pub dir: PathBuf,
    /// The history store; beside `--out` when given, so a one-off run never
    /// touches the real history.
    pub history: PathBuf,
    /// The output folder (`--out`, or the config's `output`).
    pub output: PathBuf,
    /// No notes on stderr.
    pub quiet: bool,
    /// How CSV outputs are written.
    pub dialect: Dialect,
    /// How long to wait for another run on the same folders.
    pub wait: Duration,
}

impl Workspace {
    /// The secret key file, beside the history store.
    pub fn key_path(&self) -> PathBuf {
        self.history.with_extension("sleutel")
    }

    /// Output files of a stage, pending until committed.
    pub fn pending(&self) -> PendingOutputs {
        PendingOutputs::new(&self.output).shared_with_group(self.config.share_with_group)
    }

    /// Takes the run lock on the output folder and the history store's
    /// folder, then (for a run that writes) removes what killed runs left
    /// and checks the key against the store before anything is written.
    pub fn begin(&self, access: Access) -> Result<RunLock> {
        let history_dir = self.history.parent().unwrap_or(std::path::Path::new("."));
        let lock = RunLock::acquire(&[&self.output, history_dir], access, self.wait)?;
        if lock.removed > 0 {
            note(
                self.quiet,
                &crate::tr!(
                    "temp-files-removed",
                    folder = self.output.display(),
                    files = lock.removed
                ),
            );
        }
        if access == Access::Exclusive && Store::exists(&self.history) {
            let key = Key::load_or_create(&self.key_path(), false)?;
            let mut store = Store::open(&self.history, false)?;
            store.verify_key(&key, &self.key_path())?;
            let settled = store.settle_intents(|m| month_dir(&self.output, m))?;
            if settled != Default::default() {
                note(
                    self.quiet,
                    &crate::tr!(
                        "intents-settled",
                        finished = settled.finished,
                        dropped = settled.dropped
                    ),
                );
            }
        }
        Ok(lock)
    }
}
