use crate::helpers::*;
use ensemble_app::settings::SmtpSecurity;
use ensemble_test_support::{SmtpSink, TestApp};

#[tokio::test]
async fn mail_goes_through_smtp_when_configured() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(|s| {
        s.mail.smtp_host = "127.0.0.1".into();
        s.mail.smtp_port = sink.port;
        s.mail.smtp_security = SmtpSecurity::None;
        s.instance_name = "UniMobilized".into();
    })
    .await;
    submit_sign_up(&app.browser().speaking("fr"), "camille@example.org", "camille").await;
    assert_eq!(app.run_jobs().await, 1);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert!(message.contains("To: camille@example.org"), "{message}");
    assert!(message.contains("From: UniMobilized <noreply@127.0.0.1>"), "{message}");
    assert!(message.contains("multipart/alternative") && message.contains("text/html"), "{message}");
    assert!(app.mails().is_empty(), "no .eml file when SMTP is configured");
}

#[tokio::test]
async fn a_mail_that_cannot_be_sent_is_kept_and_retried_later() {
    use ensemble_app::rows::jobs;
    use sea_orm::EntityTrait;
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = TestApp::spawn_with(|s| {
        s.mail.smtp_host = "127.0.0.1".into();
        s.mail.smtp_port = closed_port;
        s.mail.smtp_security = SmtpSecurity::None;
    })
    .await;
    submit_sign_up(&app.browser(), "rose@example.org", "rose").await;
    assert_eq!(app.run_jobs().await, 1);
    let rows = jobs::Entity::find().all(&app.app.db).await.unwrap();
    assert_eq!(rows.len(), 1, "the mail is still queued");
    assert_eq!(rows[0].attempts, 1);
    assert!(rows[0].last_error.is_some());
    assert!(rows[0].run_at > chrono::Utc::now(), "retried later, not at once");
    assert!(rows[0].failed_at.is_none());
    assert_eq!(app.run_jobs().await, 0, "not due yet");
}

#[tokio::test]
async fn mails_are_written_in_the_recipients_language_with_text_and_html() {
    let app = TestApp::spawn().await;
    submit_sign_up(&app.browser().speaking("fr"), "rose@example.org", "rose").await;
    let mail = app.mail_with("rose@example.org", "/account/confirm/").await;
    assert!(mail.text.contains("Bienvenue"), "{}", mail.text);
    assert!(mail.html.contains("<html lang=\"fr\">"), "{}", mail.html);
    assert!(mail.html.contains(&format!("href=\"{}\"", mail.link())));
}
