//! The dry-run for policy staff: the same month under two rulebooks, queue
//! by queue, and which households move where.

use super::{Outcome, Prioritised};
use crate::matching::Household;
use crate::rulebook::Rulebook;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a household ends: a queue, review, or not picked up (reason).
pub fn place(rb: &Rulebook, p: &Prioritised, households: &[Household], i: usize) -> String {
    let d = &p.households[i];
    if let Some(pl) = &d.placement {
        return rb.queues[pl.queue].list_name(&d.facts.wijk);
    }
    let first = households[d.household].signals[0];
    match &p.signals[first].outcome {
        Outcome::Review => "controleren".into(),
        Outcome::Out(r) => format!("niet_opgepakt:{r}"),
        Outcome::Queued => "niet_opgepakt".into(),
    }
}

fn rule_id(rb: &Rulebook, p: &Prioritised, i: usize) -> String {
    p.households[i]
        .placement
        .as_ref()
        .map_or_else(String::new, |pl| rb.rules[pl.rule].id.clone())
}

#[derive(Debug, Serialize)]
pub struct QueueCounts {
    pub queue: String,
    pub old: u64,
    pub new: u64,
    pub old_capacity: Option<u32>,
    pub new_capacity: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct Moved {
    pub household: String,
    pub from: String,
    pub to: String,
    pub old_rule: String,
    pub new_rule: String,
}

#[derive(Debug, Serialize)]
pub struct Comparison {
    pub old_rulebook: String,
    pub new_rulebook: String,
    pub households: u64,
    pub queues: Vec<QueueCounts>,
    /// "from -> to" -> households.
    pub moves: BTreeMap<String, u64>,
    pub moved: Vec<Moved>,
}

pub fn compare(
    old_rb: &Rulebook,
    old: &Prioritised,
    new_rb: &Rulebook,
    new: &Prioritised,
    households: &[Household],
) -> Comparison {
    let n = households.len();
    let old_places: Vec<String> = (0..n).map(|i| place(old_rb, old, households, i)).collect();
    let new_places: Vec<String> = (0..n).map(|i| place(new_rb, new, households, i)).collect();
    let mut names: Vec<String> = old_rb.queues.iter().map(|q| q.name.clone()).collect();
    for q in &new_rb.queues {
        if !names.contains(&q.name) {
            names.push(q.name.clone());
        }
    }
    for extra in old_places.iter().chain(&new_places) {
        if !names.contains(extra) && !extra.starts_with("niet_opgepakt") && extra != "controleren" {
            names.push(extra.clone());
        }
    }
    let mut counted: Vec<String> = names.clone();
    let mut others: Vec<String> = old_places
        .iter()
        .chain(&new_places)
        .filter(|p| !names.contains(p))
        .cloned()
        .collect();
    others.sort();
    others.dedup();
    counted.extend(others);
    let capacity = |rb: &Rulebook, name: &str| rb.capacity_of_list(name);
    let queues = counted
        .iter()
        .map(|name| QueueCounts {
            queue: name.clone(),
            old: old_places.iter().filter(|p| *p == name).count() as u64,
            new: new_places.iter().filter(|p| *p == name).count() as u64,
            old_capacity: capacity(old_rb, name),
            new_capacity: capacity(new_rb, name),
        })
        .collect();
    let mut moves = BTreeMap::new();
    let mut moved = Vec::new();
    for i in 0..n {
        if old_places[i] != new_places[i] {
            *moves
                .entry(format!("{} -> {}", old_places[i], new_places[i]))
                .or_insert(0) += 1;
            moved.push(Moved {
                household: households[i].id.clone(),
                from: old_places[i].clone(),
                to: new_places[i].clone(),
                old_rule: rule_id(old_rb, old, i),
                new_rule: rule_id(new_rb, new, i),
            });
        }
    }
    moved.sort_by(|a, b| (&a.from, &a.to, &a.household).cmp(&(&b.from, &b.to, &b.household)));
    Comparison {
        old_rulebook: old_rb.path.display().to_string(),
        new_rulebook: new_rb.path.display().to_string(),
        households: n as u64,
        queues,
        moves,
        moved,
    }
}
