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

/// A label broken into lines of at most `width` characters, at spaces.
fn wrap(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Characters of a label line that fit the label column (12px text).
const LABEL_CHARS: usize = 26;

fn bars(rows: &[(String, f64, Option<f64>)]) -> String {
    let max = rows
        .iter()
        .map(|r| r.1.max(r.2.unwrap_or(0.0)))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    // Long labels wrap onto more lines (a row grows), never cut.
    let (label_w, bar_w, line_h) = (180.0, 300.0, 15.0);
    let wrapped: Vec<Vec<String>> = rows.iter().map(|r| wrap(&r.0, LABEL_CHARS)).collect();
    let heights: Vec<f64> = wrapped
        .iter()
        .map(|l| (l.len() as f64 * line_h).max(line_h) + 7.0)
        .collect();
    let height = heights.iter().sum::<f64>() + 8.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" role="img">"#,
        w = label_w + bar_w + 60.0
    );
    let mut y = 4.0;
    for (i, (label, v, mark)) in rows.iter().enumerate() {
        let row_h = heights[i];
        let w = v / max * bar_w;
        let lines: String = wrapped[i]
            .iter()
            .enumerate()
            .map(|(n, l)| {
                format!(
                    r#"<tspan x="{x}" dy="{dy}">{t}</tspan>"#,
                    x = label_w - 6.0,
                    dy = if n == 0 { 0.0 } else { line_h },
                    t = escape(l)
                )
            })
            .collect();
        let _ = write!(
            svg,
            r#"<text y="{ty}" text-anchor="end"><title>{full}</title>{lines}</text><rect x="{lx}" y="{y}" width="{w:.1}" height="{h}" fill="{c}"/><text x="{vx:.1}" y="{ty}">{v}</text>"#,
            ty = y + 12.0,
            full = escape(label),
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
        y += row_h;
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
        crate::present::decimal(v, 0)
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
        a = crate::fields::date::dutch_date(r.as_of),
        i = crate::present::whole(u64::from(r.inhabitants))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_label_wraps_at_spaces_and_loses_nothing() {
        let label = "Niet opgepakt: onterecht signaal (onder de drempel)";
        let lines = wrap(label, LABEL_CHARS);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(
            lines.iter().all(|l| l.chars().count() <= LABEL_CHARS),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), label);
        // A row grows with its lines: the chart is taller, not cut.
        let one = bars(&[("kort".into(), 1.0, None)]);
        let two = bars(&[(label.into(), 1.0, None)]);
        let height = |svg: &str| -> f64 {
            let at = svg.find("height=\"").unwrap() + 8;
            svg[at..].split('"').next().unwrap().parse().unwrap()
        };
        assert!(height(&two) > height(&one));
    }
}
