//! The server settings as the course writes them: the `nats-streaming-server` command line
//! and the Kubernetes Deployment that runs the `nats-streaming:0.17.0` image.

use crate::broker::{Millis, ServerOptions, StoreLimits};

/// Go duration text for whole milliseconds (`5s`, `1m30s`, `250ms`).
pub fn go_duration(ms: Millis) -> String {
    if ms == 0 {
        return "0s".into();
    }
    if ms % 1000 != 0 {
        return format!("{ms}ms");
    }
    let s = ms / 1000;
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if sec > 0 || out.is_empty() {
        out.push_str(&format!("{sec}s"));
    }
    out
}

/// Arguments after the program name, in the course's order, then store limits that differ
/// from the defaults.
pub fn args(o: &ServerOptions) -> Vec<String> {
    let mut a: Vec<String> = vec![
        "-p".into(),
        "4222".into(),
        "-m".into(),
        "8222".into(),
        "-hbi".into(),
        go_duration(o.hb_interval_ms),
        "-hbt".into(),
        go_duration(o.hb_timeout_ms),
        "-hbf".into(),
        o.hb_fail_count.to_string(),
        "-SD".into(),
        "-cid".into(),
        o.cluster_id.clone(),
    ];
    let d = StoreLimits::default();
    let l = &o.limits;
    let mut flag = |f: &str, v: String, changed: bool| {
        if changed {
            a.push(f.into());
            a.push(v);
        }
    };
    flag(
        "-mc",
        l.max_channels.to_string(),
        l.max_channels != d.max_channels,
    );
    flag("-msu", l.max_subs.to_string(), l.max_subs != d.max_subs);
    flag("-mm", l.max_msgs.to_string(), l.max_msgs != d.max_msgs);
    flag("-mb", l.max_bytes.to_string(), l.max_bytes != d.max_bytes);
    flag(
        "-ma",
        go_duration(l.max_age_ms),
        l.max_age_ms != d.max_age_ms,
    );
    flag(
        "-mi",
        go_duration(l.max_inactivity_ms),
        l.max_inactivity_ms != d.max_inactivity_ms,
    );
    a
}

/// One POSIX shell word that stands for exactly `a`: left bare when it holds only characters
/// no shell treats specially, otherwise single-quoted (a quote inside becomes `'\''`).
pub fn shell_word(a: &str) -> String {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"-_.:/@%+,".contains(&b);
    if !a.is_empty() && a.bytes().all(plain) {
        return a.to_string();
    }
    format!("'{}'", a.replace('\'', "'\\''"))
}

/// A YAML flow scalar that reads back as exactly the string `a`: single-quoted as the course
/// writes its args (a quote inside is doubled) when every character is printable, otherwise
/// double-quoted with escapes, so that no line break or control character gets through.
pub fn yaml_scalar(a: &str) -> String {
    let special =
        |c: char| c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}');
    if !a.chars().any(special) {
        return format!("'{}'", a.replace('\'', "''"));
    }
    let mut out = String::from("\"");
    for c in a.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if special(c) && (c as u32) < 0x10000 => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if special(c) => out.push_str(&format!("\\U{:08x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn command_line(o: &ServerOptions) -> String {
    let words: Vec<String> = args(o).iter().map(|a| shell_word(a)).collect();
    format!("nats-streaming-server {}", words.join(" "))
}

pub fn kubernetes_yaml(o: &ServerOptions) -> String {
    let args: Vec<String> = args(o).iter().map(|a| yaml_scalar(a)).collect();
    let mut arg_lines = String::new();
    for a in &args {
        arg_lines.push_str(&format!("              {a},\n"));
    }
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nats-depl\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: nats\n  template:\n    metadata:\n      labels:\n        app: nats\n    spec:\n      containers:\n        - name: nats\n          image: nats-streaming:0.17.0\n          args:\n            [\n{arg_lines}            ]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: nats-srv\nspec:\n  selector:\n    app: nats\n  ports:\n    - name: client\n      protocol: TCP\n      port: 4222\n      targetPort: 4222\n    - name: monitoring\n      protocol: TCP\n      port: 8222\n      targetPort: 8222\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_uses_the_course_flags() {
        let o = ServerOptions {
            cluster_id: "ticketing".into(),
            hb_interval_ms: 5000,
            hb_timeout_ms: 5000,
            hb_fail_count: 2,
            ..ServerOptions::default()
        };
        assert_eq!(
            command_line(&o),
            "nats-streaming-server -p 4222 -m 8222 -hbi 5s -hbt 5s -hbf 2 -SD -cid ticketing"
        );
        let mut o2 = o.clone();
        o2.limits.max_msgs = 10;
        o2.limits.max_age_ms = 90_000;
        assert!(command_line(&o2).ends_with("-mm 10 -ma 1m30s"));
        assert!(kubernetes_yaml(&o).contains("image: nats-streaming:0.17.0"));
        assert!(kubernetes_yaml(&o).contains("'-hbf',"));
        assert_eq!(go_duration(250), "250ms");
    }
}
