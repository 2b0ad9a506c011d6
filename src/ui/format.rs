//! Small pure helpers for what the UI shows: clock text, the speed scale, console parsing,
//! channel colours, shortcut filtering.
//!
//! Pure (std only): compiled into the wasm app and, on the host, into `tests/ui_model.rs`,
//! which runs the unit tests below with plain `cargo test`.

/// Virtual time as `mm:ss.mmm` (minutes keep counting past 59).
pub fn clock(ms: u64) -> String {
    let (min, rest) = (ms / 60_000, ms % 60_000);
    format!("{:02}:{:02}.{:03}", min, rest / 1000, rest % 1000)
}

/// A countdown in seconds with one decimal (`12.3 s`); never negative.
pub fn countdown(ms: i64) -> String {
    let ms = ms.max(0);
    format!("{}.{} s", ms / 1000, (ms % 1000) / 100)
}

/// The speeds `[` and `]` step through.
pub const SPEED_STEPS: [f64; 10] = [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0];
pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 100.0;

/// 10^x: the browser's `Math.pow` in the wasm (no libm `pow` in the bundle), std natively.
#[cfg(target_arch = "wasm32")]
fn pow10(x: f64) -> f64 {
    js_sys::Math::pow(10.0, x)
}

#[cfg(not(target_arch = "wasm32"))]
fn pow10(x: f64) -> f64 {
    10f64.powf(x)
}

/// log10(x): the browser's `Math.log10` in the wasm, std natively.
#[cfg(target_arch = "wasm32")]
fn log10(x: f64) -> f64 {
    js_sys::Math::log10(x)
}

#[cfg(not(target_arch = "wasm32"))]
fn log10(x: f64) -> f64 {
    x.log10()
}

/// The slider works on log10(speed): -1 (0.1×) to 2 (100×).
pub fn speed_to_slider(speed: f64) -> f64 {
    if speed.is_finite() && speed > 0.0 {
        log10(speed.clamp(MIN_SPEED, MAX_SPEED))
    } else {
        0.0
    }
}

/// The speed for a slider position, rounded to two significant digits (0.1 … 100).
pub fn slider_to_speed(v: f64) -> f64 {
    if !v.is_finite() {
        return 1.0;
    }
    let s = pow10(v.clamp(-1.0, 2.0));
    let mag = pow10(log10(s).floor() - 1.0);
    ((s / mag).round() * mag).clamp(MIN_SPEED, MAX_SPEED)
}

/// The next faster (`up`) or slower speed step from `speed`.
pub fn speed_step(speed: f64, up: bool) -> f64 {
    let eps = 1e-9;
    if up {
        SPEED_STEPS
            .iter()
            .copied()
            .find(|&s| s > speed + eps)
            .unwrap_or(MAX_SPEED)
    } else {
        SPEED_STEPS
            .iter()
            .rev()
            .copied()
            .find(|&s| s < speed - eps)
            .unwrap_or(MIN_SPEED)
    }
}

/// `0.1×`, `2.5×`, `100×`.
pub fn speed_label(speed: f64) -> String {
    let s = if speed.is_finite() { speed } else { 1.0 };
    format!("{}×", crate::num::Fixed(s, 2))
}

/// The event number in a console line such as `↻2 Received event #3, with data: {...}`.
pub fn event_seq(line: &str) -> Option<u64> {
    let rest = &line[line.find("event #")? + "event #".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A stable hue (0..360) for a channel name: the channel's colour everywhere.
pub fn channel_hue(name: &str) -> u32 {
    // FNV-1a, then spread over the wheel in steps that keep neighbours apart.
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h % 12) * 30 + 10
}

/// Whether a keydown on an element with this tag (and type) is typing, so global
/// shortcuts must leave it alone.
pub fn is_typing_target(tag: &str, input_type: &str, editable: bool) -> bool {
    if editable {
        return true;
    }
    match tag.to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        "input" => !matches!(
            input_type.to_ascii_lowercase().as_str(),
            "button" | "checkbox" | "radio" | "submit" | "reset"
        ),
        _ => false,
    }
}

/// A global shortcut (`KeyboardEvent.key`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shortcut {
    TogglePlay,
    Step,
    Slower,
    Faster,
    /// Scrub by this many virtual ms (negative: back).
    Scrub(i64),
    Help,
    /// Presenter mode on or off (`p`).
    Presenter,
    /// The lesson's next (`true`, PageDown: what presentation clickers send) or previous step.
    LessonStep(bool),
}

pub fn shortcut(key: &str, shift: bool) -> Option<Shortcut> {
    let big = if shift { 5000 } else { 500 };
    Some(match key {
        " " | "Spacebar" => Shortcut::TogglePlay,
        "." => Shortcut::Step,
        "[" => Shortcut::Slower,
        "]" => Shortcut::Faster,
        "ArrowLeft" => Shortcut::Scrub(-big),
        "ArrowRight" => Shortcut::Scrub(big),
        "?" => Shortcut::Help,
        "p" | "P" => Shortcut::Presenter,
        "PageDown" => Shortcut::LessonStep(true),
        "PageUp" => Shortcut::LessonStep(false),
        _ => return None,
    })
}

/// Wall-clock ms one hop of a message stays on screen at 1×: while a message travels, the
/// virtual clock slows so that a hop of `latency_ms` lasts this long (then runs at its pace).
pub const HOP_WALL_MS: f64 = 800.0;

/// The share of its usual pace the clock keeps while a message travels.
pub fn slow_motion(latency_ms: u64) -> f64 {
    (latency_ms as f64 / HOP_WALL_MS).clamp(0.001, 1.0)
}

/// Where a scrub of `delta` from `now` lands on a timeline that ends at `horizon`.
pub fn scrub_target(now: u64, delta: i64, horizon: u64) -> u64 {
    let t = now as i128 + delta as i128;
    t.clamp(0, horizon.max(now) as i128) as u64
}

/// The share of a message's trip done at `now` (0 at departure, 1 on arrival).
pub fn progress(now: u64, depart: u64, arrive: u64) -> f64 {
    if arrive <= depart {
        return 1.0;
    }
    ((now.saturating_sub(depart)) as f64 / (arrive - depart) as f64).clamp(0.0, 1.0)
}

/// Parses a whole number typed in a form field (spaces allowed around it).
pub fn parse_u64(s: &str) -> Option<u64> {
    s.trim().parse().ok()
}

/// Parses a plain decimal number typed in a form field (`12`, `-0.5`, `.25`, `3.`; spaces
/// around it allowed; no exponent, no `inf`). Written out rather than `str::parse::<f64>`,
/// whose correctly rounded algorithm and tables weigh about 15 KB of the gzipped wasm.
/// Exact to the last bit up to 15 significant digits (one correctly rounded division);
/// digits after the 18th significant one are dropped.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (mut mantissa, mut digits, mut scale) = (0_u64, 0_u32, 0_i32);
    for b in int.bytes() {
        if digits < 18 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            digits += u32::from(mantissa > 0);
        } else {
            scale = scale.saturating_add(1);
        }
    }
    for b in frac.bytes() {
        if digits < 18 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            digits += u32::from(mantissa > 0);
            scale = scale.saturating_sub(1);
        }
    }
    let v = mantissa as f64;
    let v = if scale >= 0 {
        v * 10_f64.powi(scale)
    } else {
        v / 10_f64.powi(-scale)
    };
    Some(if neg { -v } else { v })
}

/// Parses a probability typed either as 0.25 or 25 % (0 … 1).
pub fn parse_probability(s: &str) -> Option<f64> {
    let t = s.trim();
    let (num, pct) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v = parse_decimal(num)?;
    let v = if pct || v > 1.0 { v / 100.0 } else { v };
    (v.is_finite() && (0.0..=1.0).contains(&v)).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_decimal_agrees_with_the_standard_parser_on_what_forms_hold() {
        let inputs = [
            "0",
            "1",
            "12",
            "0.5",
            ".25",
            "3.",
            "-0.5",
            "+2",
            " 7.5 ",
            "0.1",
            "0.3",
            "0.7",
            "1.005",
            "99.99",
            "100",
            "0.000001",
            "123456789012345",
            "3.141592653589793",
            "0.30000000000000004",
            "86400",
            "1.5",
            "2.25",
            "007.50",
        ];
        for s in inputs {
            let want: f64 = s.trim().parse().unwrap();
            assert_eq!(parse_decimal(s), Some(want), "{s:?}");
        }
        // Digits past the 18th significant one are dropped: off by at most a few ulps.
        let long = "0.12345678901234567890123";
        let got = parse_decimal(long).unwrap();
        assert!((got - 0.123_456_789_012_345_68).abs() < 1e-16);
        for bad in [
            "", " ", ".", "-", "+", "1e3", "inf", "NaN", "1.2.3", "1,5", "--1", "0x10", "½",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn clock_is_minutes_seconds_millis() {
        assert_eq!(clock(0), "00:00.000");
        assert_eq!(clock(12_480), "00:12.480");
        assert_eq!(clock(61_005), "01:01.005");
        assert_eq!(clock(3_600_000), "60:00.000");
    }

    #[test]
    fn countdown_never_negative() {
        assert_eq!(countdown(12_345), "12.3 s");
        assert_eq!(countdown(-5), "0.0 s");
        assert_eq!(countdown(999), "0.9 s");
    }

    #[test]
    fn speed_slider_is_logarithmic_and_round() {
        assert_eq!(speed_to_slider(1.0), 0.0);
        assert_eq!(speed_to_slider(100.0), 2.0);
        assert_eq!(speed_to_slider(1000.0), 2.0);
        assert_eq!(speed_to_slider(f64::NAN), 0.0);
        assert_eq!(slider_to_speed(0.0), 1.0);
        assert_eq!(slider_to_speed(2.0), 100.0);
        assert_eq!(slider_to_speed(-1.0), 0.1);
        assert_eq!(slider_to_speed(f64::INFINITY), 1.0);
        let s = slider_to_speed(0.5); // 3.16…
        assert!((s - 3.2).abs() < 1e-9, "{s}");
        for v in [-1.0, -0.3, 0.7, 1.3, 1.99] {
            let s = slider_to_speed(v);
            assert!((MIN_SPEED..=MAX_SPEED).contains(&s));
        }
    }

    #[test]
    fn speed_steps_up_and_down() {
        assert_eq!(speed_step(1.0, true), 2.0);
        assert_eq!(speed_step(1.0, false), 0.5);
        assert_eq!(speed_step(3.2, true), 5.0);
        assert_eq!(speed_step(3.2, false), 2.0);
        assert_eq!(speed_step(100.0, true), 100.0);
        assert_eq!(speed_step(0.1, false), 0.1);
    }

    #[test]
    fn speed_labels() {
        assert_eq!(speed_label(1.0), "1×");
        assert_eq!(speed_label(0.1), "0.1×");
        assert_eq!(speed_label(2.5), "2.5×");
        assert_eq!(speed_label(100.0), "100×");
    }

    #[test]
    fn event_numbers_from_console_lines() {
        assert_eq!(
            event_seq("Received event #3, with data: {\"id\":1}"),
            Some(3)
        );
        assert_eq!(event_seq("↻2 Received event #14, with data: {}"), Some(14));
        assert_eq!(event_seq("Event published"), None);
        assert_eq!(event_seq("Received event #, oops"), None);
    }

    #[test]
    fn channel_hues_are_stable_and_on_the_wheel() {
        assert_eq!(channel_hue("ticket:created"), channel_hue("ticket:created"));
        for n in ["a", "ticket:created", "ticket:updated", "order:created", ""] {
            assert!(channel_hue(n) < 360);
        }
    }

    #[test]
    fn typing_targets() {
        assert!(is_typing_target("INPUT", "text", false));
        assert!(is_typing_target("input", "number", false));
        assert!(is_typing_target("input", "range", false));
        assert!(!is_typing_target("input", "checkbox", false));
        assert!(is_typing_target("TEXTAREA", "", false));
        assert!(is_typing_target("SELECT", "", false));
        assert!(!is_typing_target("BUTTON", "", false));
        assert!(is_typing_target("DIV", "", true));
        assert!(!is_typing_target("SECTION", "", false));
    }

    #[test]
    fn shortcuts() {
        assert_eq!(shortcut(" ", false), Some(Shortcut::TogglePlay));
        assert_eq!(shortcut(".", false), Some(Shortcut::Step));
        assert_eq!(shortcut("[", false), Some(Shortcut::Slower));
        assert_eq!(shortcut("]", false), Some(Shortcut::Faster));
        assert_eq!(shortcut("ArrowLeft", false), Some(Shortcut::Scrub(-500)));
        assert_eq!(shortcut("ArrowRight", true), Some(Shortcut::Scrub(5000)));
        assert_eq!(shortcut("?", true), Some(Shortcut::Help));
        assert_eq!(shortcut("p", false), Some(Shortcut::Presenter));
        assert_eq!(
            shortcut("PageDown", false),
            Some(Shortcut::LessonStep(true))
        );
        assert_eq!(shortcut("PageUp", false), Some(Shortcut::LessonStep(false)));
        assert_eq!(shortcut("a", false), None);
    }

    #[test]
    fn messages_in_flight_slow_the_clock_to_a_visible_hop() {
        // The playground's 100 ms hop lasts 800 ms of wall time at 1×.
        assert_eq!(100.0 / slow_motion(100), HOP_WALL_MS);
        // The conformance runs' 1 ms too; a slow network is not slowed further.
        assert!((1.0 / slow_motion(1) - HOP_WALL_MS).abs() < 1e-9);
        assert_eq!(slow_motion(5000), 1.0);
    }

    #[test]
    fn scrubbing_stays_on_the_timeline() {
        assert_eq!(scrub_target(1000, -5000, 9000), 0);
        assert_eq!(scrub_target(1000, 500, 9000), 1500);
        assert_eq!(scrub_target(8800, 500, 9000), 9000);
        assert_eq!(scrub_target(9500, 500, 9000), 9500);
    }

    #[test]
    fn trip_progress() {
        assert_eq!(progress(100, 100, 200), 0.0);
        assert_eq!(progress(150, 100, 200), 0.5);
        assert_eq!(progress(250, 100, 200), 1.0);
        assert_eq!(progress(50, 100, 200), 0.0);
        assert_eq!(progress(5, 10, 10), 1.0);
    }

    #[test]
    fn form_numbers() {
        assert_eq!(parse_u64(" 1000 "), Some(1000));
        assert_eq!(parse_u64("-1"), None);
        assert_eq!(parse_probability("0.25"), Some(0.25));
        assert_eq!(parse_probability("25%"), Some(0.25));
        assert_eq!(parse_probability("50"), Some(0.5));
        assert_eq!(parse_probability("150"), None);
        assert_eq!(parse_probability("x"), None);
    }
}
