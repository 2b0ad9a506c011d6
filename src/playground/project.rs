//! The canvas as the course's `nats-test` project: `package.json` with one npm script per
//! panel, `tsconfig.json`, one TypeScript file per panel (the Code tab's text), the server's
//! Kubernetes Deployment under `infra/k8s/`, and a README on running it against the cluster.

use super::panel::Panel;
use super::{codegen, server_cmd, zip};
use crate::broker::ServerOptions;

/// The folder every file sits in, inside the zip.
pub const ROOT: &str = "nats-test";

/// A panel's file stem: its name in lowercase letters, digits and dashes (at most 40), or
/// `publisher-N` / `listener-N` when nothing is left; `-N` is added if another panel took it.
fn stem(p: &Panel, taken: &[String]) -> String {
    let mut s = String::new();
    for c in p.name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
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

const PACKAGE: &str = "{\n  \"name\": \"nats-test\",\n  \"version\": \"1.0.0\",\n  \"private\": true,\n  \"scripts\": {\n$\n  },\n  \"dependencies\": {\n    \"@types/node\": \"^20.19.0\",\n    \"node-nats-streaming\": \"0.3.2\",\n    \"ts-node-dev\": \"^2.0.0\",\n    \"typescript\": \"^5.9.3\"\n  }\n}\n";

const TSCONFIG: &str = "{\n  \"compilerOptions\": {\n    \"target\": \"es2019\",\n    \"module\": \"commonjs\",\n    \"esModuleInterop\": true,\n    \"strict\": true,\n    \"skipLibCheck\": true\n  }\n}\n";

/// `$` stands for the server's command line, `%` for the npm run lines.
const README: &str = "# nats-test\n\n\
The canvas's panels as the course's test project, run outside Kubernetes.\n\n\
1. The server (`infra/k8s/nats-depl.yaml`: `$`):\n\n\
```sh\nkubectl apply -f infra/k8s/nats-depl.yaml\nkubectl get pods\n\
kubectl port-forward nats-depl-7cf98f65b8-p8nk6 4222:4222   # your pod's name\n\
kubectl port-forward nats-depl-7cf98f65b8-p8nk6 8222:8222   # monitoring, optional\n```\n\n\
2. The clients, each in its own terminal (`rs` restarts one; Ctrl+C closes it):\n\n\
```sh\nnpm install\n%```\n\n\
Simulated failures, processing delays and lab databases are not reproduced.\n";

/// The project's files: (path inside the zip, contents).
pub fn files(server: &ServerOptions, panels: &[Panel]) -> Vec<(String, String)> {
    let entries = entries(panels);
    let js = crate::json::quote;
    let mut scripts = Vec::new();
    let mut runs = String::new();
    let mut out = Vec::new();
    for (p, stem, script) in &entries {
        let file = format!("src/{stem}.ts");
        scripts.push(format!(
            "    {}: {}",
            js(script),
            js(&format!("ts-node-dev --notify false {file}"))
        ));
        runs.push_str(&format!("npm run {script}    # {file}\n"));
        out.push((file, codegen::for_panel(&server.cluster_id, p)));
    }
    let mut all = vec![
        (
            "package.json".into(),
            PACKAGE.replacen('$', &scripts.join(",\n"), 1),
        ),
        ("tsconfig.json".into(), TSCONFIG.into()),
        (
            "README.md".into(),
            README
                .replacen('%', &runs, 1)
                .replacen('$', &server_cmd::command_line(server), 1),
        ),
        (
            "infra/k8s/nats-depl.yaml".into(),
            server_cmd::kubernetes_yaml(server),
        ),
    ];
    all.append(&mut out);
    for f in &mut all {
        f.0 = format!("{ROOT}/{}", f.0);
    }
    all
}

/// The project as a zip file.
pub fn zip(server: &ServerOptions, panels: &[Panel]) -> Result<Vec<u8>, String> {
    zip::write(&files(server, panels))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::{ListenerCfg, PanelKind, Pos, PublisherCfg};

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
        let pkg: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
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
