//! Wiring: configuration, database, the job runner, the delivery worker and the HTTP server. `main` and the test
//! harness build the application through `Application::build`, so tests run what ships.

pub mod config;

use anyhow::Context;
use ensemble_app::{App, Settings};
use ensemble_web::{AppState, MailTemplates};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

pub struct Application {
    pub app: App,
    pub address: SocketAddr,
    listener: TcpListener,
    router: axum::Router,
    run_jobs: bool,
}

/// Whether the background job runner and delivery worker start with the server. Tests run
/// jobs and deliveries themselves, deterministically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jobs {
    Background,
    Manual,
}

/// Connects to the database, brings its schema up to date, and builds the use-case layer.
pub async fn connect(settings: Settings) -> anyhow::Result<App> {
    if let Some(path) = settings.database_url.strip_prefix("sqlite://")
        && let Some(parent) = std::path::Path::new(path.split('?').next().unwrap_or(path)).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let db = ensemble_store::connect(&settings.database_url).await.context("connecting to the database")?;
    ensemble_store::migrations::migrate(db.pool()).await.context("migrating the database")?;
    let composer = Arc::new(MailTemplates { instance_name: settings.instance_name.clone() });
    let app = App::new(db, settings, composer, Arc::new(ensemble_federation::outbox::Outbox))?;
    ensemble_app::instance::ensure_instance_actor(&app).await.context("creating the instance actor")?;
    Ok(app)
}

impl Application {
    pub async fn build(settings: Settings, jobs: Jobs) -> anyhow::Result<Application> {
        let listener =
            TcpListener::bind(&settings.listen).await.with_context(|| format!("listening on {}", settings.listen))?;
        Self::build_on(listener, settings, jobs).await
    }

    /// Builds on a listener bound by the caller (the test harness binds port 0 first, to know
    /// its address before choosing `base_url`).
    pub async fn build_on(listener: TcpListener, settings: Settings, jobs: Jobs) -> anyhow::Result<Application> {
        let address = listener.local_addr()?;
        let secret = Arc::new(settings.secret_key.as_bytes().to_vec());
        let app = connect(settings).await?;
        let router = ensemble_web::router(AppState::new(app.clone(), secret))?;
        Ok(Application { app, address, listener, router, run_jobs: jobs == Jobs::Background })
    }

    /// Serves until `shutdown` resolves, then lets requests in flight finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let (stop_jobs, jobs_stopped) = tokio::sync::watch::channel(false);
        let workers = self.run_jobs.then(|| {
            let jobs = tokio::spawn(ensemble_app::jobs::run_forever(self.app.clone(), jobs_stopped.clone()));
            let deliveries = tokio::spawn(ensemble_federation::delivery::run_forever(self.app.clone(), jobs_stopped));
            (jobs, deliveries)
        });
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).with_graceful_shutdown(shutdown).await?;
        let _ = stop_jobs.send(true);
        if let Some((jobs, deliveries)) = workers {
            jobs.await?;
            deliveries.await?;
        }
        Ok(())
    }
}
