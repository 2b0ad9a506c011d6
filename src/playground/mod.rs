//! The playground's state, independent of any UI: panels, the recorded history of inputs,
//! time controls, consoles, generated code. Native and wasm alike, tested on the host.

pub mod choice;
pub mod codegen;
pub mod connection;
pub mod console;
pub mod diagram;
pub mod export;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod lecture;
pub mod listener;
pub mod marks;
pub mod pace;
pub mod panel;
pub mod panel_read;
pub mod panel_write;
pub mod project;
pub mod replay;
pub mod saved;
pub mod server_cmd;
pub mod server_rows;
pub mod settings_log;
pub mod share;
pub mod state;
pub mod timeline;
pub mod view;
pub mod zip;

pub use connection::Conn;
pub use console::{ConsoleLine, LineKind};
pub use listener::{listener_view, ListenerView, SubView};
pub use marks::{Mark, MarkKind};
pub use panel::{ListenerCfg, Panel, PanelId, PanelKind, Pos, PublisherCfg, StartChoice};
pub use replay::{Replay, Stopped};
pub use saved::{LoadError, Saved};
pub use state::{course_server, Action, Notice, NoticeKind, Playground};
pub use view::View;

// The model's types that the playground's API speaks in (server options in `Action::SetServer`,
// a listener's ack policy, the work budget of a replay, a lab record's business fields), so
// that the UI needs no other layer for them.
pub use crate::broker::{ServerOptions, DEFAULT_MAX_IN_FLIGHT};
pub use crate::sim::app::business;
pub use crate::sim::{AckPolicy, Budget, Handler, PacketKind, SubSpec};
