//! `vroegsignaal explain`: why a signal ended where it did.

use super::Common;
use crate::present;
use crate::prioritise::explain::explain;
use crate::prioritise::stage::{MonthInput, read_matched, rulebook_for};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

pub const EXAMPLES: &str = "Examples:
  vroegsignaal explain ZN-202610-00012 --month 2026-10
  vroegsignaal explain WR-202610-00003 --partner water-rijnvelde \\
      --month 2026-10 --format json";

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The partner's signal id
    #[arg(value_name = "SIGNAL_ID")]
    pub signal_id: String,
    /// The partner, when more than one has this id
    #[arg(long, value_name = "ID")]
    pub partner: Option<String>,
    #[command(flatten)]
    pub common: Common,
    /// Matched signals [default: <output>/<month>/gekoppeld.csv]
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub matched: Option<PathBuf>,
    /// Rulebook [default: the config's `rulebook`]
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub rulebook: Option<PathBuf>,
}

pub fn run(args: &ExplainArgs) -> Result<()> {
    let ws = args.common.workspace()?;
    let rb = rulebook_for(&ws, args.rulebook.as_deref())?;
    let (signals, households) = read_matched(&ws, args.matched.as_deref())?;
    let e = explain(
        &ws,
        &rb,
        MonthInput {
            signals: &signals,
            households: &households,
        },
        &args.signal_id,
        args.partner.as_deref(),
    )?;
    present::emit(args.common.format, &e, || {
        let mut out = crate::tr!(
            "explain-head",
            partner = e.partner,
            signal = e.signal_id,
            month = ws.month,
            household = e.household,
            brp = e.brp,
            screening = e.screening
        ) + "\n";
        if !e.facts.is_empty() {
            out.push_str(&(crate::tr!("explain-facts") + "\n"));
            for (k, v) in &e.facts {
                out.push_str(&format!("  {k} = {}\n", v.as_str().unwrap_or("")));
            }
            out.push_str(&(crate::tr!("explain-rules", rulebook = rb.path.display()) + "\n"));
            for t in &e.rules {
                out.push_str(&format!(
                    "  {} {}{}\n",
                    if t.matched {
                        crate::tr!("explain-match")
                    } else {
                        crate::tr!("explain-no-match")
                    },
                    t.rule,
                    if t.description.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", t.description)
                    }
                ));
                for c in &t.conditions {
                    out.push_str(&format!(
                        "      {} {}  (waarde {})\n",
                        if c.holds { "ja " } else { "nee" },
                        c.condition,
                        c.value
                    ));
                }
            }
            for c in &e.capacity {
                out.push_str(&format!("{}: {c}\n", crate::tr!("explain-capacity")));
            }
        }
        out.push_str(&format!("{}: {}\n", crate::tr!("explain-result"), e.result));
        if let Some(b) = &e.behandelaar {
            out.push_str(&format!("behandelaar: {b}\n"));
        }
        if let Some(b) = &e.review_by {
            out.push_str(&format!("{}: {b}\n", crate::tr!("explain-review-by")));
        }
        out
    })
}
