use crate::helpers::*;
use ensemble_test_support::TestApp;

#[tokio::test]
async fn sign_up_confirm_by_mail_and_log_in() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    let form = browser.get("/signup").await;
    assert_eq!(form.status, 200);
    assert!(form.has("input[name=email][type=email]"));

    let page = submit_sign_up(&browser, "rose@example.org", "rose").await;
    assert_eq!(page.location().as_deref(), Some("/account/check-mail"));
    assert!(browser.follow(page).await.h1().contains("Check your mailbox"));

    // Not confirmed yet: the log-in says so and offers a new link.
    let refused = log_in(&app.browser(), "rose@example.org", PASSWORD).await;
    assert_eq!(refused.status, 422);
    assert!(refused.field_error("email").unwrap().contains("not confirmed"));
    assert!(refused.has("a[href='/account/resend']"));

    let mail = app.mail_with("rose@example.org", "/account/confirm/").await;
    assert_eq!(mail.subject, "Confirm your account on Ensemble");
    assert!(mail.html.contains(&mail.link()), "the HTML part carries the link too");
    // Opening the link does not use it (mail scanners open links); the button does.
    assert!(browser.get(&mail.link_path()).await.has("form button[type=submit]"));
    let home = confirm_from_mail(&app, &browser, "rose@example.org").await;
    assert_eq!(home.notice().as_deref(), Some("Your account is confirmed. Welcome!"));
    assert_eq!(acting_as(&browser).await.as_deref(), Some("rose"));

    // Log out, then in again.
    let out = browser.post("/logout", &[]).await;
    assert_eq!(out.status, 303);
    assert_eq!(acting_as(&browser).await, None);
    let again = log_in(&browser, "ROSE@example.org", PASSWORD).await;
    assert_eq!(again.location().as_deref(), Some("/"));
    assert_eq!(acting_as(&browser).await.as_deref(), Some("rose"));
}

#[tokio::test]
async fn confirmation_links_are_single_use_and_expire() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    submit_sign_up(&browser, "camille@example.org", "camille").await;
    let first = app.mail_with("camille@example.org", "/account/confirm/").await;

    // A new link voids the old one.
    let resent = browser.post("/account/resend", &[("email", "camille@example.org")]).await;
    assert_eq!(resent.location().as_deref(), Some("/account/check-mail"));
    app.run_jobs().await;
    let mails = app.mails_to("camille@example.org");
    assert_eq!(mails.len(), 2);
    let second = mails.into_iter().find(|m| m.link() != first.link()).unwrap();
    let stale = browser.get(&first.link_path()).await;
    assert_eq!(stale.status, 410);
    assert!(stale.text("[role=alert]").unwrap().contains("expired or was already used"));

    // An expired link is refused, even by the button.
    app.sql("UPDATE tokens SET expires_at = '2020-01-01 00:00:00+00:00'").await;
    let expired = browser.post(&second.link_path(), &[]).await;
    assert_eq!(expired.status, 410);
    assert!(expired.has("a[href='/account/resend']"));

    // A fresh link works once, then is spent.
    browser.post("/account/resend", &[("email", "camille@example.org")]).await;
    app.run_jobs().await;
    let third = app
        .mails_to("camille@example.org")
        .into_iter()
        .find(|m| m.link() != first.link() && m.link() != second.link())
        .unwrap();
    assert_eq!(browser.post(&third.link_path(), &[]).await.status, 303);
    assert_eq!(app.browser().post(&third.link_path(), &[]).await.status, 410);
}

#[tokio::test]
async fn sign_up_mistakes_keep_the_form_and_say_what_is_wrong() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let browser = app.browser();

    let page = browser
        .post(
            "/signup",
            &[
                ("email", "Rose@Example.org"),
                ("password", "short"),
                ("password_confirmation", "short"),
                ("username", "Rose"),
                ("display_name", "Rose Q."),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.field_error("email").unwrap().contains("already uses this address"));
    assert!(page.field_error("password").unwrap().contains("at least 10"));
    assert!(page.field_error("username").unwrap().contains("taken"));
    assert_eq!(page.value("email").as_deref(), Some("Rose@Example.org"));
    assert_eq!(page.value("display_name").as_deref(), Some("Rose Q."));
    assert_eq!(page.attr("#email", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(page.texts("#form-errors li").len(), 3);

    let page = browser
        .post(
            "/signup",
            &[
                ("email", "not-an-email"),
                ("password", PASSWORD),
                ("password_confirmation", "something else entirely"),
                ("username", "rose-marie"),
                ("display_name", ""),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.field_error("email").unwrap().contains("does not look like an email"));
    assert!(page.field_error("password_confirmation").unwrap().contains("different"));
    assert!(page.field_error("username").unwrap().contains("lower-case"));

    let page = submit_sign_up(&browser, "x@example.org", "").await;
    assert!(page.field_error("username").unwrap().contains("required"));
    let weak = browser
        .post(
            "/signup",
            &[
                ("email", "y@example.org"),
                ("password", "password123"),
                ("password_confirmation", "password123"),
                ("username", "y"),
            ],
        )
        .await;
    assert!(weak.field_error("password").unwrap().contains("too easy to guess"));
    app.run_jobs().await;
    assert_eq!(app.mails().len(), 1, "refused sign-ups send no mail");
}

#[tokio::test]
async fn registration_policy_closed_and_allowlist() {
    let closed = TestApp::spawn_with(|s| s.registration.policy = ensemble_app::settings::PolicyKind::Closed).await;
    let page = closed.browser().get("/signup").await;
    assert!(page.text(".empty-state__title").unwrap().contains("closed"));
    assert!(!page.has("form[action='/signup']"));
    assert_eq!(submit_sign_up(&closed.browser(), "rose@example.org", "rose").await.status, 403);

    let list = TestApp::spawn_with(|s| {
        s.registration.policy = ensemble_app::settings::PolicyKind::Allowlist;
        s.registration.allowlist = vec!["asso.example".into(), "friend@elsewhere.example".into()];
    })
    .await;
    let refused = submit_sign_up(&list.browser(), "stranger@elsewhere.example", "stranger").await;
    assert!(refused.field_error("email").unwrap().contains("limited to some addresses"));
    assert_eq!(submit_sign_up(&list.browser(), "rose@asso.example", "rose").await.status, 303);
    assert_eq!(submit_sign_up(&list.browser(), "friend@elsewhere.example", "friend").await.status, 303);
}

#[tokio::test]
async fn log_in_refusals_do_not_reveal_accounts() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let browser = app.browser();
    let wrong = log_in(&browser, "rose@example.org", "not the password at all").await;
    let unknown = log_in(&browser, "nobody@example.org", "not the password at all").await;
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.field_error("email"), unknown.field_error("email"));
    assert_eq!(wrong.value("email").as_deref(), Some("rose@example.org"));
    let empty = log_in(&browser, "", "").await;
    assert!(empty.field_error("password").unwrap().contains("required"));
}

#[tokio::test]
async fn log_in_is_rate_limited_per_account() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let browser = app.browser();
    for _ in 0..10 {
        assert_eq!(log_in(&browser, "rose@example.org", "guess guess guess").await.status, 422);
    }
    let limited = log_in(&browser, "rose@example.org", PASSWORD).await;
    assert_eq!(limited.status, 429);
    assert!(limited.headers.contains_key("retry-after"));
    assert!(limited.text("p.lead").unwrap().contains("before trying again"));
}

#[tokio::test]
async fn delete_account_needs_the_password_and_keeps_names_reserved() {
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    let created = browser
        .post_multipart("/identities/new", &[("username", "rose_family"), ("display_name", "Rose (family)")], vec![])
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let confirm = browser.get("/account/delete").await;
    assert!(confirm.text(".danger-zone p").unwrap().contains("2 identities"));

    let refused = browser.post("/account/delete", &[("password", "wrong password here")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.field_error("password").unwrap().contains("not right"));

    let done = browser.post("/account/delete", &[("password", PASSWORD)]).await;
    assert_eq!(done.location().as_deref(), Some("/"));
    assert_eq!(
        browser.follow(done).await.notice().as_deref(),
        Some("Your account is deleted. Goodbye, and thank you.")
    );
    assert_eq!(acting_as(&browser).await, None);
    app.mail_with("rose@example.org", "are deleted").await;
    assert_eq!(log_in(&app.browser(), "rose@example.org", PASSWORD).await.status, 422);
    assert_eq!(app.browser().get("/@rose").await.status, 404);
    assert_eq!(app.browser().get("/@rose_family").await.status, 404);

    // The address is free again; the names are not.
    let again = submit_sign_up(&app.browser(), "rose@example.org", "rose").await;
    assert_eq!(again.status, 422);
    assert!(again.field_error("email").is_none());
    assert!(again.field_error("username").unwrap().contains("taken"));
}
