//! What the store keeps of the officers' work: cases (a household in a
//! month) with their end result and contact attempts, and every code sent
//! to a partner. No names, addresses or numbers: households are keyed
//! fingerprints, signals the partners' own references.

use super::changes::MonthFeedback;
use super::{Store, data_version, store_error};
use crate::month::Month;
use crate::vocab::case::{Attempt, Case, Due, Ending, Ground, Sent};
use crate::vocab::codes::{ContactKind, Dagdeel, EndResult, FeedbackCode};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::BTreeMap;

impl Store {
    /// The cases recorded for a month, by household.
    pub fn cases(&self, month: Month) -> Result<Vec<Case>> {
        let err = |e: rusqlite::Error| store_error(&self.path, &e);
        let m = month.to_string();
        let mut cases: BTreeMap<String, Case> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT household, queue, result, result_date, placed_on, handler, handler_since
                 FROM cases
                 WHERE month = ?1 ORDER BY household",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map([&m], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .map_err(err)?;
        for row in rows {
            let (household, queue, result, date, placed_on, handler, since) = row.map_err(err)?;
            let ending = match (result, date) {
                (Some(r), Some(d)) => Some(Ending {
                    result: EndResult::parse(&r).ok_or_else(|| self.damaged("cases.result"))?,
                    date: self.date(&d, "cases.result_date")?,
                }),
                _ => None,
            };
            cases.insert(
                household.clone(),
                Case {
                    household,
                    queue,
                    attempts: Vec::new(),
                    ending,
                    placed_on: match placed_on {
                        Some(d) => Some(self.date(&d, "cases.placed_on")?),
                        None => None,
                    },
                    handler: handler.unwrap_or_default(),
                    handler_since: match since {
                        Some(d) => Some(self.date(&d, "cases.handler_since")?),
                        None => None,
                    },
                    at: String::new(),
                },
            );
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT household, kind, date, dagdeel, reached FROM attempts
                 WHERE month = ?1 ORDER BY household, n",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map([&m], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            })
            .map_err(err)?;
        for row in rows {
            let (household, kind, date, dagdeel, reached) = row.map_err(err)?;
            let attempt = Attempt {
                kind: ContactKind::parse(&kind).ok_or_else(|| self.damaged("attempts.kind"))?,
                date: self.date(&date, "attempts.date")?,
                dagdeel: match dagdeel {
                    Some(d) => {
                        Some(Dagdeel::parse(&d).ok_or_else(|| self.damaged("attempts.dagdeel"))?)
                    }
                    None => None,
                },
                reached,
            };
            if let Some(c) = cases.get_mut(&household) {
                c.attempts.push(attempt);
            }
        }
        Ok(cases.into_values().collect())
    }

    /// Every code sent for a month's signals.
    pub fn sent(&self, month: Month) -> Result<Vec<Sent>> {
        Ok(self
            .sent_rows("feedback", Some(month))?
            .into_iter()
            .map(|(_, s)| s)
            .collect())
    }

    /// Codes with their month from `table` (`feedback`, or
    /// `feedback_intents`), of one month or all.
    pub(super) fn sent_rows(
        &self,
        table: &str,
        month: Option<Month>,
    ) -> Result<Vec<(Month, Sent)>> {
        let err = |e: rusqlite::Error| store_error(&self.path, &e);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT month, partner, signal_id, code, date, ground, exported_on, file, corrects,
                    first_exported_on FROM {table}
                 WHERE ?1 IS NULL OR month = ?1 ORDER BY month, partner, signal_id"
            ))
            .map_err(err)?;
        let rows = stmt
            .query_map([month.map(|m| m.to_string())], |r| {
                Ok((
                    [
                        r.get::<_, String>(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                    ],
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                ))
            })
            .map_err(err)?;
        let mut out = Vec::new();
        for row in rows {
            let (
                [
                    month,
                    partner,
                    signal_id,
                    code,
                    date,
                    ground,
                    exported_on,
                    file,
                ],
                corrects,
                first_exported_on,
            ) = row.map_err(err)?;
            let exported_on = self.date(&exported_on, "feedback.exported_on")?;
            let first_exported_on = match first_exported_on {
                Some(d) => self.date(&d, "feedback.first_exported_on")?,
                None => exported_on,
            };
            let corrects = match corrects {
                Some(c) => Some(
                    FeedbackCode::parse(&c)
                        .ok_or_else(|| self.damaged(&format!("{table}.corrects")))?,
                ),
                None => None,
            };
            let month =
                Month::parse(&month).ok_or_else(|| self.damaged(&format!("{table}.month")))?;
            out.push((
                month,
                Sent {
                    due: Due {
                        partner,
                        signal_id,
                        code: FeedbackCode::parse(&code)
                            .ok_or_else(|| self.damaged(&format!("{table}.code")))?,
                        date: self.date(&date, "feedback.date")?,
                        ground: Ground::parse(&ground)
                            .ok_or_else(|| self.damaged(&format!("{table}.ground")))?,
                    },
                    corrects,
                    exported_on,
                    first_exported_on,
                    file,
                },
            ));
        }
        Ok(out)
    }

    /// Replaces the month's cases (when given) and records what was sent,
    /// in one transaction.
    pub fn record_feedback(
        &mut self,
        month: Month,
        cases: Option<&[Case]>,
        sent: &[Sent],
    ) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| store_error(&path, &e);
        let tx = self.conn.transaction().map_err(err)?;
        let feedback = MonthFeedback {
            month,
            cases,
            compared: None,
            sent,
        };
        feedback_in(&tx, &feedback, &[]).map_err(err)?;
        tx.commit().map_err(err)
    }

    /// Whether the month is in the store (matched and not past retention).
    pub fn has_month(&self, month: Month) -> Result<bool> {
        Ok(self.stats()?.iter().any(|s| s.month == month.to_string()))
    }

    pub(super) fn date(&self, text: &str, column: &str) -> Result<NaiveDate> {
        text.parse().map_err(|_| self.damaged(column))
    }

    pub(super) fn damaged(&self, column: &str) -> anyhow::Error {
        anyhow!(
            "{}: {}",
            self.path.display(),
            crate::tr!("store-damaged-value", column = column)
        )
    }
}

/// Inserts codes into `table` (`feedback` or `feedback_intents`); a code
/// already there for the signal is replaced (a correction, or `--again`):
/// the store keeps the code the partner last heard.
pub(super) fn insert_sent(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    month: Month,
    sent: &[Sent],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(&format!(
        "INSERT INTO {table} (month, partner, signal_id, code, date, ground, exported_on, file,
             corrects, first_exported_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (month, partner, signal_id) DO UPDATE SET code = excluded.code,
             date = excluded.date, ground = excluded.ground,
             exported_on = excluded.exported_on, file = excluded.file,
             corrects = excluded.corrects, first_exported_on = excluded.first_exported_on"
    ))?;
    let m = month.to_string();
    for s in sent {
        insert.execute(params![
            m,
            s.due.partner,
            s.due.signal_id,
            s.due.code.as_str(),
            s.due.date.to_string(),
            s.due.ground.as_str(),
            s.exported_on.to_string(),
            s.file,
            s.corrects.map(FeedbackCode::as_str),
            s.first_exported_on.to_string(),
        ])?;
    }
    Ok(())
}

/// Replaces the month's cases (when given) and records what was sent,
/// settling the intents of those codes.
/// How a month's cases differ from what the store held of them
/// ([`Store::compare_cases`]): rewriting a city month's cases is most of
/// the work recorded after a run's files are in place, and from a run's
/// second on, most are as they were.
#[derive(Debug)]
pub struct CasesCompared {
    month: Month,
    /// The store's `data_version` when it was read.
    version: i64,
    /// The cases (by index) the store lacks or holds otherwise.
    changed: Vec<usize>,
    /// The households of the month's cases in the store that are gone.
    gone: Vec<String>,
}

impl Store {
    /// Compares a month's cases with the store's, ahead of recording them
    /// (see [`super::Confirmation`]); a case's `at` is not recorded.
    pub fn compare_cases(&self, month: Month, cases: &[Case]) -> Result<CasesCompared> {
        let err = |e: rusqlite::Error| store_error(&self.path, &e);
        let version = data_version(&self.conn).map_err(err)?;
        let mut stored: BTreeMap<String, Case> = self
            .cases(month)?
            .into_iter()
            .map(|c| (c.household.clone(), c))
            .collect();
        let changed = cases
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                stored
                    .remove(&c.household)
                    .is_none_or(|s| !same_record(&s, c))
            })
            .map(|(i, _)| i)
            .collect();
        Ok(CasesCompared {
            month,
            version,
            changed,
            gone: stored.into_keys().collect(),
        })
    }
}

/// Whether two cases record the same (where each was read from aside).
fn same_record(a: &Case, b: &Case) -> bool {
    a.household == b.household
        && a.queue == b.queue
        && a.attempts == b.attempts
        && a.ending == b.ending
        && a.placed_on == b.placed_on
        && a.handler == b.handler
        && a.handler_since == b.handler_since
}

/// Records a month's feedback: its cases (only those that changed, when
/// they were compared ahead, nothing else changed the store since, and
/// this run did not remove the month) and the codes sent, settling their
/// intents.
pub(super) fn feedback_in(
    tx: &rusqlite::Transaction<'_>,
    f: &MonthFeedback<'_>,
    removed: &[String],
) -> rusqlite::Result<()> {
    let (month, sent) = (f.month, f.sent);
    let m = month.to_string();
    if let Some(cases) = f.cases {
        let version = data_version(tx)?;
        let compared = f
            .compared
            .filter(|c| c.month == month && c.version == version && !removed.contains(&m));
        let rewritten: Vec<&Case> = match compared {
            Some(c) => {
                let mut delete_case =
                    tx.prepare("DELETE FROM cases WHERE month = ?1 AND household = ?2")?;
                let mut delete_attempts =
                    tx.prepare("DELETE FROM attempts WHERE month = ?1 AND household = ?2")?;
                let changed: Vec<&Case> = c.changed.iter().filter_map(|&i| cases.get(i)).collect();
                let households = c
                    .gone
                    .iter()
                    .map(String::as_str)
                    .chain(changed.iter().map(|c| c.household.as_str()));
                for h in households {
                    delete_case.execute(params![m, h])?;
                    delete_attempts.execute(params![m, h])?;
                }
                changed
            }
            None => {
                tx.execute("DELETE FROM cases WHERE month = ?1", [&m])?;
                tx.execute("DELETE FROM attempts WHERE month = ?1", [&m])?;
                cases.iter().collect()
            }
        };
        let mut case = tx.prepare(
            "INSERT INTO cases (month, household, queue, result, result_date, placed_on,
                     handler, handler_since)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut attempt = tx.prepare(
            "INSERT INTO attempts (month, household, n, kind, date, dagdeel, reached)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for c in rewritten {
            case.execute(params![
                m,
                c.household,
                c.queue,
                c.ending.map(|e| e.result.as_str()),
                c.ending.map(|e| e.date.to_string()),
                c.placed_on.map(|d| d.to_string()),
                (!c.handler.is_empty()).then_some(c.handler.as_str()),
                c.handler_since.map(|d| d.to_string()),
            ])?;
            for (n, a) in c.attempts.iter().enumerate() {
                attempt.execute(params![
                    m,
                    c.household,
                    n as i64 + 1,
                    a.kind.as_str(),
                    a.date.to_string(),
                    a.dagdeel.map(|d| d.as_str()),
                    a.reached,
                ])?;
            }
        }
    }
    insert_sent(tx, "feedback", month, sent)?;
    // The codes are out: their intents are done.
    {
        let mut done = tx.prepare(
            "DELETE FROM feedback_intents WHERE month = ?1 AND partner = ?2 AND signal_id = ?3",
        )?;
        for s in sent {
            done.execute(params![m, s.due.partner, s.due.signal_id])?;
        }
    }
    Ok(())
}
