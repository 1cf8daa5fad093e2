//! vroegsignaal: the monthly pipeline of vroegsignalering van schulden.
//!
//! One module per stage, each with its operation from a [`workspace`] and
//! typed input to typed output plus a summary: `ingest::run`,
//! `brp::check_month`, `matching::stage::run`, `prioritise::stage::run`,
//! `feedback::stage` (gather, export, deliver). [`pipeline`] chains them in
//! memory for `run`. The words every stage shares live in [`vocab`], below
//! them all, so stages never import each other in a circle. `cli` only
//! parses arguments and presents results.

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
pub mod i18n;
pub mod import;
pub mod ingest;
pub mod matching;
pub mod monitor;
pub mod month;
pub mod pipeline;
pub mod present;
pub mod prioritise;
pub mod profile;
pub mod profile_guess;
pub mod retention;
pub mod rulebook;
pub mod runlock;
pub mod secret;
pub mod seek;
pub mod sheets;
pub mod signal;
pub mod suggest;
pub mod testpoint;
pub mod tomlfile;
pub mod vocab;
pub mod workspace;
