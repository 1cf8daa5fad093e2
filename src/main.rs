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
        Err(e) if e.kind() == clap::error::ErrorKind::InvalidSubcommand => {
            // clap suggests only near names; `rn` for `run` is one edit.
            let wanted = match e.get(clap::error::ContextKind::InvalidSubcommand) {
                Some(clap::error::ContextValue::String(s)) => s.clone(),
                _ => String::new(),
            };
            let command = <cli::Cli as clap::CommandFactory>::command();
            let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            eprintln!(
                "error: unknown command `{wanted}`{}\ncommands: {}; see `vroegsignaal --help`",
                vroegsignaal::suggest::did_you_mean(&wanted, names.iter().copied()),
                names.join(", ")
            );
            return ExitCode::from(exit::USAGE);
        }
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
