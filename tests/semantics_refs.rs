//! The behaviour reference lives in the repository (`docs/semantics.md`) and the code points
//! into it: every `§N.M` cited in `src/`, `tests/` or the rule cases must be a section of the
//! doc, and the doc's "Checked by" lists name exactly the rule cases of `tests/rules/*.txt`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs" || x == "txt") {
            out.push(p);
        }
    }
}

/// Every `§1.2`-style citation in a text (a `§`, an optional space, digits and dots).
fn citations(text: &str) -> Vec<String> {
    text.split('§')
        .skip(1)
        .filter_map(|rest| {
            let n: String = rest
                .trim_start_matches(' ')
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let n = n.trim_end_matches('.');
            (!n.is_empty()).then(|| n.to_string())
        })
        .collect()
}

/// The doc's sections: `## §N` / `### §N.M` headings, each with the anchor `<a id="sN.M">`.
fn sections(doc: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let lines: Vec<&str> = doc.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if !l.starts_with('#') {
            continue;
        }
        let Some(n) = citations(l).into_iter().next() else {
            continue;
        };
        let anchor = format!("<a id=\"s{n}\"></a>");
        let above = i.checked_sub(1).map(|j| lines[j]).unwrap_or_default();
        assert_eq!(
            above, anchor,
            "section §{n} needs the anchor {anchor} on the line above"
        );
        assert!(found.insert(n.clone()), "two sections numbered §{n}");
    }
    found
}

fn doc() -> String {
    std::fs::read_to_string(root().join("docs/semantics.md")).expect("docs/semantics.md")
}

#[test]
fn every_cited_section_exists_in_docs_semantics() {
    let have = sections(&doc());
    assert!(have.len() > 40, "only {} sections found", have.len());
    let mut paths = Vec::new();
    files(&root().join("src"), &mut paths);
    files(&root().join("tests"), &mut paths);
    let me = root().join("tests/semantics_refs.rs");
    let (mut cited, mut missing) = (0, Vec::new());
    for p in paths.iter().filter(|p| **p != me) {
        let text = std::fs::read_to_string(p).unwrap();
        let rel = p.strip_prefix(root()).unwrap().display().to_string();
        assert!(
            !text.contains("stan-semantics"),
            "{rel} cites a reference outside the repository; cite docs/semantics.md"
        );
        for n in citations(&text) {
            cited += 1;
            if !have.contains(&n) {
                missing.push(format!("{rel}: §{n}"));
            }
        }
    }
    assert!(cited > 80, "only {cited} citations found");
    assert!(
        missing.is_empty(),
        "cited but not in docs/semantics.md: {missing:#?}"
    );
}

#[test]
fn the_doc_names_every_rule_case_and_only_those() {
    let mut cases = BTreeSet::new();
    for e in std::fs::read_dir(root().join("tests/rules"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let mut after_comment = true;
        for l in text.lines() {
            let mut w = l.split_whitespace();
            if after_comment && matches!(w.next(), Some("run" | "sim" | "wire")) {
                cases.insert(w.next().unwrap_or_default().to_string());
            }
            after_comment = l.starts_with('#');
        }
    }
    assert!(cases.len() > 80, "only {} rule cases found", cases.len());
    let doc = doc();
    let mut named = BTreeSet::new();
    for para in doc.split("\n\n").filter(|p| p.contains("Checked by")) {
        let tail = para.split("Checked by").nth(1).unwrap();
        for name in tail.split('`').skip(1).step_by(2) {
            if name.contains('_') && !name.contains('.') && !name.contains(' ') {
                named.insert(name.to_string());
                assert!(
                    cases.contains(name),
                    "docs/semantics.md names a case `{name}` that tests/rules/*.txt does not have"
                );
            }
        }
    }
    let unnamed: Vec<_> = cases.difference(&named).collect();
    assert!(
        unnamed.is_empty(),
        "rule cases docs/semantics.md does not name under any rule: {unnamed:?}"
    );
}
