//! Parsers and validators for the single fields of partner exports:
//! amounts, dates, names, addresses and contact data. Each is a pure function
//! from the raw cell text to a typed value or a reason it is not one; none of
//! them ever puts the raw value into an error (it may be personal data).

// Parse, don't slice: user text is read with `get`, never indexed.
#![warn(clippy::indexing_slicing, clippy::string_slice)]

pub mod address;
pub mod amount;
pub mod contact;
pub mod date;
pub mod name;
pub mod text;
