//! Probes: can an exercise's crate call the functions that solve it?
//!
//! An exercise grades understanding only if the learner cannot pass it by
//! calling a solved function of a crate it links against. The chapter crates
//! keep their solutions behind a `reference` cargo feature and the exercises
//! depend on them without it; `exercise.toml` names the solving functions
//! (`reference = ["ch03_names::referrers"]`). A probe checks that promise by
//! compiling, once per exercise, a crate with the exercise's own
//! dependencies whose library tries to take each of those functions as a
//! value:
//!
//! ```text
//! probe/Cargo.toml        the exercise's manifest, paths made absolute
//! probe/src/lib.rs        fn probe_0() { let _ = ch03_names::referrers; }   one line per function
//! probe/tests/graded.rs   empty: `cargo check --test graded` builds the
//!                         library with the features the graded build unifies
//! ```
//!
//! A function is out of reach when the compiler reports a resolution or
//! privacy error on its line; any other outcome (no error, or a type error
//! on a generic function) means the name resolved, and the exercise can be
//! passed by delegating to it. A *control* probe, which depends on the same
//! crates with their default features, makes sure every listed path names a
//! function that exists: a renamed function must not make a probe pass by
//! default.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::grade::cargo;

/// The compiler's error codes for a path that does not resolve, or resolves
/// to something the probe may not use: the function is out of reach.
const OUT_OF_REACH: [&str; 9] = [
    "E0412", // cannot find type
    "E0423", // expected value, found module or type
    "E0425", // cannot find value
    "E0432", // unresolved import
    "E0433", // failed to resolve: no such crate or module
    "E0599", // no associated function of that name
    "E0603", // private item
    "E0624", // private associated function
    "E0616", // private field
];

/// Checks that `path` is a Rust path of plain identifiers (`a::b::c`), so
/// that it can be written into a probe as it is. A segment after the first
/// may be generic arguments made of identifiers (`a::Shared::<u64>::clone`),
/// for the functions of a generic type, which cannot be named without them.
pub fn check_path(path: &str) -> Result<()> {
    let segments: Vec<&str> = path.split("::").collect();
    let identifier = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    let generic_arguments = |s: &str| {
        s.strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .is_some_and(|inner| inner.split(',').all(|argument| identifier(argument.trim())))
    };
    let well_formed = segments.len() >= 2
        && identifier(segments[0])
        && identifier(segments[segments.len() - 1])
        && segments
            .iter()
            .all(|s| identifier(s) || generic_arguments(s));
    if !well_formed {
        bail!("`{path}` is not a path to a function, such as `ch03_names::referrers`");
    }
    Ok(())
}

/// The probe's library: one function per path, on lines `first_line`,
/// `first_line + 1`, ... in the order of `paths`.
pub fn probe_source(paths: &[String]) -> (String, usize) {
    let mut source = String::from(
        "//! Written by `cargo course verify`. Each line takes one function that\n\
         //! solves the exercise as a value; none of them may compile.\n\
         #![allow(dead_code, unused, path_statements)]\n",
    );
    let first_line = source.lines().count() + 1;
    for (i, path) in paths.iter().enumerate() {
        source.push_str(&format!("fn probe_{i}() {{ let _ = {path}; }}\n"));
    }
    (source, first_line)
}

/// How each probed path fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// The compiler refused the path: the function cannot be called.
    OutOfReach,
    /// The path resolved: the function can be called.
    Reachable,
}

/// Reads cargo's JSON messages for a probe whose paths start on
/// `first_line` of `src/lib.rs`: the reach of each of the `count` paths, or
/// the rendered errors when the probe failed for another reason (a
/// dependency that does not build, a broken manifest).
pub fn read_messages(stdout: &str, first_line: usize, count: usize) -> Result<Vec<Reach>, String> {
    let mut reach = vec![Reach::Reachable; count];
    let mut other_errors = Vec::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let diagnostic = &message["message"];
        if message["reason"] != "compiler-message" || diagnostic["level"] != "error" {
            continue;
        }
        let probe_line = diagnostic["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|span| span["is_primary"] == true && span["file_name"] == "src/lib.rs")
            .and_then(|span| span["line_start"].as_u64())
            .and_then(|line| usize::try_from(line).ok())
            .filter(|line| (first_line..first_line + count).contains(line));
        let code = diagnostic["code"]["code"].as_str().unwrap_or_default();
        match probe_line {
            Some(line) if OUT_OF_REACH.contains(&code) => {
                reach[line - first_line] = Reach::OutOfReach;
            }
            // Resolved, but used in a way the probe did not foresee (a generic
            // function needs type annotations): reachable all the same.
            Some(_) => {}
            None => other_errors.push(
                diagnostic["rendered"]
                    .as_str()
                    .unwrap_or("an error without a message")
                    .trim_end()
                    .to_string(),
            ),
        }
    }
    if other_errors.is_empty() {
        Ok(reach)
    } else {
        Err(other_errors.join("\n"))
    }
}

/// `manifest` (a crate's `Cargo.toml`, which lives in `crate_dir`) made
/// into a standalone crate called `name`: relative dependency paths become
/// absolute, and an empty `[workspace]` keeps cargo from looking for the
/// workspace it was part of.
pub fn standalone_manifest(manifest: &str, crate_dir: &Path, name: &str) -> Result<String> {
    let mut table: toml::Table = toml::from_str(manifest).context("the manifest is not TOML")?;
    let package = table
        .get_mut("package")
        .and_then(toml::Value::as_table_mut)
        .context("the manifest has no [package]")?;
    package.insert("name".into(), name.into());
    for section in ["dependencies", "dev-dependencies"] {
        let Some(dependencies) = table.get_mut(section).and_then(toml::Value::as_table_mut) else {
            continue;
        };
        for (_, dependency) in dependencies.iter_mut() {
            let Some(path) = dependency.get_mut("path") else {
                continue;
            };
            let relative = path.as_str().context("a dependency path is not a string")?;
            let absolute = crate_dir.join(relative);
            let absolute = absolute.canonicalize().unwrap_or(absolute);
            *path = absolute.to_string_lossy().into_owned().into();
        }
    }
    table.insert("workspace".into(), toml::Table::new().into());
    Ok(toml::to_string(&table)?)
}

/// A crate that depends, with their default features, on every workspace
/// crate the `paths` start with: the control probe, in which each path must
/// resolve.
pub fn control_manifest(root: &Path, paths: &[String]) -> Result<String> {
    let mut dependencies = BTreeMap::new();
    for path in paths {
        let crate_name = path.split("::").next().unwrap_or_default();
        let dir = root.join("workspace").join(crate_name.replace('_', "-"));
        if !dir.join("Cargo.toml").is_file() {
            bail!("`{path}` starts with `{crate_name}`, which is no crate of workspace/");
        }
        let dir = dir.canonicalize().unwrap_or(dir);
        dependencies.insert(
            crate_name.replace('_', "-"),
            format!("{{ path = {:?} }}", dir.to_string_lossy()),
        );
    }
    let mut manifest = String::from(
        "[package]\nname = \"probe-control\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n",
    );
    for (name, spec) in dependencies {
        manifest.push_str(&format!("{name} = {spec}\n"));
    }
    Ok(manifest)
}

/// Writes a probe crate into `dir` and checks it: the reach of each path,
/// or why the probe itself failed. `lockfile`, when given, is copied in so
/// that the probe resolves registry crates to the versions already built.
pub fn run(
    dir: &Path,
    manifest: &str,
    paths: &[String],
    lockfile: Option<&Path>,
    target_dir: &Path,
) -> Result<Result<Vec<Reach>, String>> {
    let (source, first_line) = probe_source(paths);
    write(&dir.join("Cargo.toml"), manifest)?;
    write(&dir.join("src/lib.rs"), &source)?;
    write(
        &dir.join("tests/graded.rs"),
        "//! Empty: it makes cargo build the library as the graded tests see it.\n",
    )?;
    if let Some(lockfile) = lockfile.filter(|path| path.is_file()) {
        fs::copy(lockfile, dir.join("Cargo.lock"))
            .with_context(|| format!("cannot copy {}", lockfile.display()))?;
    }
    let output = Command::new(cargo())
        .args([
            "check",
            "--quiet",
            "--message-format=json",
            "--color=never",
            "--test",
            "graded",
        ])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .context("cannot run cargo to build a probe")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    match read_messages(&stdout, first_line, paths.len()) {
        Ok(_) if !output.status.success() && !stdout.contains("\"compiler-message\"") => {
            Ok(Err(String::from_utf8_lossy(&output.stderr)
                .trim()
                .to_string()))
        }
        result => Ok(result),
    }
}

/// Where the probes of one course run are written and built.
pub fn probes_dir(target_dir: &Path) -> PathBuf {
    target_dir.join("course-probes")
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_must_be_identifiers_separated_by_double_colons() {
        assert!(check_path("ch03_names::referrers").is_ok());
        assert!(check_path("ch03_names::Scope::bind").is_ok());
        assert!(check_path("ch10_threads::atomic_count::Shared::<u64>::clone").is_ok());
        assert!(check_path("a::Pair::<u8, u16>::new").is_ok());
        for bad in [
            "a::Shared::<u64>",
            "a::Shared::<Vec<u8>>::new",
            "a::Shared::<u64; 0>::new",
            "referrers",
            "ch03_names::",
            "a::b; std::process::exit(0)",
            "a::b c",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_path_gets_its_own_line() {
        let paths = ["a::f".to_string(), "b::T::g".to_string()];
        let (source, first) = probe_source(&paths);
        let lines: Vec<&str> = source.lines().collect();
        assert_eq!(lines[first - 1], "fn probe_0() { let _ = a::f; }");
        assert_eq!(lines[first], "fn probe_1() { let _ = b::T::g; }");
    }

    fn message(code: &str, file: &str, line: usize) -> String {
        serde_json::json!({
            "reason": "compiler-message",
            "message": {
                "level": "error",
                "code": { "code": code },
                "rendered": format!("error[{code}]: at {file}:{line}"),
                "spans": [{ "is_primary": true, "file_name": file, "line_start": line }],
            }
        })
        .to_string()
    }

    #[test]
    fn a_resolution_error_on_its_line_puts_a_function_out_of_reach() {
        let stdout = [
            message("E0425", "src/lib.rs", 4),
            message("E0282", "src/lib.rs", 5), // resolved, generic: reachable
            r#"{"reason":"build-finished","success":false}"#.to_string(),
        ]
        .join("\n");
        assert_eq!(
            read_messages(&stdout, 4, 3),
            Ok(vec![Reach::OutOfReach, Reach::Reachable, Reach::Reachable])
        );
    }

    #[test]
    fn an_error_elsewhere_makes_the_probe_inconclusive() {
        let stdout = message("E0308", "../dep/src/lib.rs", 12);
        let error = read_messages(&stdout, 4, 1).unwrap_err();
        assert!(error.contains("../dep/src/lib.rs:12"), "{error}");
    }

    #[test]
    fn a_standalone_manifest_has_absolute_paths_and_a_workspace_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let crate_dir = dir.path().join("ch01/ex");
        fs::create_dir_all(crate_dir.join("../../dep")).unwrap();
        let manifest = "[package]\nname = \"ex\"\nversion = \"0.1.0\"\n\n\
                        [dependencies]\ndep = { path = \"../../dep\", default-features = false }\n";
        let standalone: toml::Table =
            toml::from_str(&standalone_manifest(manifest, &crate_dir, "probe-ex").unwrap())
                .unwrap();
        assert_eq!(standalone["package"]["name"].as_str(), Some("probe-ex"));
        let dep = &standalone["dependencies"]["dep"];
        assert_eq!(
            Path::new(dep["path"].as_str().unwrap()),
            dir.path().join("dep").canonicalize().unwrap()
        );
        assert_eq!(dep["default-features"].as_bool(), Some(false));
        assert!(standalone["workspace"].is_table());
    }
}
