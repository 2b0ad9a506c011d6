//! JSON text read into and written from `serde_json::Value` by hand, with `serde_json`'s rules
//! and output: the same values accepted and refused (nesting limited to 127 levels, no
//! trailing commas, no leading zeros, paired surrogates only), the same numbers (integers as
//! `u64`/`i64`, the rest as `f64` computed as `serde_json` does without `float_roundtrip`),
//! the same text written back (compact, or pretty with two spaces), and error messages worded
//! as its own (`expected value at line 1 column 1`). The app keeps `Value` as its document
//! type; going through these two functions instead of serde's generic (de)serializer keeps
//! that machinery, its error texts and its visitor instantiations out of the wasm bundle.

use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused (`serde_json` counts from 128 down to 0).
const MAX_DEPTH: usize = 127;

/// Reads one JSON document; anything but whitespace after it is refused.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut r = Reader {
        text,
        b: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let v = r.value()?;
    match r.skip_ws() {
        None => Ok(v),
        Some(_) => Err(r.fail_peek("trailing characters")),
    }
}

/// The compact text of a value, as `Value::to_string` writes it.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write(&mut out, v, None);
    out
}

/// The pretty text (two spaces a level), as `serde_json::to_string_pretty` writes it.
pub fn to_string_pretty(v: &Value) -> String {
    let mut out = String::new();
    write(&mut out, v, Some(0));
    out
}

/// A string as a JSON (and JavaScript) string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_str(&mut out, s);
    out
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        if c.is_some() {
            self.i += 1;
        }
        c
    }

    fn skip_ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    /// `what at line L column C`, the position counted as `serde_json` counts it.
    #[inline(never)]
    #[cold]
    fn fail_at(&self, what: &str, at: usize) -> String {
        let at = at.min(self.b.len());
        let before = &self.b[..at];
        let start = before
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        let line = 1 + before[..start].iter().filter(|&&c| c == b'\n').count();
        format!("{what} at line {line} column {}", at - start)
    }

    /// An error at the byte just read.
    fn fail(&self, what: &str) -> String {
        self.fail_at(what, self.i)
    }

    /// An error at the byte not yet read.
    fn fail_peek(&self, what: &str) -> String {
        self.fail_at(what, self.i + 1)
    }

    fn value(&mut self) -> Result<Value, String> {
        let Some(c) = self.skip_ws() else {
            return Err(self.fail_peek("EOF while parsing a value"));
        };
        match c {
            b'n' => self.ident(b"null", Value::Null),
            b't' => self.ident(b"true", Value::Bool(true)),
            b'f' => self.ident(b"false", Value::Bool(false)),
            b'-' => {
                self.i += 1;
                self.number(false)
            }
            b'0'..=b'9' => self.number(true),
            b'"' => {
                self.i += 1;
                self.string().map(Value::String)
            }
            b'[' | b'{' => {
                if self.depth == MAX_DEPTH {
                    return Err(self.fail_peek("recursion limit exceeded"));
                }
                self.depth += 1;
                self.i += 1;
                let v = if c == b'[' {
                    self.array()
                } else {
                    self.object()
                };
                self.depth -= 1;
                v
            }
            _ => Err(self.fail_peek("expected value")),
        }
    }

    fn ident(&mut self, word: &[u8], v: Value) -> Result<Value, String> {
        self.i += 1;
        for &want in &word[1..] {
            match self.next() {
                None => return Err(self.fail("EOF while parsing a value")),
                Some(c) if c != want => return Err(self.fail("expected ident")),
                Some(_) => {}
            }
        }
        Ok(v)
    }

    fn array(&mut self) -> Result<Value, String> {
        let mut list = Vec::new();
        match self.skip_ws() {
            Some(b']') => {
                self.i += 1;
                return Ok(Value::Array(list));
            }
            None => return Err(self.fail_peek("EOF while parsing a list")),
            Some(_) => {}
        }
        loop {
            list.push(self.value()?);
            match self.skip_ws() {
                Some(b',') => {
                    self.i += 1;
                    if self.skip_ws() == Some(b']') {
                        return Err(self.fail_peek("trailing comma"));
                    }
                }
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(list));
                }
                Some(_) => return Err(self.fail_peek("expected `,` or `]`")),
                None => return Err(self.fail_peek("EOF while parsing a list")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, String> {
        let mut map = Map::new();
        match self.skip_ws() {
            Some(b'}') => {
                self.i += 1;
                return Ok(Value::Object(map));
            }
            None => return Err(self.fail_peek("EOF while parsing an object")),
            Some(_) => {}
        }
        loop {
            match self.skip_ws() {
                Some(b'"') => self.i += 1,
                Some(_) => return Err(self.fail_peek("key must be a string")),
                None => return Err(self.fail_peek("EOF while parsing a value")),
            }
            let key = self.string()?;
            match self.skip_ws() {
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.fail_peek("expected `:`")),
                None => return Err(self.fail_peek("EOF while parsing an object")),
            }
            let v = self.value()?;
            map.insert(key, v);
            match self.skip_ws() {
                Some(b',') => {
                    self.i += 1;
                    if self.skip_ws() == Some(b'}') {
                        return Err(self.fail_peek("trailing comma"));
                    }
                }
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(map));
                }
                Some(_) => return Err(self.fail_peek("expected `,` or `}`")),
                None => return Err(self.fail_peek("EOF while parsing an object")),
            }
        }
    }

    /// The rest of a string whose opening quote is read.
    fn string(&mut self) -> Result<String, String> {
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // The text is a `str` and the stops are ASCII: the run is whole characters.
            out.push_str(&self.text[start..self.i]);
            match self.next() {
                None => return Err(self.fail("EOF while parsing a string")),
                Some(b'"') => return Ok(out),
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => {
                    return Err(self
                        .fail("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let c = match self.next() {
            None => return Err(self.fail("EOF while parsing a string")),
            Some(c) => c,
        };
        out.push(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode(out),
            _ => return Err(self.fail("invalid escape")),
        });
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let Some(digits) = self.b.get(self.i..self.i + 4) else {
            self.i = self.b.len();
            return Err(self.fail("EOF while parsing a string"));
        };
        self.i += 4;
        let mut n = 0;
        for &c in digits {
            n = n * 16
                + (c as char)
                    .to_digit(16)
                    .ok_or_else(|| self.fail("invalid escape"))?;
        }
        Ok(n)
    }

    /// `\u` read: a character, or a surrogate pair.
    fn unicode(&mut self, out: &mut String) -> Result<(), String> {
        let n = self.hex4()?;
        let lone = "lone leading surrogate in hex escape";
        let c = match n {
            0xDC00..=0xDFFF => return Err(self.fail(lone)),
            0xD800..=0xDBFF => {
                for want in [b'\\', b'u'] {
                    match self.next() {
                        None => return Err(self.fail("EOF while parsing a string")),
                        Some(c) if c != want => {
                            return Err(self.fail("unexpected end of hex escape"))
                        }
                        Some(_) => {}
                    }
                }
                let n2 = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&n2) {
                    return Err(self.fail(lone));
                }
                (((n - 0xD800) << 10) | (n2 - 0xDC00)) + 0x1_0000
            }
            _ => n,
        };
        out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
        Ok(())
    }

    fn digit(&self) -> Option<u64> {
        match self.peek() {
            Some(c @ b'0'..=b'9') => Some((c - b'0') as u64),
            _ => None,
        }
    }

    /// A number whose sign is read.
    fn number(&mut self, positive: bool) -> Result<Value, String> {
        let mut sig: u64 = match self.next() {
            None => return Err(self.fail("EOF while parsing a value")),
            Some(b'0') => {
                if self.digit().is_some() {
                    return Err(self.fail_peek("invalid number"));
                }
                0
            }
            Some(c @ b'1'..=b'9') => (c - b'0') as u64,
            Some(_) => return Err(self.fail("invalid number")),
        };
        let mut exp: i32 = 0;
        let mut float = false;
        // Digits past what a u64 holds are dropped and counted in the exponent.
        while let Some(d) = self.digit() {
            self.i += 1;
            match sig.checked_mul(10).and_then(|s| s.checked_add(d)) {
                Some(s) if exp == 0 => sig = s,
                _ => {
                    float = true;
                    exp += 1;
                }
            }
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            float = true;
            let mut any = false;
            let mut full = false;
            while let Some(d) = self.digit() {
                self.i += 1;
                any = true;
                if full {
                    continue;
                }
                match sig.checked_mul(10).and_then(|s| s.checked_add(d)) {
                    Some(s) => {
                        sig = s;
                        exp -= 1;
                    }
                    None => full = true,
                }
            }
            if !any {
                return Err(match self.peek() {
                    Some(_) => self.fail_peek("invalid number"),
                    None => self.fail_peek("EOF while parsing a value"),
                });
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            float = true;
            let positive_exp = match self.peek() {
                Some(b'+') => {
                    self.i += 1;
                    true
                }
                Some(b'-') => {
                    self.i += 1;
                    false
                }
                _ => true,
            };
            let mut e: i32 = match self.next() {
                None => return Err(self.fail("EOF while parsing a value")),
                Some(c @ b'0'..=b'9') => (c - b'0') as i32,
                Some(_) => return Err(self.fail("invalid number")),
            };
            while let Some(d) = self.digit() {
                self.i += 1;
                match e.checked_mul(10).and_then(|x| x.checked_add(d as i32)) {
                    Some(x) => e = x,
                    None => {
                        if sig != 0 && positive_exp {
                            return Err(self.fail("number out of range"));
                        }
                        while self.digit().is_some() {
                            self.i += 1;
                        }
                        return Ok(float_value(if positive { 0.0 } else { -0.0 }));
                    }
                }
            }
            exp = if positive_exp {
                exp.saturating_add(e)
            } else {
                exp.saturating_sub(e)
            };
        }
        if !float {
            return Ok(if positive {
                Value::Number(sig.into())
            } else {
                let neg = (sig as i64).wrapping_neg();
                // `-0` and what an i64 cannot hold are floats, as in `serde_json`.
                if neg >= 0 {
                    float_value(-(sig as f64))
                } else {
                    Value::Number(neg.into())
                }
            });
        }
        let mut f = sig as f64;
        loop {
            match POW10.get(exp.unsigned_abs() as usize) {
                Some(&p) => {
                    if exp >= 0 {
                        f *= p;
                        if f.is_infinite() {
                            return Err(self.fail("number out of range"));
                        }
                    } else {
                        f /= p;
                    }
                    break;
                }
                None => {
                    if f == 0.0 {
                        break;
                    }
                    if exp >= 0 {
                        return Err(self.fail("number out of range"));
                    }
                    f /= 1e308;
                    exp += 308;
                }
            }
        }
        Ok(float_value(if positive { f } else { -f }))
    }
}

fn float_value(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

fn write(out: &mut String, v: &Value, indent: Option<usize>) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            use std::fmt::Write;
            if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else {
                match n.as_f64().filter(|f| f.is_finite()) {
                    Some(f) => write_float(out, f),
                    None => out.push_str("null"),
                }
            }
        }
        Value::String(s) => write_str(out, s),
        Value::Array(list) => {
            out.push('[');
            for (k, x) in list.iter().enumerate() {
                item(out, k == 0, indent);
                write(out, x, indent.map(|n| n + 1));
            }
            close(out, ']', !list.is_empty(), indent);
        }
        Value::Object(map) => {
            out.push('{');
            for (k, (key, x)) in map.iter().enumerate() {
                item(out, k == 0, indent);
                write_str(out, key);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(out, x, indent.map(|n| n + 1));
            }
            close(out, '}', !map.is_empty(), indent);
        }
    }
}

/// A float as `serde_json` writes it: its own `Number` display natively (the shortest digits
/// that read back, by `zmij`).
#[cfg(not(target_arch = "wasm32"))]
fn write_float(out: &mut String, f: f64) {
    use std::fmt::Write;
    let _ = write!(out, "{}", Number::from_f64(f).expect("finite"));
}

/// A float as `serde_json` writes it, in the browser: the digits are JavaScript's (the
/// shortest that read back; where 17 digits are needed `zmij` may end on another digit that
/// reads back as the same number), laid out as `serde_json` lays them out (`1.0`,
/// `0.00001`, `1e-6`, `1000000000000000.0`, `1e+16`), so that no float formatter is in the
/// wasm. `tests/web_browser.rs` compares the two in the browser.
#[cfg(target_arch = "wasm32")]
fn write_float(out: &mut String, f: f64) {
    let text = js_sys::Number::from(f)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default();
    let (digits, exp) = decimal_parts(&text);
    if f.is_sign_negative() {
        out.push('-');
    }
    lay_out(out, &digits, exp);
}

/// The significant digits of a JavaScript number's text and the power of ten of the first
/// (`"-0.00015"` -> `("15", -4)`, `"1.5e+21"` -> `("15", 21)`); zero is `("0", 0)`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn decimal_parts(text: &str) -> (String, i32) {
    let text = text.trim_start_matches('-');
    let (mantissa, e) = match text.split_once('e') {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    if digits.is_empty() {
        return ("0".into(), 0);
    }
    (digits.to_string(), e + int.len() as i32 - 1 - lead as i32)
}

/// `digits` (no leading or trailing zeros) times 10^`exp` (the first digit's power) in
/// `serde_json`'s layout: plain from 1e-5 up to below 1e16 (with `.0` if whole), else
/// scientific (`1.5e-7`, `1e+16`).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn lay_out(out: &mut String, digits: &str, exp: i32) {
    let n = digits.len() as i32;
    if (-5..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(digits);
        } else if exp + 1 >= n {
            out.push_str(digits);
            for _ in 0..(exp + 1 - n) {
                out.push('0');
            }
            out.push_str(".0");
        } else {
            let (a, b) = digits.split_at(exp as usize + 1);
            out.push_str(a);
            out.push('.');
            out.push_str(b);
        }
    } else {
        let (a, b) = digits.split_at(1);
        out.push_str(a);
        if !b.is_empty() {
            out.push('.');
            out.push_str(b);
        }
        out.push('e');
        if exp > 0 {
            out.push('+');
        }
        use std::fmt::Write;
        let _ = write!(out, "{exp}");
    }
}

/// Before an element: the comma, and in pretty text a new line and the indent.
fn item(out: &mut String, first: bool, indent: Option<usize>) {
    if !first {
        out.push(',');
    }
    if let Some(n) = indent {
        out.push('\n');
        push_indent(out, n + 1);
    }
}

fn close(out: &mut String, c: char, any: bool, indent: Option<usize>) {
    if let (Some(n), true) = (indent, any) {
        out.push('\n');
        push_indent(out, n);
    }
    out.push(c);
}

fn push_indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push_str("  ");
    }
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    // Runs that need no escape are copied whole (the escapes are all ASCII, so every run
    // ends on a character boundary).
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        start = i + 1;
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// `serde_json`'s table: 1e0 ..= 1e308 as the compiler rounds each literal.
#[rustfmt::skip]
static POW10: [f64; 309] = [
    1e000, 1e001, 1e002, 1e003, 1e004, 1e005, 1e006, 1e007, 1e008, 1e009,
    1e010, 1e011, 1e012, 1e013, 1e014, 1e015, 1e016, 1e017, 1e018, 1e019,
    1e020, 1e021, 1e022, 1e023, 1e024, 1e025, 1e026, 1e027, 1e028, 1e029,
    1e030, 1e031, 1e032, 1e033, 1e034, 1e035, 1e036, 1e037, 1e038, 1e039,
    1e040, 1e041, 1e042, 1e043, 1e044, 1e045, 1e046, 1e047, 1e048, 1e049,
    1e050, 1e051, 1e052, 1e053, 1e054, 1e055, 1e056, 1e057, 1e058, 1e059,
    1e060, 1e061, 1e062, 1e063, 1e064, 1e065, 1e066, 1e067, 1e068, 1e069,
    1e070, 1e071, 1e072, 1e073, 1e074, 1e075, 1e076, 1e077, 1e078, 1e079,
    1e080, 1e081, 1e082, 1e083, 1e084, 1e085, 1e086, 1e087, 1e088, 1e089,
    1e090, 1e091, 1e092, 1e093, 1e094, 1e095, 1e096, 1e097, 1e098, 1e099,
    1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107, 1e108, 1e109,
    1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119,
    1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129,
    1e130, 1e131, 1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139,
    1e140, 1e141, 1e142, 1e143, 1e144, 1e145, 1e146, 1e147, 1e148, 1e149,
    1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157, 1e158, 1e159,
    1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169,
    1e170, 1e171, 1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179,
    1e180, 1e181, 1e182, 1e183, 1e184, 1e185, 1e186, 1e187, 1e188, 1e189,
    1e190, 1e191, 1e192, 1e193, 1e194, 1e195, 1e196, 1e197, 1e198, 1e199,
    1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207, 1e208, 1e209,
    1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219,
    1e220, 1e221, 1e222, 1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229,
    1e230, 1e231, 1e232, 1e233, 1e234, 1e235, 1e236, 1e237, 1e238, 1e239,
    1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248, 1e249,
    1e250, 1e251, 1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259,
    1e260, 1e261, 1e262, 1e263, 1e264, 1e265, 1e266, 1e267, 1e268, 1e269,
    1e270, 1e271, 1e272, 1e273, 1e274, 1e275, 1e276, 1e277, 1e278, 1e279,
    1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287, 1e288, 1e289,
    1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299,
    1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents both readers must agree on, value for value or refusal for refusal.
    const CASES: &[&str] = &[
        "null",
        "true",
        "false",
        " 0 ",
        "-0",
        "1",
        "-1",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "1.5",
        "-2.25e3",
        "1e308",
        "1e309",
        "2e-400",
        "1E+2",
        "0.1",
        "3.141592653589793",
        "1e-7",
        "12345678901234567890.123",
        "0.000001",
        "123.456e-5",
        "1.7976931348623157e308",
        "5e-324",
        "1e2147483648",
        "0e2147483648",
        "1e-2147483648",
        "01",
        "1.",
        "1.e3",
        "-",
        "+1",
        ".5",
        "1e",
        "1e+",
        "[1,]",
        "[1 2]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{1:2}",
        "{\"a\":1 \"b\":2}",
        "[",
        "{",
        "{\"a\"",
        "{\"a\":",
        "\"abc",
        "\"a\\qb\"",
        "\"\\u00e9\\u002F\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ude00\"",
        "\"\\ud83dx\"",
        "\"\\ud83d\\n\"",
        "\"\\ud83d\\u0041\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "\"a\tb\"",
        "\"é ünï 😀\"",
        "[1] x",
        "[1]   ",
        "\n[\n1\n,\n2\n]\n",
        "nul",
        "nulx",
        "tru",
        "falsy",
        "",
        "   ",
        "{\"a\":{\"b\":[true,null,{\"c\":\"d\"}]},\"a\":2}",
        "{\"z\":1,\"a\":2}",
        "[[[]],{}]",
        "\u{feff}1",
    ];

    #[test]
    fn reads_as_serde_json_does() {
        for &text in CASES {
            let ours = parse(text);
            let theirs = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn numbers_read_as_serde_json_reads_them() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..5000 {
            let (a, b, c) = (next(), next(), next());
            let int = (a >> (a % 64)).to_string();
            let frac = (b >> (b % 64)).to_string();
            let e = (c % 700) as i64 - 350;
            for text in [
                int.clone(),
                format!("-{int}"),
                format!("{int}.{frac}"),
                format!("-{int}.{frac}e{e}"),
                format!("{int}e{e}"),
                format!("{int}{frac}{int}.{frac}{frac}E+{}", e.abs()),
            ] {
                let ours = parse(&text);
                let theirs = serde_json::from_str::<Value>(&text).map_err(|e| e.to_string());
                assert_eq!(ours, theirs, "{text}");
                if let Ok(v) = ours {
                    assert_eq!(to_string(&v), v.to_string(), "{text}");
                }
            }
        }
    }

    #[test]
    fn nesting_is_limited_as_in_serde_json() {
        for n in [126, 127, 128, 200] {
            let text = "[".repeat(n) + &"]".repeat(n);
            let ours = parse(&text);
            let theirs = serde_json::from_str::<Value>(&text).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "depth {n}");
        }
    }

    #[test]
    fn writes_as_serde_json_does() {
        let v: Value = serde_json::from_str(
            r#"{"a":[1,-2,3.5,1e300,0.1,-0.0,1.0,{}],"b":{"c":[],"d":"x\"\\\n\r\t\u0001\u001f\u007f/é😀\b\f"},"e":null,"f":true,"g":18446744073709551615}"#,
        )
        .unwrap();
        assert_eq!(to_string(&v), v.to_string());
        assert_eq!(
            to_string_pretty(&v),
            serde_json::to_string_pretty(&v).unwrap()
        );
        assert_eq!(to_string(&Value::Array(vec![])), "[]");
        assert_eq!(to_string_pretty(&Value::Array(vec![])), "[]");
        for s in ["", "a'b", "</script>", "\u{2028}"] {
            assert_eq!(quote(s), serde_json::to_string(s).unwrap());
        }
    }

    /// The layout the browser's digits get is `serde_json`'s (here checked against it with
    /// Rust's own shortest digits, which `{:e}` gives).
    #[test]
    fn floats_are_laid_out_as_serde_json_lays_them_out() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut floats = vec![
            0.0,
            1.0,
            1.5,
            0.1,
            1e-5,
            1e-6,
            9.99e-6,
            1e-7,
            1.5e-7,
            123.456,
            1e15,
            1.5e15,
            1e16,
            1e17,
            1.2e21,
            1e22,
            1e300,
            5e-324,
            1.7976931348623157e308,
            123456789012345680000.0,
            0.000123,
            100.0,
            12345678.9,
            2.5,
            1e-300,
        ];
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            if f.is_finite() {
                floats.push(f.abs());
            }
            floats.push((x % 10_000_000) as f64 / 1000.0);
        }
        for f in floats {
            // `{:e}` writes Rust's shortest digits as `d.ddde±x`: JavaScript's digits in the
            // browser are the same, only written differently.
            let sci = format!("{f:e}");
            let (m, e) = sci.split_once('e').unwrap();
            let js_like = format!("{m}e{}{e}", if e.starts_with('-') { "" } else { "+" });
            let (digits, exp) = decimal_parts(&js_like);
            let mut ours = String::new();
            lay_out(&mut ours, &digits, exp);
            assert_eq!(ours.parse::<f64>().unwrap(), f, "{ours} reads back");
            // Where 17 digits are needed, more than one such number reads back as `f`, and
            // `zmij` may pick another last digit than the closest one Rust and JavaScript pick.
            if digits.len() < 17 {
                assert_eq!(ours, Value::from(f).to_string(), "{f:e}");
            }
        }
        assert_eq!(decimal_parts("0.00015"), ("15".into(), -4));
        assert_eq!(decimal_parts("1.5e+21"), ("15".into(), 21));
        assert_eq!(decimal_parts("1500"), ("15".into(), 3));
        assert_eq!(decimal_parts("5e-324"), ("5".into(), -324));
    }

    #[test]
    fn what_it_writes_it_reads_back() {
        let v: Value = serde_json::from_str(
            r#"{"x":[0.30000000000000004,123.456,1e-10,-7,"\u0000"],"y":{"z":false}}"#,
        )
        .unwrap();
        assert_eq!(parse(&to_string(&v)).unwrap(), v);
        assert_eq!(parse(&to_string_pretty(&v)).unwrap(), v);
    }
}
