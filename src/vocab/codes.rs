//! The closed lists an officer records and a partner sees: the official end
//! results (DDAS `EnumEindresultaat` v1.2), contact kinds
//! (`EnumContactsoort`), parts of the day (`EnumDagdeel`), and the coded
//! terugkoppeling that is projected from them (DOMAIN §6).

use super::reason;
use crate::suggest::closest;

/// What a partner hears about one signal: a code and nothing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeedbackCode {
    OnterechtSignaal,
    GeenInwoner,
    HerhaaldeMelding,
    NietOpgepakt,
    BekendShv,
    Overleden,
    WilHulp,
    NietBereikt,
}

impl FeedbackCode {
    pub const ALL: &'static [FeedbackCode] = &[
        FeedbackCode::OnterechtSignaal,
        FeedbackCode::GeenInwoner,
        FeedbackCode::HerhaaldeMelding,
        FeedbackCode::NietOpgepakt,
        FeedbackCode::BekendShv,
        FeedbackCode::Overleden,
        FeedbackCode::WilHulp,
        FeedbackCode::NietBereikt,
    ];

    /// The text the partner's system shows.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackCode::OnterechtSignaal => "onterecht signaal",
            FeedbackCode::GeenInwoner => "geen inwoner (meer)",
            FeedbackCode::HerhaaldeMelding => "herhaalde melding",
            FeedbackCode::NietOpgepakt => "niet opgepakt",
            FeedbackCode::BekendShv => "bekend bij SHV",
            FeedbackCode::Overleden => "overleden",
            FeedbackCode::WilHulp => "wil hulp",
            FeedbackCode::NietBereikt => "niet bereikt / wil geen hulp",
        }
    }

    pub fn parse(s: &str) -> Option<FeedbackCode> {
        FeedbackCode::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// The code for a signal that screening did not pick up. Reasons the
    /// partner may not learn (opt-out, sleper, no rule) collapse to
    /// "niet opgepakt".
    pub fn for_screening(reason: &str) -> FeedbackCode {
        match reason {
            reason::ONDER_DREMPEL | reason::RECHTSPERSOON => FeedbackCode::OnterechtSignaal,
            reason::GEEN_INWONER => FeedbackCode::GeenInwoner,
            reason::OVERLEDEN => FeedbackCode::Overleden,
            reason::HERHAALDE_MELDING => FeedbackCode::HerhaaldeMelding,
            reason::BEKEND_SHV => FeedbackCode::BekendShv,
            _ => FeedbackCode::NietOpgepakt,
        }
    }
}

impl std::fmt::Display for FeedbackCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! closed_list {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $official:literal [$($alias:literal),*]),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The official text, as DDAS spells it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $official),+ }
            }

            /// Short forms an officer may type instead.
            pub fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($alias),*]),+ }
            }

            /// The official text or a short form, ignoring case and spacing.
            pub fn parse(s: &str) -> Option<$name> {
                let wanted = simplify(s);
                $name::ALL.iter().copied().find(|v| {
                    simplify(v.as_str()) == wanted || v.aliases().iter().any(|a| simplify(a) == wanted)
                })
            }

            /// `; did you mean ...` and the allowed values, for an error.
            pub fn help(s: &str) -> String {
                let names: Vec<&str> = $name::ALL
                    .iter()
                    .flat_map(|v| std::iter::once(v.as_str()).chain(v.aliases().iter().copied()))
                    .collect();
                let suggestion = closest(&simplify(s), names.iter().copied())
                    .map_or_else(String::new, |c| crate::tr!("suggest-value", name = c) + " ");
                let allowed: Vec<String> = $name::ALL
                    .iter()
                    .map(|v| match v.aliases().first() {
                        Some(a) => format!("{a} ({})", v.as_str()),
                        None => v.as_str().to_string(),
                    })
                    .collect();
                suggestion + &crate::tr!("allowed-values", values = allowed.join(", "))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Lower case, single spaces: how typed values are compared.
fn simplify(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

closed_list! {
    /// The end result of a case (DDAS `EnumEindresultaat`, v1.2).
    EndResult {
        Advies => "(Budget)advies en/of quick fix" ["quick fix", "advies", "budgetadvies"],
        GeenContact => "Definitief geen contact kunnen krijgen" ["geen contact", "niet bereikt"],
        GeenReactie => "Geen reactie na eerder contact" ["geen reactie"],
        BekendShv => "Inwoner al bekend bij schuldhulpverlening" ["bekend shv", "bekend bij shv"],
        AnderTraject => "Inwoner heeft al een ander lopend traject" ["ander traject"],
        ZelfBetaald => "Inwoner heeft zelf al betaald/betalingsregeling getroffen" ["zelf betaald", "betalingsregeling"],
        Overleden => "Inwoner is overleden" ["overleden"],
        RegeltZelf => "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering" ["regelt zelf", "geen hulp", "wil geen hulp"],
        AndereReden => "Niet opgepakt: andere reden" ["andere reden", "niet opgepakt"],
        Herhaald => "Niet opgepakt: herhaalde melding" ["herhaalde melding"],
        Onterecht => "Niet opgepakt: onterecht signaal" ["onterecht", "onterecht signaal"],
        GeenInwoner => "Persoon is geen inwoner (meer) in de gemeente" ["geen inwoner", "verhuisd"],
        Vervolghulp => "Vervolghulp en/of verwijzing" ["vervolghulp", "verwijzing"],
        VervolghulpFinancieel => "Vervolghulp en/of verwijzing financieel" ["vervolghulp financieel", "verwijzing financieel"],
        VervolghulpNietFinancieel => "Vervolghulp en/of verwijzing niet financieel" ["vervolghulp niet financieel", "verwijzing niet financieel"],
        VerwijzingZonderInwoner => "Verwijzing zonder tussenkomst inwoner" ["verwijzing zonder inwoner"],
    }
}

impl EndResult {
    /// What the partner hears: advice, quick fixes and referrals are
    /// "wil hulp"; every reason not to pick up that is not the partner's
    /// business collapses to "niet opgepakt".
    pub fn code(self) -> FeedbackCode {
        match self {
            EndResult::Advies
            | EndResult::Vervolghulp
            | EndResult::VervolghulpFinancieel
            | EndResult::VervolghulpNietFinancieel
            | EndResult::VerwijzingZonderInwoner => FeedbackCode::WilHulp,
            EndResult::GeenContact
            | EndResult::GeenReactie
            | EndResult::ZelfBetaald
            | EndResult::RegeltZelf => FeedbackCode::NietBereikt,
            EndResult::BekendShv => FeedbackCode::BekendShv,
            EndResult::AnderTraject | EndResult::AndereReden => FeedbackCode::NietOpgepakt,
            EndResult::Overleden => FeedbackCode::Overleden,
            EndResult::Herhaald => FeedbackCode::HerhaaldeMelding,
            EndResult::Onterecht => FeedbackCode::OnterechtSignaal,
            EndResult::GeenInwoner => FeedbackCode::GeenInwoner,
        }
    }

    /// Whether the result says the resident accepted help, which a partner
    /// acts on by suspending collection: it needs a contact that reached
    /// them. A referral without the resident is the one exception.
    pub fn needs_contact(self) -> bool {
        self.code() == FeedbackCode::WilHulp && self != EndResult::VerwijzingZonderInwoner
    }

    /// Whether the result says the resident was reached before ("geen
    /// reactie na eerder contact"): it needs a contact that reached them.
    pub fn says_reached_before(self) -> bool {
        self == EndResult::GeenReactie
    }

    /// Whether the result says nobody was ever reached.
    pub fn says_unreached(self) -> bool {
        self == EndResult::GeenContact
    }
}

closed_list! {
    /// How a contact attempt was made (DDAS `EnumContactsoort`).
    ContactKind {
        Administratief => "Administratief" [],
        Afspraak => "Afspraak op locatie" ["afspraak"],
        Brief => "Brief" [],
        Huisbezoek => "Huisbezoek" ["hb", "bezoek"],
        Kaartje => "Kaartje" ["kaart"],
        Mail => "Mail" ["e-mail", "email"],
        Onbekend => "Onbekend" [],
        Overige => "Overige" ["overig", "anders"],
        Sms => "SMS/Whatsapp" ["sms", "whatsapp", "app"],
        Telefoon => "Telefoon" ["bellen", "tel", "gebeld"],
    }
}

closed_list! {
    /// Part of the day of an attempt (DDAS `EnumDagdeel`).
    Dagdeel {
        Ochtend => "Ochtend" [],
        Middag => "Middag" [],
        Avond => "Avond" [],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_results_take_official_text_and_short_forms_in_any_case() {
        assert_eq!(EndResult::parse("quick fix"), Some(EndResult::Advies));
        assert_eq!(EndResult::parse("Quick  Fix"), Some(EndResult::Advies));
        assert_eq!(
            EndResult::parse("(budget)advies en/of QUICK fix"),
            Some(EndResult::Advies)
        );
        assert_eq!(EndResult::parse("quick fx"), None);
        // Unit tests run in the default language, Dutch.
        assert!(EndResult::help("quick fx").starts_with("bedoelt u `quick fix`?"));
        assert!(EndResult::help("xyz").contains("geen contact (Definitief geen contact"));
        assert_eq!(ContactKind::parse("e-mail"), Some(ContactKind::Mail));
        assert_eq!(Dagdeel::parse("avond"), Some(Dagdeel::Avond));
    }

    #[test]
    fn every_short_form_names_one_result() {
        let mut seen = std::collections::BTreeMap::new();
        for r in EndResult::ALL {
            for name in std::iter::once(r.as_str()).chain(r.aliases().iter().copied()) {
                assert_eq!(seen.insert(simplify(name), *r), None, "{name} twice");
            }
        }
    }

    #[test]
    fn projection_follows_the_domain_table() {
        use EndResult as E;
        use FeedbackCode as F;
        let cases = [
            (E::Advies, F::WilHulp),
            (E::VervolghulpFinancieel, F::WilHulp),
            (E::VerwijzingZonderInwoner, F::WilHulp),
            (E::GeenContact, F::NietBereikt),
            (E::RegeltZelf, F::NietBereikt),
            (E::AndereReden, F::NietOpgepakt),
            (E::Herhaald, F::HerhaaldeMelding),
            (E::GeenInwoner, F::GeenInwoner),
            (E::BekendShv, F::BekendShv),
            (E::Overleden, F::Overleden),
            (E::Onterecht, F::OnterechtSignaal),
        ];
        for (result, code) in cases {
            assert_eq!(result.code(), code, "{result}");
        }
        assert_eq!(F::for_screening("onder_drempel"), F::OnterechtSignaal);
        assert_eq!(F::for_screening("rechtspersoon"), F::OnterechtSignaal);
        assert_eq!(F::for_screening("geen_bemoeienis"), F::NietOpgepakt);
        assert_eq!(F::for_screening("sleper"), F::NietOpgepakt);
        assert_eq!(F::for_screening("geen_inwoner"), F::GeenInwoner);
        assert!(E::Advies.needs_contact());
        assert!(!E::VerwijzingZonderInwoner.needs_contact());
    }
}
