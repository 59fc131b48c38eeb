//! The README's relative links as crates.io renders them (S49): where each one leads on the
//! crate's page, and whether anything is there.
//!
//! crates.io (`crates/crates_io_markdown`) rewrites a relative link only when `repository` is on
//! github.com, gitlab.com or bitbucket.org: to `<repository>/blob/HEAD/<dir>/<path>`, or
//! `raw/HEAD` for media, where `<dir>` is the README's directory in the repository. With any
//! other host, or no `repository`, it removes them. Nothing is fetched: a link is judged by what
//! the git repository tracks, or outside git, by the package's own files.

use std::path::{Path, PathBuf};

use super::{PackageContext, Sink, Target, edit};
use crate::model::{Check, Finding, Label, Level, Location, Severity, backquoted};
use crate::read::files;
use crate::read::manifest::line_column;
use crate::read::markdown::{Link, LinkKind};
use crate::read::readme_page::{ReadmePage, Tree};
use crate::read::vcs::Tracked;

/// A relative README link whose path is not in the repository.
pub static README_LINK_NOT_FOUND: Check = Check {
    name: "readme_link_not_found",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a relative link or image in the README leads to a path git does not track",
    explain: "crates.io rewrites a relative link in the README to \
`<repository>/blob/HEAD/<dir>/<path>` (`raw/HEAD` for images and video), where `<dir>` is the \
README's directory in the repository: the package's `path_in_vcs`, joined with the README's \
place in the package. A README taken from outside the package is copied to its root, so its \
links count from the package's directory. When git does not track that path, the link or image \
is broken on the crate's page, and a release cannot be edited. Outside a git checkout only links \
into the package itself are judged.\n\nFix: correct the path, commit the file, or link with a \
full `https://` URL.",
};

/// Relative README links crates.io will remove.
pub static README_LINK_DROPPED: Check = Check {
    name: "readme_link_dropped",
    default: Level::Warn,
    blocks_publish: false,
    summary: "crates.io removes the README's relative links: `repository` is not on github.com, \
gitlab.com or bitbucket.org",
    explain: "crates.io rewrites relative links and images in a README only when `repository` \
is a URL whose host is exactly github.com, gitlab.com or bitbucket.org. With any other host \
(`www.github.com` included), or no `repository`, it removes them: the links show as text and \
the images disappear.\n\nFix: link with full `https://` URLs, or set `repository` to the \
repository on one of those hosts.",
};

/// A `repository` that is not the repository's root.
pub static REPOSITORY_NOT_ROOT: Check = Check {
    name: "repository_not_root",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`repository` points inside the repository, so every rewritten README link is wrong",
    explain: "crates.io builds each relative README link as `<repository>/blob/HEAD/<path>`, \
with the package's place in the repository (`path_in_vcs`) already in `<path>`. A `repository` \
such as `https://github.com/owner/name/tree/main/crates/x` yields \
`.../tree/main/crates/x/blob/HEAD/...`, which does not exist.\n\nFix: set `repository` to the \
repository's root, e.g. `https://github.com/owner/name`; cargo records where the package is.",
};

/// The media extensions crates.io serves from `raw/HEAD`.
const MEDIA_EXTENSIONS: [&str; 9] = [
    "svg", "png", "jpg", "jpeg", "gif", "mp4", "webm", "ogg", "webp",
];

/// The hosts whose repositories crates.io rewrites relative links for.
const REWRITING_HOSTS: [&str; 3] = ["github.com", "gitlab.com", "bitbucket.org"];

/// How crates.io treats the relative links of a README, by the package's `repository`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewrite {
    /// Rewritten onto this base: the repository URL with a trailing `/` and no `.git`.
    Onto(String),
    /// Removed: there is no `repository`.
    NoRepository,
    /// Removed: `repository` does not parse as a URL.
    Unparsable,
    /// Removed: `repository` is on this other host.
    OtherHost(String),
}

/// How crates.io treats relative links for `repository`.
pub fn rewrite(repository: Option<&str>) -> Rewrite {
    let Some(repository) = repository else {
        return Rewrite::NoRepository;
    };
    let Ok(url) = url::Url::parse(repository) else {
        return Rewrite::Unparsable;
    };
    match url.host_str() {
        Some(host) if REWRITING_HOSTS.contains(&host) => {
            let mut base = String::from(url);
            if !base.ends_with('/') {
                base.push('/');
            }
            if let Some(stem) = base.strip_suffix(".git/") {
                base = format!("{stem}/");
            }
            Rewrite::Onto(base)
        }
        Some(host) => Rewrite::OtherHost(host.to_string()),
        None => Rewrite::Unparsable,
    }
}

/// The root of the repository `repository` points inside, when it does: past `owner/name` on
/// github.com and bitbucket.org, at GitLab's `/-/` (or `tree`/`blob`) on gitlab.com, whose
/// groups nest.
pub fn repository_root(repository: &str) -> Option<String> {
    let url = url::Url::parse(repository).ok()?;
    let host = url.host_str()?;
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let kept = match host {
        "github.com" | "bitbucket.org" => 2,
        "gitlab.com" => segments
            .iter()
            .enumerate()
            .skip(2)
            .find(|(_, s)| matches!(**s, "-" | "tree" | "blob"))
            .map(|(i, _)| i)?,
        _ => return None,
    };
    if segments.len() <= kept {
        return None;
    }
    Some(format!(
        "{}://{host}/{}",
        url.scheme(),
        segments[..kept].join("/")
    ))
}

/// Where crates.io sends one relative link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The path in the repository, `/`-separated, `..` resolved, without query or fragment.
    pub path: String,
    /// The URL on the crate's page.
    pub url: String,
}

/// Resolves a relative `url` of a README in `base_dir` onto `base`, as crates.io's renderer
/// does: a leading `/` counts from `base_dir` too, `..` cannot leave the repository, query and
/// fragment are kept, an SVG gets `?sanitize=true`.
pub fn resolve(base: &str, base_dir: &str, url: &str) -> Resolved {
    let extension = Path::new(url).extension().and_then(|e| e.to_str());
    let media = extension.is_some_and(|e| MEDIA_EXTENSIONS.contains(&e));
    let mut path = String::new();
    if !base_dir.is_empty() {
        path.push_str(base_dir);
        path.push('/');
    }
    path.push_str(url.strip_prefix('/').unwrap_or(url));
    let (path, rest) = path.split_at(path.find(['?', '#']).unwrap_or(path.len()));
    let path = normalize(path);
    let mut url = format!(
        "{base}{}/{path}{rest}",
        if media { "raw/HEAD" } else { "blob/HEAD" }
    );
    if extension == Some("svg")
        && let Ok(mut parsed) = url::Url::parse(&url)
    {
        parsed.query_pairs_mut().append_pair("sanitize", "true");
        url = parsed.into();
    }
    Resolved { path, url }
}

/// Resolves `.` and `..` in a `/`-separated path, dropping what would leave the root.
fn normalize(path: &str) -> String {
    let mut segments = Vec::new();
    for segment in path.split('/') {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    segments.join("/")
}

/// What is at a resolved path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// Something the link can show.
    Yes,
    /// Nothing: git does not track it (`untracked` when a file is there all the same), or the
    /// package has no such file.
    No { untracked: bool },
    /// Cannot be judged here.
    Unknown,
    /// Not in the package, which records no place in its repository (`path_in_vcs`, missing
    /// when an older cargo packaged it): where the link leads is unknown.
    PlaceUnknown,
}

/// Runs the README link checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let Some(page) = ctx.readme else {
        return;
    };
    let Some(tree) = &page.tree else {
        return;
    };
    let relative: Vec<&Link> = page.links.iter().filter(|l| l.is_relative()).collect();
    if relative.is_empty() {
        return;
    }
    let repository = ctx.package.repository.as_deref();
    let mut base = match rewrite(repository) {
        Rewrite::Onto(base) => base,
        removed => {
            report_dropped(ctx, sink, page, &relative, &removed);
            return;
        }
    };
    if let Some(repository) = repository
        && let Some(root) = repository_root(repository)
    {
        report_not_root(ctx, sink, repository, &root, relative.len());
        // That finding is fixed first: the links are judged where they lead after it.
        if let Rewrite::Onto(fixed) = rewrite(Some(&root)) {
            base = fixed;
        }
    }
    let base_dir = page.base_dir();
    let mut unjudged = Vec::new();
    for link in relative {
        let resolved = resolve(&base, &base_dir, link.url.trim());
        let untracked = match find(page, tree, &resolved.path) {
            Found::No { untracked } => untracked,
            Found::PlaceUnknown => {
                unjudged.push(link);
                continue;
            }
            Found::Yes | Found::Unknown => continue,
        };
        let what = match link.kind {
            LinkKind::Image => "image",
            LinkKind::Link | LinkKind::Html => "link",
        };
        let missing = match (tree, untracked) {
            (Tree::Package { path_in_vcs, .. }, _) => {
                let path = Path::new(&resolved.path);
                let in_package = path_in_vcs
                    .as_deref()
                    .and_then(|dir| path.strip_prefix(dir).ok())
                    .unwrap_or(path);
                format!("the package has no `{}`", in_package.display())
            }
            (Tree::Git { .. }, true) => format!("git does not track `{}`", resolved.path),
            (Tree::Git { .. }, false) => format!("the repository has no `{}`", resolved.path),
        };
        let message = format!(
            "README {what} `{}` leads to {}, but {missing}",
            link.url, resolved.url
        );
        let help = not_found_help(&base, page, tree, link, &resolved, untracked);
        sink.push(Finding::new(&README_LINK_NOT_FOUND, message).with_help(help))
            .location = Some(link_location(page, link));
    }
    report_unjudged(sink, page, &unjudged);
}

/// One note for the links that leave the files of a package whose place in its repository is
/// unknown: they may work or not, and saying "not found" would be a guess.
fn report_unjudged(sink: &mut Sink<'_>, page: &ReadmePage, links: &[&Link]) {
    let Some(first) = links.first() else {
        return;
    };
    let mut urls: Vec<&str> = Vec::new();
    for url in links.iter().map(|link| link.url.trim()) {
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    let named = backquoted(urls);
    let message = format!(
        "README links that leave the package cannot be judged: {named}; the package records no \
         `path_in_vcs`, so where they lead in the repository is unknown"
    );
    let help = "run cargo-ready in the git checkout, where git tells what each link reaches, \
                or package with a newer cargo, which records `path_in_vcs`";
    sink.push(Finding::new(&README_LINK_NOT_FOUND, message).with_help(help))
        .soften(Severity::Note)
        .location = Some(link_location(page, first));
}

/// Whether something is at `path` (in the repository) for the README's tree.
fn find(page: &ReadmePage, tree: &Tree, path: &str) -> Found {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let path = Path::new(decoded.trim_end_matches('/'));
    match tree {
        Tree::Git { repository, .. } => match repository.tracked(path) {
            Tracked::File | Tracked::Directory | Tracked::Submodule => Found::Yes,
            Tracked::No => Found::No {
                untracked: repository.root.join(path).exists(),
            },
        },
        Tree::Package {
            path_in_vcs,
            files,
            include,
            exclude,
            place_unknown,
        } => {
            let in_package = match path_in_vcs {
                Some(dir) => path.strip_prefix(dir).ok(),
                None => Some(path),
            };
            let Some(in_package) = in_package else {
                return Found::Unknown;
            };
            let package_dir = page.file.parent().unwrap_or(Path::new("."));
            if has(files, in_package) {
                Found::Yes
            } else if *place_unknown {
                Found::PlaceUnknown
            } else if files::left_out(package_dir, include, exclude, in_package)
                || !in_package.parent().is_none_or(|dir| has(files, dir))
                || !names_a_file(in_package)
            {
                // What cargo left out of the package may be in the repository: an excluded
                // file, or a nested package's directory (`fuzz/`), which no `.crate` holds.
                Found::Unknown
            } else {
                Found::No { untracked: false }
            }
        }
    }
}

/// Whether sorted `files` hold `path` or files under it (`""` is the package itself).
fn has(files: &[PathBuf], path: &Path) -> bool {
    let at = files.partition_point(|f| f.as_path() < path);
    path.as_os_str().is_empty() || files.get(at).is_some_and(|f| f.starts_with(path))
}

/// Whether a path is surely a file, not a directory: it has an extension, or it is a name in
/// capitals like `LICENSE` or `COPYING`.
fn names_a_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    path.extension().is_some()
        || name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// How to mend a link that leads nowhere: the path from the README's own directory when that
/// differs and would work, else the general fixes.
fn not_found_help(
    base: &str,
    page: &ReadmePage,
    tree: &Tree,
    link: &Link,
    resolved: &Resolved,
    untracked: bool,
) -> String {
    let base_dir = page.base_dir();
    let counted_from = if base_dir.is_empty() {
        "the repository's root".to_string()
    } else {
        format!("`{base_dir}/`")
    };
    if let Some(own_dir) = page.own_dir() {
        let own = resolve(base, &own_dir, link.url.trim());
        if own.path != resolved.path && find(page, tree, &own.path) == Found::Yes {
            return format!(
                "cargo copies the README into the package, so crates.io counts its links from \
{counted_from}, not from where the file lives; write the full URL instead: {}",
                own.url
            );
        }
    }
    if untracked {
        return format!(
            "the file is here but not committed: `git add {}`, or link elsewhere",
            resolved.path
        );
    }
    if let Some(own_dir) = page.own_dir() {
        // The file is read from its own place on GitHub too: a path mended for crates.io breaks
        // it there, so only a full URL serves both.
        let shown_from = if own_dir.is_empty() {
            "the repository's root".to_string()
        } else {
            format!("`{own_dir}/`")
        };
        return format!(
            "crates.io counts relative links from {counted_from}, but the README is also read \
from {shown_from}: link with a full `https://` URL, since a changed relative path breaks it there"
        );
    }
    format!(
        "crates.io counts relative links from {counted_from}; correct the path, or link with a \
full `https://` URL"
    )
}

/// One finding for the links crates.io removes, at the first, with the others as labels.
fn report_dropped(
    ctx: &PackageContext<'_>,
    sink: &mut Sink<'_>,
    page: &ReadmePage,
    relative: &[&Link],
    removed: &Rewrite,
) {
    let why = match removed {
        Rewrite::NoRepository => "`repository` is not set".to_string(),
        Rewrite::Unparsable => "`repository` is not a URL".to_string(),
        Rewrite::OtherHost(host) => format!(
            "`repository` is on {host}, and crates.io rewrites links only for github.com, \
gitlab.com and bitbucket.org"
        ),
        Rewrite::Onto(_) => return,
    };
    let first = &relative[0].url;
    let message = match relative.len() {
        1 => format!("crates.io will remove the README's relative link `{first}`: {why}"),
        n => {
            format!("crates.io will remove the README's {n} relative links (`{first}`, ...): {why}")
        }
    };
    let mut finding = Finding::new(&README_LINK_DROPPED, message)
        .with_help(
            "link with full `https://` URLs, or set `repository` to the repository on \
github.com, gitlab.com or bitbucket.org",
        )
        .at(link_location(page, relative[0]));
    finding.labels = relative[1..]
        .iter()
        .map(|link| Label {
            location: link_location(page, link),
            message: Some("removed too".to_string()),
        })
        .collect();
    if let Rewrite::OtherHost(host) = removed
        && let Some(bare) = host.strip_prefix("www.")
        && REWRITING_HOSTS.contains(&bare)
        && let Some(repository) = ctx.package.repository.as_deref()
        && let Some((manifest, keys)) = ctx.defined_at("repository")
        && let Some(suggestion) =
            edit::replace_string(manifest, &keys, &repository.replacen(host, bare, 1))
    {
        finding.help = Some(format!(
            "write `repository` with the host `{bare}`, or link with full `https://` URLs"
        ));
        finding.suggest(suggestion);
    }
    sink.push(finding);
}

/// A `repository` inside the repository, with the root as the fix.
fn report_not_root(
    ctx: &PackageContext<'_>,
    sink: &mut Sink<'_>,
    repository: &str,
    root: &str,
    links: usize,
) {
    let links = match links {
        1 => "the README's relative link".to_string(),
        n => format!("the README's {n} relative links"),
    };
    let finding = sink.report(
        &REPOSITORY_NOT_ROOT,
        Target::key(&["package", "repository"]),
        format!(
            "`repository` `{repository}` is not the repository's root, so crates.io sends \
{links} under it (`.../blob/HEAD/...`), where nothing is"
        ),
        Some(format!(
            "write `repository = \"{root}\"`; cargo records where the package is in it"
        )),
    );
    if let Some((manifest, keys)) = ctx.defined_at("repository")
        && let Some(suggestion) = edit::replace_string(manifest, &keys, root)
    {
        finding.suggest(suggestion);
    }
}

/// Where a link is written in the README.
fn link_location(page: &ReadmePage, link: &Link) -> Location {
    let (line, column) = line_column(&page.text, link.span.start);
    Location {
        file: page.file.clone(),
        line,
        column,
        span: Some(link.span.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_io_rewrites_for_three_hosts_only() {
        let cases = [
            (
                Some("https://github.com/o/r"),
                Rewrite::Onto("https://github.com/o/r/".to_string()),
            ),
            (
                Some("https://gitlab.com/g/s/r.git"),
                Rewrite::Onto("https://gitlab.com/g/s/r/".to_string()),
            ),
            (
                Some("http://bitbucket.org/o/r/"),
                Rewrite::Onto("http://bitbucket.org/o/r/".to_string()),
            ),
            (
                Some("https://www.github.com/o/r"),
                Rewrite::OtherHost("www.github.com".to_string()),
            ),
            (
                Some("https://codeberg.org/o/r"),
                Rewrite::OtherHost("codeberg.org".to_string()),
            ),
            (Some("git@github.com:o/r.git"), Rewrite::Unparsable),
            (None, Rewrite::NoRepository),
        ];
        for (repository, expected) in cases {
            assert_eq!(rewrite(repository), expected, "{repository:?}");
        }
    }

    #[test]
    fn links_resolve_as_crates_io_writes_them() {
        let base = "https://github.com/o/r/";
        let cases = [
            ("", "docs/a.md", "docs/a.md", "blob/HEAD/docs/a.md"),
            (
                "crates/x",
                "docs/a.md",
                "crates/x/docs/a.md",
                "blob/HEAD/crates/x/docs/a.md",
            ),
            (
                "crates/x",
                "/docs/a.md",
                "crates/x/docs/a.md",
                "blob/HEAD/crates/x/docs/a.md",
            ),
            ("crates/x", "../../LICENSE", "LICENSE", "blob/HEAD/LICENSE"),
            (
                "crates/x",
                "../../../../LICENSE",
                "LICENSE",
                "blob/HEAD/LICENSE",
            ),
            ("", "./img/a.png", "img/a.png", "raw/HEAD/img/a.png"),
            ("", "a.PNG", "a.PNG", "blob/HEAD/a.PNG"),
            ("", "a.png?raw=true", "a.png", "blob/HEAD/a.png?raw=true"),
            ("", "a.md#part", "a.md", "blob/HEAD/a.md#part"),
            (
                "",
                "logo.svg",
                "logo.svg",
                "raw/HEAD/logo.svg?sanitize=true",
            ),
            ("", "docs/", "docs/", "blob/HEAD/docs/"),
        ];
        for (base_dir, url, path, tail) in cases {
            let resolved = resolve(base, base_dir, url);
            assert_eq!(resolved.path, path, "{url} in {base_dir:?}");
            assert_eq!(
                resolved.url,
                format!("{base}{tail}"),
                "{url} in {base_dir:?}"
            );
        }
    }

    #[test]
    fn the_root_of_a_repository_url() {
        let cases = [
            ("https://github.com/o/r", None),
            ("https://github.com/o/r/", None),
            ("https://github.com/o/r.git", None),
            (
                "https://github.com/o/r/tree/main/crates/x",
                Some("https://github.com/o/r"),
            ),
            (
                "https://bitbucket.org/o/r/src/main/x",
                Some("https://bitbucket.org/o/r"),
            ),
            ("https://gitlab.com/g/sub/r", None),
            (
                "https://gitlab.com/g/sub/r/-/tree/main/x",
                Some("https://gitlab.com/g/sub/r"),
            ),
            ("https://codeberg.org/o/r/src/branch/main", None),
        ];
        for (url, root) in cases {
            assert_eq!(repository_root(url).as_deref(), root, "{url}");
        }
    }

    #[test]
    fn file_names_a_directory_cannot_have() {
        for (path, file) in [
            ("LICENSE", true),
            ("COPYING", true),
            ("docs/a.md", true),
            ("fuzz", false),
            ("benchmarks", false),
            ("KnownLayout", false),
        ] {
            assert_eq!(names_a_file(Path::new(path)), file, "{path}");
        }
    }
}
