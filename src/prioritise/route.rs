//! Routing: the household's facts, the first rule that matches, the
//! contact-detail fallbacks, and filling the queues within capacity.

use super::screen::Piece;
use crate::rulebook::facts::HouseholdFacts;
use crate::rulebook::{Need, Rule, Rulebook};
use std::collections::BTreeSet;

/// The facts of a household from its screened-in signals.
pub fn facts_of(pieces: &[&Piece], minors: Option<u32>) -> HouseholdFacts {
    let partners: BTreeSet<&str> = pieces.iter().map(|p| p.partner.as_str()).collect();
    let types: BTreeSet<_> = pieces.iter().map(|p| p.partner_type).collect();
    let kinds: BTreeSet<_> = pieces.iter().map(|p| p.kind).collect();
    let euros = |c: i64| c as f64 / 100.0;
    HouseholdFacts {
        partners: partners.len() as u32,
        partner_types: types.into_iter().collect(),
        kinds: kinds.into_iter().collect(),
        amount: euros(pieces.iter().map(|p| p.amount_cents).max().unwrap_or(0)),
        total: euros(crate::fields::amount::total_cents(
            pieces.iter().map(|p| p.amount_cents),
        )),
        recidive: pieces.iter().any(|p| !p.recidive.is_empty()),
        recidive_amount: euros(
            pieces
                .iter()
                .flat_map(|p| p.recidive.iter().copied())
                .max()
                .unwrap_or(0),
        ),
        recidive_signals: pieces
            .iter()
            .map(|p| p.recidive.len() as u32)
            .max()
            .unwrap_or(0),
        herhaal: pieces.iter().any(|p| p.herhaal_change.is_some()),
        sleper: !pieces.is_empty() && pieces.iter().all(|p| p.sleper),
        age: pieces.iter().filter_map(|p| p.age).min(),
        minors,
        phone_known: pieces.iter().any(|p| p.phone_known),
        email_known: pieces.iter().any(|p| p.email_known),
        bekend_shv: pieces.iter().any(|p| p.bekend_shv),
        geen_bemoeienis: pieces.iter().any(|p| p.geen_bemoeienis),
        warm_handover: pieces.iter().any(|p| p.warm_handover),
        eerder_niet_bereikt: pieces.iter().any(|p| p.eerder_niet_bereikt),
    }
}

/// The first rule whose conditions all hold.
pub fn first_rule(rb: &Rulebook, facts: &HouseholdFacts) -> Option<usize> {
    rb.rules
        .iter()
        .position(|r| r.when.iter().all(|c| c.evaluate(facts).0))
}

/// Whether the household has the contact detail a queue needs.
pub fn reachable(rb: &Rulebook, queue: usize, facts: &HouseholdFacts) -> bool {
    match rb.queues[queue].contact.needs() {
        None => true,
        Some(Need::Phone) => facts.phone_known,
        Some(Need::Email) => facts.email_known,
    }
}

/// The queue a household lands in when it is headed for `queue`: the
/// rule's fallbacks first, then the queue's own fallback chain, when the
/// contact detail is missing. Returns the queue and whether it fell back.
pub fn with_contact(
    rb: &Rulebook,
    rule: Option<&Rule>,
    queue: usize,
    facts: &HouseholdFacts,
) -> (usize, bool) {
    if reachable(rb, queue, facts) {
        return (queue, false);
    }
    if let Some(r) = rule
        && let Some(&f) = r.fallback.iter().find(|&&f| reachable(rb, f, facts))
    {
        return (f, true);
    }
    let mut at = queue;
    for _ in 0..rb.queues.len() {
        match rb.queues[at].fallback {
            Some(f) => {
                at = f;
                if reachable(rb, at, facts) {
                    return (at, true);
                }
            }
            None => break,
        }
    }
    (queue, false)
}

/// Queues in an order where every overflow and fallback target comes after
/// its source (the rulebook check rules out cycles).
pub fn queue_order(rb: &Rulebook) -> Vec<usize> {
    let n = rb.queues.len();
    let mut incoming = vec![0usize; n];
    let edges = |q: usize| {
        [rb.queues[q].overflow, rb.queues[q].fallback]
            .into_iter()
            .flatten()
    };
    for q in 0..n {
        for t in edges(q) {
            incoming[t] += 1;
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&q| incoming[q] == 0).collect();
    ready.reverse();
    let mut order = Vec::with_capacity(n);
    while let Some(q) = ready.pop() {
        order.push(q);
        for t in edges(q) {
            incoming[t] -= 1;
            if incoming[t] == 0 {
                ready.push(t);
            }
        }
    }
    // Anything left is in a cycle the check reports; keep it usable.
    let missing: Vec<usize> = (0..n).filter(|q| !order.contains(q)).collect();
    order.extend(missing);
    order
}

/// A household headed for a queue.
#[derive(Debug, Clone)]
pub struct Placement {
    pub rule: usize,
    pub queue: usize,
    /// Queues passed through on overflow, in order (the first is the
    /// rule's, after any contact fallback).
    pub path: Vec<usize>,
    pub contact_fallback: bool,
    /// The lower queue it was taken from to fill spare capacity.
    pub backfilled_from: Option<usize>,
    pub amount_cents: i64,
    pub id: String,
}

/// Fills the queues within capacity: in rule order, then highest amount,
/// then id; the rest overflows. Then spare capacity is backfilled from the
/// named lower queue, highest amount first.
pub fn fill(rb: &Rulebook, placements: &mut [Placement], facts: &[HouseholdFacts]) {
    let order = queue_order(rb);
    for &q in &order {
        let Some(capacity) = rb.queues[q].capacity else {
            continue;
        };
        let mut members: Vec<usize> = (0..placements.len())
            .filter(|&i| placements[i].queue == q)
            .collect();
        members.sort_by(|&a, &b| rank(&placements[a], &placements[b]));
        for &i in members.iter().skip(capacity as usize) {
            let Some(next) = rb.queues[q].overflow else {
                continue;
            };
            let (target, fell_back) = with_contact(rb, None, next, &facts[i]);
            let p = &mut placements[i];
            p.queue = target;
            p.path.push(target);
            p.contact_fallback |= fell_back;
        }
    }
    for &q in &order {
        let (Some(capacity), Some(source)) = (rb.queues[q].capacity, rb.queues[q].backfill_from)
        else {
            continue;
        };
        let used = placements.iter().filter(|p| p.queue == q).count();
        let spare = (capacity as usize).saturating_sub(used);
        let mut candidates: Vec<usize> = (0..placements.len())
            .filter(|&i| placements[i].queue == source && reachable(rb, q, &facts[i]))
            .collect();
        candidates.sort_by(|&a, &b| {
            placements[b]
                .amount_cents
                .cmp(&placements[a].amount_cents)
                .then_with(|| placements[a].id.cmp(&placements[b].id))
        });
        for &i in candidates.iter().take(spare) {
            placements[i].queue = q;
            placements[i].backfilled_from = Some(source);
        }
    }
}

/// The order within a queue: rule order, highest amount, id.
pub fn rank(a: &Placement, b: &Placement) -> std::cmp::Ordering {
    a.rule
        .cmp(&b.rule)
        .then(b.amount_cents.cmp(&a.amount_cents))
        .then_with(|| a.id.cmp(&b.id))
}
