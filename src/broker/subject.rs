//! Channel name rules (`util/util.go: IsChannelNameValid` with wildcards not allowed).
//!
//! The rules it follows: docs/semantics.md §2.1.

/// A literal subject: not empty, no leading `.`, no `/`, no empty token, no `*` or `>` anywhere.
pub fn is_channel_name_valid(name: &str) -> bool {
    let b = name.as_bytes();
    if b.first().is_none_or(|&c| c == b'.') || b.last() == Some(&b'.') {
        return false;
    }
    // One pass (this runs on every publish): no `/`, `*`, `>`, and no empty token.
    let mut prev = 0_u8;
    for &c in b {
        if matches!(c, b'/' | b'*' | b'>') || (c == b'.' && prev == b'.') {
            return false;
        }
        prev = c;
    }
    true
}

/// Client ids: `^[a-zA-Z0-9_-]+$` (`server.go: init()`).
pub fn is_client_id_valid(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_follow_is_channel_name_valid() {
        for ok in ["foo", "ticket:created", "a.b.c", "Foo-1_x"] {
            assert!(is_channel_name_valid(ok), "{ok}");
        }
        for bad in [
            "", ".foo", "foo.", "a..b", "a/b", "foo.*", "foo.>", "a*b", "a>b",
        ] {
            assert!(!is_channel_name_valid(bad), "{bad}");
        }
    }

    #[test]
    fn client_ids_follow_the_server_regex() {
        for ok in ["id", "id_with_underscores", "id-with-hypens", "a3f9c2d1"] {
            assert!(is_client_id_valid(ok), "{ok}");
        }
        for bad in [
            "",
            "id with spaces",
            "id:with:columns",
            "id,with,commas",
            "id.with.dots",
        ] {
            assert!(!is_client_id_valid(bad), "{bad}");
        }
    }
}
