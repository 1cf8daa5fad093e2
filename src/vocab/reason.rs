//! The reasons a signal is not picked up (screening). Each maps to the
//! code its partner hears (`codes::FeedbackCode::for_screening`) and, in the
//! monitor, to the DDAS wording.

/// Every reason a signal is not picked up.
pub const REASONS: &[&str] = &[
    GEEN_INWONER,
    RECHTSPERSOON,
    OVERLEDEN,
    GEEN_BEMOEIENIS,
    BEKEND_SHV,
    ONDER_DREMPEL,
    HERHAALDE_MELDING,
    SLEPER,
    ANDERE_REDEN,
    GEEN_REGEL,
];

pub const GEEN_INWONER: &str = "geen_inwoner";
pub const RECHTSPERSOON: &str = "rechtspersoon";
pub const OVERLEDEN: &str = "overleden";
pub const GEEN_BEMOEIENIS: &str = "geen_bemoeienis";
pub const BEKEND_SHV: &str = "bekend_shv";
pub const ONDER_DREMPEL: &str = "onder_drempel";
pub const HERHAALDE_MELDING: &str = "herhaalde_melding";
pub const SLEPER: &str = "sleper";
/// A rule screened it out for a reason the partner may not learn (the
/// municipality's own sub-reason stays internal).
pub const ANDERE_REDEN: &str = "andere_reden";
/// Screened in, but no rule caught the household.
pub const GEEN_REGEL: &str = "geen_regel";
