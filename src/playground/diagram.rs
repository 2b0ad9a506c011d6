//! A run as a sequence diagram (SVG text): one lifeline per client plus the server, arrows for
//! publish, deliver (redelivered ones dashed and marked ↻) and ack, time going down. Pure: the
//! export menu saves the string as a file.
//!
//! Everything in the trace may come from a share link or an imported file, so every text is
//! XML-escaped and characters XML cannot hold are replaced.

use crate::num::{Fixed, Num};
use crate::sim::{TraceEvent, TraceKind};

/// At most this many trace events are drawn; the rest are summarised in one line.
pub const MAX_EVENTS: usize = 2000;
/// Labels are cut to this many characters.
const MAX_LABEL_CHARS: usize = 48;
/// Lifeline names are cut to this many characters.
const MAX_NAME_CHARS: usize = 22;

const LEFT: f64 = 96.0;
const COL: f64 = 180.0;
const TOP: f64 = 86.0;
const ROW: f64 = 30.0;

/// Escapes text for XML content and attribute values. Characters XML 1.0 cannot hold
/// (most control characters) become U+FFFD.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Cuts `text` to `max` characters, ending in "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Solid,
    Dashed,
}

/// One row of the diagram.
#[derive(Clone, Debug, PartialEq)]
enum Row {
    /// An arrow between lifeline `from` and lifeline `to`.
    Arrow {
        t: f64,
        from: usize,
        to: usize,
        label: String,
        style: Style,
        class: &'static str,
    },
    /// A note on one lifeline (connected, subscribed, closed, errors).
    Note {
        t: f64,
        at: usize,
        label: String,
        class: &'static str,
    },
}

/// Lifeline 0 is the server; clients follow, publishers-only to the left of the server and
/// everything that subscribes to the right, each in order of first appearance.
struct Lifelines {
    names: Vec<String>,
    /// The column each lifeline is drawn in.
    column: Vec<usize>,
}

impl Lifelines {
    fn of<'a>(trace: impl IntoIterator<Item = &'a TraceEvent>) -> Lifelines {
        let mut clients: Vec<(String, bool)> = Vec::new();
        for e in trace {
            let (client, listens) = match &e.kind {
                TraceKind::Connected { client }
                | TraceKind::ConnectError { client, .. }
                | TraceKind::PubAck { client, .. }
                | TraceKind::Closed { client } => (client, false),
                TraceKind::Subscribed { client, .. }
                | TraceKind::SubscribeError { client, .. }
                | TraceKind::Deliver { client, .. }
                | TraceKind::Ack { client, .. } => (client, true),
                TraceKind::Monitor { .. } => continue,
            };
            match clients.iter_mut().find(|(c, _)| c == client) {
                Some(entry) => entry.1 |= listens,
                None => clients.push((client.clone(), listens)),
            }
        }
        let left: Vec<&String> = clients.iter().filter(|c| !c.1).map(|c| &c.0).collect();
        let right: Vec<&String> = clients.iter().filter(|c| c.1).map(|c| &c.0).collect();
        let mut names = vec!["NATS Streaming server".to_string()];
        let mut column = vec![left.len()];
        for (i, c) in left.iter().enumerate() {
            names.push((*c).clone());
            column.push(i);
        }
        for (i, c) in right.iter().enumerate() {
            names.push((*c).clone());
            column.push(left.len() + 1 + i);
        }
        Lifelines { names, column }
    }

    fn index(&self, client: &str) -> usize {
        self.names
            .iter()
            .skip(1)
            .position(|n| n == client)
            .map_or(0, |i| i + 1)
    }

    fn x(&self, lifeline: usize) -> f64 {
        LEFT + COL / 2.0 + COL * self.column[lifeline] as f64
    }
}

fn rows<'a>(trace: impl IntoIterator<Item = &'a TraceEvent>, lines: &Lifelines) -> Vec<Row> {
    const SERVER: usize = 0;
    let mut out = Vec::new();
    for e in trace.into_iter().take(MAX_EVENTS) {
        let t = e.t;
        let row = match &e.kind {
            TraceKind::Connected { client } => Row::Note {
                t,
                at: lines.index(client),
                label: "connected".into(),
                class: "note",
            },
            TraceKind::ConnectError { client, error } => Row::Note {
                t,
                at: lines.index(client),
                label: format!("✗ connect: {error}"),
                class: "error",
            },
            TraceKind::Subscribed { client, sub } => Row::Note {
                t,
                at: lines.index(client),
                label: format!("subscribed ({sub})"),
                class: "note",
            },
            TraceKind::SubscribeError { client, sub, error } => Row::Note {
                t,
                at: lines.index(client),
                label: format!("✗ subscribe {sub}: {error}"),
                class: "error",
            },
            TraceKind::PubAck {
                client,
                subject,
                data,
                error,
            } => Row::Arrow {
                t,
                from: lines.index(client),
                to: SERVER,
                label: match error {
                    None => format!("publish {subject} {data}"),
                    Some(err) => format!("✗ publish {subject}: {err}"),
                },
                style: Style::Solid,
                class: if error.is_some() { "error" } else { "publish" },
            },
            TraceKind::Deliver {
                client,
                subject,
                seq,
                data,
                redelivered,
                redelivery_count,
                ..
            } => Row::Arrow {
                t,
                from: SERVER,
                to: lines.index(client),
                label: if *redelivered {
                    format!("↻{redelivery_count} #{seq} {subject} {data}")
                } else {
                    format!("#{seq} {subject} {data}")
                },
                style: if *redelivered {
                    Style::Dashed
                } else {
                    Style::Solid
                },
                class: if *redelivered { "redeliver" } else { "deliver" },
            },
            TraceKind::Ack { client, seq, .. } => Row::Arrow {
                t,
                from: lines.index(client),
                to: SERVER,
                label: format!("ack #{seq}"),
                style: Style::Solid,
                class: "ack",
            },
            TraceKind::Closed { client } => Row::Note {
                t,
                at: lines.index(client),
                label: "connection closed".into(),
                class: "note",
            },
            TraceKind::Monitor { .. } => continue,
        };
        out.push(row);
    }
    out
}

fn fmt_ms(t: f64) -> String {
    format!("{} ms", Fixed(t, 1))
}

/// The sequence diagram of a trace as a standalone SVG document. `names` maps client ids to
/// the names the learner gave their panels (shown above the client id).
pub fn sequence_svg<'a, I>(trace: I, title: &str, names: &[(String, String)]) -> String
where
    I: IntoIterator<Item = &'a TraceEvent> + Copy,
    I::IntoIter: ExactSizeIterator,
{
    let lines = Lifelines::of(trace);
    let rows = rows(trace, &lines);
    let omitted = trace.into_iter().len().saturating_sub(MAX_EVENTS);
    let columns = lines.column.iter().max().map_or(1, |m| m + 1);
    // Room on the right for the notes written beside the last lifeline.
    let width = LEFT + COL * columns as f64 + COL * 0.6;
    let bottom = TOP + ROW * (rows.len() as f64 + 1.0);
    let height = Num(bottom + if omitted > 0 { 56.0 } else { 32.0 });
    let (width, bottom_y) = (Num(width), Num(bottom));

    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n"
    ));
    s.push_str(&format!(
        "<title>{}</title>\n",
        xml_escape(&cut(title, 200))
    ));
    s.push_str(concat!(
        "<style>\n",
        "line.life{stroke:#8a94a3;stroke-dasharray:2 4}\n",
        "rect.head{fill:#eef1f5;stroke:#5a6675}\n",
        "rect.server{fill:#fff4d6}\n",
        "line.publish{stroke:#2a7de1}\ntext.publish{fill:#1f5fae}\n",
        "line.deliver{stroke:#1a7f37}\ntext.deliver{fill:#14632b}\n",
        "line.redeliver{stroke:#b35900}\ntext.redeliver{fill:#8f4700}\n",
        "line.ack{stroke:#6e40c9}\ntext.ack{fill:#5a32a8}\n",
        "line.error{stroke:#c62828}\ntext.error,circle.error{fill:#c62828}\n",
        "text.note,circle.note{fill:#5a6675}\n",
        "line.publish,line.deliver,line.redeliver,line.ack,line.error{stroke-width:1.5}\n",
        "text.sub{fill:#5a6675;font-size:10px}\n",
        "text.time{fill:#5a6675;font-family:ui-monospace,monospace;font-size:11px}\n",
        "</style>\n",
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" ",
        "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" ",
        "fill=\"context-stroke\"/></marker></defs>\n",
        "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
    ));
    s.push_str(&format!(
        "<text x=\"12\" y=\"22\" font-size=\"15\" font-weight=\"600\">{}</text>\n",
        xml_escape(&cut(title, 80))
    ));
    s.push_str(
        "<text x=\"12\" y=\"40\" class=\"time\">time goes down · ↻ dashed = redelivered</text>\n",
    );

    // Lifelines with their heads: the panel's name (if it has one) over the client id.
    for (i, client) in lines.names.iter().enumerate() {
        let xf = lines.x(i);
        let x = Num(xf);
        let class = if i == 0 { "head server" } else { "head" };
        let name = names
            .iter()
            .find(|(id, n)| i > 0 && id == client && n != client)
            .map(|(_, n)| n);
        let label = match name {
            Some(n) => format!(
                "<text x=\"{x}\" y=\"60\" text-anchor=\"middle\" font-weight=\"600\">{}</text>\
                 <text class=\"sub\" x=\"{x}\" y=\"73\" text-anchor=\"middle\">{}</text>",
                xml_escape(&cut(n, MAX_NAME_CHARS)),
                xml_escape(&cut(client, MAX_NAME_CHARS + 4)),
            ),
            None => format!(
                "<text x=\"{x}\" y=\"67\" text-anchor=\"middle\" font-weight=\"600\">{}</text>",
                xml_escape(&cut(client, MAX_NAME_CHARS)),
            ),
        };
        s.push_str(&format!(
            "<g class=\"lifeline\"><line class=\"life\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{bottom_y}\"/>\
             <rect class=\"{class}\" x=\"{}\" y=\"46\" width=\"{}\" height=\"32\" rx=\"5\"/>{label}</g>\n",
            Num(TOP - 8.0),
            Num(xf - COL / 2.0 + 8.0),
            Num(COL - 16.0),
        ));
    }

    for (n, row) in rows.iter().enumerate() {
        let yf = TOP + ROW * (n as f64 + 1.0);
        let y = Num(yf);
        let t = match row {
            Row::Arrow { t, .. } | Row::Note { t, .. } => *t,
        };
        s.push_str(&format!(
            "<text class=\"time\" x=\"12\" y=\"{}\">{}</text>\n",
            Num(yf + 4.0),
            fmt_ms(t)
        ));
        match row {
            Row::Arrow {
                from,
                to,
                label,
                style,
                class,
                ..
            } => {
                let (x1f, x2f) = (lines.x(*from), lines.x(*to));
                let (x1, x2) = (Num(x1f), Num(x2f));
                let dash = match style {
                    Style::Dashed => " stroke-dasharray=\"6 4\"",
                    Style::Solid => "",
                };
                let kind = if *style == Style::Dashed {
                    "arrow redelivered"
                } else {
                    "arrow"
                };
                s.push_str(&format!(
                    "<g class=\"{kind}\"><line class=\"{class}\" x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\"{dash} marker-end=\"url(#arrow)\"/>\
                     <text class=\"{class}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>\n",
                    Num((x1f + x2f) / 2.0),
                    Num(yf - 5.0),
                    xml_escape(&cut(label, MAX_LABEL_CHARS)),
                ));
            }
            Row::Note {
                at, label, class, ..
            } => {
                let xf = lines.x(*at);
                let x = Num(xf);
                s.push_str(&format!(
                    "<g class=\"mark\"><circle class=\"{class}\" cx=\"{x}\" cy=\"{y}\" r=\"3\"/>\
                     <text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text></g>\n",
                    Num(xf + 7.0),
                    Num(yf + 4.0),
                    xml_escape(&cut(label, MAX_LABEL_CHARS)),
                ));
            }
        }
    }
    if omitted > 0 {
        s.push_str(&format!(
            "<text x=\"12\" y=\"{}\" class=\"note\">… {omitted} more events not drawn (the diagram shows the first {MAX_EVENTS}).</text>\n",
            Num(bottom + 28.0)
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: f64, kind: TraceKind) -> TraceEvent {
        TraceEvent {
            t,
            kind,
            proc: None,
        }
    }

    fn sample(data: &str, client: &str, subject: &str) -> Vec<TraceEvent> {
        vec![
            ev(
                1.0,
                TraceKind::Connected {
                    client: "pub".into(),
                },
            ),
            ev(
                2.0,
                TraceKind::Connected {
                    client: client.into(),
                },
            ),
            ev(
                3.0,
                TraceKind::Subscribed {
                    client: client.into(),
                    sub: "s1".into(),
                },
            ),
            ev(
                10.5,
                TraceKind::Deliver {
                    client: client.into(),
                    sub: "s1".into(),
                    subject: subject.into(),
                    seq: 1,
                    data: data.into(),
                    redelivered: false,
                    redelivery_count: 0,
                },
            ),
            ev(
                11.0,
                TraceKind::PubAck {
                    client: "pub".into(),
                    subject: subject.into(),
                    data: data.into(),
                    error: None,
                },
            ),
            ev(
                5010.0,
                TraceKind::Deliver {
                    client: client.into(),
                    sub: "s1".into(),
                    subject: subject.into(),
                    seq: 1,
                    data: data.into(),
                    redelivered: true,
                    redelivery_count: 1,
                },
            ),
            ev(
                5011.0,
                TraceKind::Ack {
                    client: client.into(),
                    sub: "s1".into(),
                    seq: 1,
                },
            ),
            ev(
                5020.0,
                TraceKind::Monitor {
                    path: "/streaming/serverz".into(),
                    body: serde_json::Value::Null,
                },
            ),
        ]
    }

    /// The text between tags, in order (a tiny reader: enough to check what a viewer shows).
    fn texts(svg: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('>') {
            rest = &rest[start + 1..];
            let end = rest.find('<').unwrap_or(rest.len());
            let t = rest[..end].trim();
            if !t.is_empty() {
                out.push(t.to_string());
            }
            rest = &rest[end..];
        }
        out
    }

    #[test]
    fn one_lifeline_per_client_plus_the_server() {
        let svg = sequence_svg(
            &sample("{\"id\":1}", "orders", "ticket:created"),
            "demo",
            &[],
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("class=\"lifeline\"").count(), 3);
        let t = texts(&svg);
        for name in ["NATS Streaming server", "pub", "orders"] {
            assert!(t.iter().any(|x| x == name), "{name} in {t:?}");
        }
        // the publisher is left of the server, the listener right of it
        let x_of = |name: &str| -> f64 {
            let i = svg
                .find(&format!(">{name}</text>"))
                .expect("lifeline label");
            let head = &svg[..i];
            let x = head.rfind("<text x=\"").unwrap();
            head[x + 9..].split('"').next().unwrap().parse().unwrap()
        };
        assert!(x_of("pub") < x_of("NATS Streaming server"));
        assert!(x_of("NATS Streaming server") < x_of("orders"));
    }

    #[test]
    fn arrows_for_publish_deliver_redeliver_and_ack_with_time_going_down() {
        let svg = sequence_svg(
            &sample("{\"id\":1}", "orders", "ticket:created"),
            "demo",
            &[],
        );
        assert_eq!(svg.matches("<g class=\"arrow\">").count(), 3, "{svg}");
        assert_eq!(svg.matches("<g class=\"arrow redelivered\">").count(), 1);
        assert_eq!(svg.matches("stroke-dasharray=\"6 4\"").count(), 1);
        let t = texts(&svg);
        let pos = |needle: &str| {
            t.iter()
                .position(|x| x.starts_with(needle))
                .unwrap_or_else(|| panic!("{needle} in {t:?}"))
        };
        assert!(pos("#1 ticket:created") < pos("publish ticket:created"));
        assert!(pos("publish ticket:created") < pos("↻1 #1 ticket:created"));
        assert!(pos("↻1 #1") < pos("ack #1"));
        // rows go down the page in trace order
        let ys: Vec<f64> = svg
            .lines()
            .filter(|l| l.starts_with("<text class=\"time\""))
            .map(|l| {
                l.split("y=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect();
        assert_eq!(ys.len(), 7, "monitor events are not drawn");
        assert!(ys.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
        assert!(t.iter().any(|x| x == "5010 ms"));
        assert!(t.iter().any(|x| x == "10.5 ms"));
    }

    #[test]
    fn untrusted_text_is_escaped() {
        let evil = "<script>window.__pwned=1</script><img src=x onerror=\"alert('x')\">&amp;\u{1}";
        let svg = sequence_svg(
            &sample(evil, evil, evil),
            evil,
            &[(evil.to_string(), evil.to_string() + "!")],
        );
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("<img"));
        assert!(!svg.contains("onerror=\""));
        assert!(!svg.contains('\u{1}'));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("&amp;amp;"));
        // every `<` starts a tag the diagram itself writes
        for piece in svg.split('<').skip(1) {
            let name: String = piece
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            assert!(
                [
                    "svg", "title", "style", "defs", "marker", "path", "rect", "text", "g", "line",
                    "circle"
                ]
                .contains(&name.as_str()),
                "unexpected tag {name:?}"
            );
        }
    }

    #[test]
    fn escape_and_cut() {
        assert_eq!(
            xml_escape("a<b>&\"'\u{0}\u{7}x"),
            "a&lt;b&gt;&amp;&quot;&apos;\u{FFFD}\u{FFFD}x"
        );
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("ééé", 3), "ééé");
        assert_eq!(cut("éééé", 3), "éé…");
    }

    #[test]
    fn long_runs_are_capped_and_an_empty_run_still_draws_the_server() {
        let one = sample("{}", "orders", "s");
        let many: Vec<TraceEvent> = (0..MAX_EVENTS + 10).map(|i| one[i % 7].clone()).collect();
        let svg = sequence_svg(&many, "long", &[]);
        assert!(svg.contains("… 10 more events not drawn"));
        assert_eq!(
            svg.lines()
                .filter(|l| l.starts_with("<text class=\"time\""))
                .count(),
            MAX_EVENTS
        );
        let empty = sequence_svg(&[], "empty", &[]);
        assert_eq!(empty.matches("class=\"lifeline\"").count(), 1);
        assert!(empty.contains(">NATS Streaming server</text>"));
    }

    #[test]
    fn a_playground_run_draws() {
        let pg = crate::playground::fixtures::small_run();
        let names: Vec<(String, String)> = pg
            .panels
            .iter()
            .map(|p| (p.client_id.clone(), p.name.clone()))
            .collect();
        let svg = sequence_svg(pg.sim().trace(), "playground", &names);
        assert_eq!(svg.matches("class=\"lifeline\"").count(), 3);
        assert!(svg.contains(">Listener 1</text>"), "{svg}");
        assert!(svg.contains(">Publisher 2</text>"));
        assert_eq!(svg.matches("<g class=\"arrow\">").count(), 2, "{svg}");
    }
}
