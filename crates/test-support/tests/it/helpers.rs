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

/// The viewer acting as `username`, for calling use cases directly.
pub async fn viewer_of(app: &TestApp, username: &str) -> ensemble_app::sessions::Viewer {
    use ensemble_app::rows::{accounts, actors};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let identity =
        actors::Entity::find().filter(actors::Column::Username.eq(username)).one(&app.app.db).await.unwrap().unwrap();
    let account = accounts::Entity::find_by_id(identity.account_id.unwrap()).one(&app.app.db).await.unwrap().unwrap();
    ensemble_app::sessions::Viewer { token_hash: String::new(), account, identity }
}

/// Publishes an event organised by `username`, a week from now, after `adjust` has changed
/// the form; returns its UUID.
pub async fn publish_event(
    app: &TestApp,
    username: &str,
    adjust: impl FnOnce(&mut ensemble_app::events::EventForm),
) -> String {
    let start = chrono::Utc::now() + chrono::Duration::days(7);
    let mut form = ensemble_app::events::EventForm {
        title: "More trees, less ads!".into(),
        description: "We plant trees.".into(),
        start_date: start.format("%Y-%m-%d").to_string(),
        start_time: "14:00".into(),
        time_zone: "Europe/Paris".into(),
        place_name: "Parc de la Villette".into(),
        locality: "Paris".into(),
        comments_enabled: true,
        publish: true,
        ..Default::default()
    };
    adjust(&mut form);
    let viewer = viewer_of(app, username).await;
    ensemble_app::events::create_event(&app.app, &viewer, &mut form).await.unwrap().uuid.to_string()
}

/// A (camille) and B (sensei), each allowed to reach the other on loopback.
pub async fn instances() -> (TestApp, Browser, TestApp) {
    let a = TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await;
    let b = TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await;
    let camille = signed_up(&a, "camille@example.org", "camille").await;
    signed_up(&b, "sensei@example.org", "sensei").await;
    (a, camille, b)
}

/// The ActivityStreams document at `url`, as another server would fetch it (unsigned).
pub async fn activity_json(url: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(url)
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
