//! The words of a BRP comparison: the fields a signal and a register row
//! are compared on, their graded levels, and a pair's pattern of levels.
//! The model weighs them, the evidence names them, and the store keeps
//! pattern counts (no personal value) for later months to pool.

use std::collections::BTreeMap;

pub const FIELD_COUNT: usize = 5;
pub const MAX_LEVELS: usize = 6;

/// A field of the comparison and its graded levels, best first. Every field
/// also has the level `onbekend` (either side empty), which weighs nothing.
pub struct FieldSpec {
    pub key: &'static str,
    pub levels: &'static [&'static str],
}

pub const NAME: usize = 0;
pub const GIVEN: usize = 1;
pub const BIRTH: usize = 2;
pub const ADDRESS: usize = 3;
pub const BSN: usize = 4;

pub const FIELDS: [FieldSpec; FIELD_COUNT] = [
    FieldSpec {
        key: "naam",
        levels: &["gelijk", "bijna", "klinkt_gelijk", "anders"],
    },
    FieldSpec {
        key: "voornamen",
        levels: &["gelijk", "bijna", "voorletters", "eerste_letter", "anders"],
    },
    FieldSpec {
        key: "geboortedatum",
        levels: &[
            "gelijk",
            "jaar_1_cijfer",
            "dag_maand_omgedraaid",
            "jaar_maand",
            "jaar",
            "anders",
        ],
    },
    FieldSpec {
        key: "adres",
        levels: &["gelijk", "toevoeging_anders", "straat_nummer", "anders"],
    },
    FieldSpec {
        key: "bsn",
        levels: &["gelijk", "anders"],
    },
];

/// Level numbers, per field, as in [`FIELDS`].
pub mod level {
    pub const EXACT: u8 = 0;
    pub const UNKNOWN: u8 = u8::MAX;
    pub mod name {
        pub const CLOSE: u8 = 1;
        pub const SOUNDS: u8 = 2;
        pub const OTHER: u8 = 3;
    }
    pub mod given {
        pub const CLOSE: u8 = 1;
        pub const INITIALS: u8 = 2;
        pub const FIRST_LETTER: u8 = 3;
        pub const OTHER: u8 = 4;
    }
    pub mod birth {
        pub const YEAR_DIGIT: u8 = 1;
        pub const DAY_MONTH: u8 = 2;
        pub const YEAR_MONTH: u8 = 3;
        pub const YEAR: u8 = 4;
        pub const OTHER: u8 = 5;
    }
    pub mod address {
        pub const ADDITION: u8 = 1;
        pub const STREET: u8 = 2;
        pub const OTHER: u8 = 3;
    }
    pub mod bsn {
        pub const OTHER: u8 = 1;
    }
}

/// The level of each field for one candidate pair.
pub type Pattern = [u8; FIELD_COUNT];

/// Candidate pairs counted per comparison pattern.
pub type PatternCounts = BTreeMap<Pattern, u64>;
