//! Monitoring request paths: `/streaming/<endpoint>?k=v&...` and the paging rules
//! (`getOffsetAndLimit`, `getMinMaxOffset`).

/// `defaultMonitorListLimit`.
pub const DEFAULT_LIMIT: i64 = 1024;

#[derive(Debug, Default, PartialEq)]
pub struct Query {
    pub endpoint: String,
    pub params: Vec<(String, String)>,
}

impl Query {
    pub fn parse(path: &str) -> Query {
        let (path, qs) = path.split_once('?').unwrap_or((path, ""));
        let endpoint = path.to_string();
        let params = qs
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        Query { endpoint, params }
    }

    /// The first value of `key`; an empty value counts as absent (`URL.Query().Get` == "").
    pub fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// `?subs=1`: the value must parse as the integer 1.
    pub fn subs(&self) -> bool {
        self.get("subs").and_then(|v| v.parse::<i64>().ok()) == Some(1)
    }

    /// (offset, limit) as echoed: offset < 0 -> 0; limit <= 0 -> 1024.
    pub fn paging(&self) -> (i64, i64) {
        let num = |k| self.get(k).map_or(0, atoi);
        let offset = num("offset").max(0);
        let limit = match num("limit") {
            l if l <= 0 => DEFAULT_LIMIT,
            l => l,
        };
        (offset, limit)
    }
}

/// `strconv.Atoi` with its error ignored: 0 for text that is not a number, the largest value
/// of the sign for a number out of range.
fn atoi(v: &str) -> i64 {
    match v.parse::<i64>() {
        Ok(n) => n,
        Err(_) => {
            let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                0
            } else if v.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            }
        }
    }
}

/// The slice `[min(offset,total) .. min(offset+limit,total)]`.
pub fn page<T>(items: Vec<T>, offset: i64, limit: i64) -> Vec<T> {
    let total = items.len();
    let at = |n: i64| usize::try_from(n).unwrap_or(usize::MAX).min(total);
    let (start, end) = (at(offset), at(offset.saturating_add(limit)));
    items
        .into_iter()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escaped = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        match escaped {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(if b == b'+' { b' ' } else { b });
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths_and_paging_like_the_server() {
        let q =
            Query::parse("/streaming/channelsz?channel=ticket%3Acreated&subs=1&offset=-1&limit=0");
        assert_eq!(q.endpoint, "/streaming/channelsz");
        assert_eq!(q.get("channel"), Some("ticket:created"));
        assert_eq!(percent_decode("a%2"), "a%2", "a cut escape stays as typed");
        assert_eq!(percent_decode("%e2%9c%93+x%zz"), "✓ x%zz");
        assert!(q.subs());
        assert_eq!(q.paging(), (0, 1024));
        assert!(!Query::parse("/streaming/clientsz?subs=true").subs());
        assert_eq!(page(vec![1, 2, 3], 1, 1), vec![2]);
        assert_eq!(
            Query::parse("/x?offset=99999999999999999999&limit=x").paging(),
            (i64::MAX, 1024)
        );
        assert_eq!(
            Query::parse("/x?offset=-99999999999999999999").paging().0,
            0
        );
        assert_eq!(page(vec![1, 2, 3], i64::MAX, i64::MAX), Vec::<i32>::new());
        assert_eq!(page(vec![1, 2, 3], 10, 2), Vec::<i32>::new());
    }
}
