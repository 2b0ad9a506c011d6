//! The Server tab's texts read back, by a real parser, as exactly the server they describe:
//! the command line through a POSIX shell-words splitter, the Kubernetes YAML through a YAML
//! parser. Hostile cluster ids (from a link or a file) stay one argument and add nothing.
//! (The TypeScript side is type-checked and read back by e2e/tests/export-project.test.mjs.)

use nats_playground::broker::ServerOptions;
use nats_playground::playground::course_server;
use nats_playground::playground::server_cmd::{args, command_line, kubernetes_yaml};
use serde::Deserialize;

/// Cluster ids a sender could put in a link.
pub const HOSTILE: &[&str] = &[
    "ticketing",
    "ticketing $(touch pwned)",
    "`touch pwned`",
    "it's; rm -rf ~ #",
    "a\"b\\c",
    "line\nbreak',\n              '--evil",
    "x'\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: evil}\nspec: {containers: [{name: e, image: evil, securityContext: {privileged: true}}]}",
    "tab\there\r",
    "nul\u{0}bell\u{7}esc\u{1b}[31m",
    "sep\u{2028}\u{2029}\u{85}\u{feff}end",
    "",
    "-cid",
    "*",
    "{a,b}",
    "=ls",
    "ümlaut ☃ 😀",
    "'",
    "''",
    "\\",
    "!!",
    "#",
    "&&",
    "|",
    ">out",
];

fn server(cluster_id: &str) -> ServerOptions {
    ServerOptions {
        cluster_id: cluster_id.into(),
        ..course_server()
    }
}

#[test]
fn the_command_line_splits_into_exactly_the_servers_arguments() {
    for id in HOSTILE {
        let o = server(id);
        let line = command_line(&o);
        let words = shlex::split(&line).unwrap_or_else(|| panic!("{id:?}: {line}"));
        let mut want = vec!["nats-streaming-server".to_string()];
        want.extend(args(&o));
        assert_eq!(words, want, "{id:?}: {line}");
        assert!(!line.contains('\n') || id.contains('\n'), "{line}");
    }
    // The course's line is left exactly as the course writes it.
    assert_eq!(
        command_line(&course_server()),
        "nats-streaming-server -p 4222 -m 8222 -hbi 5s -hbt 5s -hbf 2 -SD -cid ticketing"
    );
}

#[derive(Deserialize)]
struct Doc {
    kind: String,
    spec: serde_yaml::Value,
}

#[test]
fn the_yaml_holds_two_documents_and_exactly_the_servers_arguments() {
    for id in HOSTILE {
        let o = server(id);
        let yaml = kubernetes_yaml(&o);
        let docs: Vec<Doc> = serde_yaml::Deserializer::from_str(&yaml)
            .map(|d| Doc::deserialize(d).unwrap_or_else(|e| panic!("{id:?}: {e}\n{yaml}")))
            .collect();
        let kinds: Vec<&str> = docs.iter().map(|d| d.kind.as_str()).collect();
        assert_eq!(kinds, ["Deployment", "Service"], "{id:?}\n{yaml}");
        let containers = &docs[0].spec["template"]["spec"]["containers"];
        assert_eq!(containers.as_sequence().map(Vec::len), Some(1), "{yaml}");
        assert_eq!(containers[0]["image"], "nats-streaming:0.17.0");
        let got: Vec<String> = containers[0]["args"]
            .as_sequence()
            .expect("args")
            .iter()
            .map(|a| a.as_str().expect("every arg is a string").to_string())
            .collect();
        assert_eq!(got, args(&o), "{id:?}\n{yaml}");
        // Each argument stays on its own line.
        let lines = yaml
            .lines()
            .filter(|l| l.starts_with("              "))
            .count();
        assert_eq!(lines, args(&o).len(), "{id:?}\n{yaml}");
    }
    // The course's YAML keeps its single-quoted args.
    assert!(kubernetes_yaml(&course_server()).contains("              'ticketing',\n"));
}
