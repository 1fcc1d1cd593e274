use crate::helpers::*;
use ensemble_test_support::TestApp;

#[tokio::test]
async fn error_pages_are_pages() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    let missing = browser.get("/nothing/here").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(missing.h1(), "Page not found");
    assert!(missing.has("a[href='/']"));
    let wrong_method = browser.raw().delete(format!("{}/login", app.base_url)).send().await.unwrap();
    assert_eq!(wrong_method.status(), 405);
    assert!(wrong_method.text().await.unwrap().contains("Not allowed here"));
    // A body far past the upload limit is refused before it is read, with a page that says so.
    let huge = reqwest::multipart::Form::new()
        .part("avatar", reqwest::multipart::Part::bytes(vec![0u8; 8 * 1024 * 1024]).file_name("huge.jpg"));
    let too_large =
        browser.raw().post(format!("{}/identities/new", app.base_url)).multipart(huge).send().await.unwrap();
    assert_eq!(too_large.status(), 413);
    assert!(too_large.text().await.unwrap().contains("Too large"));
}

#[tokio::test]
async fn every_page_is_self_contained_and_labelled() {
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    let visitor = app.browser();
    let mut pages = Vec::new();
    for path in ["/", "/signup", "/login", "/account/reset", "/account/resend", "/account/check-mail"] {
        pages.push((path, visitor.get(path).await));
    }
    for path in
        ["/", "/account", "/account/delete", "/identities", "/identities/new", "/identities/rose/edit", "/@rose"]
    {
        pages.push((path, browser.get(path).await));
    }
    for (path, page) in pages {
        assert_eq!(page.status, 200, "{path}");
        assert!(page.has("main#main") && page.has("a.skip-link[href='#main']"), "{path}: landmarks");
        assert_eq!(page.texts("h1").len(), 1, "{path}: one h1");
        assert!(page.has("meta[name=viewport]"), "{path}");
        // No third-party request: every resource this page loads is on this instance.
        for attr in ["src", "href"] {
            let html = scraper::Html::parse_document(&page.body);
            let selector = scraper::Selector::parse(&format!("link[{attr}], script[{attr}], img[{attr}]")).unwrap();
            for element in html.select(&selector) {
                let value = element.value().attr(attr).unwrap();
                assert!(value.starts_with('/') || value.starts_with(&app.base_url), "{path}: external {value}");
            }
        }
        // Every visible form control has a label.
        let html = scraper::Html::parse_document(&page.body);
        let inputs =
            scraper::Selector::parse("input:not([type=hidden]):not([type=checkbox]), select, textarea").unwrap();
        for input in html.select(&inputs) {
            let id = input.value().attr("id").unwrap_or_else(|| panic!("{path}: control without id"));
            assert!(page.has(&format!("label[for={id}]")), "{path}: no label for #{id}");
        }
        assert!(!page.body.contains("Unknown localization key"), "{path}");
    }
}

#[tokio::test]
async fn static_assets_and_health() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    let css = browser.get("/static/style.css").await;
    assert_eq!(css.status, 200);
    assert!(css.headers["content-type"].to_str().unwrap().starts_with("text/css"));
    assert!(css.body.contains("prefers-color-scheme: dark"));
    assert!(!css.body.contains("http://") && !css.body.contains("https://") && !css.body.contains("@import"));
    assert_eq!(browser.get("/healthz").await.body, "ok");
    assert_eq!(browser.get("/media/..%2Fsecret_key").await.status, 404);
    assert_eq!(browser.get("/media/not-a-hash.jpg").await.status, 404);
}
