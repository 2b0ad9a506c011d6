//! The canvas as the course's `nats-test` project: `package.json` with one npm script per
//! panel, `tsconfig.json`, one TypeScript file per panel (the Code tab's text), the server's
//! Kubernetes Deployment under `infra/k8s/`, and a README on running it against the cluster.

use super::panel::{Panel, PanelKind};
use super::{codegen, server_cmd, zip};
use crate::broker::ServerOptions;
use serde_json::{json, Map, Value};

/// The folder every file sits in, inside the zip.
pub const ROOT: &str = "nats-test";

/// A panel's file stem: its name in lowercase letters, digits and dashes (at most 40), or
/// `publisher-N` / `listener-N` when nothing is left; `-N` is added if another panel took it.
fn stem(p: &Panel, taken: &[String]) -> String {
    let mut s = String::new();
    for c in p.name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 40 {
            break;
        }
    }
    let s = s.trim_end_matches('-').to_string();
    let kind = if p.is_listener() {
        "listener"
    } else {
        "publisher"
    };
    let s = if s.is_empty() {
        format!("{kind}-{}", p.id)
    } else {
        s
    };
    if taken.contains(&s) {
        format!("{s}-{}", p.id)
    } else {
        s
    }
}

/// Each panel on the canvas with its file stem and npm script name, in canvas order. The
/// first publisher's script is `publish` and the first listener's `listen`, as in the course;
/// the others are `publish:STEM` and `listen:STEM`.
pub fn entries(panels: &[Panel]) -> Vec<(&Panel, String, String)> {
    let mut out: Vec<(&Panel, String, String)> = Vec::new();
    for p in panels.iter().filter(|p| !p.removed) {
        let taken: Vec<String> = out.iter().map(|e| e.1.clone()).collect();
        let stem = stem(p, &taken);
        let verb = if p.is_listener() { "listen" } else { "publish" };
        let first = !out.iter().any(|e| e.0.is_listener() == p.is_listener());
        let script = if first {
            verb.to_string()
        } else {
            format!("{verb}:{stem}")
        };
        out.push((p, stem, script));
    }
    out
}

fn package_json(entries: &[(&Panel, String, String)]) -> String {
    let mut scripts = Map::new();
    for (_, stem, script) in entries {
        scripts.insert(
            script.clone(),
            Value::String(format!("ts-node-dev --notify false src/{stem}.ts")),
        );
    }
    let v = json!({
        "name": "nats-test",
        "version": "1.0.0",
        "private": true,
        "description": "Publishers and listeners from the NATS Streaming Playground, for the course's cluster",
        "scripts": scripts,
        "dependencies": {
            "@types/node": "^20.19.0",
            "node-nats-streaming": "0.3.2",
            "ts-node-dev": "^2.0.0",
            "typescript": "^5.9.3"
        }
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "es2019",
    "module": "commonjs",
    "esModuleInterop": true,
    "strict": true,
    "skipLibCheck": true,
    "forceConsistentCasingInFileNames": true
  },
  "include": ["src"]
}
"#;

fn readme(server: &ServerOptions, entries: &[(&Panel, String, String)]) -> String {
    let mut runs = String::new();
    for (p, stem, script) in entries {
        let what = match p.kind {
            PanelKind::Publisher(_) => "publisher",
            PanelKind::Listener(_) => "listener",
        };
        runs.push_str(&format!(
            "npm run {script}    # src/{stem}.ts: the {what} panel\n"
        ));
    }
    format!(
        "# nats-test\n\n\
The publishers and listeners of a NATS Streaming Playground canvas, as the course's\n\
`nats-test` project: one file under `src/` per panel, with that panel's options.\n\
The clients run on your machine, outside Kubernetes, and reach the server through a\n\
port-forward.\n\n\
## 1. The server\n\n\
`infra/k8s/nats-depl.yaml` runs `nats-streaming:0.17.0` with the playground's settings:\n\n\
```sh\n{}\n```\n\n\
Copy it into your `infra/k8s/` folder (skaffold applies it) or apply it yourself:\n\n\
```sh\nkubectl apply -f infra/k8s/nats-depl.yaml\nkubectl get pods\n```\n\n\
## 2. The port-forward\n\n\
Use the pod's name from `kubectl get pods` (or `deployment/nats-depl`). Leave it running.\n\n\
```sh\nkubectl port-forward nats-depl-7cf98f65b8-p8nk6 4222:4222\n```\n\n\
For the monitoring pages (http://localhost:8222/streaming), forward 8222 as well:\n\n\
```sh\nkubectl port-forward nats-depl-7cf98f65b8-p8nk6 8222:8222\n```\n\n\
## 3. The clients\n\n\
```sh\nnpm install\n{runs}```\n\n\
Each in its own terminal. ts-node-dev restarts a client when its file changes (type `rs`\n\
and Enter to restart it by hand). Ctrl+C sends SIGINT; Kubernetes stops pods with SIGTERM;\n\
both handlers close the connection so the server forgets the client at once.\n\n\
What the playground only simulates is not reproduced here: handlers that fail on purpose,\n\
processing delays and the lab databases. A listener's ack policy appears as code or as a\n\
comment where you would call `msg.ack()`.\n",
        server_cmd::command_line(server)
    )
}

/// The project's files: (path inside the zip, contents).
pub fn files(server: &ServerOptions, panels: &[Panel]) -> Vec<(String, String)> {
    let entries = entries(panels);
    let mut out = vec![
        (format!("{ROOT}/package.json"), package_json(&entries)),
        (format!("{ROOT}/tsconfig.json"), TSCONFIG.to_string()),
        (format!("{ROOT}/README.md"), readme(server, &entries)),
        (
            format!("{ROOT}/infra/k8s/nats-depl.yaml"),
            server_cmd::kubernetes_yaml(server),
        ),
    ];
    for (p, stem, _) in &entries {
        out.push((
            format!("{ROOT}/src/{stem}.ts"),
            codegen::for_panel(&server.cluster_id, p),
        ));
    }
    out
}

/// The project as a zip file.
pub fn zip(server: &ServerOptions, panels: &[Panel]) -> Result<Vec<u8>, String> {
    let files: Vec<(String, Vec<u8>)> = files(server, panels)
        .into_iter()
        .map(|(n, t)| (n, t.into_bytes()))
        .collect();
    zip::write(&files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::{ListenerCfg, Pos, PublisherCfg};

    fn panel(id: u32, name: &str, kind: PanelKind) -> Panel {
        Panel {
            id,
            name: name.into(),
            client_id: format!("c{id}"),
            pos: Pos::default(),
            kind,
            removed: false,
            next_auto_publish: None,
        }
    }

    #[test]
    fn one_file_and_one_script_per_panel_on_the_canvas() {
        let l = || PanelKind::Listener(ListenerCfg::default());
        let mut gone = panel(4, "Gone", l());
        gone.removed = true;
        let panels = vec![
            panel(
                1,
                "Tickets service",
                PanelKind::Publisher(PublisherCfg::default()),
            ),
            panel(2, "Orders A", l()),
            panel(3, "orders a!", l()),
            gone,
            panel(5, "$(rm -rf /)", l()),
        ];
        let files = files(&crate::playground::course_server(), &panels);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "nats-test/package.json",
                "nats-test/tsconfig.json",
                "nats-test/README.md",
                "nats-test/infra/k8s/nats-depl.yaml",
                "nats-test/src/tickets-service.ts",
                "nats-test/src/orders-a.ts",
                "nats-test/src/orders-a-3.ts",
                "nats-test/src/rm-rf.ts",
            ]
        );
        let pkg: Value = serde_json::from_str(&files[0].1).unwrap();
        let scripts = pkg["scripts"].as_object().unwrap();
        let keys: Vec<&str> = scripts.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["publish", "listen", "listen:orders-a-3", "listen:rm-rf"]
        );
        assert_eq!(
            scripts["listen"],
            "ts-node-dev --notify false src/orders-a.ts"
        );
        assert_eq!(pkg["dependencies"]["node-nats-streaming"], "0.3.2");
        assert!(files[2].1.contains("npm run listen:rm-rf"));
        assert!(files[3].1.contains("'-cid',"));
        assert!(zip(&crate::playground::course_server(), &panels).is_ok());
    }
}
