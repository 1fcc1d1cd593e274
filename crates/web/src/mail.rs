//! Mails in the recipient's language: subject, paragraphs and action from Fluent
//! (`mail-<kind>-…`), as plain text and as simple HTML.

use crate::i18n::Tr;
use askama::Template;
use ensemble_app::mail::{Composed, Mail, MailComposer};
use ensemble_domain::Locale;

#[derive(Template)]
#[template(path = "mail/mail.html")]
struct MailHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    paragraphs: &'a [String],
    action: Option<(String, String)>,
    link_hint: String,
    cancel: Option<(String, String)>,
    footer: &'a str,
}

pub struct MailTemplates {
    pub instance_name: String,
}

impl MailComposer for MailTemplates {
    fn compose(&self, mail: &Mail, locale: Locale) -> Composed {
        let t = Tr::new(locale);
        let name = self.instance_name.as_str();
        let (kind, args): (&str, Vec<(&'static str, &str)>) = match mail {
            Mail::ConfirmAccount { .. } => ("confirm-account", vec![("instance", name)]),
            Mail::ResetPassword { .. } => ("reset-password", vec![("instance", name)]),
            Mail::ConfirmEmailChange { .. } => ("confirm-email", vec![("instance", name)]),
            Mail::EmailChangeRequested { new_email } => {
                ("email-change-requested", vec![("instance", name), ("email", new_email.as_str())])
            }
            Mail::PasswordChanged => ("password-changed", vec![("instance", name)]),
            Mail::AccountDeleted => ("account-deleted", vec![("instance", name)]),
            Mail::ConfirmParticipation { event, .. } => {
                ("confirm-participation", vec![("instance", name), ("event", event.as_str())])
            }
            Mail::ParticipationApproved { event, .. } => {
                ("participation-approved", vec![("instance", name), ("event", event.as_str())])
            }
            Mail::ParticipationRejected { event, .. } => {
                ("participation-rejected", vec![("instance", name), ("event", event.as_str())])
            }
            Mail::WaitlistPromoted { event, .. } => {
                ("waitlist-promoted", vec![("instance", name), ("event", event.as_str())])
            }
            Mail::Invitation { event, .. } => ("invitation", vec![("instance", name), ("event", event.as_str())]),
            Mail::Announcement { event, .. } => ("announcement", vec![("instance", name), ("event", event.as_str())]),
        };
        let subject = t.args(&format!("mail-{kind}-subject"), &args);
        let mut paragraphs: Vec<String> = t
            .args(&format!("mail-{kind}-body"), &args)
            .split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        // Words typed by an organiser go in as they are, after the translated text.
        if let Some(note) = mail.note().filter(|n| !n.is_empty()) {
            paragraphs.push(t.t("mail-note-intro"));
            paragraphs.extend(note.split("\n\n").map(str::to_owned));
        }

        let action = mail.link().map(|link| (t.t(&format!("mail-{kind}-action")), link.to_owned()));
        let footer = t.t1("mail-footer", "instance", name);

        let mut text = paragraphs.join("\n\n");
        if let Some((label, link)) = &action {
            text.push_str(&format!("\n\n{label}:\n{link}"));
        }
        let cancel = mail.cancel_link().map(|link| (t.t("mail-cancel-hint"), link.to_owned()));
        if let Some((hint, link)) = &cancel {
            text.push_str(&format!("\n\n{hint}\n{link}"));
        }
        text.push_str(&format!("\n\n-- \n{footer}\n"));
        let html = MailHtml {
            lang: locale.code(),
            subject: &subject,
            paragraphs: &paragraphs,
            action,
            link_hint: t.t("mail-link-hint"),
            cancel,
            footer: &footer,
        }
        .render()
        .unwrap_or_else(|_| text.clone());
        Composed { subject, text, html }
    }
}
