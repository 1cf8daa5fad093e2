//! The monthly figures policy staff ask for, computed once: the HTML
//! report, the terminal tables and the JSON all show this one [`Report`].

use super::MonthData;
use crate::brp::Verdict;
use crate::brp::reason;
use crate::csvio::{Col, TableReader, table_columns};
use crate::feedback::term_end;
use crate::history::Recorded;
use crate::matching::households;
use crate::month::Month;
use crate::prioritise::Outcome;
use crate::rulebook::Rulebook;
use crate::vocab::case::Sent;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Serialize)]
pub struct Report {
    pub month: String,
    pub municipality: String,
    pub inhabitants: u32,
    pub as_of: NaiveDate,
    pub trend: Trend,
    pub households: Households,
    pub brp: BrpFigures,
    /// Signals not picked up, by reason; signals waiting for the BRP
    /// review as `brp_controleren`.
    pub screening: BTreeMap<String, u64>,
    pub queues: Vec<QueueFigure>,
    /// Per area (with an area table): signals, and households on a work
    /// list.
    pub areas: Vec<AreaFigure>,
    pub attempts: Vec<AttemptFigure>,
    /// Cases per behandelaar (as written in the work lists).
    pub handlers: Vec<HandlerFigure>,
    pub end_results: BTreeMap<String, u64>,
    pub feedback: FeedbackFigures,
    /// Queue counts under another rulebook (`report --compare`).
    pub comparison: Option<Vec<ComparedQueue>>,
}

/// The months the history store holds up to the report's month.
#[derive(Debug, Default, Serialize)]
pub struct Trend {
    pub months: Vec<String>,
    pub signals: Vec<u64>,
    /// Signals per 1,000 inhabitants.
    pub per_1000: Vec<f64>,
    pub households: Vec<u64>,
    pub meervoudig: Vec<u64>,
    pub by_partner: BTreeMap<String, Vec<u64>>,
    pub by_partner_type: BTreeMap<String, Vec<u64>>,
}

#[derive(Debug, Serialize)]
pub struct Households {
    pub total: u64,
    pub enkelvoudig: u64,
    pub meervoudig: u64,
    pub recidive: u64,
    /// Cases (households with picked-up signals) whose picked-up signals
    /// came from two partners or more: the meervoudige zaken of the DDAS
    /// delivery. A screened-out signal is not part of its household's case.
    pub meervoudige_zaken: u64,
    pub enkelvoudig_pct: f64,
    pub meervoudig_pct: f64,
    pub recidive_pct: f64,
}

#[derive(Debug, Serialize)]
pub struct BrpFigures {
    pub gevonden: u64,
    pub controleren: u64,
    pub niet_ingeschreven: u64,
    pub overleden: u64,
    /// Signals that went to the review list (decided since, or still open).
    pub reviewed: u64,
    /// Of those, the ones an officer tied to a resident.
    pub reviewed_residents: u64,
}

#[derive(Debug, Serialize)]
pub struct QueueFigure {
    pub queue: String,
    pub capacity: Option<u32>,
    pub households: u64,
    /// Households headed here that went on because it was full.
    pub overflow_out: u64,
    /// Households on the list as an extra channel.
    pub extra: u64,
}

#[derive(Debug, Serialize)]
pub struct AreaFigure {
    pub wijk: String,
    pub signals: u64,
    pub households_on_lists: u64,
}

#[derive(Debug, Serialize)]
pub struct HandlerFigure {
    pub behandelaar: String,
    pub cases: u64,
    pub with_result: u64,
    /// BRP review decisions taken in the month.
    pub review_decisions: u64,
}

#[derive(Debug, Serialize)]
pub struct AttemptFigure {
    pub kind: String,
    pub attempts: u64,
    pub reached: u64,
    pub reached_pct: f64,
}

#[derive(Debug, Serialize)]
pub struct FeedbackFigures {
    /// Codes sent for the month's signals.
    pub sent: u64,
    /// Codes sent for rows ingest rejected (not signals).
    pub sent_rejected_rows: u64,
    /// Signals first answered after their term.
    pub late: u64,
    /// Codes that corrected one sent before.
    pub corrected: u64,
    /// Per partner: codes sent, of which late, and corrections.
    pub by_partner: BTreeMap<String, PartnerFeedbackFigure>,
    pub by_code: BTreeMap<String, u64>,
    pub open: u64,
    /// Open signals whose term has passed.
    pub overdue: u64,
    /// Open signals by the day their term ends.
    pub open_by_due: BTreeMap<NaiveDate, u64>,
}

#[derive(Debug, Default, Serialize)]
pub struct PartnerFeedbackFigure {
    pub sent: u64,
    pub late: u64,
    pub corrected: u64,
}

#[derive(Debug, Serialize)]
pub struct ComparedQueue {
    pub queue: String,
    pub old: u64,
    pub new: u64,
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// Signals per month, partner and type, from the history store.
pub fn trend(history: &[Recorded], inhabitants: u32) -> Trend {
    let months: BTreeSet<Month> = history.iter().map(|r| r.month).collect();
    let months: Vec<Month> = months.into_iter().collect();
    let mut t = Trend {
        months: months.iter().map(Month::to_string).collect(),
        ..Trend::default()
    };
    let partners: BTreeSet<&str> = history.iter().map(|r| r.partner.as_str()).collect();
    let types: BTreeSet<&str> = history.iter().map(|r| r.partner_type.as_str()).collect();
    for m in &months {
        let of_month: Vec<&Recorded> = history.iter().filter(|r| r.month == *m).collect();
        let n = of_month.len() as u64;
        t.signals.push(n);
        t.per_1000.push(if inhabitants == 0 {
            0.0
        } else {
            (n as f64 * 1000.0 / f64::from(inhabitants) * 100.0).round() / 100.0
        });
        let mut partners_of: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
        for r in &of_month {
            partners_of
                .entry(r.household.as_str())
                .or_default()
                .insert(r.partner.as_str());
        }
        t.households.push(partners_of.len() as u64);
        t.meervoudig
            .push(partners_of.values().filter(|p| p.len() > 1).count() as u64);
        for p in &partners {
            t.by_partner
                .entry(p.to_string())
                .or_default()
                .push(of_month.iter().filter(|r| r.partner == *p).count() as u64);
        }
        for ty in &types {
            t.by_partner_type
                .entry(ty.to_string())
                .or_default()
                .push(of_month.iter().filter(|r| r.partner_type == *ty).count() as u64);
        }
    }
    t
}

/// A row of `beslissingen.csv` as the queue figures need it.
struct Placed {
    household: String,
    /// Its work list (a team's, for a queue split by area).
    queue: String,
    also: Vec<String>,
    /// The queues it passed on overflow.
    path: Vec<String>,
    wijk: String,
}

impl Placed {
    /// Whether it was headed for `list` and went on because it was full.
    fn overflowed_from(&self, list: &str) -> bool {
        self.queue != list
            && self.path.iter().any(|q| {
                q == list
                    || list
                        .strip_prefix(q.as_str())
                        .and_then(|t| t.strip_prefix('-'))
                        .is_some_and(|team| crate::rulebook::slug(&self.wijk) == team)
            })
    }
}

table_columns!(
    /// The columns of `beslissingen.csv` the report reads.
    PlacementCols { huishouden, besluit, werklijst, ook, overloop, wijk }
);

fn placements(decisions: &Path) -> Result<Vec<Placed>> {
    let mut table = TableReader::open(
        decisions,
        &["huishouden", "besluit", "werklijst", "ook", "overloop"],
    )?;
    let c = PlacementCols::bind(&table);
    let mut out = Vec::new();
    while let Some(row) = table.next_row()? {
        if row.get(c.besluit) != "werklijst" {
            continue;
        }
        let split = |col: Col, sep: &str| -> Vec<String> {
            row.get(col)
                .split(sep)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        out.push(Placed {
            household: row.get(c.huishouden).to_string(),
            queue: row.get(c.werklijst).to_string(),
            also: split(c.ook, "|"),
            path: split(c.overloop, ">"),
            wijk: row.get(c.wijk).to_string(),
        });
    }
    Ok(out)
}

/// Everything the report shows for a month.
pub struct Inputs<'a> {
    pub data: &'a MonthData,
    pub month_dir: &'a Path,
    pub history: &'a [Recorded],
    pub rulebook: Option<&'a Rulebook>,
    pub municipality: &'a str,
    pub inhabitants: u32,
    pub term_days: u32,
    pub as_of: NaiveDate,
    pub comparison: Option<Vec<ComparedQueue>>,
    /// BRP review decisions of the month per behandelaar.
    pub review_handlers: BTreeMap<String, u64>,
}

/// Cases, end results and BRP review decisions per behandelaar; what
/// nobody signed is counted under `(niemand)`.
fn handler_figures(d: &MonthData, reviews: &BTreeMap<String, u64>) -> Vec<HandlerFigure> {
    let mut by: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
    for c in &d.cases {
        let name = if c.handler.is_empty() {
            "(niemand)"
        } else {
            c.handler.as_str()
        };
        let e = by.entry(name).or_default();
        e.0 += 1;
        e.1 += u64::from(c.ending.is_some());
    }
    for (name, n) in reviews {
        by.entry(name.as_str()).or_default().2 += n;
    }
    by.into_iter()
        .map(
            |(name, (cases, with_result, review_decisions))| HandlerFigure {
                behandelaar: name.to_string(),
                cases,
                with_result,
                review_decisions,
            },
        )
        .collect()
}

/// Signals and households on a work list per area; none without an area
/// table.
fn area_figures(d: &MonthData) -> Vec<AreaFigure> {
    let mut by_area: BTreeMap<&str, (u64, BTreeSet<&str>)> = BTreeMap::new();
    for (s, st) in d.signals.iter().zip(&d.statuses) {
        if s.facts.wijk.is_empty() {
            continue;
        }
        let e = by_area.entry(s.facts.wijk.as_str()).or_default();
        e.0 += 1;
        if st.outcome == Outcome::Queued {
            e.1.insert(st.household.as_str());
        }
    }
    by_area
        .into_iter()
        .map(|(wijk, (signals, households))| AreaFigure {
            wijk: wijk.to_string(),
            signals,
            households_on_lists: households.len() as u64,
        })
        .collect()
}

/// Cases whose picked-up signals came from two partners or more.
fn meervoudige_zaken(d: &MonthData) -> u64 {
    let mut partners: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for s in d.statuses.iter().filter(|s| s.outcome == Outcome::Queued) {
        partners
            .entry(s.household.as_str())
            .or_default()
            .insert(s.partner.as_str());
    }
    partners.values().filter(|p| p.len() > 1).count() as u64
}

pub fn build(i: Inputs<'_>) -> Result<Report> {
    let d = i.data;
    let hh = households(&d.signals);
    let total = hh.len() as u64;
    let meervoudig = hh.iter().filter(|h| h.meervoudig()).count() as u64;
    let recidive = hh.iter().filter(|h| h.recidive()).count() as u64;
    let verdicts = |v: Verdict| d.signals.iter().filter(|s| s.brp.verdict == v).count() as u64;
    let decided = [
        reason::DECIDED,
        reason::DECIDED_EARLIER,
        reason::DECIDED_NONE,
        reason::DECIDED_BSN_MISSING,
    ];
    let brp = BrpFigures {
        gevonden: verdicts(Verdict::Gevonden),
        controleren: verdicts(Verdict::Controleren),
        niet_ingeschreven: verdicts(Verdict::NietIngeschreven),
        overleden: verdicts(Verdict::Overleden),
        reviewed: d
            .signals
            .iter()
            .filter(|s| {
                s.brp.verdict == Verdict::Controleren || decided.contains(&s.brp.reason.as_str())
            })
            .count() as u64,
        reviewed_residents: d
            .signals
            .iter()
            .filter(|s| [reason::DECIDED, reason::DECIDED_EARLIER].contains(&s.brp.reason.as_str()))
            .count() as u64,
    };
    let mut screening = BTreeMap::new();
    for s in &d.statuses {
        match s.outcome {
            Outcome::Out(r) => *screening.entry(r.to_string()).or_default() += 1,
            Outcome::Review => *screening.entry("brp_controleren".to_string()).or_default() += 1,
            Outcome::Queued => {}
        }
    }
    let placed = placements(&i.month_dir.join("beslissingen.csv"))?;
    // A queue split by area shows as its teams' lists.
    let mut queue_names: Vec<(String, Option<u32>)> = match i.rulebook {
        Some(rb) => rb
            .queues
            .iter()
            .filter(|q| !q.split_by_wijk)
            .map(|q| (q.name.clone(), q.capacity))
            .collect(),
        None => Vec::new(),
    };
    let mut team_lists: Vec<&str> = placed.iter().map(|p| p.queue.as_str()).collect();
    team_lists.sort();
    team_lists.dedup();
    for list in team_lists {
        if !queue_names.iter().any(|(q, _)| q == list) {
            let capacity = i.rulebook.and_then(|rb| rb.capacity_of_list(list));
            queue_names.push((list.to_string(), capacity));
        }
    }
    let distinct = |f: &dyn Fn(&Placed) -> bool| {
        placed
            .iter()
            .filter(|p| f(p))
            .map(|p| p.household.as_str())
            .collect::<BTreeSet<_>>()
            .len() as u64
    };
    let areas = area_figures(d);
    let queues = queue_names
        .into_iter()
        .map(|(q, capacity)| QueueFigure {
            households: distinct(&|p| p.queue == q),
            overflow_out: distinct(&|p| p.overflowed_from(&q)),
            extra: distinct(&|p| p.also.contains(&q)),
            queue: q,
            capacity,
        })
        .collect();
    let mut by_kind: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for a in d.cases.iter().flat_map(|c| &c.attempts) {
        let e = by_kind.entry(a.kind.as_str()).or_default();
        e.0 += 1;
        e.1 += u64::from(a.reached);
    }
    let attempts = by_kind
        .into_iter()
        .map(|(kind, (n, reached))| AttemptFigure {
            kind: kind.to_string(),
            attempts: n,
            reached,
            reached_pct: pct(reached, n),
        })
        .collect();
    // As the delivery gives them: a household known to debt help whose
    // term passed without a result closed as "bekend bij SHV".
    let sent = d.sent_by_signal();
    let results = super::ddas::case_results(d, &sent);
    let mut end_results = BTreeMap::new();
    for r in results.values().flatten() {
        *end_results.entry(r.as_str().to_string()).or_default() += 1;
    }
    let meervoudige_zaken = meervoudige_zaken(d);
    let received: HashMap<(&str, &str), NaiveDate> = d
        .statuses
        .iter()
        .map(|s| ((s.partner.as_str(), s.signal_id.as_str()), s.received))
        .collect();
    let (for_rows, for_signals): (Vec<&Sent>, Vec<&Sent>) = d
        .sent
        .iter()
        .partition(|s| s.due.ground == crate::vocab::case::Ground::Rejected);
    let mut by_partner: BTreeMap<String, PartnerFeedbackFigure> = BTreeMap::new();
    for s in &for_signals {
        let p = by_partner.entry(s.due.partner.clone()).or_default();
        p.sent += 1;
        p.corrected += u64::from(s.corrects.is_some());
        p.late += u64::from(
            received
                .get(&(s.due.partner.as_str(), s.due.signal_id.as_str()))
                .is_some_and(|r| crate::feedback::is_late(s, *r, i.term_days)),
        );
    }
    let mut by_code = BTreeMap::new();
    for s in &for_signals {
        *by_code.entry(s.due.code.to_string()).or_default() += 1;
    }
    let mut open_by_due = BTreeMap::new();
    for s in d
        .statuses
        .iter()
        .filter(|s| !sent.contains_key(&(s.partner.as_str(), s.signal_id.as_str())))
    {
        *open_by_due
            .entry(term_end(s.received, i.term_days))
            .or_default() += 1;
    }
    let open = open_by_due.values().sum();
    let overdue = open_by_due
        .iter()
        .filter(|(due, _)| **due < i.as_of)
        .map(|(_, n)| n)
        .sum();
    Ok(Report {
        month: d.month.to_string(),
        municipality: i.municipality.to_string(),
        inhabitants: i.inhabitants,
        as_of: i.as_of,
        trend: trend(i.history, i.inhabitants),
        households: Households {
            total,
            enkelvoudig: total - meervoudig,
            meervoudig,
            recidive,
            meervoudige_zaken,
            enkelvoudig_pct: pct(total - meervoudig, total),
            meervoudig_pct: pct(meervoudig, total),
            recidive_pct: pct(recidive, total),
        },
        brp,
        screening,
        queues,
        areas,
        handlers: handler_figures(d, &i.review_handlers),
        attempts,
        end_results,
        feedback: FeedbackFigures {
            sent: for_signals.len() as u64,
            sent_rejected_rows: for_rows.len() as u64,
            late: by_partner.values().map(|p| p.late).sum(),
            corrected: by_partner.values().map(|p| p.corrected).sum(),
            by_partner,
            by_code,
            open,
            overdue,
            open_by_due,
        },
        comparison: i.comparison,
    })
}

/// How a section is drawn.
pub enum Chart {
    /// Horizontal bars: label, value, and an optional capacity mark.
    Bars(Vec<(String, f64, Option<f64>)>),
    /// Vertical bars per label (month or queue), one colour per series,
    /// stacked or side by side.
    Columns {
        labels: Vec<String>,
        series: Vec<(String, Vec<f64>)>,
        stacked: bool,
    },
}

/// A table of the report with the chart of the same numbers.
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub note: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub chart: Option<Chart>,
}

fn n(v: u64) -> String {
    crate::present::whole(v)
}

/// A screening reason in words, after the DDAS wording of the status it
/// gives (what the partner hears follows from it).
pub fn reason_label(code: &str) -> &'static str {
    match code {
        "geen_inwoner" => "Persoon is geen inwoner (meer) in de gemeente",
        "rechtspersoon" => "Niet opgepakt: onterecht signaal (rechtspersoon)",
        "overleden" => "Inwoner is overleden",
        "geen_bemoeienis" => "Niet opgepakt: andere reden (wil geen bemoeienis)",
        "bekend_shv" => "Inwoner al bekend bij schuldhulpverlening",
        "onder_drempel" => "Niet opgepakt: onterecht signaal (onder de drempel)",
        "herhaalde_melding" => "Niet opgepakt: herhaalde melding",
        "sleper" => "Niet opgepakt: andere reden (sleper)",
        "andere_reden" => "Niet opgepakt: andere reden",
        "geen_regel" => "Niet opgepakt: andere reden (geen regel van toepassing)",
        "brp_controleren" => "Nog niet opgepakt (wacht op de BRP-controle)",
        _ => "onbekende reden",
    }
}

fn counts_section(
    id: &'static str,
    title: &'static str,
    what: &str,
    counts: &BTreeMap<String, u64>,
) -> Section {
    Section {
        id,
        title,
        note: String::new(),
        header: vec![what.to_string(), "aantal".into()],
        rows: counts.iter().map(|(k, v)| vec![k.clone(), n(*v)]).collect(),
        chart: Some(Chart::Bars(
            counts
                .iter()
                .map(|(k, v)| (k.clone(), *v as f64, None))
                .collect(),
        )),
    }
}

fn by_month(
    id: &'static str,
    title: &'static str,
    t: &Trend,
    series: &BTreeMap<String, Vec<u64>>,
) -> Section {
    let mut header = vec!["maand".to_string()];
    header.extend(series.keys().cloned());
    header.push("totaal".into());
    Section {
        id,
        title,
        note: String::new(),
        header,
        rows: t
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut row = vec![m.clone()];
                row.extend(series.values().map(|v| n(v[i])));
                row.push(n(t.signals[i]));
                row
            })
            .collect(),
        chart: Some(Chart::Columns {
            labels: t.months.clone(),
            series: series
                .iter()
                .map(|(k, v)| (k.clone(), v.iter().map(|&x| x as f64).collect()))
                .collect(),
            stacked: true,
        }),
    }
}

impl Report {
    /// The report's sections, in order; the HTML and the terminal show
    /// these tables.
    pub fn sections(&self) -> Vec<Section> {
        let t = &self.trend;
        let h = &self.households;
        let b = &self.brp;
        let f = &self.feedback;
        let mut s = vec![
            by_month("per-partner", "Signalen per partner", t, &t.by_partner),
            by_month(
                "per-partnertype",
                "Signalen per partnertype",
                t,
                &t.by_partner_type,
            ),
            Section {
                id: "per-1000",
                title: "Signalen per 1.000 inwoners",
                note: format!("{} inwoners", n(u64::from(self.inhabitants))),
                header: vec![
                    "maand".into(),
                    "signalen".into(),
                    "per 1.000 inwoners".into(),
                    "huishoudens".into(),
                    "meervoudig".into(),
                ],
                rows: t
                    .months
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        vec![
                            m.clone(),
                            n(t.signals[i]),
                            crate::present::decimal(t.per_1000[i], 2),
                            n(t.households[i]),
                            n(t.meervoudig[i]),
                        ]
                    })
                    .collect(),
                chart: Some(Chart::Bars(
                    t.months
                        .iter()
                        .zip(&t.per_1000)
                        .map(|(m, v)| (m.clone(), *v, None))
                        .collect(),
                )),
            },
            Section {
                id: "huishoudens",
                title: "Huishoudens: enkelvoudig, meervoudig, recidive",
                note: format!("{} huishoudens in {}", n(h.total), self.month),
                header: vec!["".into(), "huishoudens".into(), "aandeel %".into()],
                rows: vec![
                    vec![
                        "enkelvoudig".into(),
                        n(h.enkelvoudig),
                        crate::present::decimal(h.enkelvoudig_pct, 1),
                    ],
                    vec![
                        "meervoudig".into(),
                        n(h.meervoudig),
                        crate::present::decimal(h.meervoudig_pct, 1),
                    ],
                    vec![
                        "recidive".into(),
                        n(h.recidive),
                        crate::present::decimal(h.recidive_pct, 1),
                    ],
                    vec![
                        "meervoudige zaak (DDAS: opgepakt bij twee of meer partners)".into(),
                        n(h.meervoudige_zaken),
                        String::new(),
                    ],
                ],
                chart: Some(Chart::Bars(vec![
                    ("enkelvoudig".into(), h.enkelvoudig as f64, None),
                    ("meervoudig".into(), h.meervoudig as f64, None),
                    ("recidive".into(), h.recidive as f64, None),
                ])),
            },
            Section {
                id: "brp",
                title: "BRP-controle",
                note: format!(
                    "{} signalen naar de controlelijst, waarvan {} inwoner bleken",
                    n(b.reviewed),
                    n(b.reviewed_residents)
                ),
                header: vec!["oordeel".into(), "signalen".into()],
                rows: vec![
                    vec!["gevonden".into(), n(b.gevonden)],
                    vec!["controleren".into(), n(b.controleren)],
                    vec!["niet ingeschreven".into(), n(b.niet_ingeschreven)],
                    vec!["overleden".into(), n(b.overleden)],
                    vec!["naar controlelijst".into(), n(b.reviewed)],
                    vec!["waarvan inwoner".into(), n(b.reviewed_residents)],
                ],
                chart: Some(Chart::Bars(vec![
                    ("gevonden".into(), b.gevonden as f64, None),
                    ("controleren".into(), b.controleren as f64, None),
                    ("niet ingeschreven".into(), b.niet_ingeschreven as f64, None),
                    ("overleden".into(), b.overleden as f64, None),
                ])),
            },
            Section {
                id: "screening",
                title: "Niet opgepakt, per reden",
                note: "de reden in de woorden van de DDAS, met de code van het programma".into(),
                header: vec!["reden".into(), "code".into(), "aantal".into()],
                rows: self
                    .screening
                    .iter()
                    .map(|(code, v)| vec![reason_label(code).to_string(), code.clone(), n(*v)])
                    .collect(),
                chart: Some(Chart::Bars(
                    self.screening
                        .iter()
                        .map(|(code, v)| (reason_label(code).to_string(), *v as f64, None))
                        .collect(),
                )),
            },
            Section {
                id: "werklijsten",
                title: "Werklijsten tegen capaciteit",
                note: "de streep is de capaciteit".into(),
                header: vec![
                    "werklijst".into(),
                    "huishoudens".into(),
                    "capaciteit".into(),
                    "overloop".into(),
                    "extra".into(),
                ],
                rows: self
                    .queues
                    .iter()
                    .map(|q| {
                        vec![
                            q.queue.clone(),
                            n(q.households),
                            q.capacity.map_or_else(|| "-".into(), |c| c.to_string()),
                            n(q.overflow_out),
                            n(q.extra),
                        ]
                    })
                    .collect(),
                chart: Some(Chart::Bars(
                    self.queues
                        .iter()
                        .map(|q| {
                            (
                                q.queue.clone(),
                                q.households as f64,
                                q.capacity.map(f64::from),
                            )
                        })
                        .collect(),
                )),
            },
            Section {
                id: "wijken",
                title: "Per wijk",
                note: if self.areas.is_empty() {
                    "geen wijkindeling in de configuratie".into()
                } else {
                    "signalen en huishoudens op een werklijst, naar het adres".into()
                },
                header: vec![
                    "wijk".into(),
                    "signalen".into(),
                    "huishoudens op een werklijst".into(),
                ],
                rows: self
                    .areas
                    .iter()
                    .map(|a| vec![a.wijk.clone(), n(a.signals), n(a.households_on_lists)])
                    .collect(),
                chart: (!self.areas.is_empty()).then(|| {
                    Chart::Bars(
                        self.areas
                            .iter()
                            .map(|a| (a.wijk.clone(), a.households_on_lists as f64, None))
                            .collect(),
                    )
                }),
            },
            Section {
                id: "contactpogingen",
                title: "Contactpogingen en bereik per soort",
                note: String::new(),
                header: vec![
                    "soort".into(),
                    "pogingen".into(),
                    "bereikt".into(),
                    "bereikt %".into(),
                ],
                rows: self
                    .attempts
                    .iter()
                    .map(|a| {
                        vec![
                            a.kind.clone(),
                            n(a.attempts),
                            n(a.reached),
                            crate::present::decimal(a.reached_pct, 1),
                        ]
                    })
                    .collect(),
                chart: Some(Chart::Columns {
                    labels: self.attempts.iter().map(|a| a.kind.clone()).collect(),
                    series: vec![
                        (
                            "pogingen".into(),
                            self.attempts.iter().map(|a| a.attempts as f64).collect(),
                        ),
                        (
                            "bereikt".into(),
                            self.attempts.iter().map(|a| a.reached as f64).collect(),
                        ),
                    ],
                    stacked: false,
                }),
            },
            Section {
                id: "behandelaars",
                title: "Zaken en BRP-besluiten per behandelaar",
                note: "zoals in de werklijsten en de controlelijst ingevuld".into(),
                header: vec![
                    "behandelaar".into(),
                    "zaken".into(),
                    "met eindresultaat".into(),
                    "BRP-besluiten".into(),
                ],
                rows: self
                    .handlers
                    .iter()
                    .map(|h| {
                        vec![
                            h.behandelaar.clone(),
                            n(h.cases),
                            n(h.with_result),
                            n(h.review_decisions),
                        ]
                    })
                    .collect(),
                chart: None,
            },
            counts_section(
                "eindresultaten",
                "Eindresultaten",
                "eindresultaat",
                &self.end_results,
            ),
            Section {
                id: "termijn",
                title: "Terugkoppeling per partner: op tijd, te laat, correcties",
                note: format!(
                    "{} van {} signalen na de termijn beantwoord; {} correcties",
                    n(f.late),
                    n(f.sent),
                    n(f.corrected)
                ),
                header: vec![
                    "partner".into(),
                    "verzonden".into(),
                    "na de termijn".into(),
                    "correcties".into(),
                ],
                rows: f
                    .by_partner
                    .iter()
                    .map(|(p, v)| vec![p.clone(), n(v.sent), n(v.late), n(v.corrected)])
                    .collect(),
                chart: None,
            },
            Section {
                note: format!(
                    "{} verzonden, {} open, waarvan {} over de termijn; \
                     voor {} afgewezen regels: onterecht signaal",
                    f.sent, f.open, f.overdue, f.sent_rejected_rows
                ),
                ..counts_section(
                    "terugkoppeling",
                    "Terugkoppeling verzonden, per code",
                    "code",
                    &f.by_code,
                )
            },
            Section {
                id: "open",
                title: "Terugkoppeling nog open, per termijndatum",
                note: format!("stand op {}", self.as_of),
                header: vec!["uiterlijk".into(), "signalen".into()],
                rows: f
                    .open_by_due
                    .iter()
                    .map(|(d, v)| vec![d.to_string(), n(*v)])
                    .collect(),
                chart: None,
            },
        ];
        if let Some(c) = &self.comparison {
            s.push(Section {
                id: "vergelijking",
                title: "Proefberekening: oud en nieuw afwegingskader",
                note: "huishoudens per werklijst".into(),
                header: vec![
                    "werklijst".into(),
                    "oud".into(),
                    "nieuw".into(),
                    "verschil".into(),
                ],
                rows: c
                    .iter()
                    .map(|q| {
                        vec![
                            q.queue.clone(),
                            n(q.old),
                            n(q.new),
                            format!("{:+}", q.new as i64 - q.old as i64),
                        ]
                    })
                    .collect(),
                chart: Some(Chart::Columns {
                    labels: c.iter().map(|q| q.queue.clone()).collect(),
                    series: vec![
                        ("oud".into(), c.iter().map(|q| q.old as f64).collect()),
                        ("nieuw".into(), c.iter().map(|q| q.new as f64).collect()),
                    ],
                    stacked: false,
                }),
            });
        }
        s
    }
}
/// Households per queue under the old and the new rulebook.
pub fn compare_queues(
    old: &crate::rulebook::Rulebook,
    new: &crate::rulebook::Rulebook,
    data: &MonthData,
) -> Vec<ComparedQueue> {
    let households = crate::matching::households(&data.signals);
    // Per work list: a queue split by area counts per team.
    let count = |rb: &crate::rulebook::Rulebook| -> BTreeMap<String, u64> {
        let p = crate::prioritise::prioritise(rb, &data.signals, &households);
        let mut c = BTreeMap::new();
        for h in &p.households {
            if let Some(pl) = &h.placement {
                *c.entry(rb.queues[pl.queue].list_name(&h.facts.wijk))
                    .or_default() += 1;
            }
        }
        c
    };
    let (o, n) = (count(old), count(new));
    let mut names: Vec<String> = Vec::new();
    for q in new.queues.iter().chain(&old.queues) {
        if !q.split_by_wijk && !names.contains(&q.name) {
            names.push(q.name.clone());
        }
    }
    for list in n.keys().chain(o.keys()) {
        if !names.contains(list) {
            names.push(list.clone());
        }
    }
    names
        .into_iter()
        .map(|q| ComparedQueue {
            old: o.get(&q).copied().unwrap_or(0),
            new: n.get(&q).copied().unwrap_or(0),
            queue: q,
        })
        .collect()
}
