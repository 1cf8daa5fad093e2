//! Exit codes and the error kinds that choose them.
//!
//! | code | meaning |
//! |------|---------|
//! | 0    | ok |
//! | 1    | ran, but found problems and `--strict` was given |
//! | 2    | data or runtime error (missing file, unreadable export, ...) |
//! | 64   | usage error (unknown flag, bad argument) |
//! | 78   | configuration, profile or rulebook invalid |

use std::fmt;

pub const OK: u8 = 0;
pub const PROBLEMS: u8 = 1;
pub const DATA: u8 = 2;
pub const USAGE: u8 = 64;
pub const CONFIG: u8 = 78;

/// A configuration, profile or rulebook that cannot be used. Anywhere in an
/// error chain it turns the exit code into 78, so CI can tell a broken
/// config from dirty data.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The user asked for something that does not fit together (exit 64).
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A stage finished but found problems the user asked to fail on (exit 1).
#[derive(Debug)]
pub struct ProblemsFound(pub String);

impl fmt::Display for ProblemsFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProblemsFound {}

/// The exit code an error chain asks for.
pub fn code_for(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.is::<ConfigError>() {
            return CONFIG;
        }
        if cause.is::<UsageError>() {
            return USAGE;
        }
        if cause.is::<ProblemsFound>() {
            return PROBLEMS;
        }
    }
    DATA
}

/// `Err(ConfigError)` as an anyhow error, for `?` in config code.
pub fn config_err<T>(msg: impl Into<String>) -> anyhow::Result<T> {
    Err(ConfigError(msg.into()).into())
}

/// `Err(UsageError)` as an anyhow error.
pub fn usage_err<T>(msg: impl Into<String>) -> anyhow::Result<T> {
    Err(UsageError(msg.into()).into())
}
