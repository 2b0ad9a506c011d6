//! The node-nats-streaming TypeScript that behaves like a panel, for learners to copy.

use super::panel::{ListenerCfg, Panel, PanelKind, PublisherCfg, StartChoice};
use crate::sim::AckPolicy;

/// A JavaScript single-quoted string literal holding exactly `s`: quotes, backslashes, every
/// control character and the two JavaScript line separators are escaped, so no text can end
/// the literal or the line.
pub fn quote(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Whether a client id looks made up at start-up, as the course does with
/// `randomBytes(4).toString('hex')`: eight lowercase hex digits.
pub fn random_style(client_id: &str) -> bool {
    client_id.len() == 8
        && client_id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn header(cluster_id: &str, client_id: &str, what: &str) -> String {
    let (import, id) = if random_style(client_id) {
        (
            "import { randomBytes } from 'crypto';\n",
            format!("randomBytes(4).toString('hex') /* on the canvas: {client_id} */"),
        )
    } else {
        ("", quote(client_id))
    };
    format!(
        "import nats, {{ Message }} from 'node-nats-streaming';\n{import}\n\
         const stan = nats.connect({}, {id}, {{\n  url: 'http://localhost:4222',\n}});\n\n\
         stan.on('connect', () => {{\n  console.log('{what} connected to NATS');\n",
        quote(cluster_id),
    )
}

/// The `data` line: the editor's text, if it is JSON, embedded as that JSON (a JSON text is a
/// JavaScript expression made of literals only); any other text is sent as it is, as a string.
fn data_line(data: &str) -> String {
    let text = data.trim();
    match crate::json::parse(text) {
        Ok(v) => {
            // Line separators are legal in JSON strings; escaped, the line stays one line.
            let json = crate::json::to_string(&v)
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029");
            format!("  const data = JSON.stringify({json});\n")
        }
        Err(_) => format!(
            "  // Not JSON: the text is published as it is.\n  const data = {};\n",
            quote(data)
        ),
    }
}

const SHUTDOWN: &str =
    "\n// Close gracefully so the server drops this client at once instead of waiting\n\
// for its heartbeats to fail.\n\
process.on('SIGINT', () => stan.close());\n\
process.on('SIGTERM', () => stan.close());\n";

pub fn publisher(cluster_id: &str, client_id: &str, cfg: &PublisherCfg) -> String {
    let mut s = header(cluster_id, client_id, "Publisher");
    let publish = format!(
        "{}\n  stan.publish({}, data, (err) => {{\n    if (err) {{\n      return console.error(err);\n    }}\n    console.log('Event published');\n  }});\n",
        data_line(&cfg.data),
        quote(&cfg.subject)
    );
    if cfg.every_ms > 0 {
        s.push_str(&format!(
            "\n  setInterval(() => {{\n{}  }}, {});\n",
            indent(&publish),
            cfg.every_ms
        ));
    } else {
        s.push('\n');
        s.push_str(&publish);
    }
    s.push_str("});\n");
    s.push_str(SHUTDOWN);
    s
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("  {l}\n")
            }
        })
        .collect()
}

pub fn listener(cluster_id: &str, client_id: &str, cfg: &ListenerCfg) -> String {
    let mut s = header(cluster_id, client_id, "Listener");
    s.push_str("\n  stan.on('close', () => {\n    console.log('NATS connection closed!');\n    process.exit();\n  });\n\n");
    let mut chain = vec!["stan".to_string(), ".subscriptionOptions()".to_string()];
    if cfg.manual_ack {
        chain.push(".setManualAckMode(true)".into());
    }
    if cfg.ack_wait_ms != crate::broker::DEFAULT_ACK_WAIT_MS as i64 {
        chain.push(format!(".setAckWait({})", cfg.ack_wait_ms));
    }
    if let Some(n) = cfg.max_in_flight {
        chain.push(format!(".setMaxInFlight({n})"));
    }
    match &cfg.start {
        StartChoice::NewOnly => {}
        StartChoice::DeliverAllAvailable => chain.push(".setDeliverAllAvailable()".into()),
        StartChoice::StartWithLastReceived => chain.push(".setStartWithLastReceived()".into()),
        StartChoice::StartAtSequence(n) => chain.push(format!(".setStartAtSequence({n})")),
        StartChoice::StartAtTimeDelta(ms) => chain.push(format!(".setStartAtTimeDelta({ms})")),
    }
    if !cfg.durable_name.trim().is_empty() {
        chain.push(format!(
            ".setDurableName({})",
            quote(cfg.durable_name.trim())
        ));
    }
    s.push_str(&format!("  const options = {};\n\n", chain.join("\n    ")));
    let queue = cfg.queue_group.trim();
    if queue.is_empty() {
        s.push_str(&format!(
            "  const subscription = stan.subscribe({}, options);\n\n",
            quote(&cfg.subject)
        ));
    } else {
        s.push_str(&format!(
            "  const subscription = stan.subscribe(\n    {},\n    {},\n    options\n  );\n\n",
            quote(&cfg.subject),
            quote(queue)
        ));
    }
    if cfg.manual_ack && matches!(cfg.ack, AckPolicy::OnDelivery(_)) {
        s.push_str("  // How many times this process has seen each event.\n  const deliveries = new Map<number, number>();\n\n");
    }
    s.push_str(
        "  subscription.on('message', (msg: Message) => {\n    const data = msg.getData();\n\n",
    );
    s.push_str("    if (typeof data === 'string') {\n      console.log(`Received event #${msg.getSequence()}, with data: ${data}`);\n    }\n");
    if cfg.manual_ack {
        let ack = match &cfg.ack {
            AckPolicy::Immediate => "\n    msg.ack();\n".to_string(),
            AckPolicy::Never => "\n    // Never acked: the server sends it again after every AckWait.\n".to_string(),
            AckPolicy::OnDelivery(n) => format!(
                "\n    // Acks only from the {n}th delivery on.\n    const seen = (deliveries.get(msg.getSequence()) ?? 0) + 1;\n    deliveries.set(msg.getSequence(), seen);\n    if (seen >= {n}) {{\n      msg.ack();\n    }}\n"
            ),
            AckPolicy::AfterMs(ms) => format!("\n    // A slow handler.\n    setTimeout(() => msg.ack(), {ms});\n"),
            AckPolicy::Manual => "\n    // Acked later, when the work is done: msg.ack();\n".to_string(),
        };
        s.push_str(&ack);
    }
    s.push_str("  });\n});\n");
    s.push_str(SHUTDOWN);
    s
}

/// The code for any panel.
pub fn for_panel(cluster_id: &str, panel: &Panel) -> String {
    match &panel.kind {
        PanelKind::Publisher(c) => publisher(cluster_id, &panel.client_id, c),
        PanelKind::Listener(c) => listener(cluster_id, &panel.client_id, c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listener_code_follows_the_options() {
        let cfg = ListenerCfg {
            queue_group: "orders-service".into(),
            manual_ack: true,
            ack_wait_ms: 5000,
            start: StartChoice::DeliverAllAvailable,
            durable_name: "orders-durable".into(),
            ..ListenerCfg::default()
        };
        let code = listener("ticketing", "a1b2c3d4", &cfg);
        assert!(code.contains(
            "nats.connect('ticketing', randomBytes(4).toString('hex') /* on the canvas: a1b2c3d4 */"
        ));
        assert!(code.contains("import { randomBytes } from 'crypto';"));
        assert!(code.contains(".setManualAckMode(true)"));
        assert!(code.contains(".setAckWait(5000)"));
        assert!(code.contains(".setDeliverAllAvailable()"));
        assert!(code.contains(".setDurableName('orders-durable')"));
        assert!(code.contains("'orders-service'"));
        assert!(code.contains("msg.ack();"));
        assert!(code.contains("process.on('SIGTERM'"));
        let auto = listener("ticketing", "x", &ListenerCfg::default());
        assert!(!auto.contains("msg.ack()"), "auto-ack mode acks by itself");
    }

    #[test]
    fn publisher_code_publishes_the_data() {
        let code = publisher("ticketing", "p1", &PublisherCfg::default());
        assert!(code.contains("stan.publish('ticket:created', data"));
        assert!(code.contains("JSON.stringify({\"id\":\"123\""));
        assert!(quote("it's").contains("\\'"));
        let fixed = listener("ticketing", "123", &ListenerCfg::default());
        assert!(fixed.contains("nats.connect('ticketing', '123', {"));
        assert!(!fixed.contains("randomBytes"));
    }

    #[test]
    fn hostile_data_stays_data() {
        let evil = r#"{"a":1}); require('child_process').execSync('touch pwned'); ("#;
        let cfg = PublisherCfg {
            data: evil.into(),
            ..PublisherCfg::default()
        };
        let code = publisher("ticketing", "p1", &cfg);
        assert!(!code.contains("JSON.stringify({\"a\":1});"), "{code}");
        assert!(
            code.contains(&format!("const data = {};", quote(evil))),
            "{code}"
        );
        let json = PublisherCfg {
            data: " {\"t\":\"a\\u2028b'\\n\"} ".into(),
            ..PublisherCfg::default()
        };
        let code = publisher("ticketing", "p1", &json);
        assert!(
            code.contains(r#"JSON.stringify({"t":"a\u2028b'\n"});"#),
            "{code}"
        );
        assert_eq!(quote("a\u{0}\u{2028}\u{1b}"), "'a\\u{0}\\u{2028}\\u{1b}'");
    }
}
