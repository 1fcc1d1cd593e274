use crate::helpers::*;
use ensemble_test_support::TestApp;
use std::collections::BTreeSet;

fn keys(lang: &str) -> BTreeSet<String> {
    let dir = format!("{}/../web/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((key, _)) = line.split_once(" =")
                && !key.is_empty()
                && key.chars().next().unwrap().is_ascii_alphabetic()
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                keys.insert(key.to_owned());
            }
        }
    }
    keys
}

#[test]
fn english_and_french_have_the_same_keys() {
    let (en, fr) = (keys("en"), keys("fr"));
    assert!(en.len() > 100);
    assert_eq!(en.difference(&fr).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in French");
    assert_eq!(fr.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in English");
}

#[test]
fn every_field_error_has_a_message() {
    let en = keys("en");
    for error in ensemble_domain::FieldError::ALL {
        assert!(en.contains(&format!("error-{}", error.code())), "{error:?}");
    }
}

#[test]
fn every_message_renders_in_both_languages() {
    use ensemble_web::i18n::Tr;
    for locale in ensemble_domain::Locale::ALL {
        let t = Tr::new(locale);
        for key in keys("en") {
            let text = t.args(
                &key,
                &[
                    ("name", "N"),
                    ("host", "h"),
                    ("size", "2"),
                    ("email", "e"),
                    ("instance", "I"),
                    ("role", "r"),
                    ("handle", "@x"),
                    ("count", "2"),
                    ("minutes", "2"),
                    ("event", "E"),
                    // Calendar feeds' dates and places.
                    ("weekday", "W"),
                    ("day", "1"),
                    ("month", "M"),
                    ("year", "2026"),
                    ("hour", "9"),
                    ("minute", "05"),
                    ("date", "D"),
                    ("time", "T"),
                    ("start", "S"),
                    ("end", "E"),
                    ("when", "W"),
                    ("zone", "Z"),
                    ("url", "U"),
                    // Remote events' server.
                    ("domain", "D"),
                ],
            );
            assert_ne!(text, key, "{key} does not render in {locale:?}");
        }
        assert!(!t.count("delete-account-text", "count", 2).contains("delete-account-text"));
    }
}

#[tokio::test]
async fn pages_follow_the_browser_then_the_account() {
    let app = TestApp::spawn().await;
    let french = app.browser().speaking("fr-FR,fr;q=0.9,en;q=0.5");
    let page = french.get("/signup").await;
    assert_eq!(page.attr("html", "lang").as_deref(), Some("fr"));
    assert_eq!(page.h1(), "Créer un compte");
    let refused = french.post("/signup", &[("email", "nope")]).await;
    assert!(refused.field_error("email").unwrap().contains("adresse"));

    // Signing up in French: the mail is in French too.
    submit_sign_up(&french, "rose@example.org", "rose").await;
    let mail = app.mail_with("rose@example.org", "/account/confirm/").await;
    assert!(mail.subject.starts_with("Confirmez"), "{}", mail.subject);
    confirm_from_mail(&app, &french, "rose@example.org").await;

    // The account's choice wins over the browser's, and follows the account to a new browser.
    let english_browser = app.browser();
    log_in(&english_browser, "rose@example.org", PASSWORD).await;
    assert_eq!(english_browser.get("/").await.attr("html", "lang").as_deref(), Some("fr"));
    assert_eq!(english_browser.post("/account/language", &[("locale", "en")]).await.status, 303);
    assert_eq!(french.get("/").await.attr("html", "lang").as_deref(), Some("en"));

    // A visitor picks a language in the footer; it sticks, error pages included.
    let visitor = app.browser();
    let chosen = visitor.post("/language", &[("locale", "fr"), ("back", "/login")]).await;
    assert_eq!(chosen.location().as_deref(), Some("/login"));
    assert_eq!(visitor.get("/login").await.h1(), "Se connecter");
    let missing = visitor.get("/no-such-page").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.h1(), "Page introuvable");
}
