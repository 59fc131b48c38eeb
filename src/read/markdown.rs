//! A README as crates.io renders it, as far as its links go: every URL a link, an image, or an
//! kept HTML `<a href>` or `<img src>` holds, with where it is written. Code blocks and inline code are text.
//! Also the anchors GitHub gives a document's headings, which `#fragment` links lead to.
//!
//! crates.io renders CommonMark with GitHub's extensions (rust-lang/crates.io,
//! `crates/crates_io_markdown`): tables, footnotes, strikethrough, task lists, autolinks. A file
//! is rendered as Markdown when its name has no extension or one of the Markdown extensions;
//! any other README is shown as plain text, with no links at all.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// The extensions crates.io renders as Markdown (a name without one is Markdown too).
const MARKDOWN_EXTENSIONS: [&str; 7] = ["md", "markdown", "mdown", "mdwn", "mkd", "mkdn", "mkdown"];

/// What kind of element a URL is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](url)` or a reference link.
    Link,
    /// `![alt](url)` or an HTML `<img src>`.
    Image,
    /// An HTML `<a href>`.
    Html,
}

/// One URL in a README.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The URL as written.
    pub url: String,
    /// What holds it.
    pub kind: LinkKind,
    /// The byte range of the element in the README's text.
    pub span: Range<usize>,
}

impl Link {
    /// Whether crates.io treats the URL as relative, and so rewrites or removes it: no scheme,
    /// not `//host`, not a fragment alone (those stay on the page), not a rustdoc path.
    pub fn is_relative(&self) -> bool {
        let url = self.url.trim();
        !(url.is_empty()
            || url.starts_with('#')
            || url.starts_with("//")
            || url.starts_with("::")
            || has_scheme(url))
    }
}

fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Whether crates.io renders a README with this file name as Markdown.
pub fn is_markdown(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => MARKDOWN_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()),
    }
}

/// The extensions of the Markdown crates.io and GitHub render.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_GFM);

/// Every link, image and HTML `href`/`src` in a Markdown text, in order.
pub fn links(text: &str) -> Vec<Link> {
    let mut found: Vec<Link> = Vec::new();
    let mut events = Parser::new_ext(text, OPTIONS).into_offset_iter();
    while let Some((event, span)) = events.next() {
        match event {
            // An email autolink (`<someone@example.org>`) is a `mailto:` link.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                ..
            }) => found.push(Link {
                url: format!("mailto:{dest_url}"),
                kind: LinkKind::Link,
                span,
            }),
            // A reference link is written once, at its definition, however often it is used.
            Event::Start(Tag::Link {
                link_type: LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut,
                dest_url,
                id,
                ..
            }) => {
                let span = events
                    .reference_definitions()
                    .get(&id)
                    .map_or(span, |definition| definition.span.clone());
                if !found.iter().any(|l| l.span == span) {
                    found.push(Link {
                        url: dest_url.to_string(),
                        kind: LinkKind::Link,
                        span,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => found.push(Link {
                url: dest_url.to_string(),
                kind: LinkKind::Link,
                span,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => found.push(Link {
                url: dest_url.to_string(),
                kind: LinkKind::Image,
                span,
            }),
            Event::Html(html) | Event::InlineHtml(html) => {
                found.extend(html_urls(&html, span.start));
            }
            _ => {}
        }
    }
    found
}

/// The anchors GitHub gives the headings of a Markdown text, in order, as a `#fragment` names
/// them: the heading's text (inline code included, markup left out) lowercased, every character
/// but a letter, a digit, a space, `-` and `_` dropped, each space turned into `-`; a repeated
/// anchor gets `-1`, `-2`, ... as GitHub numbers them.
pub fn heading_anchors(text: &str) -> Vec<String> {
    let mut anchors: Vec<String> = Vec::new();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(text, OPTIONS) {
        match (event, heading.as_mut()) {
            (Event::Start(Tag::Heading { .. }), _) => heading = Some(String::new()),
            (Event::Text(words) | Event::Code(words), Some(heading)) => heading.push_str(&words),
            (Event::End(TagEnd::Heading(_)), Some(_)) => {
                let words = heading.take().unwrap_or_default();
                let anchor = github_slug(&words);
                let mut unique = anchor.clone();
                let mut repeat = 0;
                while anchors.contains(&unique) {
                    repeat += 1;
                    unique = format!("{anchor}-{repeat}");
                }
                anchors.push(unique);
            }
            _ => {}
        }
    }
    anchors
}

/// A heading's words as GitHub's anchor (github-slugger's rule).
fn github_slug(words: &str) -> String {
    words
        .to_lowercase()
        .chars()
        .filter(|&c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The URLs crates.io keeps and rewrites in a piece of HTML starting at `offset` of the text:
/// `<a href>` and `<img src>` (its sanitiser allows no other URL attribute, and rewrites no
/// `srcset`). Comments are skipped.
fn html_urls(html: &str, offset: usize) -> Vec<Link> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = html[rest..].find('<').map(|i| i + rest) {
        if html[open..].starts_with("<!--") {
            rest = html[open..]
                .find("-->")
                .map_or(html.len(), |i| open + i + 3);
            continue;
        }
        let name_end = html[open + 1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(html.len(), |i| open + 1 + i);
        let name = html[open + 1..name_end].to_ascii_lowercase();
        let (wanted, kind) = match name.as_str() {
            "a" => ("href", LinkKind::Html),
            "img" => ("src", LinkKind::Image),
            _ => ("", LinkKind::Html),
        };
        rest = name_end.max(open + 1);
        for (attribute, value) in attributes(html, &mut rest) {
            if !wanted.is_empty() && attribute.eq_ignore_ascii_case(wanted) {
                found.push(Link {
                    url: html[value.clone()].to_string(),
                    kind,
                    span: offset + value.start..offset + value.end,
                });
            }
        }
    }
    found
}

/// The attributes of the tag whose name ends at `*at`, as (name, value range); moves `*at`
/// past the tag's `>`.
fn attributes<'h>(html: &'h str, at: &mut usize) -> Vec<(&'h str, Range<usize>)> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = *at;
    let skip_space = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    loop {
        skip_space(&mut i);
        if i >= bytes.len() || bytes[i] == b'>' || bytes[i] == b'<' {
            break;
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'<' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let name = &html[name_start..i];
        if name.is_empty() {
            i += 1;
            continue;
        }
        skip_space(&mut i);
        if i >= bytes.len() || bytes[i] != b'=' {
            continue;
        }
        i += 1;
        skip_space(&mut i);
        let value = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let Some(end) = html[i + 1..].find(quote as char) else {
                    break;
                };
                let value = i + 1..i + 1 + end;
                i = value.end + 1;
                value
            }
            _ => {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                start..i
            }
        };
        found.push((name, value));
    }
    *at = i;
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<(String, LinkKind)> {
        links(text).into_iter().map(|l| (l.url, l.kind)).collect()
    }

    #[test]
    fn links_images_and_html_but_not_code() {
        let text = "\
# Title

See [the guide](docs/guide.md) and ![logo](assets/logo.png \"Logo\").
Also [a reference][r] and <https://example.org>.

| col |
|-----|
| [in a table](table.md) |

`[not a link](code.md)`

```markdown
[not a link either](fenced.md)
```

<p align=\"center\"><img src=\"assets/banner.svg\" width=100></p>
<a href='CONTRIBUTING.md'>contributing</a>
<picture><source srcset=\"dark.png 1x\"><img alt=x src=light.png></picture>
<!-- <img src=\"commented.png\"> --><video src=\"not-kept.mp4\"></video>

[r]: REFERENCE.md
";
        assert_eq!(
            urls(text),
            [
                ("docs/guide.md".to_string(), LinkKind::Link),
                ("assets/logo.png".to_string(), LinkKind::Image),
                ("REFERENCE.md".to_string(), LinkKind::Link),
                ("https://example.org".to_string(), LinkKind::Link),
                ("table.md".to_string(), LinkKind::Link),
                ("assets/banner.svg".to_string(), LinkKind::Image),
                ("CONTRIBUTING.md".to_string(), LinkKind::Html),
                ("light.png".to_string(), LinkKind::Image),
            ]
        );
        let found = links(text);
        let banner = found.iter().find(|l| l.url == "assets/banner.svg").unwrap();
        assert_eq!(&text[banner.span.clone()], "assets/banner.svg");
    }

    #[test]
    fn an_email_autolink_is_not_relative_and_a_reference_is_one_link_at_its_definition() {
        let text =
            "Write to <someone@example.org>.\n\nSee [a][r], [b][r] and [r].\n\n[r]: docs/x.md\n";
        let found = links(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].url, "mailto:someone@example.org");
        assert!(!found[0].is_relative());
        assert_eq!(found[1].url, "docs/x.md");
        assert!(text[found[1].span.clone()].starts_with("[r]: docs/x.md"));
    }

    #[test]
    fn relative_urls_are_the_ones_crates_io_rewrites() {
        let relative = |url: &str| {
            Link {
                url: url.to_string(),
                kind: LinkKind::Link,
                span: 0..0,
            }
            .is_relative()
        };
        for url in [
            "docs/x.md",
            "/docs/x.md",
            "../x.md",
            "x.png?raw=true",
            "./x#part",
        ] {
            assert!(relative(url), "{url}");
        }
        for url in [
            "https://x.org",
            "http://x",
            "mailto:me@x.org",
            "#section",
            "//cdn.x/y.png",
            "::std::vec",
            "",
        ] {
            assert!(!relative(url), "{url}");
        }
    }

    #[test]
    fn heading_anchors_as_github_makes_them() {
        let text = "\
# cargo-ready

## The README as crates.io shows it

### `--tests`: the tests, from the packaged crate

## Fixing what is certain: `--fix`

Setext heading, *emphasised* and [linked](x.md)
-----------------------------------------------

## Use in CI

### Use in CI

## Use in CI

## Déjà vu_2 ≤ 1.1

```sh
# not a heading
```
";
        assert_eq!(
            heading_anchors(text),
            [
                "cargo-ready",
                "the-readme-as-cratesio-shows-it",
                "--tests-the-tests-from-the-packaged-crate",
                "fixing-what-is-certain---fix",
                "setext-heading-emphasised-and-linked",
                "use-in-ci",
                "use-in-ci-1",
                "use-in-ci-2",
                "déjà-vu_2--11",
            ]
        );
    }

    #[test]
    fn markdown_by_extension() {
        for (name, markdown) in [
            ("README.md", true),
            ("README", true),
            ("readme.MARKDOWN", true),
            ("README.txt", false),
            ("README.rst", false),
        ] {
            assert_eq!(is_markdown(Path::new(name)), markdown, "{name}");
        }
    }
}
