use crate::helpers::*;
use ensemble_test_support::TestApp;

#[tokio::test]
async fn forgotten_password_is_reset_by_mail_and_old_sessions_end() {
    let app = TestApp::spawn().await;
    let old_browser = signed_up(&app, "rose@example.org", "rose").await;
    let browser = app.browser();

    // Same answer for a known and an unknown address.
    let known = browser.post("/account/reset", &[("email", "rose@example.org")]).await;
    let unknown = browser.post("/account/reset", &[("email", "nobody@example.org")]).await;
    assert_eq!((known.status, unknown.status), (200, 200));
    assert_eq!(known.text("main p"), unknown.text("main p"));
    let mail = app.mail_with("rose@example.org", "/account/reset/").await;
    assert!(app.mails_to("nobody@example.org").is_empty());

    let form = browser.get(&mail.link_path()).await;
    assert!(form.has("input[name=password][type=password]"));
    let mismatch = browser
        .post(&mail.link_path(), &[("password", "a brand new secret"), ("password_confirmation", "another one")])
        .await;
    assert_eq!(mismatch.status, 422);
    assert!(mismatch.field_error("password_confirmation").is_some());

    let done = browser
        .post(&mail.link_path(), &[("password", "a brand new secret"), ("password_confirmation", "a brand new secret")])
        .await;
    assert_eq!(done.location().as_deref(), Some("/login"));
    assert!(browser.follow(done).await.notice().unwrap().contains("password is changed"));
    assert_eq!(acting_as(&old_browser).await, None, "the session opened before the reset is over");
    assert_eq!(log_in(&browser, "rose@example.org", PASSWORD).await.status, 422);
    assert_eq!(log_in(&browser, "rose@example.org", "a brand new secret").await.status, 303);
    app.mail_with("rose@example.org", "was just changed").await;

    // The link is spent.
    let reused = app.browser().get(&mail.link_path()).await;
    assert_eq!(reused.status, 410);
    assert!(reused.has("a[href='/account/reset']"));
}

#[tokio::test]
async fn expired_reset_link_is_refused() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let browser = app.browser();
    browser.post("/account/reset", &[("email", "rose@example.org")]).await;
    let mail = app.mail_with("rose@example.org", "/account/reset/").await;
    app.sql("UPDATE tokens SET expires_at = '2020-01-01 00:00:00+00:00' WHERE purpose = 'reset'").await;
    let page = browser
        .post(&mail.link_path(), &[("password", "a brand new secret"), ("password_confirmation", "a brand new secret")])
        .await;
    assert_eq!(page.status, 410);
    assert_eq!(log_in(&browser, "rose@example.org", PASSWORD).await.status, 303, "the password did not change");
}

#[tokio::test]
async fn change_password_from_settings() {
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    let other = app.browser();
    assert_eq!(log_in(&other, "rose@example.org", PASSWORD).await.status, 303);

    let wrong = browser
        .post(
            "/account/password",
            &[
                ("current_password", "nope nope nope"),
                ("new_password", "a brand new secret"),
                ("password_confirmation", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.field_error("current_password").unwrap().contains("not right"));
    let weak = browser
        .post(
            "/account/password",
            &[("current_password", PASSWORD), ("new_password", "short"), ("password_confirmation", "short")],
        )
        .await;
    assert!(weak.field_error("new_password").unwrap().contains("at least 10"));

    let done = browser
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new secret"),
                ("password_confirmation", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(done.location().as_deref(), Some("/account"));
    assert_eq!(acting_as(&browser).await.as_deref(), Some("rose"), "this browser stays logged in");
    assert_eq!(acting_as(&other).await, None, "other browsers are logged out");
    app.mail_with("rose@example.org", "was just changed").await;
}

#[tokio::test]
async fn change_email_is_confirmed_at_the_new_address() {
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    signed_up(&app, "camille@example.org", "camille").await;

    let taken = browser.post("/account/email", &[("email", "camille@example.org"), ("email_password", PASSWORD)]).await;
    assert_eq!(taken.status, 422);
    assert!(taken.field_error("email").unwrap().contains("already uses"));
    assert_eq!(taken.value("email").as_deref(), Some("camille@example.org"));
    let wrong = browser.post("/account/email", &[("email", "rose@new.example"), ("email_password", "bad")]).await;
    assert!(wrong.field_error("email_password").is_some());

    let asked = browser.post("/account/email", &[("email", "rose@new.example"), ("email_password", PASSWORD)]).await;
    assert_eq!(asked.location().as_deref(), Some("/account"));
    let told = app.mail_with("rose@example.org", "rose@new.example").await;
    assert!(told.subject.contains("about to change"));
    let mail = app.mail_with("rose@new.example", "/account/email/").await;
    assert!(
        browser.get("/account").await.body.contains("Your address is rose@example.org"),
        "nothing changes before the link"
    );

    let done = browser.post(&mail.link_path(), &[]).await;
    assert_eq!(done.location().as_deref(), Some("/account"));
    assert!(browser.get("/account").await.body.contains("rose@new.example"));
    assert_eq!(log_in(&app.browser(), "rose@new.example", PASSWORD).await.status, 303);
    assert_eq!(log_in(&app.browser(), "rose@example.org", PASSWORD).await.status, 422);
    assert_eq!(browser.post(&mail.link_path(), &[]).await.status, 410);
}
