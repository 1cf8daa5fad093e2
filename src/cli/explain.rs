//! `vroegsignaal explain`: why a signal ended where it did.

use super::Common;
use super::prioritise::{read_matched, rulebook_for};
use crate::exit::usage_err;
use crate::present;
use crate::prioritise::{self, Outcome};
use crate::rulebook::facts::FACTS;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
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

#[derive(Serialize)]
struct Tried {
    rule: String,
    description: String,
    matched: bool,
    conditions: Vec<ConditionResult>,
}

#[derive(Serialize)]
struct ConditionResult {
    condition: String,
    value: String,
    holds: bool,
}

#[derive(Serialize)]
struct Explanation {
    signal_id: String,
    partner: String,
    household: String,
    brp: String,
    screening: String,
    facts: serde_json::Map<String, serde_json::Value>,
    rules: Vec<Tried>,
    result: String,
    capacity: Vec<String>,
    /// Who works the case, as the work lists say (and since when).
    #[serde(skip_serializing_if = "Option::is_none")]
    behandelaar: Option<String>,
}

pub fn run(args: &ExplainArgs) -> Result<()> {
    let ws = args.common.workspace()?;
    let rb = rulebook_for(&ws, args.rulebook.as_deref())?;
    let (signals, households) = read_matched(&ws, args.matched.as_deref())?;
    let hits: Vec<usize> = (0..signals.len())
        .filter(|&i| {
            signals[i].signal.signal_id == args.signal_id
                && args
                    .partner
                    .as_ref()
                    .is_none_or(|p| *p == signals[i].signal.partner)
        })
        .collect();
    let si = match hits.as_slice() {
        [one] => *one,
        [] => return usage_err(format!("no signal with this id in {}", ws.month)),
        many => {
            let partners: Vec<&str> = many
                .iter()
                .map(|&i| signals[i].signal.partner.as_str())
                .collect();
            return usage_err(format!(
                "{} partners have a signal with this id ({}); give --partner",
                many.len(),
                partners.join(", ")
            ));
        }
    };
    let p = prioritise::prioritise(&rb, &signals, &households);
    let s = &signals[si];
    let hd = p
        .households
        .iter()
        .find(|d| households[d.household].signals.contains(&si))
        .expect("every signal is in a household");
    let decision = &p.signals[si];
    let screening = match &decision.outcome {
        Outcome::Queued => "door de screening".to_string(),
        Outcome::Review => "wacht op BRP-besluit (controleren.csv)".to_string(),
        Outcome::Out(r) => format!("niet opgepakt: {r} ({})", decision.detail),
    };
    let mut facts = serde_json::Map::new();
    let mut rules = Vec::new();
    if !hd.kept.is_empty() || hd.placement.is_some() {
        for (fact, name, _, _) in FACTS {
            facts.insert(name.to_string(), hd.facts.value(*fact).to_string().into());
        }
        for r in &rb.rules {
            let conditions: Vec<ConditionResult> = r
                .when
                .parts()
                .into_iter()
                .map(|c| ConditionResult {
                    condition: c.describe(),
                    value: c.used(&hd.facts).join(" "),
                    holds: c.holds(&hd.facts),
                })
                .collect();
            let matched = conditions.iter().all(|c| c.holds);
            rules.push(Tried {
                rule: r.id.clone(),
                description: r.description.clone(),
                matched,
                conditions,
            });
            if matched {
                break;
            }
        }
    }
    let mut capacity = Vec::new();
    let result = match &hd.placement {
        Some(pl) if decision.outcome == Outcome::Queued => {
            let q = |i: usize| rb.queues[i].name.as_str();
            let first = pl.path[0];
            if pl.contact_fallback {
                capacity.push(format!(
                    "contactgegevens ontbreken voor `{}`: terugval",
                    q(rb.rules[pl.rule].queue().unwrap_or(first))
                ));
            }
            for r in &pl.ranked {
                let order: Vec<String> = rb.rank_of(r.queue).iter().map(|k| k.describe()).collect();
                capacity.push(format!(
                    "plaats {} van {} voor `{}` (capaciteit {}, volgorde {}): {}",
                    r.place,
                    r.of,
                    r.list,
                    r.capacity,
                    order.join(", "),
                    if r.place <= r.capacity as usize {
                        "binnen de capaciteit"
                    } else {
                        "boven de grens"
                    }
                ));
            }
            for w in pl.path.windows(2) {
                capacity.push(format!(
                    "`{}` vol (capaciteit {}): overloop naar `{}`",
                    q(w[0]),
                    rb.queues[w[0]].capacity.unwrap_or(0),
                    q(w[1])
                ));
            }
            if let Some(b) = pl.backfilled_from {
                capacity.push(format!(
                    "ruimte over in `{}`: aangevuld uit `{}`",
                    q(pl.queue),
                    q(b)
                ));
            }
            if capacity.is_empty() {
                capacity.push(format!("geplaatst in `{}`", q(first)));
            }
            format!(
                "werklijst `{}` ({}), deadline {}{}",
                q(pl.queue),
                rb.queues[pl.queue].contact.as_str(),
                hd.due.map_or_else(String::new, |d| d.to_string()),
                if hd.also.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", ook: {}",
                        hd.also.iter().map(|&a| q(a)).collect::<Vec<_>>().join(", ")
                    )
                }
            )
        }
        _ => screening.clone(),
    };
    // Who works the case: what the last export read from the lists.
    let behandelaar = if crate::history::Store::exists(&ws.history) {
        crate::history::Store::open(&ws.history, false)?
            .cases(ws.month)?
            .into_iter()
            .find(|c| c.household == s.facts.household && !c.handler.is_empty())
            .map(|c| match c.handler_since {
                Some(d) => format!("{} (sinds {d})", c.handler),
                None => c.handler,
            })
    } else {
        None
    };
    let e = Explanation {
        signal_id: s.signal.signal_id.clone(),
        partner: s.signal.partner.clone(),
        household: s.facts.household.clone(),
        brp: format!(
            "{}{}",
            s.brp.verdict,
            if s.brp.reason.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.brp.reason)
            }
        ),
        screening,
        facts,
        rules,
        result,
        capacity,
        behandelaar,
    };
    present::emit(args.common.format, &e, || {
        let mut out = format!(
            "signal {}:{} ({}), household {}\nBRP: {}\nscreening: {}\n",
            e.partner, e.signal_id, ws.month, e.household, e.brp, e.screening
        );
        if !e.facts.is_empty() {
            out.push_str("household facts:\n");
            for (k, v) in &e.facts {
                out.push_str(&format!("  {k} = {}\n", v.as_str().unwrap_or("")));
            }
            out.push_str(&format!(
                "rules of {} (first match wins):\n",
                rb.path.display()
            ));
            for t in &e.rules {
                out.push_str(&format!(
                    "  {} {}{}\n",
                    if t.matched { "MATCH" } else { "no   " },
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
                out.push_str(&format!("capacity: {c}\n"));
            }
        }
        out.push_str(&format!("result: {}\n", e.result));
        if let Some(b) = &e.behandelaar {
            out.push_str(&format!("behandelaar: {b}\n"));
        }
        out
    })
}
