//! Translations: Fluent files under `locales/<lang>/`, compiled into the binary.

use ensemble_domain::Locale;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Isolation marks around arguments would end up verbatim in HTML attributes and mails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Translates into one language; handed to every template.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub locale: Locale,
}

impl Tr {
    pub fn new(locale: Locale) -> Tr {
        Tr { locale }
    }

    fn lang(&self) -> LanguageIdentifier {
        let code = self.locale.code();
        code.parse().unwrap_or_default()
    }

    /// The message `key`; a missing key shows as the key itself, which tests catch.
    pub fn t(&self, key: &str) -> String {
        LOCALES.try_lookup(&self.lang(), key).unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with named arguments.
    pub fn args(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string()))).collect();
        LOCALES.try_lookup_with_args(&self.lang(), key, &map).unwrap_or_else(|| key.to_owned())
    }

    /// One argument, for templates.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.args(key, &[(name, value)])
    }

    /// A number argument, so that plural rules apply.
    pub fn count(&self, key: &str, name: &'static str, n: i64) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            [(Cow::Borrowed(name), FluentValue::from(n))].into_iter().collect();
        LOCALES.try_lookup_with_args(&self.lang(), key, &map).unwrap_or_else(|| key.to_owned())
    }

    pub fn lang_code(&self) -> &'static str {
        self.locale.code()
    }

    /// Whether `key` exists in this language (for the completeness test).
    pub fn has(&self, key: &str) -> bool {
        LOCALES.try_lookup(&self.lang(), key).is_some()
    }
}
