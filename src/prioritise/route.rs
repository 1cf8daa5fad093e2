//! Routing: the household's facts, the first rule that matches, the
//! contact-detail fallbacks, and filling the queues within capacity.

use super::screen::Piece;
use crate::rulebook::facts::{HouseholdFacts, SignalFacts, Value};
use crate::rulebook::{Need, RankBy, RankKey, Rule, Rulebook};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The facts of a household from its screened-in signals.
pub fn facts_of(pieces: &[&Piece], minors: Option<u32>, wijk: &str) -> HouseholdFacts {
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
        signals: pieces
            .iter()
            .map(|p| SignalFacts {
                amount: euros(p.amount_cents),
                partner_type: p.partner_type,
                kind: p.kind,
                warm_handover: p.warm_handover,
                herhaal: p.herhaal_change.is_some(),
            })
            .collect(),
        wijk: wijk.to_string(),
    }
}

/// The first rule whose conditions hold.
pub fn first_rule(rb: &Rulebook, facts: &HouseholdFacts) -> Option<usize> {
    rb.rules.iter().position(|r| r.when.holds(facts))
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
    /// The facts its rule used, as the lists show them (`feiten`).
    pub facts_used: String,
    /// Its place in each queue with a capacity it was ranked in.
    pub ranked: Vec<Ranked>,
}

/// A household's place among those headed for a queue with a capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub queue: usize,
    /// The work list it was ranked on (the team's, for a split queue).
    pub list: String,
    /// 1-based.
    pub place: usize,
    pub of: usize,
    pub capacity: u32,
}

/// Fills the queues within capacity, each in its rank order (the
/// rulebook's `rank`, by default rule order then the largest amount; the
/// household id last); the rest overflows. Then spare capacity is
/// backfilled from the named lower queue, in the receiving queue's order.
pub fn fill(rb: &Rulebook, placements: &mut [Placement], facts: &[&HouseholdFacts]) {
    let order = queue_order(rb);
    for &q in &order {
        let queue = &rb.queues[q];
        if !queue.has_capacity() {
            continue;
        }
        // One group per list: the queue's, or each team's.
        let mut lists: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for i in (0..placements.len()).filter(|&i| placements[i].queue == q) {
            lists
                .entry(queue.list_name(&facts[i].wijk))
                .or_default()
                .push(i);
        }
        let keys = rb.rank_of(q);
        for (list, mut members) in lists {
            let Some(capacity) = members
                .first()
                .and_then(|&i| queue.capacity_for(queue.team(&facts[i].wijk)))
            else {
                continue;
            };
            members.sort_by(|&a, &b| {
                rank(keys, (&placements[a], facts[a]), (&placements[b], facts[b]))
            });
            let of = members.len();
            for (n, &i) in members.iter().enumerate() {
                placements[i].ranked.push(Ranked {
                    queue: q,
                    list: list.clone(),
                    place: n + 1,
                    of,
                    capacity,
                });
            }
            for &i in members.iter().skip(capacity as usize) {
                let Some(next) = queue.overflow else {
                    continue;
                };
                let (target, fell_back) = with_contact(rb, None, next, facts[i]);
                let p = &mut placements[i];
                p.queue = target;
                p.path.push(target);
                p.contact_fallback |= fell_back;
            }
        }
    }
    for &q in &order {
        let queue = &rb.queues[q];
        let Some(source) = queue.backfill_from.filter(|_| queue.has_capacity()) else {
            continue;
        };
        let mut candidates: Vec<usize> = (0..placements.len())
            .filter(|&i| placements[i].queue == source && reachable(rb, q, facts[i]))
            .collect();
        let keys = rb.rank_of(q);
        candidates
            .sort_by(|&a, &b| rank(keys, (&placements[a], facts[a]), (&placements[b], facts[b])));
        // Spare room per list: a team fills from its own area.
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        for i in (0..placements.len()).filter(|&i| placements[i].queue == q) {
            *used.entry(queue.list_name(&facts[i].wijk)).or_default() += 1;
        }
        for i in candidates {
            let list = queue.list_name(&facts[i].wijk);
            let Some(capacity) = queue.capacity_for(queue.team(&facts[i].wijk)) else {
                continue;
            };
            let n = used.entry(list).or_default();
            if *n < capacity as usize {
                *n += 1;
                placements[i].queue = q;
                placements[i].backfilled_from = Some(source);
            }
        }
    }
}

/// The order of two households by the rank keys, then household id. An
/// unknown value (age, minors) comes last whichever the direction.
pub fn rank(
    keys: &[RankKey],
    a: (&Placement, &HouseholdFacts),
    b: (&Placement, &HouseholdFacts),
) -> Ordering {
    for key in keys {
        let ord = match key.by {
            RankBy::Rule => directed(a.0.rule.cmp(&b.0.rule), key.desc),
            RankBy::Fact(f) => match (sortable(&a.1.value(f)), sortable(&b.1.value(f))) {
                (Some(x), Some(y)) => directed(x.total_cmp(&y), key.desc),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    a.0.id.cmp(&b.0.id)
}

fn directed(o: Ordering, desc: bool) -> Ordering {
    if desc { o.reverse() } else { o }
}

/// A fact's value as a number to order by: yes is 1, no 0.
fn sortable(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => *n,
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Set(_) | Value::Text(_) => None,
    }
}
