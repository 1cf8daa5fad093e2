//! What an officer reads, in Dutch (the default) or English (`--lang en`,
//! or `VROEGSIGNAAL_LANG=en`). Messages live in one Fluent catalog per
//! language (`locales/nl.ftl`, `locales/en.ftl`), compiled in; code names
//! a message by its key with [`tr!`](crate::tr). JSON keys and data files
//! never depend on the language.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::ffi::OsString;
use std::sync::OnceLock;

mod command;
pub use command::{localise, usage_error};

/// The Dutch catalog.
pub const NL: &str = include_str!("../../locales/nl.ftl");
/// The English catalog.
pub const EN: &str = include_str!("../../locales/en.ftl");

/// The language of what the program says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" | "nl-nl" | "nederlands" => Some(Lang::Nl),
            "en" | "en-gb" | "en-us" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

static LANG: OnceLock<Lang> = OnceLock::new();
static BUNDLES: OnceLock<Bundles> = OnceLock::new();

struct Bundles {
    nl: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: &str, source: &'static str) -> FluentBundle<FluentResource> {
    let id = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Plain text: no Unicode isolation marks around values in a terminal.
    bundle.set_use_isolating(false);
    // The catalogs are ours and tested; a broken entry is left out.
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
    let _ = bundle.add_resource(resource);
    bundle
}

fn bundles() -> &'static Bundles {
    BUNDLES.get_or_init(|| Bundles {
        nl: bundle("nl", NL),
        en: bundle("en", EN),
    })
}

/// Sets the language once, at start-up (later calls change nothing).
pub fn set(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language in use: Dutch unless set otherwise.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The language asked for on the command line (`--lang en`, `--lang=en`)
/// or else in `VROEGSIGNAAL_LANG`; Dutch when neither says. Read before
/// the arguments are parsed, so `--help` speaks it too.
pub fn detect(args: &[OsString], env: Option<OsString>) -> Lang {
    let mut wanted = None;
    let mut iter = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            wanted = iter.next().map(|v| v.into_owned());
        } else if let Some(v) = arg.strip_prefix("--lang=") {
            wanted = Some(v.to_string());
        }
    }
    wanted
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| env.and_then(|e| Lang::parse(&e.to_string_lossy())))
        .unwrap_or_default()
}

/// A message in a language, with its arguments; `None` when the catalog
/// has no such key.
pub fn lookup_in(lang: Lang, key: &str, args: &[(&str, String)]) -> Option<String> {
    let b = bundles();
    let bundle = match lang {
        Lang::Nl => &b.nl,
        Lang::En => &b.en,
    };
    let pattern = bundle.get_message(key)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        // Whole numbers as numbers, so a message can choose `one` or
        // `other`; everything else as text.
        match value.parse::<i64>() {
            Ok(n) if n.to_string() == *value => fluent_args.set(*name, n),
            _ => fluent_args.set(*name, value.clone()),
        }
    }
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned(),
    )
}

/// A message in the language in use. A key missing from the catalog (a
/// test keeps this from happening) shows as the key itself.
pub fn text(key: &str, args: &[(&str, String)]) -> String {
    lookup_in(lang(), key, args).unwrap_or_else(|| key.to_string())
}

/// A message from the catalog of the language in use:
/// `tr!("run-done")`, `tr!("rows-read", rows = n, month = m)`.
#[macro_export]
macro_rules! tr {
    ($key:literal) => {
        $crate::i18n::text($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text($key, &[$((stringify!($name), ($value).to_string())),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The keys a catalog defines, in order (a message starts a line with
    /// `key =`; continuation lines are indented).
    pub fn keys(source: &str) -> Vec<String> {
        source
            .lines()
            .filter_map(|l| l.split_once(" ="))
            .map(|(k, _)| k)
            .filter(|k| {
                k.starts_with(|c: char| c.is_ascii_lowercase())
                    && k.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
            .map(String::from)
            .collect()
    }

    fn parses(source: &str) -> bool {
        FluentResource::try_new(source.to_string()).is_ok()
    }

    #[test]
    fn every_key_is_in_both_catalogs_and_both_parse() {
        assert!(parses(NL), "nl.ftl has a syntax error");
        assert!(parses(EN), "en.ftl has a syntax error");
        let nl: BTreeSet<String> = keys(NL).into_iter().collect();
        let en: BTreeSet<String> = keys(EN).into_iter().collect();
        assert!(nl.len() > 100, "{}", nl.len());
        assert_eq!(keys(NL).len(), nl.len(), "a key twice in nl.ftl");
        assert_eq!(keys(EN).len(), en.len(), "a key twice in en.ftl");
        let only_nl: Vec<_> = nl.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&nl).collect();
        assert!(
            only_nl.is_empty() && only_en.is_empty(),
            "only in nl: {only_nl:?}; only in en: {only_en:?}"
        );
        // Every key resolves to text in both languages.
        for k in &nl {
            for lang in [Lang::Nl, Lang::En] {
                assert!(
                    lookup_in(lang, k, &[]).is_some_and(|t| !t.is_empty()),
                    "{k} in {lang:?}"
                );
            }
        }
    }

    /// Every `tr!("key"` in the source names a key of the catalogs.
    #[test]
    fn every_message_the_code_names_is_in_the_catalogs() {
        fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    files(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut all = Vec::new();
        files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut all,
        );
        let known: BTreeSet<String> = keys(NL).into_iter().collect();
        let mut used = 0;
        for f in all {
            let text = std::fs::read_to_string(&f).unwrap();
            for (i, _) in text.match_indices("tr!(") {
                // `tr!(`, not `include_str!(`.
                if text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = text[i + 4..].trim_start();
                let Some(rest) = rest.strip_prefix('"') else {
                    continue;
                };
                let key = &rest[..rest.find('"').unwrap_or(0)];
                let shaped =
                    !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '-');
                if !shaped || key == "key" || key == "run-done" || key == "rows-read" {
                    continue; // not a key, or the macro's own documentation
                }
                used += 1;
                assert!(
                    known.contains(key),
                    "{}: `{key}` is in no catalog",
                    f.display()
                );
            }
        }
        assert!(used > 30, "{used}");
    }

    #[test]
    fn arguments_fill_in_and_numbers_choose_the_form() {
        let one = lookup_in(
            Lang::Nl,
            "run-review-list",
            &[("file", "c.csv".into()), ("signals", "1".into())],
        )
        .unwrap();
        assert!(one.ends_with("(1 signaal)"), "{one}");
        let two = lookup_in(
            Lang::En,
            "run-review-list",
            &[("file", "c.csv".into()), ("signals", "2".into())],
        )
        .unwrap();
        assert!(two.ends_with("(2 signals)"), "{two}");
        // Text that looks like a number but is not one stays as written.
        let id = lookup_in(Lang::En, "did-you-mean", &[("name", "007".into())]).unwrap();
        assert_eq!(id, "; did you mean `007`?");
    }

    #[test]
    fn the_language_comes_from_the_arguments_then_the_environment() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(detect(&args(&["vroegsignaal", "run"]), None), Lang::Nl);
        assert_eq!(detect(&args(&["v", "run", "--lang", "en"]), None), Lang::En);
        assert_eq!(
            detect(&args(&["v", "--lang=en", "run"]), Some("nl".into())),
            Lang::En
        );
        assert_eq!(detect(&args(&["v", "run"]), Some("en".into())), Lang::En);
        assert_eq!(
            detect(&args(&["v", "--lang", "nl"]), Some("en".into())),
            Lang::Nl
        );
        assert_eq!(detect(&args(&["v", "--", "--lang", "en"]), None), Lang::Nl);
    }

    /// The English help in the catalog is the help written in the code:
    /// the two cannot drift apart.
    #[test]
    fn the_english_help_is_the_help_in_the_code() {
        use clap::CommandFactory;
        fn walk(cmd: &clap::Command, parent: &str, out: &mut Vec<(String, String, String)>) {
            let path = if parent.is_empty() {
                cmd.get_name().to_string()
            } else {
                format!("{parent}-{}", cmd.get_name())
            };
            if let Some(a) = cmd.get_about() {
                out.push((format!("about-{path}"), String::new(), a.to_string()));
            }
            for a in cmd.get_arguments() {
                if let Some(h) = a.get_help() {
                    let id = a.get_id().to_string();
                    out.push((
                        format!("arg-{path}-{id}"),
                        format!("arg-{id}"),
                        h.to_string(),
                    ));
                }
            }
            for s in cmd.get_subcommands() {
                walk(s, &path, out);
            }
        }
        let mut helps = Vec::new();
        walk(&crate::cli::Cli::command(), "", &mut helps);
        assert!(helps.len() > 80, "{}", helps.len());
        for (key, fallback, written) in helps {
            let written = written.replace('\n', " ");
            let found =
                lookup_in(Lang::En, &key, &[]).or_else(|| lookup_in(Lang::En, &fallback, &[]));
            assert_eq!(found.as_deref(), Some(written.as_str()), "{key}");
        }
    }
}
