//! Announcement bodies: Markdown turned into HTML that is safe to put in a page or a feed.
//!
//! Two layers, so one mistake does not open a hole: raw HTML written in the Markdown is turned
//! into text before rendering (a `<script>` typed by staff shows as the characters they
//! typed), and the rendered HTML then goes through ammonia's allow-list, which drops event
//! handlers, `style`, and links whose scheme is not http, https or mailto.
use std::collections::HashSet;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders a Markdown body to sanitised HTML. Headings move down two levels (`#` becomes
/// `<h3>`), because on the page each announcement sits under the page's `<h1>` and its own
/// `<h2>` title.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
        // Images would load from anywhere the author names; show their description instead.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {
            Event::Text(CowStr::from(""))
        }
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    sanitise(&out)
}

/// Cleans HTML with an allow-list: no scripts, no event handlers, no `javascript:` links.
pub fn sanitise(html: &str) -> String {
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    ammonia::Builder::default()
        .url_schemes(schemes)
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered() {
        let html =
            render("Some **bold** text and a [link](https://example.org/a).\n\n- one\n- two");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(
            html.contains("<a href=\"https://example.org/a\" rel=\"noopener noreferrer\">link</a>")
        );
        assert!(html.contains("<li>one</li>"));
    }

    #[test]
    fn script_tags_are_shown_as_text() {
        let html =
            render("Before\n\n<script>alert('x')</script>\n\nafter <script>alert(1)</script>");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn event_handlers_never_survive() {
        let html = render("<img src=x onerror=alert(1)>\n\ntext <b onclick=\"alert(1)\">b</b>");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        // The characters may remain as visible text, but never as an attribute of an element.
        let direct =
            sanitise("<p onclick=\"alert(1)\">x</p><img src=\"a.png\" onerror=\"alert(1)\">");
        assert!(!direct.contains("onclick"), "{direct}");
        assert!(!direct.contains("onerror"), "{direct}");
    }

    #[test]
    fn javascript_links_lose_their_target() {
        let html = render("[click](javascript:alert(1)) and [also](JaVaScRiPt:alert(1))");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("click"));
        let direct =
            sanitise("<a href=\"javascript:alert(1)\">x</a><a href=\"data:text/html,x\">y</a>");
        assert!(!direct.contains("javascript:"), "{direct}");
        assert!(!direct.contains("data:"), "{direct}");
    }

    #[test]
    fn relative_links_to_measures_are_kept() {
        let html = render("See [the grant](/measures/nwf-2019-1.rd).");
        assert!(html.contains("href=\"/measures/nwf-2019-1.rd\""), "{html}");
    }

    #[test]
    fn headings_move_below_the_title() {
        let html = render("# Big\n\n## Smaller");
        assert!(html.contains("<h3>Big</h3>"), "{html}");
        assert!(html.contains("<h4>Smaller</h4>"), "{html}");
        assert!(!html.contains("<h1"));
    }

    #[test]
    fn images_are_not_loaded() {
        let html = render("![a chart](https://tracker.example/pixel.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a chart"), "{html}");
    }
}
