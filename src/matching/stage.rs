//! The match stage as one operation: checked signals in, households with
//! their facts out (files pending), then the month recorded in history.

use super::Lists;
use super::lists::PersonList;
use super::{FactSettings, Matched, files};
use crate::brp::Resolved;
use crate::csvio::PendingOutputs;
use crate::history::{Changes, MonthStats, Store};
use crate::present::note;
use crate::secret::Key;
use crate::workspace::Workspace;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

/// A month matched, its files pending, its history not yet recorded.
pub struct MatchStage {
    pub matched: Matched,
    store: Store,
}

/// A month matched and recorded.
pub struct Recorded {
    pub matched: Matched,
    /// Months removed from history by this run (past retention).
    pub removed: Vec<String>,
    pub kept: Vec<MonthStats>,
}

/// Matches a month's checked signals into households with their facts;
/// files pending in `out`, the store written by `MatchStage::record`.
pub fn run(
    ws: &Workspace,
    resolved: Vec<Resolved>,
    settings: &FactSettings,
    out: &mut PendingOutputs,
) -> Result<MatchStage> {
    let stage = matched(ws, resolved, settings)?;
    let m = &stage.matched;
    files::write(&m.signals, &m.households, &ws.dir, ws.dialect, out)?;
    Ok(stage)
}

/// Matches a month like [`run`], its files not yet written
/// (`matching::files::write`).
pub fn matched(
    ws: &Workspace,
    resolved: Vec<Resolved>,
    settings: &FactSettings,
) -> Result<MatchStage> {
    let lists = load_lists(ws)?;
    let key = Key::load_or_create(&ws.key_path(), !Store::exists(&ws.history))?;
    let store = Store::open_keyed(&ws.history, &key, &ws.key_path())?;
    if let Some(latest) = store.latest_month()?
        && latest.months_since(ws.month) > ws.config.retention_months as i32
    {
        note(
            ws.quiet,
            &crate::tr!(
                "month-past-retention",
                month = ws.month,
                months = ws.config.retention_months,
                latest = latest
            ),
        );
    }
    let from = (0..settings.months_needed()).fold(ws.month, |m, _| m.prev());
    let prior = store.signals_between(from, ws.month)?;
    let matched = super::match_month(resolved, ws.month, &prior, &lists, settings, &key);
    Ok(MatchStage { matched, store })
}

impl MatchStage {
    /// What matching records in the store: the month's signals as keyed
    /// fingerprints, matched on `matched_on`, and months past retention
    /// removed.
    pub fn changes(&mut self, ws: &Workspace, matched_on: NaiveDate) -> Changes {
        let mut changes = Changes::default();
        changes.month(
            ws.month,
            std::mem::take(&mut self.matched.records),
            self.matched.households.len() as u64,
            matched_on,
            ws.config.retention_months,
        );
        changes
    }

    /// The month matched, once the run's changes are in the store (which
    /// removed the months `removed`).
    pub fn recorded(self, removed: Vec<String>) -> Result<Recorded> {
        Ok(Recorded {
            kept: self.store.stats()?,
            matched: self.matched,
            removed,
        })
    }

    /// Records the month in the store (one transaction), matched on
    /// `matched_on`, for `match` run on its own.
    pub fn record(mut self, ws: &Workspace, matched_on: NaiveDate) -> Result<Recorded> {
        let changes = self.changes(ws, matched_on);
        let removed = self.store.write(changes)?;
        self.recorded(removed)
    }
}

fn load_lists(ws: &Workspace) -> Result<Lists> {
    let load = |source: &Option<crate::config::ListSource>| match source {
        Some(l) => PersonList::load(&l.file_for(ws.month), &l.profile),
        None => Ok(PersonList::default()),
    };
    Ok(Lists {
        shv: load(&ws.config.shv)?,
        opt_out: load(&ws.config.opt_out)?,
        areas: match &ws.config.areas {
            Some(l) => crate::areas::Areas::load(&l.file_for(ws.month), &l.profile)?,
            None => crate::areas::Areas::default(),
        },
    })
}

#[derive(Debug, Default, Serialize)]
pub struct SignalCounts {
    pub total: u64,
    pub recidive: u64,
    pub herhaal: u64,
    pub herhaal_zonder_verhoging: u64,
    pub sleper: u64,
    pub bekend_shv: u64,
    pub geen_bemoeienis: u64,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub month: String,
    pub huishoudens: u64,
    pub enkelvoudig: u64,
    pub meervoudig: u64,
    /// Households with an earlier signal in the recidive window.
    pub recidive: u64,
    /// Households with at least one signal repeating last month's.
    pub herhaal: u64,
    /// Households whose every signal repeats last month's, not higher.
    pub herhaal_zonder_verhoging: u64,
    pub sleper: u64,
    pub bekend_shv: u64,
    pub geen_bemoeienis: u64,
    /// Households of signals not tied to a resident (review, not registered,
    /// deceased); counted in `huishoudens` too.
    pub zonder_inwoner: u64,
    pub signalen: SignalCounts,
    pub history: HistorySummary,
}

#[derive(Debug, Serialize)]
pub struct HistorySummary {
    pub months: Vec<MonthStats>,
    pub removed: Vec<String>,
}

pub fn summarise(r: &Recorded) -> Summary {
    let m = &r.matched;
    let hh = &m.households;
    let count = |f: &dyn Fn(&super::Household) -> bool| hh.iter().filter(|h| f(h)).count() as u64;
    let sig = |f: &dyn Fn(&super::MatchedSignal) -> bool| {
        m.signals.iter().filter(|s| f(s)).count() as u64
    };
    Summary {
        month: m.month.to_string(),
        huishoudens: hh.len() as u64,
        enkelvoudig: count(&|h| !h.meervoudig()),
        meervoudig: count(&|h| h.meervoudig()),
        recidive: count(&|h| h.recidive()),
        herhaal: count(&|h| {
            h.signals
                .iter()
                .any(|&i| m.signals.get(i).is_some_and(|s| s.facts.herhaal.is_some()))
        }),
        herhaal_zonder_verhoging: count(&|h| h.herhaal_without_increase),
        sleper: count(&|h| h.sleper),
        bekend_shv: count(&|h| h.bekend_shv),
        geen_bemoeienis: count(&|h| h.geen_bemoeienis),
        zonder_inwoner: count(&|h| h.verdict != crate::brp::Verdict::Gevonden),
        signalen: SignalCounts {
            total: m.signals.len() as u64,
            recidive: sig(&|s| !s.facts.recidive.is_empty()),
            herhaal: sig(&|s| s.facts.herhaal.is_some()),
            herhaal_zonder_verhoging: sig(&|s| {
                s.facts.herhaal.is_some_and(|h| h.change_cents <= 0)
            }),
            sleper: sig(&|s| s.facts.sleper),
            bekend_shv: sig(&|s| s.facts.bekend_shv),
            geen_bemoeienis: sig(&|s| s.facts.geen_bemoeienis),
        },
        history: HistorySummary {
            months: r.kept.clone(),
            removed: r.removed.clone(),
        },
    }
}
