//! vroegsignaal: the monthly pipeline of vroegsignalering van schulden.
//!
//! One module per stage (`ingest`, ...), each a function from typed records
//! to typed records; `cli` is the thin layer over them.

pub mod areas;
pub mod brp;
pub mod cli;
pub mod config;
pub mod csvio;
pub mod diagnostic;
pub mod exit;
pub mod feedback;
pub mod fields;
pub mod history;
pub mod import;
pub mod ingest;
pub mod matching;
pub mod monitor;
pub mod month;
pub mod present;
pub mod prioritise;
pub mod profile;
pub mod profile_guess;
pub mod retention;
pub mod rulebook;
pub mod runlock;
pub mod secret;
pub mod sheets;
pub mod signal;
pub mod suggest;
pub mod testpoint;
pub mod tomlfile;
pub mod vocab;
