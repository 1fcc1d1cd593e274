use ensemble_test_support::{Browser, Page, TestApp};

pub const PASSWORD: &str = "correct horse battery staple";

/// Fills in the sign-up form.
pub async fn submit_sign_up(browser: &Browser, email: &str, username: &str) -> Page {
    browser
        .post(
            "/signup",
            &[
                ("email", email),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
                ("username", username),
                ("display_name", ""),
            ],
        )
        .await
}

/// Signs up and confirms from the mail: the browser ends up logged in.
pub async fn signed_up(app: &TestApp, email: &str, username: &str) -> Browser {
    let browser = app.browser();
    let page = submit_sign_up(&browser, email, username).await;
    assert_eq!(page.status, 303, "sign-up refused: {}", page.body);
    confirm_from_mail(app, &browser, email).await;
    browser
}

pub async fn confirm_from_mail(app: &TestApp, browser: &Browser, email: &str) -> Page {
    let mail = app.mail_with(email, "/account/confirm/").await;
    let confirm = browser.get(&mail.link_path()).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    let done = browser.post(&mail.link_path(), &[]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    browser.follow(done).await
}

pub async fn log_in(browser: &Browser, email: &str, password: &str) -> Page {
    browser.post("/login", &[("email", email), ("password", password)]).await
}

/// The username the header says this browser acts as.
pub async fn acting_as(browser: &Browser) -> Option<String> {
    browser.get("/").await.attr("#switch-identity option[selected]", "value")
}
