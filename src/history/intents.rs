//! Exactly-once terugkoppeling. Before a feedback file is put in place, the
//! store records the codes it holds as an intent; once the file is there,
//! the same transaction that records the codes as sent removes the intent.
//! A run killed in between leaves an intent, and the next run settles it by
//! what is on disk: a file in place went out (recorded as sent, never
//! resent), a file that never arrived did not (the intent is dropped, and
//! the codes go out again in a file of the same name).

use super::cases::insert_sent;
use super::{Store, store_error};
use crate::month::Month;
use crate::vocab::case::Sent;
use anyhow::Result;
use rusqlite::params;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What settling a stopped run's intents did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Settled {
    /// Codes whose file was in place: recorded as sent.
    pub finished: usize,
    /// Codes whose file never arrived: to be sent again.
    pub dropped: usize,
}

impl Store {
    /// Settles the intents a stopped run left, by whether their file is in
    /// the month's folder (`month_dir`).
    pub fn settle_intents(&mut self, month_dir: impl Fn(Month) -> PathBuf) -> Result<Settled> {
        let intents = self.sent_rows("feedback_intents", None)?;
        if intents.is_empty() {
            return Ok(Settled::default());
        }
        let mut by_file: BTreeMap<(Month, String), Vec<Sent>> = BTreeMap::new();
        for (month, sent) in intents {
            by_file
                .entry((month, sent.file.clone()))
                .or_default()
                .push(sent);
        }
        let path = self.path.clone();
        let err = |e: rusqlite::Error| store_error(&path, &e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut settled = Settled::default();
        for ((month, file), sent) in by_file {
            if in_place(&month_dir(month), &file) {
                insert_sent(&tx, "feedback", month, &sent).map_err(err)?;
                settled.finished += sent.len();
            } else {
                settled.dropped += sent.len();
            }
            tx.execute(
                "DELETE FROM feedback_intents WHERE month = ?1 AND file = ?2",
                params![month.to_string(), file],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(settled)
    }
}

/// Whether a feedback file (relative to its month's folder) is in place. A
/// file is renamed into place whole, so being there means complete.
fn in_place(month_dir: &Path, file: &str) -> bool {
    month_dir.join(file).is_file()
}
