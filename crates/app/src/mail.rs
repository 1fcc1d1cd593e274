//! Outgoing mail. Use cases queue a `Mail` as a job; the job runner composes it in the
//! recipient's language (through the `MailComposer` port, implemented by `web`, which owns
//! the templates and translations) and sends it over SMTP or into `.eml` files.

use crate::settings::{Settings, SmtpSecurity};
use ensemble_domain::Locale;
use lettre::message::{Mailbox, MultiPart, SinglePart, header};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// Every mail Ensemble sends, with what its text needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Mail {
    /// Confirm a new account.
    ConfirmAccount { link: String },
    /// Choose a new password.
    ResetPassword { link: String },
    /// Confirm a new address; sent to that address.
    ConfirmEmailChange { link: String },
    /// Told to the old address when the change is asked for.
    EmailChangeRequested { new_email: String },
    /// The password was changed.
    PasswordChanged,
    /// The account and its identities were deleted.
    AccountDeleted,
    /// An anonymous participant confirms their address; every mail to them can cancel.
    ConfirmParticipation { event: String, link: String, cancel: String },
    /// An organiser accepted a request to join.
    ParticipationApproved { event: String, link: String, note: String, cancel: Option<String> },
    /// An organiser declined a request to join.
    ParticipationRejected { event: String, note: String, cancel: Option<String> },
    /// A place freed up and went to the first person on the waitlist.
    WaitlistPromoted { event: String, link: String, cancel: Option<String> },
    /// An organiser invited one of the recipient's identities.
    Invitation { event: String, link: String },
    /// An organiser's announcement to the participants.
    Announcement { event: String, link: String, note: String, cancel: Option<String> },
}

impl Mail {
    /// The link the mail is about, if any: logged when mail goes to files, so that a local
    /// try-out needs no mail server.
    pub fn link(&self) -> Option<&str> {
        match self {
            Mail::ConfirmAccount { link }
            | Mail::ResetPassword { link }
            | Mail::ConfirmEmailChange { link }
            | Mail::ConfirmParticipation { link, .. }
            | Mail::ParticipationApproved { link, .. }
            | Mail::WaitlistPromoted { link, .. }
            | Mail::Invitation { link, .. }
            | Mail::Announcement { link, .. } => Some(link),
            _ => None,
        }
    }

    /// Words an organiser wrote to the recipient.
    pub fn note(&self) -> Option<&str> {
        match self {
            Mail::ParticipationApproved { note, .. }
            | Mail::ParticipationRejected { note, .. }
            | Mail::Announcement { note, .. } => Some(note),
            _ => None,
        }
    }

    /// The link that cancels an anonymous participation, in every mail to one.
    pub fn cancel_link(&self) -> Option<&str> {
        match self {
            Mail::ConfirmParticipation { cancel, .. } => Some(cancel),
            Mail::ParticipationApproved { cancel, .. }
            | Mail::ParticipationRejected { cancel, .. }
            | Mail::WaitlistPromoted { cancel, .. }
            | Mail::Announcement { cancel, .. } => cancel.as_deref(),
            _ => None,
        }
    }
}

/// A mail and its recipient, as stored in a job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    pub to: String,
    pub locale: Locale,
    pub mail: Mail,
}

/// A mail written out in one language.
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub trait MailComposer: Send + Sync {
    fn compose(&self, mail: &Mail, locale: Locale) -> Composed;
}

enum Transport {
    Files { dir: PathBuf, transport: AsyncFileTransport<Tokio1Executor> },
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

pub struct Mailer {
    from: Mailbox,
    transport: Transport,
    composer: Arc<dyn MailComposer>,
}

impl Mailer {
    pub fn new(settings: &Settings, composer: Arc<dyn MailComposer>) -> anyhow::Result<Mailer> {
        let from: Mailbox =
            settings.mail_from().parse().map_err(|e| anyhow::anyhow!("mail.from {:?}: {e}", settings.mail_from()))?;
        let m = &settings.mail;
        let transport = if m.smtp_host.is_empty() {
            let dir = settings.data_dir.join("mail");
            std::fs::create_dir_all(&dir)?;
            Transport::Files { transport: AsyncFileTransport::new(&dir), dir }
        } else {
            let mut builder = match m.smtp_security {
                SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&m.smtp_host)?,
                SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&m.smtp_host)?,
                SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&m.smtp_host),
            }
            .port(m.smtp_port)
            .timeout(Some(std::time::Duration::from_secs(30)));
            if !m.smtp_username.is_empty() {
                builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
                    m.smtp_username.clone(),
                    m.smtp_password.clone(),
                ));
            }
            Transport::Smtp(builder.build())
        };
        Ok(Mailer { from, transport, composer })
    }

    /// Composes and sends one mail now. Called by the job runner only.
    pub async fn send(&self, envelope: &Envelope) -> anyhow::Result<()> {
        let composed = self.composer.compose(&envelope.mail, envelope.locale);
        let to: Mailbox = envelope.to.parse().map_err(|e| anyhow::anyhow!("recipient: {e}"))?;
        let part =
            |content_type: header::ContentType, body: String| SinglePart::builder().header(content_type).body(body);
        let message = Message::builder().from(self.from.clone()).to(to).subject(composed.subject).multipart(
            MultiPart::alternative()
                .singlepart(part(header::ContentType::TEXT_PLAIN, composed.text))
                .singlepart(part(header::ContentType::TEXT_HTML, composed.html)),
        )?;
        match &self.transport {
            Transport::Files { dir, transport } => {
                let id = transport.send(message).await?;
                let path = dir.join(format!("{id}.eml"));
                match envelope.mail.link() {
                    Some(link) => {
                        tracing::info!(to = %envelope.to, path = %path.display(), %link, "mail written to file")
                    }
                    None => {
                        tracing::info!(to = %envelope.to, path = %path.display(), "mail written to file")
                    }
                }
            }
            Transport::Smtp(transport) => {
                transport.send(message).await?;
                tracing::info!(to = %envelope.to, "mail sent");
            }
        }
        Ok(())
    }
}
