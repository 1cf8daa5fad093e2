//! Printable day lists: `werklijsten/<list>.html`, one compact table per
//! list for a round of home visits or calls, ordered by deadline then
//! area, with the columns an officer needs on paper and empty boxes to
//! write in. Landscape A4, the header repeated on every page.

use super::Prioritised;
use super::worklists::{ListsOut, lists, members};
use crate::csvio::PendingOutputs;
use crate::matching::{Household, MatchedSignal};
use crate::month::Month;
use crate::rulebook::Rulebook;
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::collections::BTreeSet;

const TEMPLATE: &str = r#"<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Werklijst {{ lijst }} {{ maand }}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9pt; }
  h1 { font-size: 12pt; margin: 0 0 2mm 0; }
  p.kop { margin: 0 0 3mm 0; color: #333; }
  table { border-collapse: collapse; width: 100%; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  th, td { border: 0.5pt solid #555; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }
  th { background: #e8e8e8; }
  td.vak { width: 28mm; }
  .laat { font-weight: bold; }
</style>
</head>
<body>
<h1>Werklijst {{ lijst }} ({{ contact }}), {{ maand }}</h1>
<p class="kop">{{ rijen | length }} huishoudens, op volgorde van deadline en wijk; stand {{ datum }}</p>
<table>
<thead><tr><th>deadline</th><th>wijk</th><th>naam</th><th>adres</th><th>telefoon</th><th>partners</th><th>zaak</th><th>poging 1</th><th>poging 2</th><th>resultaat</th></tr></thead>
<tbody>
{% for r in rijen %}<tr><td{% if r.te_laat %} class="laat"{% endif %}>{{ r.deadline }}{% if r.te_laat %} (te laat){% endif %}</td><td>{{ r.wijk }}</td><td>{{ r.namen }}</td><td>{{ r.adres }}</td><td>{{ r.telefoon }}</td><td>{{ r.partners }}</td><td>{{ r.zaak }}</td><td class="vak"></td><td class="vak"></td><td class="vak"></td></tr>
{% endfor %}</tbody>
</table>
</body>
</html>
"#;

#[derive(Debug, Serialize)]
struct Row {
    deadline: String,
    te_laat: bool,
    wijk: String,
    namen: String,
    adres: String,
    telefoon: String,
    partners: String,
    zaak: String,
    /// For the order: the deadline as a date.
    #[serde(skip)]
    due: Option<chrono::NaiveDate>,
}

/// Writes `werklijsten/<list>.html` for every list (the CSV and workbook
/// stay the officer's to fill in; this is for paper).
pub fn write(
    rb: &Rulebook,
    p: &Prioritised,
    signals: &[MatchedSignal],
    households: &[Household],
    to: &ListsOut<'_>,
    out: &mut PendingOutputs,
) -> Result<()> {
    let (month, dir, as_of) = (to.month, to.dir, to.as_of);
    let mut env = minijinja::Environment::new();
    env.add_template("lijst.html", TEMPLATE)
        .map_err(|e| anyhow!("the day-list template: {e}"))?;
    let template = env
        .get_template("lijst.html")
        .map_err(|e| anyhow!("the day-list template: {e}"))?;
    let folder = dir.join("werklijsten");
    for list in lists(rb, p) {
        let mut rows: Vec<Row> = members(rb, p, list.queue, &list.name, &Default::default())
            .into_iter()
            .filter(|(_, extra)| !extra)
            .map(|(hi, _)| row(p, hi, signals, households, month, as_of))
            .collect();
        rows.sort_by(|a, b| (a.due, &a.wijk, &a.zaak).cmp(&(b.due, &b.wijk, &b.zaak)));
        let context = minijinja::context! {
            rijen => &rows,
            lijst => &list.name,
            contact => rb.queues[list.queue].contact.as_str(),
            maand => month.to_string(),
            datum => crate::fields::date::dutch_date(as_of),
        };
        out.write_with(&folder.join(format!("{}.html", list.name)), |w| {
            template
                .render_captured_to(context, w)
                .map_err(|e| anyhow!("the day-list template: {e}"))?;
            Ok(())
        })?;
    }
    Ok(())
}

fn row(
    p: &Prioritised,
    hi: usize,
    signals: &[MatchedSignal],
    households: &[Household],
    month: Month,
    as_of: chrono::NaiveDate,
) -> Row {
    let d = &p.households[hi];
    let kept: Vec<&MatchedSignal> = d.kept.iter().map(|&k| &signals[k]).collect();
    let (street, number, letter, addition, postcode, city) =
        kept.first().map(|s| s.address()).unwrap_or_default();
    let distinct = |f: &dyn Fn(&MatchedSignal) -> String| {
        kept.iter()
            .map(|s| f(s))
            .filter(|v| !v.is_empty())
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect::<Vec<_>>()
            .join(", ")
    };
    Row {
        deadline: d
            .due
            .map_or_else(String::new, |x| x.format("%d-%m-%Y").to_string()),
        te_laat: d.due.is_some_and(|x| x < as_of),
        wijk: d.facts.wijk.clone(),
        namen: distinct(&|s| {
            [
                s.signal.initials.as_str(),
                s.signal.prefix.as_str(),
                s.signal.surname.as_str(),
            ]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
        }),
        adres: format!(
            "{street} {}{letter}{}, {postcode} {city}",
            number.map_or_else(String::new, |n| n.to_string()),
            if addition.is_empty() {
                String::new()
            } else {
                format!("-{addition}")
            }
        ),
        telefoon: distinct(&|s| s.signal.phone.clone()),
        partners: distinct(&|s| s.signal.partner.clone()),
        zaak: super::worklists::case_id(month, &households[d.household].id),
        due: d.due,
    }
}
