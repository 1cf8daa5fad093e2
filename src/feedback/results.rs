//! Reading back what officers recorded in the work lists: contact attempts
//! and the end result per case (one household in one month). Every value is
//! checked against the official lists and against the month's decisions;
//! every problem is reported with file, row and column, never with the
//! personal data around it.

use super::SignalStatus;
use crate::fields::date::parse_full;
use crate::month::Month;
use crate::prioritise::Outcome;
use crate::prioritise::earlier::ListSheets;
use crate::prioritise::worklists::ATTEMPTS;
use crate::prioritise::worklists::case_id;
use crate::sheets::{Column, Sheet, SheetRow};
use crate::vocab::case::{Attempt, Case, Ending};
use crate::vocab::codes::{ContactKind, Dagdeel, EndResult};
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// Columns a work list must still have to be read back.
pub const REQUIRED: &[&str] = &["zaak", "huishouden", "werklijst", "kanaal", "signalen"];

/// What the work lists of one month say, or every problem found in them.
pub struct Recorded {
    pub cases: BTreeMap<String, Case>,
    pub problems: Vec<String>,
}

/// Reads the work lists of `month`. `statuses` are the month's signal
/// decisions; `as_of` bounds the dates an officer may have recorded.
pub fn read(
    lists: &ListSheets,
    month: Month,
    statuses: &[SignalStatus],
    as_of: NaiveDate,
) -> Result<Recorded> {
    let by_signal: HashMap<(&str, &str), &SignalStatus> = statuses
        .iter()
        .map(|s| ((s.partner.as_str(), s.signal_id.as_str()), s))
        .collect();
    let mut first_received: HashMap<&str, NaiveDate> = HashMap::new();
    for s in statuses.iter().filter(|s| s.outcome == Outcome::Queued) {
        let e = first_received.entry(&s.household).or_insert(s.received);
        *e = (*e).min(s.received);
    }
    let mut rec = Recorded {
        cases: BTreeMap::new(),
        problems: lists.unreadable.clone(),
    };
    let mut ctx = RowContext {
        month,
        as_of,
        by_signal: &by_signal,
        first_received: &first_received,
        cols: ListColumns::default(),
    };
    let officer = officer_columns();
    for sheet in &lists.sheets {
        // Lists made before `behandelaar` existed lack it.
        let required = REQUIRED.iter().copied().chain(
            officer
                .iter()
                .map(String::as_str)
                .filter(|c| *c != crate::prioritise::worklists::HANDLER),
        );
        if let Some(problem) = sheet.missing(required) {
            rec.problems
                .push(problem + " (the work list needs its columns as written)");
            continue;
        }
        ctx.cols = ListColumns::of(sheet);
        for row in sheet.rows() {
            match ctx.case_of(&row) {
                Ok(Some(case)) => merge(&mut rec, case),
                Ok(None) => {}
                Err(problems) => rec.problems.extend(problems),
            }
        }
    }
    Ok(rec)
}

fn officer_columns() -> Vec<String> {
    crate::prioritise::worklists::officer_columns()
}

struct RowContext<'a> {
    month: Month,
    as_of: NaiveDate,
    by_signal: &'a HashMap<(&'a str, &'a str), &'a SignalStatus>,
    first_received: &'a HashMap<&'a str, NaiveDate>,
    /// Where the columns are in the sheet being read.
    cols: ListColumns,
}

/// Where a work list's columns are in one sheet, found once for its rows.
#[derive(Default)]
struct ListColumns {
    zaak: Column,
    household: Column,
    signals: Column,
    channel: Column,
    list: Column,
    handler: Column,
    placed_on: Column,
    result: Column,
    result_date: Column,
    /// Per attempt: kind, date, part of day, reached.
    attempts: Vec<[Column; 4]>,
}

impl ListColumns {
    fn of(sheet: &Sheet) -> ListColumns {
        ListColumns {
            zaak: sheet.column("zaak"),
            household: sheet.column("huishouden"),
            signals: sheet.column("signalen"),
            channel: sheet.column("kanaal"),
            list: sheet.column("werklijst"),
            handler: sheet.column("behandelaar"),
            placed_on: sheet.column("geplaatst_op"),
            result: sheet.column("eindresultaat"),
            result_date: sheet.column("datum_eindresultaat"),
            attempts: (1..=ATTEMPTS)
                .map(|n| {
                    ["soort", "datum", "dagdeel", "bereikt"]
                        .map(|c| sheet.column(&format!("poging{n}_{c}")))
                })
                .collect(),
        }
    }
}

impl RowContext<'_> {
    /// The case a row records, `None` for an untouched row of a household
    /// that is not this month's (a blank line), or the row's problems.
    fn case_of(&self, row: &SheetRow<'_>) -> Result<Option<Case>, Vec<String>> {
        let mut problems = Vec::new();
        let at = row.at();
        let cols = &self.cols;
        let zaak = row.cell(cols.zaak).trim();
        let household = row.cell(cols.household).trim();
        if zaak.is_empty() && household.is_empty() && row.cell(cols.signals).trim().is_empty() {
            return Ok(None);
        }
        let problem = |col: &str, what: String| format!("{at}: {}", field_problem(col, &what));
        match zaak.split_once('/') {
            Some((m, h)) if Month::parse(m) == Some(self.month) && h == household => {}
            Some((m, _)) if Month::parse(m).is_some_and(|m| m != self.month) => {
                return Err(vec![problem(
                    "zaak",
                    crate::tr!("wl-other-month", list_month = m, month = self.month),
                )]);
            }
            _ => {
                return Err(vec![problem(
                    "zaak",
                    crate::tr!(
                        "wl-expected-case",
                        case = case_id(
                            self.month,
                            if household.is_empty() {
                                "hh-…"
                            } else {
                                household
                            }
                        )
                    ),
                )]);
            }
        }
        let Some(&received) = self.first_received.get(household) else {
            return Err(vec![problem(
                "huishouden",
                crate::tr!(
                    "wl-unknown-household",
                    household = household,
                    month = self.month
                ),
            )]);
        };
        for (item, parsed) in crate::signal::signal_refs(row.cell(cols.signals)) {
            let known = parsed
                .as_ref()
                .and_then(|(p, id)| self.by_signal.get(&(*p, id.as_str())));
            match known {
                None => problems.push(problem(
                    "signalen",
                    crate::tr!("wl-unknown-signal", signal = item, month = self.month),
                )),
                Some(s) if s.household != household || s.outcome != Outcome::Queued => problems
                    .push(problem(
                        "signalen",
                        crate::tr!("wl-signal-elsewhere", signal = item),
                    )),
                Some(_) => {}
            }
        }
        let mut attempts = Vec::new();
        for n in 1..=ATTEMPTS {
            match self.attempt(row, n, received) {
                Ok(Some(a)) => attempts.push(a),
                Ok(None) => {}
                Err(p) => problems.extend(p.into_iter().map(|p| format!("{at}: {p}"))),
            }
        }
        let ending = match self.ending(row, &attempts, received) {
            Ok(e) => e,
            Err(p) => {
                problems.extend(p.into_iter().map(|p| format!("{at}: {p}")));
                None
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        // The case is worked from the household's main list; an extra
        // channel's row only adds attempts.
        let queue = match row.cell(cols.channel) {
            "extra" => String::new(),
            _ => row.cell(cols.list).to_string(),
        };
        Ok(Some(Case {
            household: household.to_string(),
            queue,
            attempts,
            ending,
            handler: row.cell(cols.handler).trim().to_string(),
            handler_since: None,
            // Written by prioritise; lists made before it existed lack it.
            placed_on: row.cell(cols.placed_on).trim().parse().ok(),
            at,
        }))
    }

    /// A date cell: the officer may type it as Excel shows it (`d-m-jjjj`)
    /// or as written (`jjjj-mm-dd`). Not before the signal came in, not
    /// after the day of the export.
    fn date(&self, text: &str, col: &str, received: NaiveDate) -> Result<NaiveDate, String> {
        let d =
            parse_full(text, None).map_err(|_| field_problem(col, &crate::tr!("wl-not-a-date")))?;
        if d < received {
            return Err(field_problem(
                col,
                &crate::tr!("wl-date-before", date = d, received = received),
            ));
        }
        if d > self.as_of {
            return Err(field_problem(
                col,
                &crate::tr!("wl-date-after", date = d, day = self.as_of),
            ));
        }
        Ok(d)
    }

    fn attempt(
        &self,
        row: &SheetRow<'_>,
        n: usize,
        received: NaiveDate,
    ) -> Result<Option<Attempt>, Vec<String>> {
        let Some(columns) = self.cols.attempts.get(n - 1) else {
            return Ok(None);
        };
        let cells = columns.map(|c| row.cell(c).trim());
        if cells.iter().all(|c| c.is_empty()) {
            return Ok(None);
        }
        let col = |c: &str| format!("poging{n}_{c}");
        let mut problems = Vec::new();
        let kind = match cells[0] {
            "" => {
                problems.push(field_problem(
                    &col("soort"),
                    &crate::tr!("wl-attempt-kind-missing"),
                ));
                None
            }
            v => ContactKind::parse(v).or_else(|| {
                problems.push(field_problem(
                    &col("soort"),
                    &crate::tr!(
                        "wl-not-contact-kind",
                        value = v,
                        help = ContactKind::help(v)
                    ),
                ));
                None
            }),
        };
        let date = match cells[1] {
            "" => {
                problems.push(field_problem(
                    &col("datum"),
                    &crate::tr!("wl-attempt-date-missing"),
                ));
                None
            }
            _ => self
                .date(cells[1], &col("datum"), received)
                .map_err(|p| problems.push(p))
                .ok(),
        };
        let dagdeel = match cells[2] {
            "" => None,
            v => Dagdeel::parse(v).or_else(|| {
                problems.push(field_problem(
                    &col("dagdeel"),
                    &crate::tr!("wl-not-dagdeel", value = v, help = Dagdeel::help(v)),
                ));
                None
            }),
        };
        let reached = match cells[3].to_lowercase().as_str() {
            "ja" | "j" => Some(true),
            "nee" | "n" => Some(false),
            "" => {
                problems.push(field_problem(
                    &col("bereikt"),
                    &crate::tr!("wl-reached-missing"),
                ));
                None
            }
            _ => {
                problems.push(field_problem(
                    &col("bereikt"),
                    &crate::tr!("wl-expected-yes-no"),
                ));
                None
            }
        };
        match (kind, date, reached) {
            (Some(kind), Some(date), Some(reached)) if problems.is_empty() => Ok(Some(Attempt {
                kind,
                date,
                dagdeel,
                reached,
            })),
            _ => Err(problems),
        }
    }

    fn ending(
        &self,
        row: &SheetRow<'_>,
        attempts: &[Attempt],
        received: NaiveDate,
    ) -> Result<Option<Ending>, Vec<String>> {
        let text = row.cell(self.cols.result).trim();
        let date_text = row.cell(self.cols.result_date).trim();
        if text.is_empty() {
            if date_text.is_empty() {
                return Ok(None);
            }
            return Err(vec![field_problem(
                "datum_eindresultaat",
                &crate::tr!("wl-date-without-result"),
            )]);
        }
        let Some(result) = EndResult::parse(text) else {
            return Err(vec![field_problem(
                "eindresultaat",
                &crate::tr!(
                    "wl-not-end-result",
                    value = text,
                    help = EndResult::help(text)
                ),
            )]);
        };
        let date = if date_text.is_empty() {
            // The last attempt is when the case ended, if there was one.
            match attempts.iter().map(|a| a.date).max() {
                Some(d) => d,
                None => {
                    return Err(vec![field_problem(
                        "datum_eindresultaat",
                        &crate::tr!("wl-result-date-missing"),
                    )]);
                }
            }
        } else {
            self.date(date_text, "datum_eindresultaat", received)
                .map_err(|p| vec![p])?
        };
        // A result ends the case: no attempt can come after it.
        if let Some((n, later)) = attempts
            .iter()
            .enumerate()
            .filter(|(_, a)| a.date > date)
            .min_by_key(|(_, a)| a.date)
        {
            return Err(vec![field_problem(
                "datum_eindresultaat",
                &crate::tr!(
                    "wl-result-before-attempt",
                    date = date,
                    attempt = n + 1,
                    attempt_date = later.date
                ),
            )]);
        }
        let reached = attempts.iter().any(|a| a.reached);
        if result.says_reached_before() && !reached {
            return Err(vec![field_problem(
                "eindresultaat",
                &crate::tr!("wl-result-says-contact", result = result),
            )]);
        }
        if result.needs_contact() && !reached {
            return Err(vec![field_problem(
                "eindresultaat",
                &crate::tr!("wl-result-needs-contact", result = result),
            )]);
        }
        if result.says_unreached() && reached {
            return Err(vec![field_problem(
                "eindresultaat",
                &crate::tr!("wl-result-unreached", result = result),
            )]);
        }
        Ok(Some(Ending { result, date }))
    }
}

/// `field <column>: <what>`, in the language in use.
fn field_problem(column: &str, what: &str) -> String {
    crate::tr!("field-problem", column = column, what = what)
}

/// Adds a row's case: a household on two lists (main and extra channel)
/// has its attempts joined; two different end results are a problem.
fn merge(rec: &mut Recorded, case: Case) {
    let Some(have) = rec.cases.get_mut(&case.household) else {
        rec.cases.insert(case.household.clone(), case);
        return;
    };
    match (&have.ending, &case.ending) {
        (Some(a), Some(b)) if a != b => {
            rec.problems.push(format!(
                "{}: {}",
                case.at,
                field_problem(
                    "eindresultaat",
                    &crate::tr!(
                        "wl-two-results",
                        household = case.household,
                        other = have.at,
                        a = a.result,
                        a_date = a.date,
                        b = b.result,
                        b_date = b.date
                    )
                )
            ));
            return;
        }
        (None, Some(_)) => have.ending = case.ending,
        _ => {}
    }
    if have.queue.is_empty() {
        have.queue = case.queue;
    }
    if have.handler.is_empty() {
        have.handler = case.handler;
    }
    have.placed_on = match (have.placed_on, case.placed_on) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    for a in case.attempts {
        if !have.attempts.contains(&a) {
            have.attempts.push(a);
        }
    }
    have.attempts.sort_by_key(|a| (a.date, a.dagdeel, a.kind));
}
