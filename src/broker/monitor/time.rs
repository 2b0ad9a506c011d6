//! Go's time formats as the monitoring JSON prints them, computed from virtual time.

use crate::broker::Millis;

/// Virtual time 0 is this instant (UTC), in milliseconds since the Unix epoch:
/// 2026-01-01T00:00:00Z.
pub const VIRTUAL_EPOCH_UNIX_MS: u64 = 1_767_225_600_000;

/// RFC 3339 with nanoseconds, UTC (`2026-01-01T00:00:12.5Z`, Go trims trailing zeros).
pub fn rfc3339(t: Millis) -> String {
    let unix_ms = VIRTUAL_EPOCH_UNIX_MS + t;
    let secs = unix_ms / 1000;
    let ms = unix_ms % 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    let frac = if ms == 0 {
        String::new()
    } else {
        let s = format!(".{ms:03}");
        s.trim_end_matches('0').to_string()
    };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{frac}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `myUptime`: `17s`, `1m5s`, `2h3m4s`, `1d2h3m4s`, `1y2d3h4m5s`.
pub fn uptime(ms: Millis) -> String {
    let mut s = ms / 1000;
    let years = s / (365 * 86_400);
    s %= 365 * 86_400;
    let days = s / 86_400;
    s %= 86_400;
    let hours = s / 3600;
    s %= 3600;
    let mins = s / 60;
    let secs = s % 60;
    if years > 0 {
        format!("{years}y{days}d{hours}h{mins}m{secs}s")
    } else if days > 0 {
        format!("{days}d{hours}h{mins}m{secs}s")
    } else if hours > 0 {
        format!("{hours}h{mins}m{secs}s")
    } else if mins > 0 {
        format!("{mins}m{secs}s")
    } else {
        format!("{secs}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_go() {
        assert_eq!(rfc3339(0), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(86_400_000 * 59 + 12_500), "2026-03-01T00:00:12.5Z");
        assert_eq!(uptime(17_000), "17s");
        assert_eq!(uptime(65_000), "1m5s");
        assert_eq!(uptime((2 * 3600 + 3 * 60 + 4) * 1000), "2h3m4s");
        assert_eq!(uptime((86_400 + 2 * 3600 + 3 * 60 + 4) * 1000), "1d2h3m4s");
    }
}
