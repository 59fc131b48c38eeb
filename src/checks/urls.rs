//! The `repository`, `homepage` and `documentation` URLs (S16) and the repository policy.

use super::{PackageContext, Sink, Target};
use crate::model::{Check, Level};

/// S16: a URL field that crates.io refuses.
pub static INVALID_URL: Check = Check {
    name: "invalid_url",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`repository`, `homepage` or `documentation` is not an http(s) URL",
    explain: "crates.io refuses a `repository`, `homepage` or `documentation` value that does \
not begin with `http://` or `https://` or does not parse as a URL; an empty string is refused \
too. `cargo publish --dry-run` does not check this.\n\nFix: write the full URL, e.g. \
`repository = \"https://github.com/owner/name\"`, or remove the key.",
};

/// Policy: a repository link.
pub static MISSING_REPOSITORY: Check = Check {
    name: "missing_repository",
    default: Level::Deny,
    blocks_publish: false,
    summary: "`repository` is not set",
    explain: "Without `repository`, crates.io and docs.rs show no link to the source, users \
cannot report issues, and crates.io cannot resolve relative links in the README. crates.io does \
not refuse it; cargo-ready does by default because a crate people can trust links to its \
source.\n\nFix: add `repository = \"https://...\"`. To accept the crate without it, set \
`missing_repository = \"allow\"` in `[package.metadata.ready]`.",
};

/// Homepage that repeats the repository.
pub static REDUNDANT_HOMEPAGE: Check = Check {
    name: "redundant_homepage",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`homepage` is the same as `repository`",
    explain: "crates.io shows both links; the same URL twice adds nothing (the Rust API \
guidelines, C-METADATA, and cargo's `redundant_homepage` lint say the same).\n\nFix: remove \
`homepage`, or point it at a real project site.",
};

/// Why crates.io refuses a URL field (S16).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// The value is `""`.
    Empty,
    /// It does not literally begin with `http://` or `https://` (the check is case-sensitive).
    NotHttp,
    /// It begins with an http scheme but does not parse; holds the parser's reason.
    Unparsable(String),
}

/// The reason crates.io would refuse `url` as `repository`, `homepage` or `documentation`.
pub fn url_problem(url: &str) -> Option<UrlProblem> {
    if url.is_empty() {
        return Some(UrlProblem::Empty);
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Some(UrlProblem::NotHttp);
    }
    url::Url::parse(url)
        .err()
        .map(|e| UrlProblem::Unparsable(e.to_string()))
}

/// An https URL crates.io accepts for what `url` most likely means, when it can be worked
/// out: `git@host:owner/repo.git`, `ssh://git@host/...`, `git://host/...`, a URL with an
/// upper-case scheme, or a bare `host.tld/path`.
pub fn suggest_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(scp) = url.strip_prefix("git@") {
        // scp-like syntax: `git@github.com:owner/repo.git`.
        let (host, path) = scp.split_once(':')?;
        format!("{host}/{path}")
    } else if let Some(scheme_end) = lower.find("://") {
        let scheme = &lower[..scheme_end];
        let after = &url[scheme_end + 3..];
        match scheme {
            "http" | "https" => return fixed(&format!("{scheme}://{after}"), url),
            "git" | "ssh" | "git+ssh" | "git+https" => after
                .split_once('@')
                .map_or(after, |(_, host)| host)
                .to_string(),
            _ => return None,
        }
    } else if url.contains("://") || url.contains(char::is_whitespace) {
        return None;
    } else {
        // `github.com/owner/repo` or `www.example.org`: a host needs a dot before any `/`.
        let host = url.split('/').next().unwrap_or_default();
        if !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
            return None;
        }
        url.to_string()
    };
    let rest = rest.trim_end_matches('/');
    let rest = rest.strip_suffix(".git").unwrap_or(rest);
    fixed(&format!("https://{rest}"), url)
}

/// `candidate` when crates.io accepts it and it differs from `original`.
fn fixed(candidate: &str, original: &str) -> Option<String> {
    (candidate != original && url_problem(candidate).is_none()).then(|| candidate.to_string())
}

/// Whether `homepage` and `repository` name the same place, ignoring a trailing `/` and
/// `.git`.
pub fn same_place(homepage: &str, repository: &str) -> bool {
    fn normal(url: &str) -> &str {
        let url = url.trim().trim_end_matches('/');
        url.strip_suffix(".git")
            .unwrap_or(url)
            .trim_end_matches('/')
    }
    !homepage.trim().is_empty() && normal(homepage) == normal(repository)
}

/// Runs the URL checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let package = ctx.package;
    let fields = [
        ("repository", &package.repository),
        ("homepage", &package.homepage),
        ("documentation", &package.documentation),
    ];
    for (field, value) in fields {
        let Some(value) = value else { continue };
        let Some(problem) = url_problem(value) else {
            continue;
        };
        let keys = &["package", field];
        let (message, help) = describe_url_problem(field, value, &problem);
        sink.report(&INVALID_URL, Target::key(keys), message, Some(help));
    }

    // An empty `repository` is refused as an invalid URL above; say it once.
    if package.repository.is_none() {
        sink.report(
            &MISSING_REPOSITORY,
            Target::key(&["package", "repository"]),
            "`repository` is not set",
            Some(
                "add `repository = \"https://...\"` with the URL of the source, e.g. \
`https://github.com/owner/name`"
                    .to_string(),
            ),
        );
    }

    if let (Some(homepage), Some(repository)) = (&package.homepage, &package.repository)
        && same_place(homepage, repository)
    {
        sink.report(
            &REDUNDANT_HOMEPAGE,
            Target::key(&["package", "homepage"]),
            format!("`homepage` `{homepage}` is the same as `repository`"),
            Some(
                "remove `homepage`, or point it at a project site other than the repository"
                    .to_string(),
            ),
        );
    }
}

fn describe_url_problem(field: &str, value: &str, problem: &UrlProblem) -> (String, String) {
    let example = match suggest_url(value) {
        Some(url) => format!("write `{field} = \"{url}\"`"),
        None => format!("write the full URL, e.g. `{field} = \"https://example.org/...\"`"),
    };
    match problem {
        UrlProblem::Empty => (
            format!("`{field}` is empty (`\"\"`), which crates.io refuses"),
            format!("write the URL, or remove `{field}`"),
        ),
        UrlProblem::NotHttp => (
            format!("`{field}` `{value}` does not begin with `http://` or `https://`"),
            format!("{example}, or remove the key"),
        ),
        UrlProblem::Unparsable(reason) => (
            format!("`{field}` `{value}` is not a valid URL: {reason}"),
            format!("{example}, or remove the key"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{names, run};
    use serde_json::json;

    #[test]
    fn url_rules() {
        let cases: &[(&str, Option<UrlProblem>)] = &[
            ("https://github.com/owner/name", None),
            ("http://example.org", None),
            ("https://example.org/a b", None),
            ("https://docs.rs/x/latest/x/", None),
            ("", Some(UrlProblem::Empty)),
            ("ftp://x", Some(UrlProblem::NotHttp)),
            ("github.com/owner/name", Some(UrlProblem::NotHttp)),
            ("git@github.com:owner/name.git", Some(UrlProblem::NotHttp)),
            ("HTTPS://example.org", Some(UrlProblem::NotHttp)),
            (" https://example.org", Some(UrlProblem::NotHttp)),
            ("foo", Some(UrlProblem::NotHttp)),
            ("http:/example.org", Some(UrlProblem::NotHttp)),
        ];
        for (url, expected) in cases {
            assert_eq!(url_problem(url), *expected, "{url:?}");
        }
    }

    #[test]
    fn http_prefix_that_does_not_parse() {
        for url in [
            "https://",
            "http://[::1",
            "https://exa mple.org",
            "http://a:99999",
        ] {
            assert!(
                matches!(url_problem(url), Some(UrlProblem::Unparsable(_))),
                "{url:?}: {:?}",
                url_problem(url)
            );
        }
    }

    #[test]
    fn suggestions() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "git@github.com:owner/name.git",
                Some("https://github.com/owner/name"),
            ),
            (
                "ssh://git@gitlab.com/owner/name.git",
                Some("https://gitlab.com/owner/name"),
            ),
            (
                "git://github.com/owner/name",
                Some("https://github.com/owner/name"),
            ),
            ("HTTPS://example.org/x", Some("https://example.org/x")),
            (
                "github.com/owner/name",
                Some("https://github.com/owner/name"),
            ),
            ("www.example.org", Some("https://www.example.org")),
            ("https://github.com/owner/name", None),
            ("ftp://x", None),
            ("foo", None),
            ("", None),
            ("my crate", None),
        ];
        for (url, expected) in cases {
            assert_eq!(suggest_url(url).as_deref(), *expected, "{url:?}");
        }
    }

    #[test]
    fn redundant_homepage_rules() {
        let cases = [
            ("https://github.com/o/n", "https://github.com/o/n", true),
            ("https://github.com/o/n/", "https://github.com/o/n", true),
            ("https://github.com/o/n", "https://github.com/o/n.git", true),
            (
                "https://github.com/o/n",
                "https://github.com/o/n.git/",
                true,
            ),
            ("https://o.github.io/n", "https://github.com/o/n", false),
            ("https://github.com/o/n2", "https://github.com/o/n", false),
            ("", "", false),
        ];
        for (homepage, repository, expected) in cases {
            assert_eq!(
                same_place(homepage, repository),
                expected,
                "{homepage} {repository}"
            );
        }
    }

    #[test]
    fn check_reports_each_bad_field() {
        let findings = run(
            "[package]\nname = \"a\"\nrepository = \"git@github.com:o/n.git\"\n\
homepage = \"\"\ndocumentation = \"ftp://x\"\n",
            json!({}),
            check,
        );
        assert_eq!(
            names(&findings),
            ["invalid_url", "invalid_url", "invalid_url"]
        );
        assert_eq!(findings[0].field.as_deref(), Some("package.repository"));
        assert!(findings[0].message.contains("`git@github.com:o/n.git`"));
        assert!(
            findings[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`repository = \"https://github.com/o/n\"`")
        );
        assert_eq!(findings[1].field.as_deref(), Some("package.homepage"));
        assert_eq!(findings[1].location.as_ref().map(|l| l.line), Some(4));
        assert!(findings[2].message.contains("`ftp://x`"));
    }

    #[test]
    fn check_reports_missing_repository_and_redundant_homepage() {
        let findings = run("[package]\nname = \"a\"\n", json!({}), check);
        assert_eq!(names(&findings), ["missing_repository"]);

        // Empty is reported once, as the publish-blocking problem.
        let findings = run("[package]\nrepository = \"\"\n", json!({}), check);
        assert_eq!(names(&findings), ["invalid_url"]);

        let findings = run(
            "[package]\nrepository = \"https://github.com/o/n.git\"\n\
homepage = \"https://github.com/o/n/\"\n",
            json!({}),
            check,
        );
        assert_eq!(names(&findings), ["redundant_homepage"]);
        assert_eq!(findings[0].location.as_ref().map(|l| l.line), Some(3));

        let fine = "[package]\nrepository = \"https://github.com/o/n\"\n\
homepage = \"https://o.github.io/n\"\ndocumentation = \"https://docs.rs/n\"\n";
        assert!(run(fine, json!({}), check).is_empty());
    }
}
