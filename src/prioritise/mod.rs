//! Stage 4, `prioritise`: apply the rulebook to the month's households.
//! Every signal ends screened out (with a reason), waiting for BRP review,
//! or with its household in exactly one queue; every placement carries the
//! rule that made it and the facts that rule used.

pub mod compare;
pub mod earlier;
pub mod explain;
pub mod letters;
pub mod printable;
pub mod route;
pub mod screen;
pub mod stage;
pub mod workbook;
pub mod worklists;

use crate::matching::{Household, MatchedSignal};
use crate::rulebook::facts::HouseholdFacts;
use crate::rulebook::{Example, Expected, Rulebook, Target};
use crate::vocab::reason::GEEN_REGEL;
use chrono::NaiveDate;
use rayon::prelude::*;
use route::{Placement, facts_of, fill, first_rule, with_contact};
use screen::{Piece, Screened, screen};
use std::collections::BTreeMap;

/// What happened to one signal.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Its household is on a work list.
    Queued,
    /// On the BRP review list.
    Review,
    /// Not picked up.
    Out(&'static str),
}

#[derive(Debug, Clone)]
pub struct SignalDecision {
    pub outcome: Outcome,
    /// The facts behind the decision, `fact=value` pairs.
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct HouseholdDecision {
    /// Index into the month's households.
    pub household: usize,
    /// Signals screened in (indices into the month's signals).
    pub kept: Vec<usize>,
    pub facts: HouseholdFacts,
    pub placement: Option<Placement>,
    /// Extra channels (queues) from the rule.
    pub also: Vec<usize>,
    pub due: Option<NaiveDate>,
}

pub struct Prioritised {
    pub signals: Vec<SignalDecision>,
    pub households: Vec<HouseholdDecision>,
    /// Households an earlier run of the month placed that this one does
    /// not (household id, list): what their rows held must not be lost.
    pub dropped: Vec<(String, String)>,
    /// Households on another list than an earlier run of the month put
    /// them on (household id, from, to): new signals or capacity moved
    /// them, and the officer's work moves with them.
    pub moved: Vec<(String, String, String)>,
}

pub fn piece_of(s: &MatchedSignal) -> Piece {
    Piece {
        partner: s.signal.partner.clone(),
        partner_type: s.signal.partner_type,
        kind: s.signal.kind,
        amount_cents: s.signal.amount_cents,
        herhaal_change: s.facts.herhaal.map(|h| h.change_cents),
        warm_handover: s.signal.warm_handover,
        sleper: s.facts.sleper,
        bekend_shv: s.facts.bekend_shv,
        geen_bemoeienis: s.facts.geen_bemoeienis,
        verdict: s.brp.verdict,
        legal_person: s.signal.legal_person,
        phone_known: !s.signal.phone.is_empty(),
        email_known: !s.signal.email.is_empty(),
        age: s.brp.age,
        recidive: s.facts.recidive.iter().map(|e| e.amount_cents).collect(),
        eerder_niet_bereikt: s.facts.eerder_niet_bereikt,
    }
}

/// The detail of a signal a rule screened out: the rule, the facts it used
/// and the municipality's sub-reason.
fn screened_by_rule(rule: &crate::rulebook::Rule, sub_reason: Option<&str>, used: &str) -> String {
    let mut detail = format!("regel={} {used}", rule.id);
    if let Some(sub) = sub_reason {
        detail.push_str(&format!(" subreden={sub}"));
    }
    detail
}

/// The rule's conditions with the household's values: what it used.
pub fn facts_used(rb: &Rulebook, rule: usize, facts: &HouseholdFacts) -> String {
    let r = &rb.rules[rule];
    if !r.when.is_empty() {
        return r.when.used(facts).join(" ");
    }
    // A catch-all decides by what the rules before it did not find.
    let mut earlier: Vec<String> = Vec::new();
    for e in &rb.rules[..rule] {
        for f in e.when.used(facts) {
            if !earlier.contains(&f) {
                earlier.push(f);
            }
        }
    }
    if earlier.is_empty() {
        "(geen voorwaarden)".into()
    } else {
        format!(
            "(geen voorwaarden) geen eerdere regel: {}",
            earlier.join(" ")
        )
    }
}

pub fn prioritise(
    rb: &Rulebook,
    signals: &[MatchedSignal],
    households: &[Household],
) -> Prioritised {
    prioritise_keeping(rb, signals, households, &BTreeMap::new())
}

/// As [`prioritise`], for a later run of the month whose lists already
/// hold households (`on_lists`: household id -> list name). Every
/// household is routed afresh, so a month run in steps ends as one run over
/// all its files would; what changed for a household already on a list is
/// told: moved to another list (its officer's work goes with it), or no
/// longer on any.
pub fn prioritise_keeping(
    rb: &Rulebook,
    signals: &[MatchedSignal],
    households: &[Household],
    on_lists: &BTreeMap<String, String>,
) -> Prioritised {
    let mut p = route_month(rb, signals, households);
    let now: BTreeMap<&str, String> = p
        .households
        .iter()
        .filter_map(|d| {
            let pl = d.placement.as_ref()?;
            Some((
                households[d.household].id.as_str(),
                rb.queues[pl.queue].list_name(&d.facts.wijk),
            ))
        })
        .collect();
    let mut moved = Vec::new();
    let mut dropped = Vec::new();
    for (id, list) in on_lists {
        match now.get(id.as_str()) {
            Some(to) if to != list => moved.push((id.clone(), list.clone(), to.clone())),
            Some(_) => {}
            None => dropped.push((id.clone(), list.clone())),
        }
    }
    p.moved = moved;
    p.dropped = dropped;
    p
}

/// A household before capacity: its signals kept after screening, its
/// facts, and the first rule that holds with the facts it used.
struct Judged {
    kept: Vec<usize>,
    facts: HouseholdFacts,
    rule: Option<(usize, String)>,
}

/// Screening, rules and capacity for the month.
fn route_month(rb: &Rulebook, signals: &[MatchedSignal], households: &[Household]) -> Prioritised {
    let pieces: Vec<Piece> = signals.iter().map(piece_of).collect();
    let mut decisions: Vec<SignalDecision> = pieces
        .iter()
        .map(|p| match screen(&rb.screening, p) {
            Screened::Kept => SignalDecision {
                outcome: Outcome::Queued,
                detail: String::new(),
            },
            Screened::Review => SignalDecision {
                outcome: Outcome::Review,
                detail: "brp=controleren".into(),
            },
            Screened::Out { reason, detail } => SignalDecision {
                outcome: Outcome::Out(reason),
                detail,
            },
        })
        .collect();
    let mut out = Vec::with_capacity(households.len());
    let mut placements = Vec::new();
    let mut placed_of = Vec::new();
    // Each household's facts, rule and the facts it used, on both cores;
    // capacity is then filled in order.
    let judged: Vec<Judged> = households
        .par_iter()
        .map(|h| {
            let kept: Vec<usize> = h
                .signals
                .iter()
                .copied()
                .filter(|&i| decisions[i].outcome == Outcome::Queued)
                .collect();
            let kept_pieces: Vec<&Piece> = kept.iter().map(|&i| &pieces[i]).collect();
            let facts = facts_of(&kept_pieces, h.minors, &h.wijk);
            let rule = if kept.is_empty() {
                None
            } else {
                first_rule(rb, &facts).map(|r| (r, facts_used(rb, r, &facts)))
            };
            Judged { kept, facts, rule }
        })
        .collect();
    for (hi, (h, judged)) in households.iter().zip(judged).enumerate() {
        let Judged { kept, facts, rule } = judged;
        let mut decision = HouseholdDecision {
            household: hi,
            kept: kept.clone(),
            facts,
            placement: None,
            also: Vec::new(),
            due: None,
        };
        if !kept.is_empty() {
            match rule {
                None => {
                    for &i in &kept {
                        decisions[i] = SignalDecision {
                            outcome: Outcome::Out(GEEN_REGEL),
                            detail: "geen regel van toepassing".into(),
                        };
                    }
                    decision.kept.clear();
                }
                Some((r, used)) => {
                    let rule = &rb.rules[r];
                    let queue = match &rule.target {
                        Target::Queue(q) => *q,
                        Target::ScreenOut { reason, sub_reason } => {
                            let detail = screened_by_rule(rule, sub_reason.as_deref(), &used);
                            for &i in &kept {
                                decisions[i] = SignalDecision {
                                    outcome: Outcome::Out(reason),
                                    detail: detail.clone(),
                                };
                            }
                            decision.kept.clear();
                            out.push(decision);
                            continue;
                        }
                    };
                    let (queue, fell_back) = with_contact(rb, Some(rule), queue, &decision.facts);
                    for &i in &kept {
                        decisions[i].detail.clone_from(&used);
                    }
                    decision.also = rule.also.iter().copied().filter(|&a| a != queue).collect();
                    placements.push(Placement {
                        rule: r,
                        queue,
                        path: vec![queue],
                        contact_fallback: fell_back,
                        backfilled_from: None,
                        amount_cents: kept
                            .iter()
                            .map(|&i| signals[i].signal.amount_cents)
                            .max()
                            .unwrap_or(0),
                        id: h.id.clone(),
                        facts_used: used,
                        ranked: Vec::new(),
                    });
                    placed_of.push(hi);
                }
            }
        }
        out.push(decision);
    }
    let placed_facts: Vec<&HouseholdFacts> = placed_of.iter().map(|&hi| &out[hi].facts).collect();
    fill(rb, &mut placements, &placed_facts);
    for (p, hi) in placements.into_iter().zip(placed_of) {
        let d = &mut out[hi];
        let received = d.kept.iter().map(|&i| signals[i].signal.received).min();
        // A rule's own deadline ("the day they arrive") goes with the
        // household whichever list it ends on.
        let deadline = rb.rules[p.rule]
            .deadline
            .unwrap_or(rb.queues[p.queue].deadline);
        d.due = received.map(|r| deadline.due(r, &rb.holidays));
        d.also.retain(|&a| a != p.queue);
        d.placement = Some(p);
    }
    Prioritised {
        signals: decisions,
        households: out,
        dropped: Vec::new(),
        moved: Vec::new(),
    }
}

/// What an example came out as.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleOutcome {
    pub outcome: Expected,
    pub rule: Option<String>,
    pub also: Vec<String>,
}

/// Runs a rulebook example: screening, rules, contact fallbacks, and the
/// queues the example says are full.
pub fn run_example(rb: &Rulebook, ex: &Example) -> ExampleOutcome {
    let h = &ex.household;
    let pieces: Vec<Piece> = ex
        .signals
        .iter()
        .enumerate()
        .map(|(i, s)| Piece {
            partner: s.partner.clone(),
            partner_type: s.partner_type,
            kind: s.kind,
            amount_cents: s.amount_cents,
            herhaal_change: s.previous_cents.map(|p| s.amount_cents - p),
            warm_handover: s.warm_handover,
            sleper: h.sleper,
            bekend_shv: h.bekend_shv,
            geen_bemoeienis: h.geen_bemoeienis,
            verdict: crate::brp::Verdict::Gevonden,
            legal_person: false,
            phone_known: h.phone_known,
            email_known: h.email_known,
            age: h.age,
            recidive: if i == 0 {
                h.recidive_amounts.clone()
            } else {
                Vec::new()
            },
            eerder_niet_bereikt: h.eerder_niet_bereikt,
        })
        .collect();
    let mut first_reason = None;
    let mut kept = Vec::new();
    for p in &pieces {
        match screen(&rb.screening, p) {
            Screened::Kept => kept.push(p),
            Screened::Out { reason, .. } => {
                first_reason.get_or_insert(reason);
            }
            Screened::Review => {}
        }
    }
    let screened_out = |reason: &str| ExampleOutcome {
        outcome: Expected::ScreenedOut(reason.to_string()),
        rule: None,
        also: Vec::new(),
    };
    if kept.is_empty() {
        return screened_out(first_reason.unwrap_or(GEEN_REGEL));
    }
    let facts = facts_of(&kept, h.minors, &h.wijk);
    let Some(r) = first_rule(rb, &facts) else {
        return screened_out(GEEN_REGEL);
    };
    let rule = &rb.rules[r];
    let queue = match &rule.target {
        Target::Queue(q) => *q,
        Target::ScreenOut { reason, .. } => {
            return ExampleOutcome {
                rule: Some(rule.id.clone()),
                ..screened_out(reason)
            };
        }
    };
    let (mut queue, _) = with_contact(rb, Some(rule), queue, &facts);
    for _ in 0..rb.queues.len() {
        match rb.queues[queue].overflow {
            Some(next) if ex.full.contains(&queue) => {
                queue = with_contact(rb, None, next, &facts).0;
            }
            _ => break,
        }
    }
    ExampleOutcome {
        outcome: Expected::Queue(rb.queues[queue].name.clone()),
        rule: Some(rule.id.clone()),
        also: rule
            .also
            .iter()
            .filter(|&&a| a != queue)
            .map(|&a| rb.queues[a].name.clone())
            .collect(),
    }
}

/// A failed example: what was expected and what came out.
pub struct ExampleFailure<'a> {
    pub example: &'a Example,
    pub got: ExampleOutcome,
}

/// Runs every example; returns the failures.
pub fn test_examples(rb: &Rulebook) -> Vec<ExampleFailure<'_>> {
    rb.examples
        .iter()
        .filter_map(|ex| {
            let got = run_example(rb, ex);
            let ok = got.outcome == ex.expect
                && ex
                    .expect_rule
                    .as_ref()
                    .is_none_or(|r| got.rule.as_ref() == Some(r))
                && ex.expect_also.as_ref().is_none_or(|a| {
                    let mut want = a.clone();
                    want.sort();
                    let mut have = got.also.clone();
                    have.sort();
                    want == have
                });
            (!ok).then_some(ExampleFailure { example: ex, got })
        })
        .collect()
}
