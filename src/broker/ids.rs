//! Identifiers handed out by the broker, and the seeded generator of NUID-like names.

use serde::{Deserialize, Serialize};

/// One connection of a client (the server's `conn_id`): a reconnect with the same client id
/// gets a new one, so requests from a replaced connection can be told apart.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ConnId(pub u64);

/// A subscription as the server knows it (its ack inbox).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SubId(pub u64);

/// The driver's token for a request; the broker echoes it in the reply event.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReqId(pub u64);

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Deterministic stand-in for nats.go's NUID: 22 base-62 characters from a splitmix64 stream.
#[derive(Clone, Debug)]
pub struct NameGen {
    state: u64,
}

impl NameGen {
    pub fn new(seed: u64) -> Self {
        Self {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn nuid(&mut self) -> String {
        let mut out = String::with_capacity(22);
        let mut bits = self.next_u64();
        for i in 0..22 {
            if i == 11 {
                bits = self.next_u64();
            }
            out.push(BASE62[(bits % 62) as usize] as char);
            bits /= 62;
        }
        out
    }

    pub fn inbox(&mut self) -> String {
        format!("_INBOX.{}", self.nuid())
    }
}
