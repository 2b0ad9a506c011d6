//! Simulation: virtual clock, network, simulated clients, scenario runner and trace.
//! Native and wasm alike; everything random comes from a seeded generator.

pub mod app;
pub mod budget;
pub mod client;
pub mod clients;
pub mod clock;
pub mod compare;
pub mod handler;
pub mod lab;
pub mod net;
pub mod packet;
pub mod recorder;
pub mod rng;
pub mod runner;
pub mod scenario;
pub mod tagged;
pub mod trace;
pub mod window;
pub mod workload;
pub mod world;

pub use budget::{Bound, Budget, Exceeded};
pub use client::{Proc, ProcId, ProcState, Received, SimSub, SubState};
pub use handler::{AckPolicy, Handler};
pub use lab::DbNote;
pub use packet::{InFlight, PacketKind};
pub use recorder::LogEntry;
pub use runner::{run_scenario, RunConfig};
pub use scenario::{Op, Scenario, ScenarioError, Step, SubSpec};
pub use trace::{TraceEvent, TraceKind};
pub use world::{Sim, SimConfig};
