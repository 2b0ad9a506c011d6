//! How the canvas is shown (not what happens on it): zoom, folded columns, presenter mode
//! and where the server box sits. Saved with the playground (autosave, share links, files),
//! so a prepared demo opens as it was left; replays never read it.
//!
//! Read and written by hand from JSON values (no derive: the web app's size budget).

use super::panel::Pos;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    /// The zoom chosen by hand; `None` fits the canvas to the screen.
    pub zoom: Option<f64>,
    pub lessons_folded: bool,
    pub inspector_folded: bool,
    pub presenter: bool,
    /// The server box's top-left corner; `None` puts it at its default place.
    pub server: Option<Pos>,
}

impl View {
    pub fn to_value(&self) -> Value {
        let mut m = serde_json::Map::new();
        if let Some(z) = self.zoom {
            m.insert("zoom".into(), z.into());
        }
        for (k, on) in [
            ("lessons_folded", self.lessons_folded),
            ("inspector_folded", self.inspector_folded),
            ("presenter", self.presenter),
        ] {
            if on {
                m.insert(k.into(), on.into());
            }
        }
        if let Some(p) = self.server {
            m.insert("server".into(), vec![p.x, p.y].into());
        }
        Value::Object(m)
    }

    /// A view from a saved playground (`null` or absent: the defaults), or what is wrong.
    pub fn from_value(v: &Value) -> Result<View, &'static str> {
        if v.is_null() {
            return Ok(View::default());
        }
        let flag = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
        let num = |k: &str| v.get(k).filter(|x| !x.is_null());
        let zoom = match num("zoom") {
            None => None,
            Some(z) => Some(
                z.as_f64()
                    .filter(|z| (0.3..=2.0).contains(z))
                    .ok_or("The view's zoom is not a number from 0.3 to 2.")?,
            ),
        };
        let server =
            match num("server") {
                None => None,
                Some(s) => {
                    let at = |i: usize| {
                        s.get(i)
                            .and_then(Value::as_f64)
                            .filter(|c| (0.0..=4000.0).contains(c))
                    };
                    match (at(0), at(1), s.as_array().map(Vec::len)) {
                        (Some(x), Some(y), Some(2)) => Some(Pos { x, y }),
                        _ => return Err(
                            "The server's place on the canvas is not two numbers from 0 to 4000.",
                        ),
                    }
                }
            };
        if !v.is_object() {
            return Err("The view is not an object.");
        }
        Ok(View {
            zoom,
            lessons_folded: flag("lessons_folded"),
            inspector_folded: flag("inspector_folded"),
            presenter: flag("presenter"),
            server,
        })
    }
}
