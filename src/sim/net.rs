//! The network between the clients and the server, as its own machine (in the manner of
//! str0m's netem): packets go in with [`Network::send`], land after the one-way latency, and
//! come out of [`Network::poll`] once the clock has reached them; [`Network::next_deadline`]
//! says when the next one lands. The link neither loses nor reorders: packets sent at the
//! same moment land in the order they were sent.

use super::packet::{InFlight, Packet};
use crate::broker::Millis;
use std::collections::BTreeMap;

/// A moment on the simulation's timeline and the order of the entry there: every machine
/// numbers its entries from one counter, so entries due at the same moment run in the order
/// they were made, whichever machine holds them.
pub type Due = (Millis, u64);

#[derive(Clone, Debug)]
pub struct Network {
    latency_ms: Millis,
    /// Packets by (arrival, order), with their departure. A B-tree: under load it holds
    /// thousands of packets and is drained from the front.
    wire: BTreeMap<Due, (Millis, Packet)>,
}

impl Network {
    pub fn new(latency_ms: Millis) -> Self {
        Self {
            latency_ms,
            wire: BTreeMap::new(),
        }
    }

    pub fn latency(&self) -> Millis {
        self.latency_ms
    }

    /// Puts a packet on the wire at `now`; `order` is its number from the shared counter.
    pub fn send(&mut self, now: Millis, order: u64, packet: Packet) {
        let at = now.saturating_add(self.latency_ms);
        self.wire.insert((at, order), (now, packet));
    }

    /// When the next packet lands, and its order.
    pub fn next_deadline(&self) -> Option<Due> {
        self.wire.keys().next().copied()
    }

    /// The next packet that has landed by `now`.
    pub fn poll(&mut self, now: Millis) -> Option<Packet> {
        if self.next_deadline()?.0 > now {
            return None;
        }
        self.wire.pop_first().map(|(_, (_, p))| p)
    }

    /// How many packets are on the wire.
    pub fn len(&self) -> usize {
        self.wire.len()
    }

    pub fn is_empty(&self) -> bool {
        self.wire.is_empty()
    }

    /// Packets on the wire, for drawing.
    pub fn in_flight(&self) -> Vec<InFlight> {
        self.wire
            .iter()
            .map(|(&(arrive, id), (depart, p))| p.in_flight(id, *depart, arrive))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broker::{Command, ConnId};

    fn ping(n: u64) -> Packet {
        Packet::ToBroker(
            0,
            Command::Ping {
                req: crate::broker::ReqId(n),
                conn: ConnId(1),
            },
        )
    }

    fn req_of(p: &Packet) -> u64 {
        match p {
            Packet::ToBroker(_, Command::Ping { req, .. }) => req.0,
            _ => unreachable!(),
        }
    }

    #[test]
    fn packets_land_after_the_latency_in_the_order_sent() {
        let mut net = Network::new(100);
        net.send(0, 2, ping(1));
        net.send(0, 3, ping(2));
        net.send(50, 4, ping(3));
        assert_eq!(net.next_deadline(), Some((100, 2)));
        assert!(net.poll(99).is_none(), "nothing lands early");
        let landed: Vec<u64> = std::iter::from_fn(|| net.poll(100))
            .map(|p| req_of(&p))
            .collect();
        assert_eq!(landed, vec![1, 2]);
        assert_eq!(net.next_deadline(), Some((150, 4)));
        let f = &net.in_flight()[0];
        assert_eq!((f.depart, f.arrive, f.to_broker), (50, 150, true));
        assert_eq!(net.poll(150).map(|p| req_of(&p)), Some(3));
        assert!(net.is_empty());
    }
}
