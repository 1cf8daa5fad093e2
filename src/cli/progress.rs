//! One progress line per stage of `run` on a terminal; nothing when stderr
//! is not a terminal or with `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

pub struct Stage {
    bar: ProgressBar,
    name: &'static str,
}

impl Stage {
    /// A spinner naming the stage, until [`Stage::done`].
    pub fn start(quiet: bool, name: &'static str) -> Stage {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:<15} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(name);
        bar.set_message("…");
        bar.enable_steady_tick(Duration::from_millis(100));
        Stage { bar, name }
    }

    /// Leaves one line saying what the stage did.
    pub fn done(self, what: &str) {
        self.bar.set_style(
            ProgressStyle::with_template("✓ {prefix:<15} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        self.bar.set_prefix(self.name);
        self.bar.finish_with_message(what.to_string());
    }
}
