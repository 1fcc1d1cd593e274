//! The `ensemble` command: the server, and the administration tasks beside it.
#![allow(clippy::print_stdout, reason = "a command-line tool prints its results")]

use anyhow::Context;
use clap::{Parser, Subcommand};
use ensemble_app::accounts::admin::{self, AccountSummary, UserChanges};
use ensemble_app::{App, AppError};
use ensemble_domain::{Locale, Role};
use ensemble_server::{Application, Jobs, config};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "ensemble", version, about = "Ensemble: free, federated events and groups")]
struct Cli {
    /// Configuration file (default: ./ensemble.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Configuration tools.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Manage accounts.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Fill the instance with sample people, events, participations and comments; safe to run
    /// twice. Prints the address of everything it creates, one per line.
    Demo {
        /// Instead, create one large event with this many participants (for benchmarks).
        #[arg(long)]
        crowd: Option<usize>,
        /// With --crowd: how many of them comment.
        #[arg(long, default_value_t = 0)]
        comments: usize,
    },
    /// Federation tools.
    #[command(subcommand)]
    Federation(FederationCommand),
    /// Benchmark helpers, for the scripts of bench/.
    #[command(subcommand, hide = true)]
    Bench(BenchCommand),
}

#[derive(Subcommand)]
enum FederationCommand {
    /// Show the delivery queue and the health of each instance it goes to.
    Queue,
    /// Make this instance follow another instance, so that its public events come here: its
    /// domain (events.example.org), its actor's URL (https://events.example.org/relay) or
    /// relay@events.example.org.
    Follow { instance: String },
    /// Stop following an instance (its domain, or its actor's URL).
    Unfollow { instance: String },
    /// List the instances this one follows and those that follow it.
    Following,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Queue COUNT deliveries of a sample activity to loopback inboxes, spread over the ports
    /// FIRST_PORT, FIRST_PORT + 1, … (one instance per port).
    QueueDeliveries {
        #[arg(long)]
        count: usize,
        #[arg(long)]
        first_port: u16,
        #[arg(long)]
        ports: u16,
    },
    /// Deliver everything due now, then print how many attempts were made.
    Deliver,
    /// Sign COUNT distinct `Update`s of the identity USERNAME by itself (its document
    /// embedded) for the inbox at INBOX, as its server would POST them; write them to OUT, one
    /// a line: date, digest, signature and body, separated by tabs.
    InboxRequests {
        #[arg(long)]
        username: String,
        #[arg(long)]
        inbox: String,
        #[arg(long)]
        count: usize,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print a documented example configuration with every key and its default.
    Example,
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Create a confirmed account and its first identity.
    New {
        email: String,
        #[arg(long)]
        username: String,
        /// Without it, a password is generated and printed once.
        #[arg(long)]
        password: Option<String>,
        #[arg(long, conflicts_with = "moderator")]
        admin: bool,
        #[arg(long)]
        moderator: bool,
    },
    /// Show an account and its identities.
    Show { email: String },
    /// Change an account's role, password, language or confirm it.
    Modify {
        email: String,
        /// user, moderator or administrator.
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        password: Option<String>,
        /// Mark the account's address as confirmed.
        #[arg(long)]
        confirm: bool,
        /// en or fr.
        #[arg(long)]
        locale: Option<String>,
    },
    /// Delete an account; its identities' names stay reserved.
    Delete { email: String },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    // The example needs no configuration, and must not create a data directory.
    if let Some(Command::Config(ConfigCommand::Example)) = cli.command {
        print!("{}", config::example()?);
        return Ok(());
    }
    let settings = config::load(cli.config.as_deref())?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => {
            ensemble_server::connect(settings).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::Config(ConfigCommand::Example) => Ok(()),
        Command::Users(command) => users(ensemble_server::connect(settings).await?, command).await,
        Command::Demo { crowd: Some(participants), comments } => {
            let app = ensemble_server::connect(settings).await?;
            println!("{}", ensemble_app::demo::crowd(&app, participants, comments).await?);
            Ok(())
        }
        Command::Federation(command) => federation(ensemble_server::connect(settings).await?, command).await,
        Command::Bench(command) => bench(ensemble_server::connect(settings).await?, command).await,
        Command::Demo { crowd: None, .. } => {
            let app = ensemble_server::connect(settings).await?;
            for url in ensemble_app::demo::fill(&app).await? {
                println!("{url}");
            }
            eprintln!(
                "Demo accounts: rose, narcisse, camille, benedict, karate @demo.invalid, password {:?}",
                ensemble_app::demo::PASSWORD
            );
            Ok(())
        }
    }
}

async fn serve(settings: ensemble_app::Settings) -> anyhow::Result<()> {
    let base_url = settings.base_url.clone();
    let application = Application::build(settings, Jobs::Background).await?;
    println!("Ensemble is running at {base_url} (listening on {}).", application.address);
    if !admin::has_administrator(&application.app).await? {
        println!("Create the first administrator with:\n  ensemble users new you@example.org --username you --admin");
    }
    application.run_until(shutdown_signal()).await
}

/// Ctrl-C or SIGTERM: stop accepting requests, finish those in flight, stop the job runner.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}

async fn users(app: App, command: UsersCommand) -> anyhow::Result<()> {
    match command {
        UsersCommand::New { email, username, password, admin: is_admin, moderator } => {
            let role = if is_admin {
                Role::Administrator
            } else if moderator {
                Role::Moderator
            } else {
                Role::User
            };
            let (summary, generated) =
                admin::create_user(&app, &email, &username, password.as_deref(), role).await.map_err(explain)?;
            print_summary(&app, &summary);
            if let Some(password) = generated {
                println!("Password: {password}\n(shown once: hand it over, and change it after logging in)");
            }
        }
        UsersCommand::Show { email } => print_summary(&app, &admin::find_user(&app, &email).await.map_err(explain)?),
        UsersCommand::Modify { email, role, password, confirm, locale } => {
            let role = role
                .map(|r| {
                    Role::parse(&r).with_context(|| format!("unknown role {r:?}: user, moderator or administrator"))
                })
                .transpose()?;
            let locale = locale
                .map(|l| Locale::parse(&l).with_context(|| format!("unknown language {l:?}: en or fr")))
                .transpose()?;
            let summary = admin::modify_user(&app, &email, UserChanges { role, password, confirm, locale })
                .await
                .map_err(explain)?;
            print_summary(&app, &summary);
        }
        UsersCommand::Delete { email } => {
            admin::delete_user(&app, &email).await.map_err(explain)?;
            println!("Deleted the account {email}.");
        }
    }
    Ok(())
}

fn print_summary(app: &App, summary: &AccountSummary) {
    let a = &summary.account;
    println!("Account {}: {}", a.id, a.email);
    println!("  role: {}", a.role);
    println!("  confirmed: {}", a.confirmed_at.map_or("no".to_owned(), |t| t.to_rfc3339()));
    println!("  language: {}", a.locale.as_deref().unwrap_or("(browser)"));
    for identity in &summary.identities {
        let default = if a.default_actor_id == Some(identity.id) { " (default)" } else { "" };
        println!(
            "  identity: @{}@{} {}{default}",
            identity.username,
            app.settings.host(),
            app.url(&format!("/@{}", identity.username))
        );
    }
}

fn print_queue(queue: &[ensemble_app::deliveries::InstanceQueue]) {
    if queue.is_empty() {
        println!("No deliveries, and no other instance contacted yet.");
        return;
    }
    let time = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map_or("-".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string())
    };
    println!(
        "{:<40} {:>7} {:>7} {:>8} {:<16} {:<5} {:<16}",
        "instance", "queued", "failed", "failures", "last success", "state", "next attempt"
    );
    for i in queue {
        println!(
            "{:<40} {:>7} {:>7} {:>8} {:<16} {:<5} {:<16}",
            i.host,
            i.queued,
            i.failed,
            i.consecutive_failures,
            time(i.last_success_at),
            if i.dead { "dead" } else { "alive" },
            time(i.next_attempt_at)
        );
    }
}

/// The delivery queue, and instance follows with an administrator's rights. The Follow and
/// Undo are queued: the running server delivers them.
async fn federation(app: App, command: FederationCommand) -> anyhow::Result<()> {
    use ensemble_app::follows::{self, Admin};
    use ensemble_federation::outbox;
    let admin = Admin::command_line();
    match command {
        FederationCommand::Follow { instance } => {
            let fetcher = ensemble_federation::fetch::Fetcher::new(app.clone())?;
            let follow = outbox::follow_instance(&fetcher, admin, &instance).await?;
            let state = if follow.accepted { "accepted" } else { "pending: waiting for the other instance to accept" };
            println!("Following {} ({state}).", follow.actor_ap_id);
        }
        FederationCommand::Unfollow { instance } => {
            let typed = instance.trim();
            let typed = typed.strip_prefix("https://").or_else(|| typed.strip_prefix("http://")).unwrap_or(typed);
            let typed = typed.trim_end_matches('/');
            let following = follows::following(&app, admin).await?;
            let follow = following
                .iter()
                .find(|f| {
                    let actor = url::Url::parse(&f.actor_ap_id).ok();
                    let host = actor.as_ref().and_then(|u| Some((u.host_str()?, u.port())));
                    let domain = host.map(|(h, port)| port.map_or_else(|| h.to_owned(), |p| format!("{h}:{p}")));
                    f.actor_ap_id == instance.trim() || domain.is_some_and(|d| d.eq_ignore_ascii_case(typed))
                })
                .ok_or_else(|| anyhow::anyhow!("this instance does not follow {instance}"))?;
            outbox::unfollow_instance(&app, admin, &follow.uuid.to_string()).await?;
            println!("No longer following {}.", follow.actor_ap_id);
        }
        FederationCommand::Following => {
            let state = |accepted: bool| if accepted { "accepted" } else { "pending" };
            println!("Following:");
            for f in follows::following(&app, admin).await? {
                println!("  {:<60} {}", f.actor_ap_id, state(f.accepted));
            }
            println!("Followers:");
            for f in follows::followers(&app, admin).await? {
                println!("  {:<60} {}", f.actor_ap_id, state(f.accepted));
            }
        }
        FederationCommand::Queue => print_queue(&ensemble_app::deliveries::queue(&app).await?),
    }
    Ok(())
}

async fn bench(app: App, command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::QueueDeliveries { count, first_port, ports } => {
            anyhow::ensure!(ports > 0, "--ports must be at least 1");
            let inboxes: Vec<String> = (0..count)
                .map(|i| format!("http://127.0.0.1:{}/inbox/{i}", usize::from(first_port) + i % usize::from(ports)))
                .collect();
            ensemble_app::deliveries::queue_sample(&app, &inboxes).await?;
            println!("{count}");
        }
        BenchCommand::Deliver => {
            let client = ensemble_federation::delivery::client(&app)?;
            println!("{}", ensemble_federation::delivery::run_pending(&app, &client).await?);
        }
        BenchCommand::InboxRequests { username, inbox, count, out } => {
            let lines = inbox_requests(&app, &username, &inbox, count).await?;
            std::fs::write(&out, lines.concat()).with_context(|| format!("writing {}", out.display()))?;
        }
    }
    Ok(())
}

/// The lines of `bench inbox-requests`, signed on every core, in no particular order.
async fn inbox_requests(app: &App, username: &str, inbox: &str, count: usize) -> anyhow::Result<Vec<String>> {
    use ensemble_activitypub::signatures::{self, PrivateKey};
    let profile = ensemble_app::identities::profile(app, username).await?.context("no such identity")?;
    let identity = &profile.identity;
    let document = ensemble_federation::person_to_ap(
        identity,
        profile.avatar.as_ref(),
        profile.banner.as_ref(),
        &app.settings.base_url,
    );
    let key = PrivateKey::from_pem(identity.private_key_pem.as_deref().context("no private key")?)?;
    let key_id = format!("{}#main-key", identity.ap_id);
    let url = url::Url::parse(inbox)?;
    let host = &url[url::Position::BeforeHost..url::Position::AfterPort];
    let date = signatures::http_date(chrono::Utc::now());
    let sign = |i: usize| -> anyhow::Result<String> {
        let body = serde_json::json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}/bench-updates/{i}", identity.ap_id),
            "type": "Update",
            "actor": identity.ap_id,
            "object": document,
        })
        .to_string();
        let digest = signatures::digest(body.as_bytes());
        let headers = [
            ("host", host),
            ("date", &date),
            ("digest", &digest),
            ("content-type", ensemble_activitypub::ACTIVITY_JSON),
        ];
        let signature = signatures::sign(&key, &key_id, "POST", url.path(), &headers)?;
        Ok(format!("{date}\t{digest}\t{signature}\t{body}\n"))
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || (t..count).step_by(threads).map(sign).collect::<anyhow::Result<Vec<_>>>()))
            .collect();
        let mut lines = Vec::with_capacity(count);
        for worker in workers {
            lines.extend(worker.join().map_err(|_| anyhow::anyhow!("a signing thread panicked"))??);
        }
        Ok(lines)
    })
}

/// Turns a use-case error into a sentence for the terminal.
fn explain(err: AppError) -> anyhow::Error {
    match err {
        AppError::NotFound => anyhow::anyhow!("no account has this email address"),
        AppError::Invalid(errors) => {
            let list: Vec<String> = errors.0.iter().map(|(field, e)| format!("{field}: {}", e.code())).collect();
            anyhow::anyhow!("refused: {}", list.join(", "))
        }
        other => anyhow::Error::new(other),
    }
}
