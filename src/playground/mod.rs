//! The playground's state, independent of any UI: panels, the recorded history of inputs,
//! time controls, consoles, generated code. Native and wasm alike, tested on the host.

pub mod codegen;
pub mod diagram;
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
pub mod settings_log;
pub mod share;
pub mod state;
pub mod timeline;
pub mod view;
pub mod zip;

pub use listener::{listener_view, ListenerView, SubView};
pub use marks::{Mark, MarkKind};
pub use panel::{ListenerCfg, Panel, PanelId, PanelKind, Pos, PublisherCfg, StartChoice};
pub use replay::{Replay, Stopped};
pub use saved::{LoadError, Saved};
pub use state::{course_server, Action, ConsoleLine, LineKind, Notice, NoticeKind, Playground};
pub use view::View;
