//! Why a signal ended where it did: the screening, the household's facts,
//! every rule tried with each condition's value, the capacity and ranking
//! that placed it, and who works the case.

use super::Outcome;
use super::stage::MonthInput;
use crate::brp::review::{self, DecisionMemory};
use crate::exit::usage_err;
use crate::history::Store;
use crate::rulebook::Rulebook;
use crate::rulebook::facts::FACTS;
use crate::secret::Key;
use crate::workspace::Workspace;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
pub struct Tried {
    pub rule: String,
    pub description: String,
    pub matched: bool,
    pub conditions: Vec<ConditionResult>,
}

#[derive(Serialize)]
pub struct ConditionResult {
    pub condition: String,
    pub value: String,
    pub holds: bool,
}

#[derive(Serialize)]
pub struct Explanation {
    pub signal_id: String,
    pub partner: String,
    pub household: String,
    pub brp: String,
    pub screening: String,
    pub facts: serde_json::Map<String, serde_json::Value>,
    pub rules: Vec<Tried>,
    pub result: String,
    pub capacity: Vec<String>,
    /// Who works the case, as the work lists say (and since when).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub behandelaar: Option<String>,
    /// Who took the BRP review decision, when one was taken and signed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_by: Option<String>,
}

/// The explanation of one signal (`partner` when ids are shared).
pub fn explain(
    ws: &Workspace,
    rb: &Rulebook,
    month: MonthInput<'_>,
    signal_id: &str,
    partner: Option<&str>,
) -> Result<Explanation> {
    let (signals, households) = (month.signals, month.households);
    let hits: Vec<usize> = (0..signals.len())
        .filter(|&i| {
            signals[i].signal.signal_id == signal_id
                && partner.is_none_or(|p| p == signals[i].signal.partner)
        })
        .collect();
    let si = match hits.as_slice() {
        [one] => *one,
        [] => return usage_err(crate::tr!("explain-no-signal", month = ws.month)),
        many => {
            let partners: Vec<&str> = many
                .iter()
                .map(|&i| signals[i].signal.partner.as_str())
                .collect();
            return usage_err(crate::tr!(
                "explain-many-partners",
                count = many.len(),
                partners = partners.join(", ")
            ));
        }
    };
    let p = super::prioritise(rb, signals, households);
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
    let behandelaar = if Store::exists(&ws.history) {
        Store::open(&ws.history, false)?
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
    // Who decided the BRP review of this signal, when an officer did.
    let memory_path = ws.history.with_file_name(review::MEMORY_FILE);
    let review_by = if memory_path.is_file() && ws.key_path().is_file() {
        let key = Key::load_or_create(&ws.key_path(), false)?;
        DecisionMemory::load(&memory_path)?
            .handler(&review::fingerprint(&key, &s.signal))
            .map(String::from)
    } else {
        None
    };
    Ok(Explanation {
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
        review_by,
    })
}
