use clap::{CommandFactory, FromArgMatches};

// Ingest allocates many small strings; mimalloc halves the time spent on it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;
use vroegsignaal::{cli, exit, i18n, tr};

fn main() -> ExitCode {
    // A bug must not print data it was holding: a short message, no values.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("{}", tr!("internal-error", place = place));
    }));
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    i18n::set(i18n::detect(&args, std::env::var_os("VROEGSIGNAAL_LANG")));
    let command = i18n::localise(cli::Cli::command());
    let parsed = match command
        .try_get_matches_from(&args)
        .and_then(|m| cli::Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) if e.kind() == clap::error::ErrorKind::InvalidSubcommand => {
            // clap suggests only near names; `rn` for `run` is one edit.
            let wanted = match e.get(clap::error::ContextKind::InvalidSubcommand) {
                Some(clap::error::ContextValue::String(s)) => s.clone(),
                _ => String::new(),
            };
            let command = cli::Cli::command();
            let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            eprintln!(
                "{}",
                tr!(
                    "unknown-command",
                    command = wanted,
                    suggestion =
                        vroegsignaal::suggest::did_you_mean(&wanted, names.iter().copied()),
                    commands = names.join(", ")
                )
            );
            return ExitCode::from(exit::USAGE);
        }
        Err(e) => {
            if let Some(message) = i18n::usage_error(&e) {
                eprintln!("{message}");
                return ExitCode::from(exit::USAGE);
            }
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
            eprintln!("{}: {err:#}", tr!("error-prefix"));
            ExitCode::from(exit::code_for(&err))
        }
    }
}
