//! The monthly figures policy staff ask for (filled in next).
