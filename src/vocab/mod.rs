//! The shared vocabularies of vroegsignalering: the closed lists every
//! stage speaks (reason codes, end results, contact kinds, feedback codes,
//! partner types and signal kinds) and the records of a case. This module
//! sits below every stage, so the stages never import each other for a
//! word they share.

pub mod case;
pub mod codes;
pub mod comparison;
pub mod reason;

pub use crate::signal::{PartnerType, SignalKind};

/// Days after receipt by which a partner must have heard back.
pub const DEFAULT_TERM_DAYS: u32 = 28;
