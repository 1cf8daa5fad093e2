//! From TOML text to a [`Rulebook`], collecting every problem with its
//! place rather than stopping at the first: the document is parsed into a
//! spanned tree and walked by hand (serde would stop at the first error and
//! lose positions inside tables).

use super::diagnostic::Diagnostic;
use super::facts::{ExampleHousehold, ExampleSignal, Fact, Kind};
use super::holidays::{Dutch, Holidays, LiberationDay};
use super::when::{SIGNAL_FACTS, SignalCondition, SignalFact, When};
use super::*;
use crate::matching::{FactSettings, SleperSettings};
use crate::signal::{PartnerType, SignalKind};
use crate::suggest::did_you_mean;
use crate::vocab::reason as screen_reason;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

type Node<'i> = Spanned<DeValue<'i>>;

struct Parser {
    diags: Vec<Diagnostic>,
}

/// A queue name used somewhere, to resolve once all queues are known.
struct QueueRef {
    name: String,
    span: Range<usize>,
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl Parser {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(span, message));
    }

    fn warning(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(span, message));
    }

    fn wrong_type(&mut self, v: &Node<'_>, what: &str, expected: &str) {
        self.error(
            v.span(),
            crate::tr!(
                "rb-type",
                what = what,
                expected = expected,
                found = type_name(v.get_ref())
            ),
        );
    }

    /// Reports keys of `t` not in `allowed`.
    fn keys(&mut self, t: &DeTable<'_>, allowed: &[&str], what: &str) {
        for (k, _) in t.iter() {
            let key: &str = k.get_ref();
            if !allowed.contains(&key) {
                let hint = did_you_mean(key, allowed.iter().copied());
                let hint = if hint.is_empty() {
                    crate::tr!("rb-expected-one-of", keys = allowed.join(", "))
                } else {
                    hint
                };
                self.error(
                    k.span(),
                    crate::tr!("rb-unknown-key", key = key, what = what, hint = hint),
                );
            }
        }
    }

    fn table<'a, 'i>(&mut self, v: &'a Node<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(v, what, &crate::tr!("rb-a-table"));
                None
            }
        }
    }

    fn string(&mut self, v: &Node<'_>, what: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(v, what, &crate::tr!("rb-a-string"));
                None
            }
        }
    }

    fn boolean(&mut self, v: &Node<'_>, what: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(v, what, &crate::tr!("rb-true-false"));
                None
            }
        }
    }

    fn number(&mut self, v: &Node<'_>, what: &str) -> Option<f64> {
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type(v, what, &crate::tr!("rb-a-number"));
                return None;
            }
        };
        match parsed {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.error(v.span(), crate::tr!("rb-not-a-number", what = what));
                None
            }
        }
    }

    fn count(&mut self, v: &Node<'_>, what: &str) -> Option<u32> {
        let n = self.number(v, what)?;
        if n < 0.0 {
            self.error(v.span(), crate::tr!("rb-negative", what = what));
            None
        } else if n.fract() != 0.0 || n > f64::from(u32::MAX) {
            self.error(v.span(), crate::tr!("rb-whole-number", what = what));
            None
        } else {
            Some(n as u32)
        }
    }

    /// A whole number from 0 to `max` (a term of ten years, a million
    /// households: beyond any municipality, and far from overflowing a
    /// date or a sum).
    fn count_upto(&mut self, v: &Node<'_>, what: &str, max: u32) -> Option<u32> {
        let n = self.count(v, what)?;
        if n > max {
            self.error(v.span(), crate::tr!("rb-at-most", what = what, max = max));
            return None;
        }
        Some(n)
    }

    /// A string or a list of strings, each with its span.
    fn names(&mut self, v: &Node<'_>, what: &str) -> Vec<(String, Range<usize>)> {
        match v.get_ref() {
            DeValue::String(s) => vec![(s.to_string(), v.span())],
            DeValue::Array(items) => items
                .iter()
                .filter_map(|i| self.string(i, what).map(|s| (s, i.span())))
                .collect(),
            _ => {
                self.wrong_type(v, what, &crate::tr!("rb-names"));
                Vec::new()
            }
        }
    }

    fn tables<'a, 'i>(&mut self, v: &'a Node<'i>, what: &str) -> Vec<&'a Node<'i>> {
        match v.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => {
                self.wrong_type(v, what, &crate::tr!("rb-tables", what = what));
                Vec::new()
            }
        }
    }

    fn choice<T: Copy>(&mut self, v: &Node<'_>, what: &str, options: &[(&str, T)]) -> Option<T> {
        let s = self.string(v, what)?;
        match options.iter().find(|(n, _)| *n == s) {
            Some((_, t)) => Some(*t),
            None => {
                let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
                let hint = did_you_mean(&s, names.iter().copied());
                self.error(
                    v.span(),
                    crate::tr!(
                        "rb-not-one-of",
                        what = what,
                        value = s,
                        names = names.join(", "),
                        hint = hint
                    ),
                );
                None
            }
        }
    }
}

fn get<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a Node<'i>> {
    t.iter().find(|(k, _)| *k.get_ref() == key).map(|(_, v)| v)
}

pub fn parse(path: &Path, text: &str) -> (Option<Rulebook>, Vec<Diagnostic>) {
    let (doc, errors) = DeTable::parse_recoverable(text);
    let mut p = Parser { diags: Vec::new() };
    for e in &errors {
        p.error(
            e.span().unwrap_or(0..0),
            crate::tomlfile::toml_message(e.message()),
        );
    }
    if !errors.is_empty() {
        return (None, p.diags);
    }
    let root = doc.get_ref();
    p.keys(
        root,
        &[
            "name",
            "description",
            "holidays",
            "rank",
            "facts",
            "screening",
            "queue",
            "rule",
            "example",
        ],
        "the rulebook",
    );
    let rank = match get(root, "rank") {
        Some(v) => rank(&mut p, v).unwrap_or_else(|| DEFAULT_RANK.to_vec()),
        None => DEFAULT_RANK.to_vec(),
    };
    let name = get(root, "name")
        .and_then(|v| p.string(v, "name"))
        .unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        });
    if let Some(v) = get(root, "description") {
        p.string(v, "description");
    }
    let holidays = get(root, "holidays")
        .map(|v| holidays(&mut p, v))
        .unwrap_or_default();
    // A hand-kept list must cover the year the rulebook is used in.
    if let Some(gap) = holidays.gap(chrono::Datelike::year(&chrono::Local::now().date_naive())) {
        p.warning(get(root, "holidays").map_or(0..0, |v| v.span()), gap);
    }
    let facts = get(root, "facts")
        .map(|v| fact_settings(&mut p, v))
        .unwrap_or_default();
    let screening = get(root, "screening")
        .map(|v| screening(&mut p, v))
        .unwrap_or_default();
    // No hidden defaults: a policy the rulebook does not write is named.
    let written = |key: &str| {
        get(root, "screening").is_some_and(|v| match v.get_ref() {
            DeValue::Table(t) => get(t, key).is_some(),
            _ => true,
        })
    };
    let at = get(root, "screening").map_or(0..0, |v| v.span());
    for (key, default) in [
        ("herhaal", "screen_out_unless_higher"),
        ("bekend_shv", "screen_out"),
        ("geen_bemoeienis", "screen_out"),
        ("sleper", "keep"),
        ("order", DEFAULT_ORDER_TEXT),
    ] {
        if !written(key) {
            p.warning(
                at.clone(),
                crate::tr!("rb-screening-default", key = key, default = default),
            );
        }
    }

    let mut queues = Vec::new();
    let mut queue_refs: Vec<(usize, &str, QueueRef)> = Vec::new();
    let mut queue_nodes = 0;
    if let Some(v) = get(root, "queue") {
        for node in p.tables(v, "queue") {
            queue_nodes += 1;
            if let Some((q, refs)) = queue(&mut p, node) {
                for (field, r) in refs {
                    queue_refs.push((queues.len(), field, r));
                }
                queues.push(q);
            }
        }
    }
    if queue_nodes == 0 {
        p.error(0..0, crate::tr!("rb-no-queue"));
    }
    let mut seen = BTreeMap::new();
    for q in &queues {
        if let Some(first) = seen.insert(q.name.clone(), q.span.clone()) {
            let (line, _) = crate::tomlfile::line_col(text, first.start);
            p.error(
                q.span.clone(),
                crate::tr!("rb-queue-twice", queue = q.name, line = line),
            );
        }
    }
    let names: Vec<String> = queues.iter().map(|q| q.name.clone()).collect();
    let resolve = |p: &mut Parser, r: &QueueRef| -> Option<usize> {
        let found = names.iter().position(|n| *n == r.name);
        if found.is_none() {
            p.error(
                r.span.clone(),
                crate::tr!(
                    "rb-unknown-queue",
                    queue = r.name,
                    hint = did_you_mean(&r.name, names.iter().map(String::as_str))
                ),
            );
        }
        found
    };
    for (qi, field, r) in &queue_refs {
        let target = resolve(&mut p, r);
        let q = &mut queues[*qi];
        match *field {
            "overflow" => q.overflow = target,
            "backfill_from" => q.backfill_from = target,
            _ => q.fallback = target,
        }
    }

    let mut rules = Vec::new();
    let mut rule_nodes = 0;
    if let Some(v) = get(root, "rule") {
        // Ids first, so a duplicate is found even when a rule has other errors.
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        for node in p.tables(v, "rule") {
            if let DeValue::Table(t) = node.get_ref()
                && let Some(id) = get(t, "id")
                && let DeValue::String(s) = id.get_ref()
                && let Some(first) = ids.insert(s.to_string(), id.span().start)
            {
                let line = crate::tomlfile::line_col(text, first).0;
                p.error(id.span(), crate::tr!("rb-rule-twice", id = s, line = line));
            }
        }
        for node in p.tables(v, "rule") {
            rule_nodes += 1;
            if let Some(r) = rule(&mut p, node, &resolve) {
                rules.push(r);
            }
        }
    }
    if rule_nodes == 0 {
        p.error(0..0, crate::tr!("rb-no-rule"));
    }
    let mut examples = Vec::new();
    if let Some(v) = get(root, "example") {
        for node in p.tables(v, "example") {
            if let Some(e) = example(&mut p, node, &resolve) {
                examples.push(e);
            }
        }
    }
    let rb = Rulebook {
        path: path.to_path_buf(),
        name,
        facts,
        screening,
        holidays,
        rank,
        queues,
        rules,
        examples,
    };
    (Some(rb), p.diags)
}

/// `holidays = "nl"`, a list of dates, or `{ calendar = "nl", good_friday,
/// liberation_day, extra = [dates] }`.
fn holidays(p: &mut Parser, v: &Node<'_>) -> Holidays {
    let mut out = Holidays::default();
    match v.get_ref() {
        DeValue::String(s) if s.as_ref() == "nl" => out.dutch = Some(Dutch::default()),
        DeValue::String(_) => p.error(v.span(), crate::tr!("rb-holidays")),
        DeValue::Array(_) => out.listed = holiday_dates(p, v),
        DeValue::Table(t) => {
            p.keys(
                t,
                &["calendar", "good_friday", "liberation_day", "extra"],
                "holidays",
            );
            let mut nl = Dutch::default();
            match get(t, "calendar").and_then(|c| p.string(c, "holidays.calendar")) {
                Some(c) if c == "nl" => {}
                Some(_) => p.error(
                    get(t, "calendar").map_or(v.span(), |c| c.span()),
                    crate::tr!("rb-holidays-calendar"),
                ),
                None => p.error(v.span(), crate::tr!("rb-holidays-give-calendar")),
            }
            if let Some(b) = get(t, "good_friday").and_then(|b| p.boolean(b, "good_friday")) {
                nl.good_friday = b;
            }
            const LIBERATION: &[(&str, LiberationDay)] = &[
                ("every_year", LiberationDay::EveryYear),
                ("lustrum", LiberationDay::Lustrum),
                ("never", LiberationDay::Never),
            ];
            if let Some(l) =
                get(t, "liberation_day").and_then(|l| p.choice(l, "liberation_day", LIBERATION))
            {
                nl.liberation_day = l;
            }
            out.dutch = Some(nl);
            if let Some(extra) = get(t, "extra") {
                out.listed = holiday_dates(p, extra);
            }
        }
        _ => p.wrong_type(v, "holidays", &crate::tr!("rb-holidays-kinds")),
    }
    out
}

fn holiday_dates(p: &mut Parser, v: &Node<'_>) -> BTreeSet<NaiveDate> {
    let mut out = BTreeSet::new();
    let DeValue::Array(items) = v.get_ref() else {
        p.wrong_type(v, "holidays", &crate::tr!("rb-dates"));
        return out;
    };
    for item in items.iter() {
        let text = match item.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Datetime(d) => d.to_string(),
            _ => {
                p.wrong_type(item, "holidays", &crate::tr!("rb-a-date"));
                continue;
            }
        };
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(d) => {
                out.insert(d);
            }
            Err(_) => p.error(item.span(), crate::tr!("rb-holidays-date")),
        }
    }
    out
}

fn fact_settings(p: &mut Parser, v: &Node<'_>) -> FactSettings {
    let mut f = FactSettings::default();
    let Some(t) = p.table(v, "facts") else {
        return f;
    };
    p.keys(t, &["recidive_months", "sleper"], "[facts]");
    if let Some(n) =
        get(t, "recidive_months").and_then(|v| p.count_upto(v, "recidive_months", MAX_MONTHS))
    {
        f.recidive_months = n;
    }
    if let Some(s) = get(t, "sleper").and_then(|v| p.table(v, "facts.sleper")) {
        p.keys(
            s,
            &[
                "window_months",
                "min_months",
                "max_terms",
                "max_amount",
                "max_growth",
            ],
            "[facts.sleper]",
        );
        let d = SleperSettings::default();
        let num = |p: &mut Parser, k: &str| get(s, k).and_then(|v| p.number(v, k));
        let cnt = |p: &mut Parser, k: &str| get(s, k).and_then(|v| p.count_upto(v, k, MAX_MONTHS));
        f.sleper = SleperSettings {
            window_months: cnt(p, "window_months").unwrap_or(d.window_months),
            min_months: cnt(p, "min_months").unwrap_or(d.min_months),
            max_terms: num(p, "max_terms").unwrap_or(d.max_terms),
            max_amount: num(p, "max_amount").map_or(d.max_amount, |n| n as i64),
            max_growth: num(p, "max_growth").unwrap_or(d.max_growth),
        };
    }
    f
}

const POLICIES: &[(&str, Policy)] = &[("screen_out", Policy::ScreenOut), ("keep", Policy::Keep)];

fn screening(p: &mut Parser, v: &Node<'_>) -> Screening {
    let mut s = Screening::default();
    let Some(t) = p.table(v, "screening") else {
        return s;
    };
    p.keys(
        t,
        &[
            "threshold",
            "herhaal",
            "bekend_shv",
            "geen_bemoeienis",
            "sleper",
            "order",
        ],
        "[screening]",
    );
    if let Some(v) = get(t, "order")
        && let Some(order) = screening_order(p, v)
    {
        s.order = order;
    }
    if let Some(v) = get(t, "threshold") {
        match v.get_ref() {
            DeValue::Table(th) => {
                let mut allowed: Vec<&str> = vec!["default"];
                allowed.extend(PartnerType::ALL.iter().map(|t| t.as_str()));
                allowed.extend(SignalKind::ALL.iter().map(|k| k.as_str()));
                p.keys(
                    th,
                    &allowed,
                    "screening.threshold (partner types and kinds)",
                );
                for (k, val) in th.iter() {
                    let key: &str = k.get_ref();
                    let Some(n) = p.number(val, &format!("threshold.{key}")) else {
                        continue;
                    };
                    if n < 0.0 {
                        p.error(val.span(), crate::tr!("rb-negative", what = "threshold"));
                    } else if key == "default" {
                        s.threshold = n;
                    } else if allowed.contains(&key) {
                        s.thresholds.insert(key.to_string(), n);
                    }
                }
            }
            _ => {
                if let Some(n) = p.number(v, "threshold") {
                    if n < 0.0 {
                        p.error(v.span(), crate::tr!("rb-negative", what = "threshold"));
                    }
                    s.threshold = n;
                }
            }
        }
    }
    if let Some(v) = get(t, "herhaal") {
        s.herhaal = p
            .choice(
                v,
                "herhaal",
                &[
                    ("keep", HerhaalPolicy::Keep),
                    ("screen_out", HerhaalPolicy::ScreenOut),
                    (
                        "screen_out_unless_higher",
                        HerhaalPolicy::ScreenOutUnlessHigher,
                    ),
                ],
            )
            .unwrap_or(s.herhaal);
    }
    for (key, slot) in [
        ("bekend_shv", &mut s.bekend_shv),
        ("geen_bemoeienis", &mut s.geen_bemoeienis),
        ("sleper", &mut s.sleper),
    ] {
        if let Some(v) = get(t, key)
            && let Some(policy) = p.choice(v, key, POLICIES)
        {
            *slot = policy;
        }
    }
    s
}

fn queue(p: &mut Parser, node: &Node<'_>) -> Option<(Queue, Vec<(&'static str, QueueRef)>)> {
    let t = p.table(node, "queue")?;
    p.keys(
        t,
        &[
            "name",
            "description",
            "contact",
            "capacity",
            "split_by",
            "overflow",
            "backfill_from",
            "fallback",
            "rank",
            "deadline_days",
            "deadline_working_days",
            "deadline",
        ],
        "[[queue]]",
    );
    let Some(name_node) = get(t, "name") else {
        p.error(node.span(), crate::tr!("rb-queue-no-name"));
        return None;
    };
    let name = p.string(name_node, "name")?;
    let span = name_node.span();
    let file_safe = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !file_safe {
        p.error(span.clone(), crate::tr!("rb-queue-name"));
        return None;
    }
    let contact = match get(t, "contact") {
        Some(v) => p.choice(v, "contact", CONTACT_FORMS)?,
        None => {
            p.error(
                span.clone(),
                crate::tr!("rb-queue-no-contact", queue = &name),
            );
            return None;
        }
    };
    let split_by_wijk = match get(t, "split_by") {
        Some(v) => p.choice(v, "split_by", &[("wijk", true)])?,
        None => false,
    };
    let mut team_capacity = BTreeMap::new();
    let capacity = match get(t, "capacity") {
        Some(v) => match v.get_ref() {
            // Per team: `capacity = { default = 5, noord = 10 }`.
            DeValue::Table(teams) => {
                if !split_by_wijk {
                    p.error(v.span(), crate::tr!("rb-capacity-per-team"));
                }
                let mut default = None;
                for (k, n) in teams.iter() {
                    let key: &str = k.get_ref();
                    let Some(n) = p.count_upto(n, "capacity", MAX_CAPACITY) else {
                        continue;
                    };
                    if key == "default" {
                        default = Some(n);
                    } else {
                        team_capacity.insert(slug(key), n);
                    }
                }
                default
            }
            _ => p.count_upto(v, "capacity", MAX_CAPACITY),
        },
        None => None,
    };
    let deadline = match deadline(p, t).ok()? {
        Some(d) => d,
        None => {
            p.error(
                span.clone(),
                crate::tr!("rb-queue-no-deadline", queue = &name),
            );
            return None;
        }
    };
    let mut refs = Vec::new();
    for field in ["overflow", "backfill_from", "fallback"] {
        if let Some(v) = get(t, field)
            && let Some(target) = p.string(v, field)
        {
            refs.push((
                field,
                QueueRef {
                    name: target,
                    span: v.span(),
                },
            ));
        }
    }
    let description = get(t, "description")
        .and_then(|v| p.string(v, "description"))
        .unwrap_or_default();
    Some((
        Queue {
            name,
            description,
            contact,
            capacity,
            overflow: None,
            backfill_from: None,
            fallback: None,
            deadline,
            split_by_wijk,
            team_capacity,
            rank: match get(t, "rank") {
                Some(v) => Some(rank(p, v)?),
                None => None,
            },
            span,
        },
        refs,
    ))
}

/// `rank = ["total desc", "recidive desc", "age asc"]`: keys in order,
/// each a number or yes/no fact (or `rule`), `asc` or `desc`.
fn rank(p: &mut Parser, v: &Node<'_>) -> Option<Vec<RankKey>> {
    let mut keys = Vec::new();
    let mut ok = true;
    let sortable: Vec<&str> = std::iter::once("rule")
        .chain(
            facts::FACTS
                .iter()
                .filter(|f| !matches!(f.2, Kind::Set(_) | Kind::Text))
                .map(|f| f.1),
        )
        .collect();
    for (item, span) in p.names(v, "rank") {
        let mut words = item.split_whitespace();
        let (Some(name), direction, None) = (words.next(), words.next(), words.next()) else {
            p.error(span, crate::tr!("rb-rank-form"));
            ok = false;
            continue;
        };
        let desc = match direction {
            Some("desc") => true,
            Some("asc") => false,
            _ => {
                p.error(span, crate::tr!("rb-rank-direction", name = name));
                ok = false;
                continue;
            }
        };
        let by = match (name, Fact::parse(name)) {
            ("rule", _) => RankBy::Rule,
            (_, Some(f)) if !matches!(f.kind(), Kind::Set(_) | Kind::Text) => RankBy::Fact(f),
            _ => {
                p.error(
                    span,
                    crate::tr!(
                        "rb-rank-unsortable",
                        name = name,
                        hint = did_you_mean(name, sortable.iter().copied()),
                        facts = sortable.join(", ")
                    ),
                );
                ok = false;
                continue;
            }
        };
        keys.push(RankKey { by, desc });
    }
    ok.then_some(keys)
}

/// A deadline: `deadline_days = N`, `deadline_working_days = N` or
/// `deadline = "same_day"` (one of them); `None` when none is given, and
/// `Err` after reporting a problem.
fn deadline(p: &mut Parser, t: &DeTable<'_>) -> Result<Option<Deadline>, ()> {
    let given: Vec<(&str, &Node<'_>)> = ["deadline_days", "deadline_working_days", "deadline"]
        .into_iter()
        .filter_map(|k| get(t, k).map(|v| (k, v)))
        .collect();
    match given.as_slice() {
        [] => Ok(None),
        [("deadline_days", v)] => p
            .count_upto(v, "deadline_days", MAX_DEADLINE_DAYS)
            .map(|n| Some(Deadline::Days(n)))
            .ok_or(()),
        [("deadline_working_days", v)] => p
            .count_upto(v, "deadline_working_days", MAX_DEADLINE_DAYS)
            .map(|n| Some(Deadline::WorkingDays(n)))
            .ok_or(()),
        [(_, v)] => p
            .choice(v, "deadline", &[("same_day", Deadline::Days(0))])
            .map(Some)
            .ok_or(()),
        [_, (_, second), ..] => {
            p.error(second.span(), crate::tr!("rb-one-deadline"));
            Err(())
        }
    }
}

fn rule(
    p: &mut Parser,
    node: &Node<'_>,
    resolve: &dyn Fn(&mut Parser, &QueueRef) -> Option<usize>,
) -> Option<Rule> {
    let t = p.table(node, "rule")?;
    p.keys(
        t,
        &[
            "id",
            "description",
            "when",
            "queue",
            "also",
            "fallback",
            "screen_out",
            "sub_reason",
            "deadline_days",
            "deadline_working_days",
            "deadline",
        ],
        "[[rule]]",
    );
    let Some(id_node) = get(t, "id") else {
        p.error(node.span(), crate::tr!("rb-rule-no-id"));
        return None;
    };
    let id = p.string(id_node, "id")?;
    let span = id_node.span();
    let when = match get(t, "when") {
        Some(v) => conditions(p, v, 0)?,
        None => When::default(),
    };
    let deadline = deadline(p, t).ok()?;
    let target = match (get(t, "queue"), get(t, "screen_out")) {
        (Some(queue_node), None) => {
            let name = p.string(queue_node, "queue")?;
            resolve(
                p,
                &QueueRef {
                    name,
                    span: queue_node.span(),
                },
            )
            .map(Target::Queue)
        }
        (None, Some(reason_node)) => {
            let reason = p.choice(reason_node, "screen_out", RULE_REASONS)?;
            let sub_reason = match get(t, "sub_reason") {
                Some(v) => Some(sub_reason(p, v)?),
                None => None,
            };
            for key in ["also", "fallback"] {
                if let Some(v) = get(t, key) {
                    p.error(v.span(), crate::tr!("rb-screen-out-with", key = key));
                }
            }
            Some(Target::ScreenOut { reason, sub_reason })
        }
        (Some(q), Some(_)) => {
            p.error(q.span(), crate::tr!("rb-queue-and-screen-out", id = &id));
            return None;
        }
        (None, None) => {
            p.error(span, crate::tr!("rb-rule-no-queue", id = &id));
            return None;
        }
    };
    let list = |p: &mut Parser, key: &str| -> Option<Vec<usize>> {
        let Some(v) = get(t, key) else {
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (name, span) in p.names(v, key) {
            match resolve(p, &QueueRef { name, span }) {
                Some(i) => out.push(i),
                None => ok = false,
            }
        }
        ok.then_some(out)
    };
    let also = list(p, "also");
    let fallback = list(p, "fallback");
    let description = get(t, "description")
        .and_then(|v| p.string(v, "description"))
        .unwrap_or_default();
    if get(t, "sub_reason").is_some() && !matches!(target, Some(Target::ScreenOut { .. })) {
        p.error(span.clone(), crate::tr!("rb-sub-reason-alone", id = &id));
    }
    Some(Rule {
        id,
        description,
        when,
        target: target?,
        also: also?,
        fallback: fallback?,
        deadline,
        span,
    })
}

/// The reasons a rule may screen out with: what the partner then hears
/// follows from the reason (`docs/feedback.md`).
const RULE_REASONS: &[(&str, &str)] = &[
    ("onder_drempel", screen_reason::ONDER_DREMPEL),
    ("herhaalde_melding", screen_reason::HERHAALDE_MELDING),
    ("bekend_shv", screen_reason::BEKEND_SHV),
    ("geen_bemoeienis", screen_reason::GEEN_BEMOEIENIS),
    ("sleper", screen_reason::SLEPER),
    ("andere_reden", screen_reason::ANDERE_REDEN),
];

/// A municipality's own sub-reason: a short code, kept internal.
fn sub_reason(p: &mut Parser, v: &Node<'_>) -> Option<String> {
    let s = p.string(v, "sub_reason")?;
    let ok = !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !ok {
        p.error(v.span(), crate::tr!("rb-sub-reason-form"));
        return None;
    }
    Some(s)
}

/// The default screening order, as the warning names it.
const DEFAULT_ORDER_TEXT: &str =
    "[\"geen_bemoeienis\", \"bekend_shv\", \"drempel\", \"herhaal\", \"sleper\"]";

/// `[screening] order`: every step once, in the order they are tried.
fn screening_order(p: &mut Parser, v: &Node<'_>) -> Option<Vec<Step>> {
    let mut order = Vec::new();
    let mut ok = true;
    for (name, span) in p.names(v, "order") {
        match Step::ALL.iter().find(|s| s.name() == name) {
            Some(step) if order.contains(step) => {
                p.error(span, crate::tr!("rb-order-twice", name = &name));
                ok = false;
            }
            Some(step) => order.push(*step),
            None => {
                let names = Step::ALL.iter().map(|s| s.name());
                p.error(
                    span,
                    crate::tr!(
                        "rb-order-unknown",
                        name = &name,
                        hint = did_you_mean(&name, names)
                    ),
                );
                ok = false;
            }
        }
    }
    let missing: Vec<&str> = Step::ALL
        .iter()
        .filter(|s| !order.contains(s))
        .map(|s| s.name())
        .collect();
    if ok && !missing.is_empty() {
        p.error(
            v.span(),
            crate::tr!("rb-order-missing", missing = missing.join(", ")),
        );
        ok = false;
    }
    ok.then_some(order)
}

/// Keys of a `when` table that compose rather than name a fact.
const COMPOSERS: &[&str] = &["all", "any", "not", "any_signal", "every_signal"];

/// A `when` table: every entry must hold. Entries are facts, or `all` /
/// `any` (lists of such tables), `not` (a table), `any_signal` /
/// `every_signal` (tables of signal facts).
fn conditions(p: &mut Parser, v: &Node<'_>, depth: usize) -> Option<When> {
    const MAX_DEPTH: usize = 16;
    if depth > MAX_DEPTH {
        p.error(v.span(), crate::tr!("rb-too-deep"));
        return None;
    }
    let t = p.table(v, "when")?;
    let mut out = Vec::new();
    let mut ok = true;
    let names: Vec<&str> = facts::FACTS
        .iter()
        .map(|f| f.1)
        .chain(COMPOSERS.iter().copied())
        .collect();
    for (k, value) in t.iter() {
        let key: &str = k.get_ref();
        let span = k.span().start..value.span().end;
        let part = match key {
            "all" | "any" => {
                let mut parts = Vec::new();
                for node in p.tables(value, key) {
                    match conditions(p, node, depth + 1) {
                        Some(w) => parts.push(w),
                        None => ok = false,
                    }
                }
                if parts.is_empty() && ok {
                    p.error(span.clone(), crate::tr!("rb-needs-conditions", key = key));
                    ok = false;
                }
                Some(if key == "all" {
                    When::All(parts)
                } else {
                    When::Any(parts)
                })
            }
            "not" => conditions(p, value, depth + 1).map(|w| When::Not(Box::new(w))),
            "any_signal" | "every_signal" => {
                signal_tests(p, value, key).map(|tests| When::Signals {
                    every: key == "every_signal",
                    tests,
                    span: span.clone(),
                })
            }
            _ => match Fact::parse(key) {
                Some(fact) => test(p, fact.name(), fact.kind(), value)
                    .map(|test| When::Fact(Condition { fact, test, span })),
                None => {
                    let hint = did_you_mean(key, names.iter().copied());
                    let hint = if hint.is_empty() {
                        crate::tr!("rb-facts-are", facts = names.join(", "))
                    } else {
                        hint
                    };
                    p.error(
                        k.span(),
                        crate::tr!("rb-unknown-fact", key = key, hint = hint),
                    );
                    None
                }
            },
        };
        match part {
            Some(w) => out.push(w),
            None => ok = false,
        }
    }
    ok.then_some(When::All(out))
}

/// The tests of `any_signal` / `every_signal`: facts of one signal.
fn signal_tests(p: &mut Parser, v: &Node<'_>, what: &str) -> Option<Vec<SignalCondition>> {
    let t = p.table(v, what)?;
    let names: Vec<&str> = SIGNAL_FACTS.iter().map(|f| f.1).collect();
    let mut out = Vec::new();
    let mut ok = true;
    for (k, value) in t.iter() {
        let key: &str = k.get_ref();
        let Some(fact) = SignalFact::parse(key) else {
            p.error(
                k.span(),
                crate::tr!(
                    "rb-unknown-signal-fact",
                    what = what,
                    key = key,
                    hint = match did_you_mean(key, names.iter().copied()) {
                        h if h.is_empty() => {
                            crate::tr!("rb-signal-facts-are", facts = names.join(", "))
                        }
                        h => h,
                    }
                ),
            );
            ok = false;
            continue;
        };
        match test(p, fact.name(), fact.kind(), value) {
            Some(test) => out.push(SignalCondition { fact, test }),
            None => ok = false,
        }
    }
    if out.is_empty() && ok {
        p.error(v.span(), crate::tr!("rb-needs-signal-fact", what = what));
        return None;
    }
    ok.then_some(out)
}

fn test(p: &mut Parser, name: &str, kind: Kind, v: &Node<'_>) -> Option<Test> {
    match kind {
        Kind::Bool => p.boolean(v, name).map(Test::Is),
        Kind::Number => match v.get_ref() {
            DeValue::Table(t) => {
                p.keys(t, &["at_least", "above", "below", "at_most"], name);
                let bound = |p: &mut Parser, k: &str| get(t, k).and_then(|v| p.number(v, k));
                let mut r = Interval::default();
                if let Some(n) = bound(p, "at_least") {
                    r.low = Some((n, true));
                }
                if let Some(n) = bound(p, "above") {
                    r.low = Some((n, false));
                }
                if let Some(n) = bound(p, "at_most") {
                    r.high = Some((n, true));
                }
                if let Some(n) = bound(p, "below") {
                    r.high = Some((n, false));
                }
                if r.low.is_none() && r.high.is_none() {
                    p.error(v.span(), crate::tr!("rb-range-bounds", name = name));
                    return None;
                }
                let empty = matches!((r.low, r.high), (Some((l, li)), Some((h, hi))) if l > h || (l == h && !(li && hi)));
                if empty {
                    p.error(v.span(), crate::tr!("rb-range-empty", name = name));
                    return None;
                }
                Some(Test::Range(r))
            }
            _ => {
                let n = p.number(v, name)?;
                Some(Test::Range(Interval {
                    low: Some((n, true)),
                    high: Some((n, true)),
                }))
            }
        },
        Kind::Set(_) | Kind::Text => {
            let allowed = match kind {
                Kind::Set(a) => Some(a),
                _ => None,
            };
            let check = |p: &mut Parser, items: Vec<(String, Range<usize>)>| -> Vec<String> {
                items
                    .into_iter()
                    .filter(|(s, span)| {
                        // Area names are the municipality's own: any name.
                        let Some(allowed) = allowed else {
                            return true;
                        };
                        let known = allowed.contains(&s.as_str());
                        if !known {
                            p.error(
                                span.clone(),
                                crate::tr!(
                                    "rb-unknown-value",
                                    name = name,
                                    value = s,
                                    hint = did_you_mean(s, allowed.iter().copied())
                                ),
                            );
                        }
                        known
                    })
                    .map(|(s, _)| s)
                    .collect()
            };
            match v.get_ref() {
                DeValue::String(_) => {
                    let items = p.names(v, name);
                    Some(Test::Set(SetTest {
                        includes: check(p, items),
                        ..SetTest::default()
                    }))
                }
                DeValue::Array(_) => {
                    let items = p.names(v, name);
                    Some(Test::Set(SetTest {
                        any_of: check(p, items),
                        ..SetTest::default()
                    }))
                }
                DeValue::Table(t) => {
                    p.keys(t, &["includes", "any_of", "excludes", "only"], name);
                    let field = |p: &mut Parser, k: &str| {
                        get(t, k).map(|v| {
                            let items = p.names(v, k);
                            check(p, items)
                        })
                    };
                    Some(Test::Set(SetTest {
                        includes: field(p, "includes").unwrap_or_default(),
                        any_of: field(p, "any_of").unwrap_or_default(),
                        excludes: field(p, "excludes").unwrap_or_default(),
                        only: field(p, "only"),
                    }))
                }
                _ => {
                    p.wrong_type(v, name, &crate::tr!("rb-names-or-table"));
                    None
                }
            }
        }
    }
}

/// Bounds on the rulebook's counts.
const MAX_MONTHS: u32 = 1_200;
const MAX_CAPACITY: u32 = 1_000_000;
const MAX_DEADLINE_DAYS: u32 = 3_650;

fn euros_to_cents(n: f64) -> i64 {
    (n * 100.0).round() as i64
}

fn example(
    p: &mut Parser,
    node: &Node<'_>,
    resolve: &dyn Fn(&mut Parser, &QueueRef) -> Option<usize>,
) -> Option<Example> {
    let t = p.table(node, "example")?;
    p.keys(
        t,
        &[
            "name",
            "signals",
            "recidive_amounts",
            "sleper",
            "bekend_shv",
            "geen_bemoeienis",
            "age",
            "minors",
            "phone_known",
            "email_known",
            "eerder_niet_bereikt",
            "wijk",
            "full",
            "expect",
            "expect_screened_out",
            "expect_rule",
            "expect_also",
        ],
        "[[example]]",
    );
    let name = match get(t, "name") {
        Some(v) => p.string(v, "name")?,
        None => {
            p.error(node.span(), crate::tr!("rb-example-no-name"));
            return None;
        }
    };
    let span = get(t, "name").map_or(node.span(), |v| v.span());
    let mut signals = Vec::new();
    match get(t, "signals") {
        Some(v) => {
            for s in p.tables(v, "signals") {
                signals.push(example_signal(p, s)?);
            }
        }
        None => {
            p.error(
                span.clone(),
                crate::tr!("rb-example-no-signals", name = &name),
            );
            return None;
        }
    }
    let mut h = ExampleHousehold::default();
    if let Some(v) = get(t, "recidive_amounts") {
        let DeValue::Array(items) = v.get_ref() else {
            p.wrong_type(v, "recidive_amounts", &crate::tr!("rb-amounts"));
            return None;
        };
        for i in items.iter() {
            h.recidive_amounts
                .push(euros_to_cents(p.number(i, "recidive_amounts")?));
        }
    }
    for (key, slot) in [
        ("sleper", &mut h.sleper),
        ("bekend_shv", &mut h.bekend_shv),
        ("geen_bemoeienis", &mut h.geen_bemoeienis),
        ("phone_known", &mut h.phone_known),
        ("email_known", &mut h.email_known),
        ("eerder_niet_bereikt", &mut h.eerder_niet_bereikt),
    ] {
        if let Some(v) = get(t, key) {
            *slot = p.boolean(v, key)?;
        }
    }
    if let Some(v) = get(t, "age") {
        h.age = Some(p.count(v, "age")?);
    }
    if let Some(v) = get(t, "minors") {
        h.minors = Some(p.count(v, "minors")?);
    }
    if let Some(v) = get(t, "wijk") {
        h.wijk = p.string(v, "wijk")?;
    }
    let expect = match (get(t, "expect"), get(t, "expect_screened_out")) {
        (Some(v), None) => {
            let q = p.string(v, "expect")?;
            resolve(
                p,
                &QueueRef {
                    name: q.clone(),
                    span: v.span(),
                },
            )?;
            Expected::Queue(q)
        }
        (None, Some(v)) => {
            let reason = p.string(v, "expect_screened_out")?;
            let known = crate::vocab::reason::REASONS;
            if !known.contains(&reason.as_str()) {
                p.error(
                    v.span(),
                    crate::tr!(
                        "rb-unknown-reason",
                        reason = &reason,
                        hint = did_you_mean(&reason, known.iter().copied())
                    ),
                );
                return None;
            }
            Expected::ScreenedOut(reason)
        }
        _ => {
            p.error(span.clone(), crate::tr!("rb-example-expect", name = &name));
            return None;
        }
    };
    let expect_rule = match get(t, "expect_rule") {
        Some(v) => Some(p.string(v, "expect_rule")?),
        None => None,
    };
    let expect_also = get(t, "expect_also").map(|v| {
        p.names(v, "expect_also")
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    });
    let mut full = Vec::new();
    if let Some(v) = get(t, "full") {
        for (name, span) in p.names(v, "full") {
            full.push(resolve(p, &QueueRef { name, span })?);
        }
    }
    Some(Example {
        name,
        signals,
        household: h,
        expect,
        expect_rule,
        expect_also,
        full,
        span,
    })
}

fn example_signal(p: &mut Parser, node: &Node<'_>) -> Option<ExampleSignal> {
    let t = p.table(node, "signals")?;
    p.keys(
        t,
        &[
            "type",
            "partner",
            "kind",
            "amount",
            "previous_amount",
            "warm_handover",
        ],
        "an example signal",
    );
    let partner_type = match get(t, "type") {
        Some(v) => {
            let options: Vec<(&str, PartnerType)> =
                PartnerType::ALL.iter().map(|t| (t.as_str(), *t)).collect();
            p.choice(v, "type", &options)?
        }
        None => {
            p.error(node.span(), crate::tr!("rb-example-type"));
            return None;
        }
    };
    let kind = match get(t, "kind") {
        Some(v) => {
            let options: Vec<(&str, SignalKind)> =
                SignalKind::ALL.iter().map(|k| (k.as_str(), *k)).collect();
            p.choice(v, "kind", &options)?
        }
        None => SignalKind::Vroegsignaal,
    };
    let amount = match get(t, "amount") {
        Some(v) => p.number(v, "amount")?,
        None => {
            p.error(node.span(), crate::tr!("rb-example-amount"));
            return None;
        }
    };
    let previous = match get(t, "previous_amount") {
        Some(v) => Some(euros_to_cents(p.number(v, "previous_amount")?)),
        None => None,
    };
    let partner = match get(t, "partner") {
        Some(v) => p.string(v, "partner")?,
        None => partner_type.as_str().to_string(),
    };
    let warm_handover = match get(t, "warm_handover") {
        Some(v) => p.boolean(v, "warm_handover")?,
        None => false,
    };
    Some(ExampleSignal {
        partner,
        partner_type,
        kind,
        amount_cents: euros_to_cents(amount),
        previous_cents: previous,
        warm_handover,
    })
}
