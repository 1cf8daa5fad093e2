//! The command line in the language in use: help texts from the
//! catalogs, and clap's own words (usage, defaults, possible values, errors
//! about the command line) where clap has no language of its own.

use super::{Lang, lang, lookup_in};

/// Puts the catalog's help texts on a command and its subcommands:
/// `about-<command path>` for what a command does, `arg-<command
/// path>-<argument>` or else `arg-<argument>` for an option.
pub fn localise(cmd: clap::Command) -> clap::Command {
    let mut cmd = localise_at(cmd, "", "");
    if lang() == Lang::Nl {
        // clap adds its `help` subcommands while building, in English.
        cmd.build();
        cmd = dutch_help_subcommands(cmd);
    }
    cmd
}

/// clap's help layout with its one English word in Dutch.
const DUTCH_HELP: &str = "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

fn dutch_help_subcommands(mut cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = if name == "help" {
            cmd.mut_subcommand(name, |h| {
                let h = h
                    .about(text_in(Lang::Nl, "help-subcommand"))
                    .help_template(DUTCH_HELP)
                    .subcommand_help_heading("Opdrachten")
                    .subcommand_value_name("OPDRACHT");
                let h = if h.get_arguments().any(|a| a.get_id() == "subcommand") {
                    h.mut_arg("subcommand", |a| {
                        a.help(text_in(Lang::Nl, "help-subcommand-arg"))
                            .value_name("OPDRACHT")
                    })
                } else {
                    h
                };
                dutch_help_subcommands(h)
            })
        } else {
            cmd.mut_subcommand(name, dutch_help_subcommands)
        };
    }
    cmd
}

/// `parent` is the parent's key path (`vroegsignaal-rulebook`), `shown`
/// how the parent is typed (`vroegsignaal rulebook`).
fn localise_at(mut cmd: clap::Command, parent: &str, shown: &str) -> clap::Command {
    let (path, shown) = if parent.is_empty() {
        (cmd.get_name().to_string(), cmd.get_name().to_string())
    } else {
        (
            format!("{parent}-{}", cmd.get_name()),
            format!("{shown} {}", cmd.get_name()),
        )
    };
    let lang = lang();
    if let Some(about) = lookup_in(lang, &format!("about-{path}"), &[]) {
        cmd = cmd.about(about);
    }
    let examples = cmd
        .get_after_long_help()
        .map(|h| h.to_string())
        .and_then(|h| h.strip_prefix("Examples:").map(String::from));
    if let Some(rest) = examples {
        cmd = cmd.after_long_help(text_in(lang, "examples-heading") + &rest);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = lookup_in(lang, &format!("arg-{path}-{id}"), &[])
            .or_else(|| lookup_in(lang, &format!("arg-{id}"), &[]));
        let heading = |h: &str| match (lang, h) {
            (Lang::Nl, "Input") => Some("Invoer"),
            (Lang::Nl, "Output") => Some("Uitvoer"),
            _ => None,
        };
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let a = match help {
                Some(h) => a.help(h),
                None => a,
            };
            let a = if lang == Lang::Nl {
                dutch_value_names(notes_in_help(a, lang))
            } else {
                a
            };
            match (a.get_help_heading(), lang) {
                (Some(h), _) => match heading(h) {
                    Some(h) => a.help_heading(h),
                    None => a,
                },
                (None, Lang::Nl) => a.help_heading("Opties"),
                (None, Lang::En) => a,
            }
        });
    }
    // The built-in flags, in the language in use.
    cmd = cmd.disable_help_flag(true).arg(
        clap::Arg::new("help")
            .short('h')
            .long("help")
            .action(clap::ArgAction::Help)
            .help(text_in(lang, "flag-help"))
            .help_heading(if lang == Lang::Nl {
                "Opties"
            } else {
                "Options"
            }),
    );
    if parent.is_empty() {
        cmd = cmd.after_help(text_in(lang, "exit-codes"));
        cmd = cmd.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(text_in(lang, "flag-version"))
                .help_heading(if lang == Lang::Nl {
                    "Opties"
                } else {
                    "Options"
                }),
        );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let (p, s) = (path.clone(), shown.clone());
        cmd = cmd.mut_subcommand(name, move |c| localise_at(c, &p, &s));
    }
    if lang == Lang::Nl {
        cmd = cmd
            .help_template(DUTCH_HELP)
            .subcommand_help_heading("Opdrachten")
            .subcommand_value_name("OPDRACHT");
        // clap writes `[OPTIONS]` into the usage line itself.
        let usage = cmd.clone().bin_name(&shown).render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        let options = text_in(lang, "usage-options");
        cmd = cmd.override_usage(usage.replace("[OPTIONS]", &options));
    }
    cmd
}

/// The placeholders of values (`--out <DIR>`) as a Dutch reader types
/// them.
fn dutch_value_names(a: clap::Arg) -> clap::Arg {
    let Some(names) = a.get_value_names() else {
        return a;
    };
    let dutch: Vec<clap::builder::Str> = names
        .iter()
        .map(|n| match n.as_str() {
            "FILE" => "BESTAND".into(),
            "DIR" => "MAP".into(),
            "FORMAT" => "VORM".into(),
            "PROFILE" => "PROFIEL".into(),
            "SECONDS" => "SECONDEN".into(),
            "SIGNAL_ID" => "SIGNAAL_ID".into(),
            "OLD" => "OUD".into(),
            "YYYY-MM" => "JJJJ-MM".into(),
            "YYYY-MM-DD" => "JJJJ-MM-DD".into(),
            _ => n.clone(),
        })
        .collect();
    a.value_names(dutch)
}

/// clap's own `[default: …]` and `[possible values: …]` notes, written
/// into the help text in the language in use.
fn notes_in_help(a: clap::Arg, lang: Lang) -> clap::Arg {
    if !a.get_action().takes_values() {
        return a;
    }
    let mut notes = String::new();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        let values = defaults.join(", ");
        notes += &format!(" {}", text_with(lang, "help-default", values));
    }
    let possible: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !possible.is_empty() && !a.is_hide_possible_values_set() {
        let values = possible.join(", ");
        notes += &format!(" {}", text_with(lang, "help-possible", values));
    }
    if notes.is_empty() {
        return a;
    }
    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    a.help(help + &notes)
        .hide_default_value(true)
        .hide_possible_values(true)
}

fn text_with(lang: Lang, key: &str, values: String) -> String {
    lookup_in(lang, key, &[("values", values)]).unwrap_or_else(|| key.to_string())
}

/// A wrong command line in the language in use, as clap would say it;
/// `None` where clap's own words stand (English, help and version output,
/// and kinds of error not covered here).
pub fn usage_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let lang = lang();
    if lang == Lang::En {
        return None;
    }
    let get = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let tr = |key: &str, args: &[(&str, String)]| {
        lookup_in(lang, key, args).unwrap_or_else(|| key.to_string())
    };
    let message = match e.kind() {
        ErrorKind::InvalidValue => {
            let mut m = tr("cli-invalid-value", &[("arg", arg), ("value", value)]);
            let valid = get(ContextKind::ValidValue);
            if !valid.is_empty() {
                m += &format!("\n  {}", text_with(lang, "help-possible", valid));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map_or_else(String::new, ToString::to_string);
            tr(
                "cli-invalid-value-why",
                &[("arg", arg), ("value", value), ("why", why)],
            )
        }
        ErrorKind::UnknownArgument => {
            let suggested = get(ContextKind::SuggestedArg);
            let hint = if suggested.is_empty() {
                String::new()
            } else {
                tr("did-you-mean", &[("name", suggested)])
            };
            tr("cli-unknown-argument", &[("arg", arg), ("hint", hint)])
        }
        ErrorKind::MissingRequiredArgument => tr("cli-missing", &[("args", arg)]),
        ErrorKind::ArgumentConflict => {
            let other = get(ContextKind::PriorArg);
            tr("cli-conflict", &[("arg", arg), ("other", other)])
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => tr("cli-value-count", &[("arg", arg)]),
        _ => return None,
    };
    Some(format!(
        "{}: {message}\n\n{}",
        tr("error-prefix", &[]),
        tr("cli-more", &[])
    ))
}

fn text_in(lang: Lang, key: &str) -> String {
    lookup_in(lang, key, &[]).unwrap_or_else(|| key.to_string())
}
