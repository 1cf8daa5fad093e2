//! The report as one self-contained HTML file: inline CSS and SVG, no
//! script and nothing fetched, so it opens from disk anywhere. Every chart
//! has its numbers in a table beside it.

use super::report::{Chart, Report, Section};
use std::fmt::Write;

const PALETTE: &[&str] = &[
    "#1f6f8b", "#e07a1f", "#3a9a5b", "#b8405e", "#7a5aa6", "#8c6d31", "#4c9bd6", "#999999",
];

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn bars(rows: &[(String, f64, Option<f64>)]) -> String {
    let max = rows
        .iter()
        .map(|r| r.1.max(r.2.unwrap_or(0.0)))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let (label_w, bar_w, row_h) = (170.0, 300.0, 22.0);
    let height = row_h * rows.len().max(1) as f64 + 8.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" role="img">"#,
        w = label_w + bar_w + 60.0
    );
    for (i, (label, v, mark)) in rows.iter().enumerate() {
        let y = 4.0 + i as f64 * row_h;
        let w = v / max * bar_w;
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{ty}" text-anchor="end">{l}</text><rect x="{lx}" y="{y}" width="{w:.1}" height="{h}" fill="{c}"/><text x="{vx:.1}" y="{ty}">{v}</text>"#,
            x = label_w - 6.0,
            ty = y + 14.0,
            l = escape(label),
            lx = label_w,
            h = row_h - 6.0,
            c = PALETTE[0],
            vx = label_w + w + 4.0,
            v = trim(*v),
        );
        if let Some(m) = mark {
            let mx = label_w + m / max * bar_w;
            let _ = write!(
                svg,
                r##"<line x1="{mx:.1}" x2="{mx:.1}" y1="{y1}" y2="{y2}" stroke="#222" stroke-width="2"/>"##,
                y1 = y - 2.0,
                y2 = y + row_h - 2.0
            );
        }
    }
    svg + "</svg>"
}

fn columns(labels: &[String], series: &[(String, Vec<f64>)], stacked: bool) -> String {
    let groups = labels.len().max(1) as f64;
    let per = if stacked {
        1.0
    } else {
        series.len().max(1) as f64
    };
    let max = (0..labels.len())
        .map(|i| {
            let vals = series.iter().map(|s| s.1.get(i).copied().unwrap_or(0.0));
            if stacked {
                vals.sum()
            } else {
                vals.fold(0.0, f64::max)
            }
        })
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let (plot_h, group_w, left, top) = (180.0, (420.0 / groups).min(90.0), 30.0, 10.0);
    let width = left + group_w * groups + 10.0;
    let legend_h = 18.0 * series.len() as f64;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img">"#,
        w = width.max(260.0),
        h = top + plot_h + 24.0 + legend_h
    );
    for (i, label) in labels.iter().enumerate() {
        let x0 = left + i as f64 * group_w + 4.0;
        let bar_w = (group_w - 8.0) / per;
        let mut base = top + plot_h;
        for (si, (_, vals)) in series.iter().enumerate() {
            let v = vals.get(i).copied().unwrap_or(0.0);
            let h = v / max * plot_h;
            let x = if stacked { x0 } else { x0 + si as f64 * bar_w };
            let y = if stacked { base - h } else { top + plot_h - h };
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{h:.1}" fill="{c}"><title>{v}</title></rect>"#,
                bw = bar_w - 1.0,
                c = PALETTE[si % PALETTE.len()],
                v = trim(v)
            );
            if stacked {
                base -= h;
            }
        }
        let _ = write!(
            svg,
            r#"<text x="{x:.1}" y="{y}" text-anchor="middle" font-size="11">{l}</text>"#,
            x = x0 + (group_w - 8.0) / 2.0,
            y = top + plot_h + 14.0,
            l = escape(label)
        );
    }
    for (si, (name, _)) in series.iter().enumerate() {
        let y = top + plot_h + 24.0 + si as f64 * 18.0;
        let _ = write!(
            svg,
            r#"<rect x="{left}" y="{y}" width="12" height="12" fill="{c}"/><text x="{tx}" y="{ty}" font-size="12">{n}</text>"#,
            c = PALETTE[si % PALETTE.len()],
            tx = left + 18.0,
            ty = y + 10.0,
            n = escape(name)
        );
    }
    svg + "</svg>"
}

fn trim(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        crate::present::decimal(v, 2)
    }
}

fn table(s: &Section) -> String {
    let mut t = format!(r#"<table id="{}"><thead><tr>"#, s.id);
    for h in &s.header {
        let _ = write!(t, "<th>{}</th>", escape(h));
    }
    t += "</tr></thead><tbody>";
    for r in &s.rows {
        t += "<tr>";
        for c in r {
            let _ = write!(t, "<td>{}</td>", escape(c));
        }
        t += "</tr>";
    }
    if s.rows.is_empty() {
        let _ = write!(t, r#"<tr><td colspan="{}">geen</td></tr>"#, s.header.len());
    }
    t + "</tbody></table>"
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#222;max-width:1100px}\
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}\
.pair{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}\
table{border-collapse:collapse;font-size:.9rem}th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}\
th:first-child,td:first-child{text-align:left}svg text{font-size:12px;fill:#222}.note{color:#555}";

/// The whole report as one HTML document.
pub fn render(r: &Report) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\
         <title>Vroegsignalering {m}, {g}</title><style>{STYLE}</style></head><body>\
         <h1>Vroegsignalering {g}, {m}</h1><p class=\"note\">Stand op {a}; {i} inwoners. \
         Gemaakt door vroegsignaal uit de werklijsten, beslissingen en historie van deze maand.</p>",
        m = escape(&r.month),
        g = escape(&r.municipality),
        a = r.as_of,
        i = r.inhabitants
    );
    for s in r.sections() {
        let _ = write!(
            html,
            "<section><h2>{}</h2>{}<div class=\"pair\">",
            escape(s.title),
            if s.note.is_empty() {
                String::new()
            } else {
                format!("<p class=\"note\">{}</p>", escape(&s.note))
            }
        );
        match &s.chart {
            Some(Chart::Bars(rows)) if !rows.is_empty() => {
                html += &format!("<figure>{}</figure>", bars(rows));
            }
            Some(Chart::Columns {
                labels,
                series,
                stacked,
            }) if !labels.is_empty() => {
                html += &format!("<figure>{}</figure>", columns(labels, series, *stacked));
            }
            _ => {}
        }
        html += &table(&s);
        html += "</div></section>";
    }
    html + "</body></html>\n"
}
