use crate::helpers::*;
use ensemble_test_support::TestApp;

#[tokio::test]
async fn forms_without_a_valid_token_are_refused() {
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    let missing = browser.post_raw("/account/delete", &[("password", PASSWORD)]).await;
    assert_eq!(missing.status, 403);
    assert!(missing.h1().contains("Not allowed"));
    let forged = browser.post_raw("/account/delete", &[("csrf", "forged"), ("password", PASSWORD)]).await;
    assert_eq!(forged.status, 403);
    // A token from another browser does not fit this browser's cookie.
    let other_token = app.browser().csrf().await;
    let stolen = browser.post_raw("/account/delete", &[("csrf", other_token.as_str()), ("password", PASSWORD)]).await;
    assert_eq!(stolen.status, 403);
    assert_eq!(acting_as(&browser).await.as_deref(), Some("rose"), "still there");
}

#[tokio::test]
async fn cross_site_posts_are_refused_by_the_browser_headers() {
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    let token = browser.csrf().await;
    let response = browser
        .raw()
        .post(format!("{}/logout", app.base_url))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(acting_as(&browser).await.as_deref(), Some("rose"));
}

#[tokio::test]
async fn cookies_are_http_only_and_lax() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    submit_sign_up(&browser, "rose@example.org", "rose").await;
    let mail = app.mail_with("rose@example.org", "/account/confirm/").await;
    let confirmed = browser.post(&mail.link_path(), &[]).await;
    let cookies: Vec<String> =
        confirmed.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let session = cookies.iter().find(|c| c.starts_with("ensemble_session=")).expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    assert!(!session.contains("Secure"), "plain http instance");
}

#[tokio::test]
async fn sessions_are_stored_hashed() {
    use ensemble_app::rows::sessions;
    use sea_orm::EntityTrait;
    let app = TestApp::spawn().await;
    let browser = app.browser();
    submit_sign_up(&browser, "rose@example.org", "rose").await;
    let mail = app.mail_with("rose@example.org", "/account/confirm/").await;
    let confirmed = browser.post(&mail.link_path(), &[]).await;
    let cookie = confirmed
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("ensemble_session="))
        .unwrap();
    let token = cookie.trim_start_matches("ensemble_session=").split(';').next().unwrap().to_owned();
    let rows = sessions::Entity::find().all(&app.app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, token);
    assert_eq!(rows[0].token_hash, ensemble_app::crypto::token_hash(&token));
}
