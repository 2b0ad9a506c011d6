//! Numbers written for people and for SVG/CSS attributes, without Rust's float formatting.
//!
//! `format!("{}", x)` on an `f64` links the shortest-representation algorithms and their
//! tables (about 10 KB of the gzipped wasm); the playground only ever shows coordinates,
//! percentages, seconds and probabilities, which a fixed number of decimals writes exactly
//! enough. `Num(x)` writes `x` with at most three decimals, `Fixed(x, d)` with at most `d`;
//! trailing zeros (and a trailing point) are dropped, `-0` is written `0`, and a value that
//! is not finite is written `0` (an attribute must never read `NaN`).

use std::fmt;

/// `x` with at most three decimals: `12`, `0.5`, `16.667`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num(pub f64);

/// `x` with at most `.1` decimals (at most 9).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fixed(pub f64, pub u32);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Fixed(self.0, 3).fmt(f)
    }
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let decimals = self.1.min(9);
        let scale = 10_u64.pow(decimals);
        let v = if self.0.is_finite() { self.0 } else { 0.0 };
        // `as` saturates: beyond u64::MAX / scale the value is clamped, far past any use here.
        let units = (v.abs() * scale as f64).round() as u64;
        let (int, mut frac, mut width) = (units / scale, units % scale, decimals as usize);
        let sign = if v < 0.0 && units != 0 { "-" } else { "" };
        while width > 0 && frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        if width == 0 {
            write!(f, "{sign}{int}")
        } else {
            write!(f, "{sign}{int}.{frac:0width$}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_float_formatting_writes_for_short_numbers() {
        for v in [
            0.0, 1.0, 12.0, 0.5, 0.25, 0.1, 0.3, 16.5, 236.0, 1600.0, -4.0, -0.5, 99.99, 0.007,
        ] {
            assert_eq!(Num(v).to_string(), format!("{v}"), "{v}");
        }
    }

    #[test]
    fn rounds_to_the_decimals_asked_and_drops_trailing_zeros() {
        assert_eq!(Num(16.6666).to_string(), "16.667");
        assert_eq!(Fixed(2.0 / 3.0, 2).to_string(), "0.67");
        assert_eq!(Fixed(1.05, 1).to_string(), "1.1");
        assert_eq!(Fixed(0.999, 2).to_string(), "1");
        assert_eq!(Fixed(12.5, 0).to_string(), "13");
        assert_eq!(Fixed(100.0, 2).to_string(), "100");
        assert_eq!(Fixed(1.5, 20).to_string(), "1.5");
    }

    #[test]
    fn negative_zero_and_non_finite_values_are_written_zero() {
        assert_eq!(Num(-0.0).to_string(), "0");
        assert_eq!(Num(-0.0001).to_string(), "0");
        assert_eq!(Num(f64::NAN).to_string(), "0");
        assert_eq!(Num(f64::INFINITY).to_string(), "0");
        assert_eq!(Num(-1e-9).to_string(), "0");
    }
}
