//! The Export menu's files, made from the playground: a scenario file (what Import reads),
//! the trace as JSON Lines, a sequence diagram, and the course's nats-test project. The UI
//! only downloads what this returns.

use super::diagram::sequence_svg;
use super::saved::MAX_BYTES;
use super::state::Playground;
use crate::num::Fixed;

/// What the Export menu offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Scenario,
    Trace,
    Diagram,
    Project,
}

/// A file to download, and what to tell the learner about it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportFile {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    /// Said after the download (e.g. that a long run was cut to fit).
    pub note: Option<String>,
}

/// A file name from a scenario name: letters, digits, `-` and `_` only.
pub fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    let s = s.trim_matches('-');
    if s.is_empty() {
        "playground".into()
    } else {
        s.to_string()
    }
}

/// The file for `kind`, or why there is none (a sentence, for the notice).
pub fn export(pg: &Playground, kind: ExportKind) -> Result<ExportFile, String> {
    let stem = file_stem(&pg.scenario.name);
    let file = |name: String, mime, text: String| ExportFile {
        name,
        mime,
        bytes: text.into_bytes(),
        note: None,
    };
    Ok(match kind {
        ExportKind::Scenario => {
            let name = format!("{stem}.scenario.json");
            // What Export writes, Import reads: the part that fits, compact if the indented
            // form would not.
            let (whole, work_cut) = pg.to_saved_reopenable();
            let (saved, until) = whole.fitting().map_err(|e| {
                format!(
                    "This playground cannot be exported as a scenario file: {}",
                    super::saved::sentence(&e.message)
                )
            })?;
            let pretty = crate::json::to_string_pretty(&saved.to_value()) + "\n";
            let note = until.or(work_cut).map(|t| {
                format!(
                    "This run is too long for one scenario file (at most {} MB, and no more than a reload or Import replays): {name} holds its history up to {} s.",
                    MAX_BYTES / (1024 * 1024),
                    Fixed(t as f64 / 1000.0, 1)
                )
            });
            let text = if pretty.len() <= MAX_BYTES {
                pretty
            } else {
                saved.to_json()
            };
            ExportFile {
                note,
                ..file(name, "application/json", text)
            }
        }
        ExportKind::Trace => {
            let trace = pg.sim().trace();
            let note = trace
                .front()
                .filter(|_| trace.total() > trace.len())
                .map(|first| {
                    format!(
                        "A long run keeps only its recent trace: this file holds its last {} entries, from {} s on.",
                        trace.len(),
                        Fixed(first.t / 1000.0, 1)
                    )
                });
            let mut out = String::new();
            for e in trace {
                out.push_str(&e.to_line());
                out.push('\n');
            }
            ExportFile {
                note,
                ..file(format!("{stem}.trace.jsonl"), "application/jsonl", out)
            }
        }
        ExportKind::Diagram => {
            let names: Vec<(String, String)> = pg
                .panels
                .iter()
                .map(|p| (p.client_id.clone(), p.name.clone()))
                .collect();
            file(
                format!("{stem}.sequence.svg"),
                "image/svg+xml",
                sequence_svg(pg.sim().trace(), &pg.scenario.name, &names),
            )
        }
        ExportKind::Project => ExportFile {
            name: "nats-test.zip".into(),
            mime: "application/zip",
            bytes: super::project::zip(pg.server(), &pg.panels)
                .map_err(|e| format!("nats-test.zip: {e}."))?,
            note: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::fixtures::small_run;
    use crate::playground::Saved;

    #[test]
    fn file_names_come_from_the_scenario_name() {
        assert_eq!(
            file_stem("Lesson 6: Queue groups!"),
            "lesson-6--queue-groups"
        );
        assert_eq!(file_stem("   "), "playground");
        assert_eq!(file_stem(&"x".repeat(100)).len(), 60);
    }

    #[test]
    fn the_scenario_export_is_what_import_reads_and_the_trace_has_a_line_per_event() {
        let pg = small_run();
        let f = export(&pg, ExportKind::Scenario).unwrap();
        assert!(f.name.ends_with(".scenario.json") && f.mime == "application/json");
        let back = Saved::from_json(std::str::from_utf8(&f.bytes).unwrap()).unwrap();
        assert_eq!(back.scenario.steps, pg.scenario.steps);
        assert_eq!(f.note, None);

        let t = export(&pg, ExportKind::Trace).unwrap();
        let lines = std::str::from_utf8(&t.bytes).unwrap().lines().count();
        assert_eq!(lines, pg.sim().trace().len());
        assert!(lines > 0);

        let d = export(&pg, ExportKind::Diagram).unwrap();
        assert!(d.bytes.starts_with(b"<svg"), "{}", d.name);
        let z = export(&pg, ExportKind::Project).unwrap();
        assert_eq!(
            (z.name.as_str(), &z.bytes[..2]),
            ("nats-test.zip", &b"PK"[..])
        );
    }
}
