//! A cookie-keeping HTTP client that reads pages the way the tests need: status, redirect,
//! and CSS-selected content.

use reqwest::header::{HeaderMap, LOCATION};
use scraper::{Html, Selector};
use std::sync::Mutex;

pub struct Browser {
    client: reqwest::Client,
    base: String,
    language: String,
    csrf: Mutex<Option<String>>,
}

#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client");
        Browser { client, base: base.to_owned(), language: "en".into(), csrf: Mutex::new(None) }
    }

    /// Sends `Accept-Language: <language>` from now on.
    pub fn speaking(mut self, language: &str) -> Browser {
        self.language = language.to_owned();
        self
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") { path.to_owned() } else { format!("{}{path}", self.base) }
    }

    async fn read(response: reqwest::Response) -> Page {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.expect("response body");
        Page { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> Page {
        let response =
            self.client.get(self.url(path)).header("accept-language", &self.language).send().await.expect("GET");
        Self::read(response).await
    }

    /// GETs `path`, following redirects, and returns the final page.
    pub async fn visit(&self, path: &str) -> Page {
        let mut page = self.get(path).await;
        for _ in 0..5 {
            match page.location() {
                Some(next) if (300..400).contains(&page.status) => page = self.get(&next).await,
                _ => break,
            }
        }
        page
    }

    /// The form token for this browser's cookie, read once from any page.
    pub async fn csrf(&self) -> String {
        if let Some(token) = self.csrf.lock().expect("lock").clone() {
            return token;
        }
        let token = self.get("/").await.csrf().expect("a form token on the home page");
        *self.csrf.lock().expect("lock") = Some(token.clone());
        token
    }

    /// Submits a form as a browser would, with the page's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf().await;
        let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.post_raw(path, &form).await
    }

    /// Submits exactly `fields`, token or not.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let response = self
            .client
            .post(self.url(path))
            .header("accept-language", &self.language)
            .form(fields)
            .send()
            .await
            .expect("POST");
        Self::read(response).await
    }

    /// Submits a `multipart/form-data` form; `files` are (field, file name, bytes).
    pub async fn post_multipart(&self, path: &str, fields: &[(&str, &str)], files: Vec<(&str, &str, Vec<u8>)>) -> Page {
        let mut form = reqwest::multipart::Form::new().text("csrf", self.csrf().await);
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (name, file_name, bytes) in files {
            form = form.part(name.to_string(), reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()));
        }
        let response = self
            .client
            .post(self.url(path))
            .header("accept-language", &self.language)
            .multipart(form)
            .send()
            .await
            .expect("POST");
        Self::read(response).await
    }

    /// Follows the redirect of `page`, if any.
    pub async fn follow(&self, page: Page) -> Page {
        match page.location() {
            Some(next) if (300..400).contains(&page.status) => self.visit(&next).await,
            _ => page,
        }
    }

    /// Sends a request of any shape (for the tests of hostile input).
    pub fn raw(&self) -> &reqwest::Client {
        &self.client
    }
}

impl Page {
    pub fn location(&self) -> Option<String> {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The text of every element matching `css`, whitespace folded.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let selector = Selector::parse(css).unwrap_or_else(|_| panic!("bad selector {css}"));
        self.html()
            .select(&selector)
            .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    pub fn text(&self, css: &str) -> Option<String> {
        self.texts(css).into_iter().next()
    }

    pub fn has(&self, css: &str) -> bool {
        !self.texts(css).is_empty()
    }

    /// An attribute of the first element matching `css`.
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        let selector = Selector::parse(css).unwrap_or_else(|_| panic!("bad selector {css}"));
        self.html().select(&selector).next().and_then(|e| e.value().attr(name)).map(str::to_owned)
    }

    pub fn csrf(&self) -> Option<String> {
        self.attr("input[name=csrf]", "value")
    }

    /// The error shown under field `name`.
    pub fn field_error(&self, name: &str) -> Option<String> {
        self.text(&format!("#{name}-error"))
    }

    /// What field `name` holds, as re-rendered.
    pub fn value(&self, name: &str) -> Option<String> {
        self.attr(&format!("[name={name}]"), "value").or_else(|| self.text(&format!("textarea[name={name}]")))
    }

    /// The notice shown after an action.
    pub fn notice(&self) -> Option<String> {
        self.text("[role=status]")
    }

    pub fn h1(&self) -> String {
        self.text("h1").unwrap_or_default()
    }
}
