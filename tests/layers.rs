//! The layers of `docs/model.md` hold in the code: every `crate::x` (or, in the binaries,
//! `nats_playground::x`) path in `src/` names a layer that the importing file's layer may
//! import, according to the table in `docs/model.md` ("may import"; the utilities row may be
//! imported by anyone). The table is the one statement of the arrows; this test only reads it.
//! Test code (`#[cfg(test)]` modules) is left out: it may use any layer to set up its cases.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Imports that break the table today, each as (file, layer it imports), kept until the code
/// is fixed. Each one must still occur: when an import goes, its line here must go too.
///
/// The UI still reads the broker and the simulation directly instead of through the
/// playground's view of them (options types, the inspector's queue and subscription views,
/// the lab's business data, the loading budget).
const ALLOWED_TODAY: &[(&str, &str)] = &[
    ("src/ui/app.rs", "broker"),
    ("src/ui/database.rs", "sim"),
    ("src/ui/forms.rs", "broker"),
    ("src/ui/forms.rs", "sim"),
    ("src/ui/inspector.rs", "broker"),
    ("src/ui/persist/loading.rs", "sim"),
    ("src/ui/vm.rs", "broker"),
    ("src/ui/vm.rs", "sim"),
];

struct Layer {
    name: String,
    /// `src/x/` (a folder) or `src/x.rs` (a file).
    paths: Vec<String>,
    may_import: BTreeSet<String>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The backticked words of a table cell.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn layers() -> Vec<Layer> {
    let doc = std::fs::read_to_string(root().join("docs/model.md")).unwrap();
    let table = doc
        .split("| layer | files | what it owns | may import |")
        .nth(1)
        .expect("docs/model.md has the layers table");
    let rows: Vec<Layer> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').collect();
            assert_eq!(cells.len(), 6, "a layers row has four cells: {l}");
            let name = ticked(cells[1]);
            assert_eq!(name.len(), 1, "one layer name per row: {l}");
            Layer {
                name: name[0].clone(),
                paths: ticked(cells[2]),
                may_import: ticked(cells[4]).into_iter().collect(),
            }
        })
        .collect();
    assert!(rows.len() >= 8, "the layers table has {} rows", rows.len());
    rows
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn layer_of<'a>(layers: &'a [Layer], rel: &str) -> Option<&'a Layer> {
    layers.iter().find(|l| {
        l.paths.iter().any(|p| {
            if p.ends_with('/') {
                rel.starts_with(p.as_str())
            } else {
                rel == p
            }
        })
    })
}

/// The top-level module names a file's code paths start with (`crate::sim::x` -> `sim`),
/// comments left out.
fn imported_modules(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        for rest in code.split(prefix).skip(1) {
            let rest = rest.trim_start_matches('{');
            // `crate::{a, b::c}` names several.
            let names: Vec<&str> = if code.contains(&format!("{prefix}{{")) {
                rest.split(['}', ';'])
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .collect()
            } else {
                vec![rest]
            };
            for n in names {
                let m: String = n
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !m.is_empty() {
                    out.insert(m);
                }
            }
        }
    }
    out
}

/// The files of modules declared under `#[cfg(test)]` (`#[cfg(test)] mod fixtures;`): test
/// code, which may use any layer to set up its cases.
fn test_only_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let base = match f.file_name().and_then(|n| n.to_str()) {
            Some("mod.rs" | "lib.rs" | "main.rs") => f.parent().unwrap().to_path_buf(),
            _ => f.with_extension(""),
        };
        for w in lines.windows(2) {
            let decl = w[1]
                .trim()
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ");
            if w[0].trim() == "#[cfg(test)]" && decl.starts_with("mod ") && decl.ends_with(';') {
                let name = decl["mod ".len()..decl.len() - 1].trim();
                out.insert(base.join(format!("{name}.rs")));
                out.insert(base.join(name).join("mod.rs"));
            }
        }
    }
    out
}

/// A file's code without its inline test module (`#[cfg(test)]` followed by `mod x {`, which
/// by custom closes the file).
fn shipped_code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| {
            w[0].trim() == "#[cfg(test)]"
                && w[1].trim_start().starts_with("mod ")
                && w[1].trim_end().ends_with('{')
        })
        .unwrap_or(lines.len());
    lines[..end].join("\n")
}

#[test]
fn every_import_in_src_follows_the_layers_of_docs_model_md() {
    let layers = layers();
    let utilities = layers
        .iter()
        .find(|l| l.name == "utilities")
        .expect("a utilities row");
    // Module name -> its layer, from the rows' paths (`src/sim/` -> sim, `src/num.rs` -> num).
    let mut module_layer: BTreeMap<String, &str> = BTreeMap::new();
    for l in &layers {
        for p in &l.paths {
            let m = p
                .trim_start_matches("src/")
                .trim_end_matches('/')
                .trim_end_matches(".rs");
            module_layer.insert(m.to_string(), &l.name);
        }
    }
    let mut files = Vec::new();
    rs_files(&root().join("src"), &mut files);
    files.sort();
    let allowed: BTreeSet<(String, String)> = ALLOWED_TODAY
        .iter()
        .map(|(f, l)| (f.to_string(), l.to_string()))
        .collect();
    let tests_only = test_only_files(&files);
    let (mut used_allowances, mut wrong, mut checked) = (BTreeSet::new(), Vec::new(), 0);
    for f in files.iter().filter(|f| !tests_only.contains(*f)) {
        let rel = f.strip_prefix(root()).unwrap().display().to_string();
        if rel == "src/lib.rs" {
            continue; // the crate root only declares the modules
        }
        let layer = layer_of(&layers, &rel)
            .unwrap_or_else(|| panic!("{rel} is in no layer of docs/model.md's table"));
        let text = shipped_code(&std::fs::read_to_string(f).unwrap());
        let prefix = if matches!(layer.name.as_str(), "main" | "bin") {
            "nats_playground::"
        } else {
            "crate::"
        };
        for m in imported_modules(&text, prefix) {
            let Some(&target) = module_layer.get(&m) else {
                panic!("{rel} imports `{m}`, which is in no layer of docs/model.md's table");
            };
            checked += 1;
            let ok = target == layer.name
                || layer.may_import.contains(target)
                || target == utilities.name && layer.name != utilities.name;
            if ok {
                continue;
            }
            let pair = (rel.clone(), target.to_string());
            if allowed.contains(&pair) {
                used_allowances.insert(pair);
            } else {
                wrong.push(format!("{rel} ({}) imports {m} ({target})", layer.name));
            }
        }
    }
    assert!(checked > 50, "only {checked} imports checked");
    assert!(
        wrong.is_empty(),
        "imports that docs/model.md's layers do not allow: {wrong:#?}"
    );
    let stale: Vec<_> = allowed.difference(&used_allowances).collect();
    assert!(
        stale.is_empty(),
        "allowances no longer needed (remove them from ALLOWED_TODAY): {stale:?}"
    );
}

#[test]
fn test_modules_are_left_out() {
    let text = "use crate::sim::Sim;\n#[cfg(test)]\nmod tests {\n    use crate::ui::App;\n}\n";
    let got: Vec<String> = imported_modules(&shipped_code(text), "crate::")
        .into_iter()
        .collect();
    assert_eq!(got, ["sim"]);
    let dir = root().join("src/playground");
    let files = vec![dir.join("mod.rs")];
    assert!(test_only_files(&files).contains(&dir.join("fixtures.rs")));
}

#[test]
fn the_import_reader_sees_plain_grouped_and_nested_paths_but_not_comments() {
    let text = "use crate::sim::Sim;\nuse crate::{broker::Millis, vecmap};\n\
                let x = crate::num::clamp(1);\n// crate::ui::App in a comment\n";
    let got: Vec<String> = imported_modules(text, "crate::").into_iter().collect();
    assert_eq!(got, ["broker", "num", "sim", "vecmap"]);
}
