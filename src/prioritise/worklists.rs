//! What `prioritise` writes: one work list per queue (`werklijsten/`), with
//! empty columns for the officer's contact attempts and end result, and
//! `beslissingen.csv` with every signal's decision.

use super::earlier::{EarlierLists, RowKey, row_key};
use super::{HouseholdDecision, Outcome, Prioritised};
use crate::csvio::{Cells, Dialect, PendingOutputs, Rendered, opt_cell};
use crate::fields::amount::format_euro;
use crate::matching::{Household, MatchedSignal};
use crate::month::Month;
use crate::rulebook::Rulebook;
use crate::sheets;
use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Contact attempts an officer can record per household.
pub const ATTEMPTS: usize = 3;

/// How many columns [`officer_columns`] gives.
const OFFICER_COLUMNS: usize = ATTEMPTS * 4 + 3;

/// The officer's column naming who works the case (a staff name or code).
pub const HANDLER: &str = "behandelaar";

/// `huisbezoek > email` when a household overflowed, else empty.
fn overflow_path(rb: &Rulebook, p: &super::route::Placement) -> String {
    if p.path.len() < 2 {
        return String::new();
    }
    p.path
        .iter()
        .map(|&i| rb.queues[i].name.as_str())
        .collect::<Vec<_>>()
        .join(" > ")
}

/// Columns the officer fills in, after the household's own.
pub fn officer_columns() -> Vec<String> {
    let mut cols = vec![HANDLER.to_string()];
    for n in 1..=ATTEMPTS {
        for c in ["soort", "datum", "dagdeel", "bereikt"] {
            cols.push(format!("poging{n}_{c}"));
        }
    }
    cols.push("eindresultaat".into());
    cols.push("datum_eindresultaat".into());
    debug_assert_eq!(cols.len(), OFFICER_COLUMNS);
    cols
}

pub const WORKLIST_COLUMNS: &[&str] = &[
    "zaak",
    "huishouden",
    "werklijst",
    "contactvorm",
    "kanaal",
    "regel",
    "regel_omschrijving",
    "feiten",
    "overloop",
    "contact_terugval",
    "aangevuld_uit",
    "deadline",
    "datum_ontvangst",
    "te_laat",
    "geplaatst_op",
    "namen",
    "straat",
    "huisnummer",
    "huisletter",
    "toevoeging",
    "postcode",
    "woonplaats",
    "wijk",
    "telefoon",
    "email",
    "partners",
    "signalen",
    "bedragen",
    "totaal_bedrag",
    "minderjarigen",
    "leeftijd_jongste",
    "recidive_maanden",
];

pub fn worklist_columns() -> Vec<String> {
    let mut cols: Vec<String> = WORKLIST_COLUMNS.iter().map(|c| c.to_string()).collect();
    cols.extend(officer_columns());
    cols
}

/// The distinct non-empty values, joined for one cell.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let set: BTreeSet<&str> = values.filter(|v| !v.is_empty()).collect();
    set.into_iter().collect::<Vec<_>>().join(" / ")
}

struct Line<'a> {
    rb: &'a Rulebook,
    month: Month,
    queue: usize,
    /// The list's name (the team's, for a split queue).
    list: &'a str,
    extra: bool,
    decision: &'a HouseholdDecision,
    household: &'a Household,
    signals: &'a [MatchedSignal],
    /// `te_laat`: `ja` when the row was added after its deadline.
    late: String,
    /// `geplaatst_op`: the day the row was added.
    placed_on: String,
    /// What an officer filled in on an earlier run's row.
    officer: Option<&'a [String]>,
}

impl Cells for Line<'_> {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        let d = self.decision;
        let p = d
            .placement
            .as_ref()
            .expect("only placed households are listed");
        let rule = &self.rb.rules[p.rule];
        let q = &self.rb.queues[self.queue];
        let kept: Vec<&MatchedSignal> = d.kept.iter().map(|&i| &self.signals[i]).collect();
        let first = kept[0];
        let (street, number, letter, addition, postcode, city) = first.address();
        let names: Vec<String> = kept
            .iter()
            .map(|s| {
                let s = &s.signal;
                [s.initials.as_str(), s.prefix.as_str(), s.surname.as_str()]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let mut cells = vec![
            Cow::Owned(case_id(self.month, &self.household.id)),
            Cow::Borrowed(self.household.id.as_str()),
            Cow::Borrowed(self.list),
            Cow::Borrowed(q.contact.as_str()),
            Cow::Borrowed(if self.extra { "extra" } else { "hoofd" }),
            Cow::Borrowed(rule.id.as_str()),
            Cow::Borrowed(rule.description.as_str()),
            Cow::Borrowed(p.facts_used.as_str()),
            Cow::Owned(overflow_path(self.rb, p)),
            Cow::Borrowed(if p.contact_fallback { "ja" } else { "" }),
            Cow::Borrowed(
                p.backfilled_from
                    .map_or("", |b| self.rb.queues[b].name.as_str()),
            ),
            opt_cell(d.due),
            opt_cell(kept.iter().map(|s| s.signal.received).min()),
            Cow::Borrowed(self.late.as_str()),
            Cow::Borrowed(self.placed_on.as_str()),
            Cow::Owned(distinct(names.iter().map(String::as_str))),
            Cow::Borrowed(street),
            opt_cell(number),
            Cow::Borrowed(letter),
            Cow::Borrowed(addition),
            Cow::Borrowed(postcode),
            Cow::Borrowed(city),
            Cow::Borrowed(d.facts.wijk.as_str()),
            Cow::Owned(distinct(kept.iter().map(|s| s.signal.phone.as_str()))),
            Cow::Owned(distinct(kept.iter().map(|s| s.signal.email.as_str()))),
            Cow::Owned(distinct(kept.iter().map(|s| s.signal.partner.as_str()))),
            Cow::Owned(
                kept.iter()
                    .map(|s| crate::signal::signal_ref(&s.signal.partner, &s.signal.signal_id))
                    .collect::<Vec<_>>()
                    .join(" | "),
            ),
            Cow::Owned(
                kept.iter()
                    .map(|s| {
                        format!(
                            "{} {}",
                            s.signal.partner,
                            format_euro(s.signal.amount_cents)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
            ),
            Cow::Owned(format_euro(crate::fields::amount::total_cents(
                kept.iter().map(|s| s.signal.amount_cents),
            ))),
            opt_cell(d.facts.minors),
            opt_cell(d.facts.age),
            Cow::Owned(
                self.household
                    .recidive_months
                    .iter()
                    .map(|m| m.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ];
        match self.officer {
            Some(kept) => cells.extend(kept.iter().map(|c| Cow::Borrowed(c.as_str()))),
            None => cells.extend(std::iter::repeat_n(Cow::Borrowed(""), OFFICER_COLUMNS)),
        }
        cells
    }
}

/// One work list: a queue's, or a team's of a queue split by area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkList {
    pub queue: usize,
    /// Its name and file name (`huisbezoek`, `huisbezoek-noord`).
    pub name: String,
    /// The area, for a team's list.
    pub team: Option<String>,
}

/// The work lists of a month, in rulebook order; a queue split by area has
/// one list per team with households, by name.
pub fn lists(rb: &Rulebook, p: &Prioritised) -> Vec<WorkList> {
    let mut out = Vec::new();
    for (qi, q) in rb.queues.iter().enumerate() {
        if !q.split_by_wijk {
            out.push(WorkList {
                queue: qi,
                name: q.name.clone(),
                team: None,
            });
            continue;
        }
        let teams: BTreeMap<String, Option<String>> = p
            .households
            .iter()
            .filter(|h| {
                h.placement
                    .as_ref()
                    .is_some_and(|pl| pl.queue == qi || h.also.contains(&qi))
            })
            .map(|h| {
                let team = q.team(&h.facts.wijk).map(String::from);
                (q.list_name(&h.facts.wijk), team)
            })
            .collect();
        out.extend(teams.into_iter().map(|(name, team)| WorkList {
            queue: qi,
            name,
            team,
        }));
    }
    out
}

/// The households on one list: placed there (in rank order), then those
/// with it as an extra channel (by id).
pub fn members(
    rb: &Rulebook,
    p: &Prioritised,
    queue: usize,
    list: &str,
    earlier: &EarlierLists,
) -> Vec<(usize, bool)> {
    let q = &rb.queues[queue];
    let on_list = |i: usize| q.list_name(&p.households[i].facts.wijk) == list;
    let keyed = |i: usize| {
        let h = &p.households[i];
        h.placement.as_ref().map(|pl| (pl, &h.facts))
    };
    // Rows an earlier run of the month wrote keep their place, first;
    // new households follow in rank order. The places are looked up once,
    // not per comparison.
    let place = |i: usize| {
        let pl = p.households[i].placement.as_ref()?;
        earlier
            .placed
            .get(&pl.id)
            .filter(|(l, _)| l == list)
            .map(|(_, at)| *at)
    };
    let mut main: Vec<(Option<usize>, usize)> = (0..p.households.len())
        .filter(|&i| {
            p.households[i]
                .placement
                .as_ref()
                .is_some_and(|pl| pl.queue == queue)
                && on_list(i)
        })
        .map(|i| (place(i), i))
        .collect();
    main.sort_by(|&(pa, a), &(pb, b)| match (pa, pb) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => match (keyed(a), keyed(b)) {
            (Some(x), Some(y)) => super::route::rank(rb.rank_of(queue), x, y),
            _ => a.cmp(&b),
        },
    });
    let extra = (0..p.households.len()).filter(|&i| {
        p.households[i].placement.is_some() && p.households[i].also.contains(&queue) && on_list(i)
    });
    main.into_iter()
        .map(|(_, i)| (i, false))
        .chain(extra.map(|i| (i, true)))
        .collect()
}

pub const DECISION_COLUMNS: &[&str] = &[
    "signaal_id",
    "partner",
    "huishouden",
    "besluit",
    "reden",
    "werklijst",
    "ook",
    "regel",
    "overloop",
    "contact_terugval",
    "aangevuld_uit",
    "deadline",
    "feiten",
    "datum_ontvangst",
    "bronbestand",
    "bronregel",
    "bekend_shv",
    "wijk",
];

struct DecisionRow<'a> {
    rb: &'a Rulebook,
    signal: &'a MatchedSignal,
    decision: &'a super::SignalDecision,
    household: Option<&'a HouseholdDecision>,
}

impl Cells for DecisionRow<'_> {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        let s = &self.signal.signal;
        let placed = match self.decision.outcome {
            Outcome::Queued => self
                .household
                .and_then(|h| h.placement.as_ref().map(|p| (h, p))),
            _ => None,
        };
        let (besluit, reden) = match self.decision.outcome {
            Outcome::Queued => ("werklijst", ""),
            Outcome::Review => ("controleren", "brp_controleren"),
            Outcome::Out(r) => ("niet_opgepakt", r),
        };
        let q = |i: usize| self.rb.queues[i].name.as_str();
        vec![
            Cow::Borrowed(s.signal_id.as_str()),
            Cow::Borrowed(s.partner.as_str()),
            Cow::Borrowed(self.signal.facts.household.as_str()),
            Cow::Borrowed(besluit),
            Cow::Borrowed(reden),
            Cow::Owned(placed.map_or_else(String::new, |(h, p)| {
                self.rb.queues[p.queue].list_name(&h.facts.wijk)
            })),
            Cow::Owned(placed.map_or_else(String::new, |(h, _)| {
                h.also.iter().map(|&a| q(a)).collect::<Vec<_>>().join("|")
            })),
            Cow::Borrowed(placed.map_or("", |(_, p)| self.rb.rules[p.rule].id.as_str())),
            Cow::Owned(placed.map_or_else(String::new, |(_, p)| overflow_path(self.rb, p))),
            Cow::Borrowed(if placed.is_some_and(|(_, p)| p.contact_fallback) {
                "ja"
            } else {
                ""
            }),
            Cow::Borrowed(placed.and_then(|(_, p)| p.backfilled_from).map_or("", q)),
            opt_cell(placed.and_then(|(h, _)| h.due)),
            Cow::Borrowed(self.decision.detail.as_str()),
            Cow::Owned(s.received.to_string()),
            Cow::Borrowed(s.source_file.as_str()),
            Cow::Owned(s.source_line.to_string()),
            Cow::Borrowed(if self.signal.facts.bekend_shv {
                "ja"
            } else {
                "nee"
            }),
            Cow::Borrowed(self.signal.facts.wijk.as_str()),
        ]
    }
}

/// Where and how the month's lists are written.
pub struct ListsOut<'a> {
    pub month: Month,
    /// `<output>/<month>/`.
    pub dir: &'a Path,
    pub dialect: Dialect,
    /// The day of the run: a row added after its deadline says so.
    pub as_of: NaiveDate,
    /// The lists an earlier run of the month left, to keep.
    pub earlier: &'a EarlierLists,
}

/// Writes the work lists (keeping what an earlier run of the month put on
/// them, officer's cells and all) and `beslissingen.csv`.
/// `alongside` (the printable lists and letters, for a caller that writes
/// them with the lists) is written on the other core while the workbook is
/// built.
pub fn write<T: Send>(
    rb: &Rulebook,
    p: &Prioritised,
    signals: &[MatchedSignal],
    households: &[Household],
    to: &ListsOut<'_>,
    out: &mut PendingOutputs,
    alongside: impl FnOnce(&mut PendingOutputs) -> Result<T> + Send,
) -> Result<T> {
    let (month, dir, dialect) = (to.month, to.dir, to.dialect);
    let cols = worklist_columns();
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    let folder = dir.join("werklijsten");
    let lists = lists(rb, p);
    // A list this run does not write again goes (it would be read as this
    // month's); the officer's work on it must not.
    for file in all_worklist_files(dir)? {
        out.remove(&file);
    }
    // The printable lists of lists this run does not write again go too.
    if let Ok(entries) = std::fs::read_dir(&folder) {
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "html") {
                out.remove(&e.path());
            }
        }
    }
    // Each list's rows, with what an earlier run left of them, are made on
    // every core: a city's lists hold some 20,000.
    let made: Vec<(&str, Vec<(Line<'_>, RowKey)>)> = lists
        .par_iter()
        .map(|list| {
            let name = &list.name;
            let rows = members(rb, p, list.queue, name, to.earlier)
                .into_par_iter()
                .map(|(hi, extra)| {
                    let household = &households[p.households[hi].household];
                    let key: RowKey = row_key(
                        &case_id(month, &household.id),
                        if extra { "extra" } else { "hoofd" },
                        name,
                    );
                    let decision = &p.households[hi];
                    let late = to.earlier.late.get(&key).cloned().unwrap_or_else(|| {
                        if decision.due.is_some_and(|d| d < to.as_of) {
                            "ja".into()
                        } else {
                            "nee".into()
                        }
                    });
                    let placed_on = to
                        .earlier
                        .placed_on
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| to.as_of.to_string());
                    let officer = to.earlier.officer.get(&key).map(Vec::as_slice);
                    let line = Line {
                        rb,
                        month,
                        queue: list.queue,
                        list: name,
                        extra,
                        decision,
                        household,
                        signals,
                        late,
                        placed_on,
                        officer,
                    };
                    (line, key)
                })
                .collect();
            (name.as_str(), rows)
        })
        .collect();
    let mut sheets = Vec::with_capacity(made.len());
    let mut written: BTreeSet<RowKey> = BTreeSet::new();
    for (name, rows) in made {
        let (lines, keys): (Vec<Line<'_>>, Vec<RowKey>) = rows.into_iter().unzip();
        written.extend(keys);
        sheets.push((name, lines));
    }
    let lost: Vec<&RowKey> = to
        .earlier
        .officer
        .keys()
        .filter(|k| !written.contains(*k))
        .collect();
    if let Some((zaak, channel, list)) = lost.first() {
        let on = if list.is_empty() {
            String::new()
        } else {
            crate::tr!("worklist-on-list", list = list)
        };
        let more = if lost.len() > 1 {
            crate::tr!("worklist-and-more", more = lost.len() - 1)
        } else {
            String::new()
        };
        anyhow::bail!(
            "{}: {}",
            folder.display(),
            crate::tr!(
                "worklist-work-would-be-lost",
                case = zaak,
                channel = channel,
                on = on,
                more = more
            )
        );
    }
    // Each row's cells are made once, on both cores, for the workbook and
    // the CSV list alike.
    let sheets: Vec<(&str, Vec<Rendered<'_>>)> = sheets
        .iter()
        .map(|(name, lines)| {
            (
                *name,
                lines.par_iter().map(|l| Rendered(l.cells())).collect(),
            )
        })
        .collect();
    let book = folder.join(super::workbook::FILE);
    super::workbook::write(&book, month, &cols, &sheets, out, |out| {
        // The CSV lists too are written while the workbook is built.
        for (name, lines) in &sheets {
            out.table(&folder.join(format!("{name}.csv")), dialect, &cols, lines)?;
        }
        let mut of_signal = vec![None; signals.len()];
        for d in &p.households {
            for &i in &households[d.household].signals {
                of_signal[i] = Some(d);
            }
        }
        let rows = signals.iter().enumerate().map(|(i, s)| DecisionRow {
            rb,
            signal: s,
            decision: &p.signals[i],
            household: of_signal[i],
        });
        out.table(
            &dir.join("beslissingen.csv"),
            dialect,
            DECISION_COLUMNS,
            rows,
        )?;
        alongside(out)
    })
}

/// The case id of a household in a month, as the work lists carry it
/// (`2026-10/hh-…`): text that no spreadsheet turns into a date.
pub fn case_id(month: Month, household: &str) -> String {
    format!("{month}/{household}")
}

/// The work lists to read for a month: every `.csv` and `.xlsx` in
/// `werklijsten/` (not the lock files Excel leaves beside an open book),
/// but the workbook when nobody changed it since it was written (the CSV
/// lists hold the same).
pub fn worklist_files(month_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = all_worklist_files(month_dir)?;
    let folder = month_dir.join("werklijsten");
    if super::workbook::unchanged_since_written(&folder) {
        files.retain(|f| f.file_name() != Some(std::ffi::OsStr::new(super::workbook::FILE)));
    }
    Ok(files)
}

/// Every work-list file of a month, changed or not.
pub fn all_worklist_files(month_dir: &Path) -> Result<Vec<PathBuf>> {
    let dir = month_dir.join("werklijsten");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| crate::csvio::cannot_read(&dir.display(), &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            (p.extension().is_some_and(|e| e == "csv") || sheets::is_workbook(p))
                && !p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with('.') || n.starts_with("~$")
                })
        })
        .collect();
    files.sort();
    Ok(files)
}
