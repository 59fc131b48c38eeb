//! What cargo leaves out of the published package because its files are not packaged: the
//! build script (C23) and targets (C24).

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

/// C23: a build script cargo leaves out of the package.
pub static BUILD_SCRIPT_NOT_PACKAGED: Check = Check {
    name: "build_script_not_packaged",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the build script is not in the package, so the crate is published without it",
    explain: "Since Rust 1.76 cargo ignores a build script that `include` or `exclude` leaves out \
of the package (\"ignoring `package.build` entry ... as it is not included in the published \
package\") and publishes the crate without it. That is right for a script that only serves \
development (serde_derive keeps its own out); for one the crate needs, the published crate \
builds differently from yours.\n\nFix: package the script (add it to `include`, or remove it \
from `exclude`), or, when leaving it out is intended, allow the check with \
`build_script_not_packaged = \"allow\"` in `[package.metadata.ready]`.",
};

/// The build script cargo ignores because it is not packaged, at `package.build` when it is
/// written, else at the key that left it out.
pub fn build_script(ctx: &PackageContext<'_>, path: &str, sink: &mut Sink<'_>) {
    let chooser = files_chosen_by(ctx);
    let keys: &[&str] = if ctx.manifest.get(&["package", "build"]).is_some() {
        &["package", "build"]
    } else {
        chooser.keys()
    };
    sink.report(
        &BUILD_SCRIPT_NOT_PACKAGED,
        Target::key(keys),
        format!("the build script `{path}` is not in the package, so cargo publishes the crate without it"),
        format!(
            "if the published crate needs it, {}; if it only serves development, leaving it out is right: allow the check with `build_script_not_packaged = \"allow\"` in `[package.metadata.ready]`",
            chooser.package(ctx, &format!("`{path}`"))
        ),
    );
}

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
                named.join(", ")
            )
        }
    };
    let chooser = files_chosen_by(ctx);
    let (them, files) = match left_out {
        [_] => ("it", "its file"),
        _ => ("them", "their files"),
    };
    let package_them = chooser.package(ctx, files);
    let unusable: Vec<String> = left_out
        .iter()
        .filter(|t| matches!(t.kind, "library" | "binary"))
        .map(|t| format!("the {} `{}`", t.kind, t.name))
        .collect();
    let help = if unusable.is_empty() {
        format!(
            "cargo drops {them} from the published manifest; if the package should carry {them}, {package_them}; if leaving {them} out is intended, allow the check with `target_not_packaged = \"allow\"` in `[package.metadata.ready]`"
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
