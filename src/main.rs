use clap::Parser;

// Ingest allocates many small strings; mimalloc halves the time spent on it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;
use vroegsignaal::{cli, exit};

fn main() -> ExitCode {
    // A bug must not print data it was holding: a short message, no values.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "internal error{place}: vroegsignaal hit a bug. No data is shown; please report the command you ran."
        );
    }));
    let parsed = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            e.print().ok();
            return ExitCode::from(code);
        }
    };
    match cli::dispatch(parsed) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(exit::code_for(&err))
        }
    }
}
