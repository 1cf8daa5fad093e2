//! Screening: which signals are not picked up, each with a reason code
//! (the feedback to the partner is derived from it later).

use crate::brp::Verdict;
use crate::rulebook::{HerhaalPolicy, Policy, Screening, Step, number};
use crate::signal::{PartnerType, SignalKind};
use crate::vocab::reason::*;

/// One signal as screening and the rules see it: from a matched signal, or
/// from a rulebook example.
#[derive(Debug, Clone)]
pub struct Piece {
    pub partner: String,
    pub partner_type: PartnerType,
    pub kind: SignalKind,
    pub amount_cents: i64,
    /// The change against last month's signal, when it repeats one.
    pub herhaal_change: Option<i64>,
    pub warm_handover: bool,
    pub sleper: bool,
    pub bekend_shv: bool,
    pub geen_bemoeienis: bool,
    pub verdict: Verdict,
    pub legal_person: bool,
    pub phone_known: bool,
    pub email_known: bool,
    pub age: Option<u32>,
    /// Earlier amounts in the recidive window.
    pub recidive: Vec<i64>,
    pub eerder_niet_bereikt: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Screened {
    Kept,
    /// Waiting for the officer's BRP decision.
    Review,
    Out {
        reason: &'static str,
        /// The facts behind it, for `beslissingen.csv`.
        detail: String,
    },
}

fn out(reason: &'static str, detail: String) -> Screened {
    Screened::Out { reason, detail }
}

pub fn screen(s: &Screening, p: &Piece) -> Screened {
    match p.verdict {
        Verdict::Controleren => return Screened::Review,
        Verdict::Overleden => return out(OVERLEDEN, "brp=overleden".into()),
        Verdict::NietIngeschreven if p.legal_person => {
            return out(RECHTSPERSOON, "rechtspersoon=ja".into());
        }
        Verdict::NietIngeschreven => return out(GEEN_INWONER, "brp=niet_ingeschreven".into()),
        Verdict::Gevonden => {}
    }
    for step in &s.order {
        if let Some(out) = step_screens(*step, s, p) {
            return out;
        }
    }
    Screened::Kept
}

/// What one step does with a signal: screened out, or `None` to go on.
fn step_screens(step: Step, s: &Screening, p: &Piece) -> Option<Screened> {
    match step {
        Step::GeenBemoeienis => (p.geen_bemoeienis && s.geen_bemoeienis == Policy::ScreenOut)
            .then(|| out(GEEN_BEMOEIENIS, "geen_bemoeienis=ja".into())),
        Step::BekendShv => (p.bekend_shv && s.bekend_shv == Policy::ScreenOut)
            .then(|| out(BEKEND_SHV, "bekend_shv=ja".into())),
        Step::Drempel => {
            let threshold = s.threshold_for(p.partner_type.as_str(), p.kind.as_str());
            let amount = p.amount_cents as f64 / 100.0;
            (amount < threshold).then(|| {
                out(
                    ONDER_DREMPEL,
                    format!(
                        "bedrag={} < drempel {} ({} {})",
                        number(amount),
                        number(threshold),
                        p.partner_type,
                        p.kind
                    ),
                )
            })
        }
        // A partner that asks for a warm handover expects the household to
        // be picked up: it is never a repeat, whatever the policy.
        Step::Herhaal => {
            let change = p.herhaal_change.filter(|_| !p.warm_handover)?;
            let screened = match s.herhaal {
                HerhaalPolicy::Keep => false,
                HerhaalPolicy::ScreenOut => true,
                HerhaalPolicy::ScreenOutUnlessHigher => change <= 0,
            };
            screened.then(|| {
                out(
                    HERHAALDE_MELDING,
                    format!("herhaal=ja verschil={}", number(change as f64 / 100.0)),
                )
            })
        }
        Step::Sleper => {
            (p.sleper && s.sleper == Policy::ScreenOut).then(|| out(SLEPER, "sleper=ja".into()))
        }
    }
}
