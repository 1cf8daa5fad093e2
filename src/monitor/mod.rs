//! The monitor: what a month (or a period) looked like, for CBS (the DDAS
//! delivery) and for policy staff (the report). Both read the files the
//! stages wrote for each month and what the history store kept, and
//! compute nothing the stages did not decide.

pub mod ddas;
pub mod html;
pub mod report;

use crate::feedback::{self, SignalStatus};
use crate::history::Store;
use crate::matching::{MatchedSignal, files};
use crate::month::Month;
use crate::vocab::case::{Case, Sent};
use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::path::Path;

/// One month as the stages left it.
pub struct MonthData {
    pub month: Month,
    pub signals: Vec<MatchedSignal>,
    /// Aligned with `signals`.
    pub statuses: Vec<SignalStatus>,
    pub cases: Vec<Case>,
    pub sent: Vec<Sent>,
    /// The day the month was matched, when the store kept it.
    pub matched_on: Option<chrono::NaiveDate>,
}

impl MonthData {
    /// The code sent for each signal, by (partner, signal id).
    pub fn sent_by_signal(&self) -> HashMap<(&str, &str), &Sent> {
        self.sent
            .iter()
            .map(|s| ((s.due.partner.as_str(), s.due.signal_id.as_str()), s))
            .collect()
    }

    /// Reads `gekoppeld.csv` and `beslissingen.csv` from the month's folder
    /// and the cases and codes sent from the store.
    pub fn load(dir: &Path, month: Month, store: &Store) -> Result<MonthData> {
        let matched = dir.join("gekoppeld.csv");
        let decisions = dir.join("beslissingen.csv");
        for (file, stage) in [(&matched, "match"), (&decisions, "prioritise")] {
            if !file.is_file() {
                bail!(
                    "{}: {}",
                    file.display(),
                    crate::tr!("stage-output-missing", stage = stage, month = month)
                );
            }
        }
        let (signals, _) = files::read(&matched)?;
        let statuses = feedback::read_statuses(&decisions)?;
        let mut by_key: HashMap<(&str, &str), &SignalStatus> = statuses
            .iter()
            .map(|s| ((s.partner.as_str(), s.signal_id.as_str()), s))
            .collect();
        let mut aligned = Vec::with_capacity(signals.len());
        for s in &signals {
            let key = (s.signal.partner.as_str(), s.signal.signal_id.as_str());
            match by_key.remove(&key) {
                Some(st) => aligned.push(st.clone()),
                None => bail!(
                    "{}: {}",
                    decisions.display(),
                    crate::tr!(
                        "signal-no-decision",
                        signal = crate::signal::signal_ref(key.0, key.1),
                        month = month
                    )
                ),
            }
        }
        let cases = store.cases(month).context("reading the cases")?;
        let sent = store.sent(month)?;
        let matched_on = store.matched_on(month)?;
        Ok(MonthData {
            matched_on,
            month,
            signals,
            statuses: aligned,
            cases,
            sent,
        })
    }
}
