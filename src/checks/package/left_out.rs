//! What cargo leaves out of the published package because its files are not packaged (C23,
//! C24): targets, and the build script.

use super::files_chosen_by;
use crate::checks::{PackageContext, Sink, Target};
use crate::model::{Check, Level};

/// C24: a target whose source file is excluded from the package.
pub static TARGET_NOT_PACKAGED: Check = Check {
    name: "target_not_packaged",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a test, example, bench or binary's source is excluded, so cargo drops the target",
    explain: "Since Rust 1.80 cargo warns \"ignoring test `x` as `tests/x.rs` is not included in the \
published package\" and removes the target from the published manifest. For tests and \
examples that is often intended (to keep the crate small); for a binary or the library it \
means users get less than you built. cargo-ready reports the targets of a package together.\n\n\
Fix: package the files (add them to `include`, or remove them from `exclude`), or, when leaving \
them out is intended, allow the check with `target_not_packaged = \"allow\"` in \
`[package.metadata.ready]`.",
};

/// A target cargo drops: its kind as cargo names it (`test`, `library`, ...), name and source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut<'a> {
    /// `library`, `binary`, `example`, `test` or `benchmark`.
    pub kind: &'a str,
    /// The target's name.
    pub name: &'a str,
    /// Its source file, relative to the package.
    pub path: &'a str,
}

/// How many left-out targets a message names before saying how many more.
const SHOWN: usize = 8;

/// One finding for all the targets cargo drops from a package, at the key that chose the files.
pub fn targets(ctx: &PackageContext<'_>, left_out: &[LeftOut<'_>], sink: &mut Sink<'_>) {
    let message = match left_out {
        [] => return,
        [one] => format!(
            "{} `{}` is left out: its source `{}` is not in the package",
            one.kind, one.name, one.path
        ),
        many => {
            let named: Vec<String> = many
                .iter()
                .map(|t| format!("{} `{}` (`{}`)", t.kind, t.name, t.path))
                .collect();
            format!(
                "{} targets are left out because their sources are not in the package: {}",
                many.len(),
                super::listed(&named, SHOWN)
            )
        }
    };
    let chooser = files_chosen_by(ctx);
    let package_them = chooser.package("their files");
    let unusable: Vec<String> = left_out
        .iter()
        .filter(|t| matches!(t.kind, "library" | "binary"))
        .map(|t| format!("the {} `{}`", t.kind, t.name))
        .collect();
    let help = if unusable.is_empty() {
        format!(
            "cargo drops them from the published manifest; if the package should carry them, {package_them}; if leaving them out is intended, allow the check with `target_not_packaged = \"allow\"` in `[package.metadata.ready]`"
        )
    } else {
        format!(
            "{} cannot be used from the published package: {package_them}",
            unusable.join(" and ")
        )
    };
    sink.report(
        &TARGET_NOT_PACKAGED,
        Target::key(chooser.keys()),
        message,
        help,
    );
}
