//! Checks on a parsed rulebook that need the whole of it: duplicate ids,
//! overflow cycles, capacities with nowhere to go, rules that can never
//! fire.

use super::diagnostic::Diagnostic;
use super::{Need, Rulebook};
use crate::tomlfile::line_col;
use std::collections::BTreeMap;

pub fn analyse(rb: &Rulebook, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let line_of = |span: &std::ops::Range<usize>| line_col(text, span.start).0;

    for (i, q) in rb.queues.iter().enumerate() {
        if q.has_capacity() && q.overflow.is_none() {
            out.push(Diagnostic::error(
                q.span.clone(),
                crate::tr!("rb-no-overflow", queue = &q.name),
            ));
        }
        if !q.has_capacity() && q.overflow.is_some() {
            out.push(Diagnostic::warning(
                q.span.clone(),
                crate::tr!("rb-overflow-no-capacity", queue = &q.name),
            ));
        }
        if q.backfill_from.is_some() && !q.has_capacity() {
            out.push(Diagnostic::error(
                q.span.clone(),
                crate::tr!("rb-backfill-no-capacity", queue = &q.name),
            ));
        }
        if q.backfill_from == Some(i) {
            out.push(Diagnostic::error(
                q.span.clone(),
                crate::tr!("rb-backfill-itself", queue = &q.name),
            ));
        }
        if let Some(f) = q.fallback
            && q.contact.needs().is_some()
            && rb.queues[f].contact.needs() == q.contact.needs()
        {
            out.push(Diagnostic::warning(
                q.span.clone(),
                crate::tr!(
                    "rb-fallback-same-need",
                    queue = &q.name,
                    to = &rb.queues[f].name
                ),
            ));
        }
        // Follow overflow and fallback: a household must never come back.
        for (edge, next) in [("overflow", q.overflow), ("fallback", q.fallback)] {
            let Some(mut at) = next else { continue };
            let mut path = vec![q.name.as_str()];
            let mut steps = 0;
            loop {
                path.push(rb.queues[at].name.as_str());
                if at == i {
                    out.push(Diagnostic::error(
                        q.span.clone(),
                        if path.len() == 2 {
                            crate::tr!("rb-edge-itself", queue = &q.name, edge = edge)
                        } else {
                            crate::tr!(
                                "rb-edge-cycle",
                                queue = &q.name,
                                edge = edge,
                                path = path.join(" -> ")
                            )
                        },
                    ));
                    break;
                }
                steps += 1;
                match rb.queues[at].overflow.or(rb.queues[at].fallback) {
                    Some(n) if steps <= rb.queues.len() => at = n,
                    _ => break,
                }
            }
        }
    }

    for (i, r) in rb.rules.iter().enumerate() {
        if let Some(earlier) = rb.rules[..i].iter().find(|e| r.shadowed_by(e)) {
            out.push(Diagnostic::error(
                r.span.clone(),
                crate::tr!(
                    "rb-rule-shadowed",
                    id = &r.id,
                    earlier = &earlier.id,
                    line = line_of(&earlier.span)
                ),
            ));
        }
        for &a in &r.also {
            if rb.queues[a].has_capacity() {
                out.push(Diagnostic::error(
                    r.span.clone(),
                    crate::tr!("rb-also-capacity", id = &r.id, queue = &rb.queues[a].name),
                ));
            }
        }
    }
    if !rb.rules.is_empty() && rb.rules.iter().all(|r| !r.when.is_empty()) {
        let last = rb.rules.last().map_or(0..0, |r| r.span.clone());
        out.push(Diagnostic::warning(last, crate::tr!("rb-no-catch-all")));
    }
    for (i, q) in rb.queues.iter().enumerate() {
        let used = rb
            .rules
            .iter()
            .any(|r| r.queue() == Some(i) || r.also.contains(&i) || r.fallback.contains(&i))
            || rb.queues.iter().any(|o| {
                o.overflow == Some(i) || o.fallback == Some(i) || o.backfill_from == Some(i)
            });
        if !used {
            out.push(Diagnostic::warning(
                q.span.clone(),
                crate::tr!("rb-queue-unused", queue = &q.name),
            ));
        }
        if q.contact.needs() == Some(Need::Phone) || q.contact.needs() == Some(Need::Email) {
            let has_way_out = q.fallback.is_some()
                || rb
                    .rules
                    .iter()
                    .filter(|r| r.queue() == Some(i))
                    .all(|r| !r.fallback.is_empty());
            if !has_way_out && used {
                out.push(Diagnostic::warning(
                    q.span.clone(),
                    if q.contact.needs() == Some(Need::Phone) {
                        crate::tr!("rb-needs-phone", queue = &q.name)
                    } else {
                        crate::tr!("rb-needs-email", queue = &q.name)
                    },
                ));
            }
        }
    }
    let mut names = BTreeMap::new();
    for e in &rb.examples {
        if names.insert(e.name.as_str(), ()).is_some() {
            out.push(Diagnostic::warning(
                e.span.clone(),
                crate::tr!("rb-example-twice", name = &e.name),
            ));
        }
    }
    out
}
