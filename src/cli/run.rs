//! `vroegsignaal run`: the monthly job, stages chained in memory.

use super::{Common, Workspace};
use crate::csvio::PendingOutputs;
use crate::exit::usage_err;
use crate::ingest::{self, Ingested, PartnerExports};
use crate::present::{self, Format};
use anyhow::Result;

pub const EXAMPLES: &str = "Examples:
  vroegsignaal run --month 2026-10
  vroegsignaal run --config /data/gemeente/vroegsignaal.toml --month 2026-10 --format json";

/// Ingest for the workspace's month, from the config's partners.
pub fn ingest_month(ws: &Workspace) -> Result<Ingested> {
    let config = &ws.config;
    if config.partners.is_empty() {
        return usage_err(format!(
            "{}: no [[partner]] configured",
            config.path.display()
        ));
    }
    let mut partners = Vec::new();
    for p in &config.partners {
        partners.push(PartnerExports {
            id: p.id.clone(),
            partner_type: Some(p.partner_type),
            profile: &p.profile,
            files: p.files_for(ws.month)?,
        });
    }
    if partners.iter().all(|p| p.files.is_empty()) {
        anyhow::bail!("no partner exports found for {}", ws.month);
    }
    ingest::ingest(&partners, ws.month, &file_name)
}

/// Rows point at their export by file name: deterministic wherever the
/// job runs, and export names carry partner and month.
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

pub fn run(common: &Common) -> Result<()> {
    let ws = common.workspace()?;
    // A broken rulebook stops the run before any work is done; without one
    // configured the run ends after match.
    let rulebook = match &ws.config.rulebook {
        Some(p) => Some(crate::rulebook::load(p)?),
        None => {
            crate::present::note(
                common.quiet,
                "no `rulebook` in the config: the run stops after match (no work lists)",
            );
            None
        }
    };
    let facts = rulebook
        .as_ref()
        .map(|r| r.facts.clone())
        .unwrap_or_default();
    let mut ingested = ingest_month(&ws)?;
    let mut out = PendingOutputs::default();
    ingested.write(&ws.dir, common.dialect, &mut out)?;
    let quiet = Common {
        strict: false,
        ..common.clone()
    };
    // The signals move on to the next stage; the ingest summary needs only
    // the counts and rejections.
    let signals = std::mem::take(&mut ingested.signals);
    let checked = super::brp_check::check_month(&ws, signals, None, &quiet, &mut out)?;
    let stage = super::matching::match_month(&ws, checked.resolved(), &facts, &quiet, &mut out)?;
    let m = &stage.matched;
    let priorities = match &rulebook {
        Some(rb) => {
            let decided = crate::prioritise::prioritise(rb, &m.signals, &m.households);
            crate::prioritise::worklists::write(
                rb,
                &decided,
                &m.signals,
                &m.households,
                &ws.dir,
                common.dialect,
                &mut out,
            )?;
            Some(super::prioritise::summarise(&ws, rb, &decided, &m.signals))
        }
        None => None,
    };
    let matched = stage.record(&ws)?;
    out.commit()?;
    match common.format {
        Format::Table => {
            super::ingest::report(&quiet, &ingested, &ws.dir)?;
            super::brp_check::report(&quiet, &checked, &ws.dir)?;
            super::matching::report(&quiet, &matched, &ws.dir)?;
            if let Some(p) = &priorities {
                super::prioritise::report(&quiet, p, &ws.dir)?;
            }
        }
        // One JSON document for the whole run, a key per stage.
        Format::Json => {
            super::ingest::print_notes(&quiet, &ingested);
            let summary = serde_json::json!({
                "month": ws.month.to_string(),
                "ingest": ingested.summary(),
                "brp_check": super::brp_check::summarise(&checked),
                "match": super::matching::summarise(&matched),
                "prioritise": priorities,
            });
            present::emit(Format::Json, &summary, String::new)?;
        }
    }
    strict_outcome(common, &ingested, &checked)
}

/// `--strict` over the whole run: rejected rows or signals under review.
fn strict_outcome(
    common: &Common,
    ingested: &Ingested,
    checked: &crate::brp::Checked,
) -> Result<()> {
    if !common.strict {
        return Ok(());
    }
    let rejected = ingested.rejected.len();
    let review = checked
        .signals
        .iter()
        .filter(|c| c.brp.verdict == crate::brp::Verdict::Controleren)
        .count();
    if rejected + review > 0 {
        return Err(crate::exit::ProblemsFound(format!(
            "{rejected} rows rejected, {review} signals to review (--strict)"
        ))
        .into());
    }
    Ok(())
}
