//! A text for every license of the expression: MIT, Apache-2.0, the BSD licenses and most others
//! require that copies carry their text, and distributions packaging a crate look for one file
//! per license. A license's text is carried by a shipped license file (`LICENSE*`, `LICENCE*`,
//! `COPYING*`, `LICENSES/*`, the `license-file`) whose name names it (`LICENSE-MIT`,
//! `LICENSES/Apache-2.0.txt`) or whose words are the license's.
//!
//! Judged twice: in the manifest stage from the files the package would ship, and in the
//! package stage from the `.crate` itself.

use std::collections::BTreeSet;

use ::spdx::Expression;

use super::spdx::CRATES_IO_MODE;
use crate::checks::{PackageContext, Sink, Target};
use crate::model::{Check, Level, backquoted};

/// A license whose text the package does not carry.
pub static LICENSE_TEXT_MISSING: Check = Check {
    name: "license_text_missing",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a license of the expression requires its text to be shipped, and no packaged file \
carries it",
    explain: "MIT, Apache-2.0, the BSD licenses, ISC, Zlib, BSL-1.0, the GPL family and others \
require that copies carry the license text, and distributions packaging a crate look for each \
license of `license` (both of `MIT OR Apache-2.0`). A license's text counts as shipped when a \
packaged LICENSE*, LICENCE*, COPYING* or LICENSES/* file, or the `license-file`, names it \
(`LICENSE-APACHE`) or holds its words (\"Permission is hereby granted\" for MIT). A license file \
whose words cargo-ready does not recognise counts for every license, so a custom text is never \
reported.\n\nFix: add one file per license beside Cargo.toml (e.g. LICENSE-MIT and \
LICENSE-APACHE, texts at https://spdx.org/licenses/) and make sure the package ships them.",
};

/// Licenses whose terms do not ask for their text to travel with the code.
const NO_TEXT_NEEDED: &[&str] = &["CC0-1.0", "Unlicense", "0BSD", "MIT-0", "WTFPL", "CC-PDDC"];

/// Words that only a license's own text holds, all of them, compared case-insensitively with
/// whitespace folded; for the licenses crates use most.
const SIGNATURES: &[(&str, &[&str])] = &[
    ("MIT", &["permission is hereby granted, free of charge"]),
    ("Apache-2.0", &["apache license", "version 2.0"]),
    (
        "BSD-3-Clause",
        &[
            "redistribution and use in source and binary forms",
            "neither the name",
        ],
    ),
    (
        "BSD-2-Clause",
        &["redistribution and use in source and binary forms"],
    ),
    (
        "ISC",
        &["permission to use, copy, modify, and/or distribute this software for any purpose"],
    ),
    (
        "Zlib",
        &["this software is provided 'as-is', without any express or implied warranty"],
    ),
    ("BSL-1.0", &["boost software license"]),
    ("MPL-2.0", &["mozilla public license", "version 2.0"]),
    ("Unicode-3.0", &["unicode license v3"]),
    ("Unicode-DFS-2016", &["unicode data files and software"]),
    ("GPL-3.0", &["gnu general public license", "version 3"]),
    ("GPL-2.0", &["gnu general public license", "version 2"]),
    (
        "LGPL-3.0",
        &["gnu lesser general public license", "version 3"],
    ),
    (
        "LGPL-2.1",
        &["gnu lesser general public license", "version 2.1"],
    ),
    (
        "AGPL-3.0",
        &["gnu affero general public license", "version 3"],
    ),
    ("EPL-2.0", &["eclipse public license - v 2.0"]),
];

/// Words in a license file's name that name a license (`LICENSE-MIT`, `COPYING.APACHE2`).
const NAMED_IN_FILE_NAMES: &[(&str, &str)] = &[
    ("mit", "MIT"),
    ("apache", "Apache-2.0"),
    ("zlib", "Zlib"),
    ("isc", "ISC"),
    ("boost", "BSL-1.0"),
    ("bsl", "BSL-1.0"),
    ("mpl", "MPL-2.0"),
    ("unicode", "Unicode-3.0"),
    ("bsd", "BSD-3-Clause"),
];

/// The licenses of `expression` whose text must be shipped, as SPDX identifiers without `+`
/// or `-or-later` forms folded: `MIT OR Apache-2.0` gives both. `None` when the expression does
/// not parse (another check reports that).
pub fn licenses_needing_text(expression: &str) -> Option<Vec<String>> {
    // Most packages of a workspace share one expression: it is parsed once per thread.
    thread_local! {
        static NEEDED: std::cell::RefCell<std::collections::HashMap<String, Option<Vec<String>>>> =
            std::cell::RefCell::default();
    }
    NEEDED.with_borrow_mut(|needed| {
        needed
            .entry(expression.to_string())
            .or_insert_with(|| parse_needing_text(expression))
            .clone()
    })
}

fn parse_needing_text(expression: &str) -> Option<Vec<String>> {
    let parsed = Expression::parse_mode(expression, CRATES_IO_MODE).ok()?;
    let mut ids: Vec<String> = parsed
        .requirements()
        .filter_map(|requirement| requirement.req.license.id())
        .map(|id| id.name.to_string())
        .filter(|id| !NO_TEXT_NEEDED.contains(&id.as_str()))
        .collect();
    ids.dedup();
    let mut seen = BTreeSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    Some(ids)
}

/// The family an identifier's text belongs to: `GPL-3.0-only`, `GPL-3.0-or-later` and
/// `GPL-3.0+` all carry the `GPL-3.0` text, the BSD licenses are told apart by their clauses.
fn family(id: &str) -> &str {
    let id = id.trim_end_matches('+');
    id.strip_suffix("-only")
        .or_else(|| id.strip_suffix("-or-later"))
        .unwrap_or(id)
}

/// The licenses a license file's name names (`LICENSE-MIT`, `LICENSES/Apache-2.0.txt`).
pub fn named(path: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let lower_path = path.to_ascii_lowercase().replace('\\', "/");
    let name = lower_path.rsplit('/').next().unwrap_or(&lower_path);
    // LICENSES/Apache-2.0.txt (REUSE): the name is the identifier.
    if lower_path.starts_with("licenses/") {
        let written = path.replace('\\', "/");
        let written = written.rsplit('/').next().unwrap_or(&written);
        let stem = [".txt", ".md", ".rst"]
            .iter()
            .find_map(|ext| written.strip_suffix(ext))
            .unwrap_or(written);
        if let Some(license) = ::spdx::license_id(stem) {
            found.insert(family(license.name).to_string());
        }
    }
    let words: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (word, id) in NAMED_IN_FILE_NAMES {
        if words
            .iter()
            .any(|w| w == word || w.strip_prefix(word).is_some_and(is_version))
        {
            found.insert(id.to_string());
        }
    }
    found
}

/// The licenses whose words a text holds.
fn written(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let folded = fold(text);
    for (id, phrases) in SIGNATURES {
        if phrases.iter().all(|phrase| folded.contains(phrase)) {
            found.insert(id.to_string());
        }
    }
    // The BSD-3 signature holds the BSD-2 one.
    if found.contains("BSD-3-Clause") && !folded.contains("neither the name") {
        found.remove("BSD-3-Clause");
    }
    found
}

/// Digits and dots only (`apache2`, `mpl2.0`).
fn is_version(rest: &str) -> bool {
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Lowercase with runs of whitespace made one space, for matching words across line breaks.
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(&word.to_lowercase());
    }
    folded
}

/// Whether a file that carries `carried` holds the text of `id`.
fn carries(carried: &BTreeSet<String>, id: &str) -> bool {
    let wanted = family(id);
    carried.iter().any(|c| {
        c == wanted
            || (c == "BSD-3-Clause" && wanted.starts_with("BSD-"))
            || (c == "Unicode-3.0" && wanted.starts_with("Unicode-"))
    })
}

/// Reports each license of the package's expression that no license file among `files` (path
/// in the package, and its text unless its name tells) carries. `files` holds every shipped
/// license file.
pub fn judge(ctx: &PackageContext<'_>, files: &[(String, Option<String>)], sink: &mut Sink<'_>) {
    let Some(expression) = ctx.package.license.as_deref().filter(|l| !l.is_empty()) else {
        return;
    };
    let Some(needed) = licenses_needing_text(expression) else {
        return;
    };
    if needed.is_empty() {
        return;
    }
    let keys = ["package", "license"];
    if files.is_empty() {
        sink.report(
            &LICENSE_TEXT_MISSING,
            Target::key(&keys),
            format!(
                "the license `{expression}` requires its text to be shipped, but the package has \
no LICENSE*, COPYING* or license file"
            ),
            format!(
                "add {} beside Cargo.toml and make sure `include`/`exclude` keep it",
                file_names(&needed)
            ),
        );
        return;
    }
    // The names alone usually tell (`LICENSE-MIT`, `LICENSE-APACHE`): then no text is read.
    let by_name: Vec<BTreeSet<String>> = files.iter().map(|(path, _)| named(path)).collect();
    if needed
        .iter()
        .all(|id| by_name.iter().any(|c| carries(c, id)))
    {
        return;
    }
    let carried: Vec<BTreeSet<String>> = files
        .iter()
        .zip(by_name)
        .map(|((_, text), mut found)| {
            found.extend(text.as_deref().map(written).unwrap_or_default());
            found
        })
        .collect();
    // A license file in words cargo-ready does not know may hold any of the licenses.
    if carried.iter().any(BTreeSet::is_empty) {
        return;
    }
    let shipped: Vec<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    for id in needed
        .iter()
        .filter(|id| !carried.iter().any(|c| carries(c, id)))
    {
        sink.report(
            &LICENSE_TEXT_MISSING,
            Target::key(&keys),
            format!(
                "`license` `{expression}` names {id}, but no packaged license file carries its text \
(the package has {})",
                backquoted(&shipped)
            ),
            format!(
                "add {} with the {id} text (https://spdx.org/licenses/{}.html) beside Cargo.toml",
                file_names(std::slice::from_ref(id)),
                family(id)
            ),
        );
    }
}

/// The file names to suggest for licenses: `LICENSE-MIT`, `LICENSE-APACHE`, else `LICENSE`.
fn file_names(ids: &[String]) -> String {
    let names: Vec<String> = ids
        .iter()
        .map(|id| match family(id) {
            "MIT" => "LICENSE-MIT".to_string(),
            "Apache-2.0" => "LICENSE-APACHE".to_string(),
            other if ids.len() == 1 => format!("a LICENSE file with the {other} text"),
            other => format!("LICENSE-{other}"),
        })
        .collect();
    match names.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => "the license text".to_string(),
    }
}

/// Runs the check over the files the package would ship, in the manifest stage.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    if let Some(shipped) = ctx.shipped {
        judge(ctx, &shipped.license_files, sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::files;

    /// The licenses a file carries the text of, by its name and its words. Empty when neither
    /// says.
    fn carried(path: &str, text: &str) -> BTreeSet<String> {
        let mut found = named(path);
        found.extend(written(text));
        found
    }

    const MIT: &str = "MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted, free of\ncharge, to any person obtaining a copy";
    const APACHE: &str = "                              Apache License\n                        Version 2.0, January 2004\n                     http://www.apache.org/licenses/";

    fn ids(path: &str, text: &str) -> Vec<String> {
        carried(path, text).into_iter().collect()
    }

    #[test]
    fn license_files_by_name() {
        for path in [
            "LICENSE",
            "LICENSE-MIT",
            "licence.txt",
            "COPYING",
            "UNLICENSE",
            "LICENSES/MIT.txt",
            "license/APACHE",
        ] {
            assert!(files::is_license_file(path, None), "{path}");
        }
        for path in [
            "src/license.rs",
            "docs/deep/LICENSE",
            "README.md",
            "src/licenses.rs",
        ] {
            assert!(!files::is_license_file(path, None), "{path}");
        }
        assert!(files::is_license_file(
            "legal/TERMS.txt",
            Some("legal/TERMS.txt")
        ));
        assert!(files::is_license_file("TERMS.txt", Some("../TERMS.txt")));
    }

    #[test]
    fn licenses_named_or_written() {
        assert_eq!(ids("LICENSE-MIT", ""), ["MIT"]);
        assert_eq!(ids("LICENSE-APACHE", ""), ["Apache-2.0"]);
        assert_eq!(ids("LICENSE.apache2", ""), ["Apache-2.0"]);
        assert_eq!(ids("LICENSES/Apache-2.0.txt", ""), ["Apache-2.0"]);
        assert_eq!(ids("LICENSES/GPL-3.0-or-later.txt", ""), ["GPL-3.0"]);
        assert_eq!(ids("LICENSE", MIT), ["MIT"]);
        assert_eq!(ids("LICENSE", APACHE), ["Apache-2.0"]);
        assert_eq!(
            ids(
                "COPYING",
                "Redistribution and use in source and binary forms, with or without modification"
            ),
            ["BSD-2-Clause"]
        );
        assert_eq!(
            ids(
                "LICENSE",
                "Redistribution and use in source and binary forms... Neither the name of the copyright holder"
            ),
            ["BSD-2-Clause", "BSD-3-Clause"]
        );
        assert!(ids("LICENSE", "All rights reserved. Ask us.").is_empty());
        // `mit` must be a word of the name, not a part of one.
        assert!(ids("LICENSE-SUBMITTED", "").is_empty());
    }

    #[test]
    fn the_licenses_an_expression_needs_texts_for() {
        let needed = |e: &str| licenses_needing_text(e).unwrap();
        assert_eq!(needed("MIT OR Apache-2.0"), ["MIT", "Apache-2.0"]);
        assert_eq!(needed("MIT/Apache-2.0"), ["MIT", "Apache-2.0"]);
        assert_eq!(needed("Apache-2.0 WITH LLVM-exception"), ["Apache-2.0"]);
        assert_eq!(needed("Unlicense OR MIT"), ["MIT"]);
        assert!(needed("CC0-1.0").is_empty());
        assert_eq!(licenses_needing_text("Apache 2"), None);
    }

    #[test]
    fn a_text_carries_its_family() {
        let gpl = BTreeSet::from(["GPL-3.0".to_string()]);
        assert!(carries(&gpl, "GPL-3.0-only"));
        assert!(carries(&gpl, "GPL-3.0-or-later"));
        assert!(carries(&gpl, "GPL-3.0+"));
        assert!(!carries(&gpl, "GPL-2.0-only"));
        let bsd3 = BTreeSet::from(["BSD-3-Clause".to_string()]);
        assert!(carries(&bsd3, "BSD-2-Clause"));
    }
}
