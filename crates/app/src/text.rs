//! User-written text: Markdown (or other servers' HTML) in, safe HTML out.

use pulldown_cmark::{Options, Parser, html};

/// Renders Markdown and sanitises the result: raw HTML, scripts, styles and event handlers
/// are removed, links open safely and tell search engines they are user content.
pub fn markdown_to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES);
    let mut raw = String::new();
    html::push_html(&mut raw, parser);
    sanitise_html(&raw)
}

/// Sanitises HTML written elsewhere (remote profiles) as `markdown_to_html` does its output.
pub fn sanitise_html(raw: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        .url_schemes(["http", "https", "mailto"].into())
        .clean(raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::markdown_to_html;

    #[test]
    fn renders_and_sanitises() {
        assert_eq!(markdown_to_html("*hi*"), "<p><em>hi</em></p>\n");
        let html = markdown_to_html(
            "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](https://example.org)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org" rel="nofollow noopener noreferrer ugc">b</a>"#),
            "{html}"
        );
    }
}
